// The allocation decision (domain/resources.ts): all or nothing per step, served by priority then
// age, a short head blocking those behind it on its resources (no starvation), rate windows.
import { describe, expect, it } from 'vitest'
import { capacityPerBucket, decide, efficiencyOf, inUse, peaksPerBucket, requirementProblem, resourceEfficiency, type Held, type Waiting } from '@/server/domain/resources'

const gpu = { id: 'gpu', capacity: 2, windowMs: null }
const tokens = { id: 'tok', capacity: 1_000, windowMs: 60_000 }
const ask = (group: string, resourceId: string, amount: number, priority = 5, requestedAt = 0): Waiting => ({
  id: `${group}:${resourceId}`,
  group,
  resourceId,
  amount,
  priority,
  requestedAt,
})
const held = (resourceId: string, amount: number, allocatedAt = 0, status: Held['status'] = 'allocated'): Held => ({ resourceId, amount, status, allocatedAt })

describe('the allocation decision', () => {
  it('serves the higher priority first, then the older request', () => {
    const d = decide([gpu], [held('gpu', 1)], [ask('old-low', 'gpu', 1, 2, 1), ask('new-high', 'gpu', 1, 9, 5), ask('mid', 'gpu', 1, 5, 3)], 10)
    expect(d.grant).toEqual(['new-high:gpu'])
    expect(d.waits.get('mid')).toEqual({ resourceId: 'gpu', ahead: 0 })
    expect(d.waits.get('old-low')).toEqual({ resourceId: 'gpu', ahead: 1 })
  })

  it('does not let small requests overtake a big one that waits (no starvation)', () => {
    // One slot free; the head asks for two: the small one behind it waits too.
    const d = decide([gpu], [held('gpu', 1)], [ask('big', 'gpu', 2, 5, 1), ask('small', 'gpu', 1, 5, 2)], 10)
    expect(d.grant).toEqual([])
    expect(d.waits.get('small')).toEqual({ resourceId: 'gpu', ahead: 1 })
    // Once the slot is back the big one goes first, alone.
    expect(decide([gpu], [], [ask('big', 'gpu', 2, 5, 1), ask('small', 'gpu', 1, 5, 2)], 10).grant).toEqual(['big:gpu'])
  })

  it('grants a step all its requirements or none, and a blocked step holds up only its own resources', () => {
    const d = decide(
      [gpu, tokens],
      [held('gpu', 2)],
      [ask('both', 'gpu', 1, 9, 1), ask('both', 'tok', 100, 9, 1), ask('tokens-only', 'tok', 950, 5, 2), ask('other', 'tok', 10, 1, 3)],
      10,
    )
    // "both" is short of a GPU: it takes no tokens, and blocks tokens for those behind it.
    expect(d.grant).toEqual([])
    expect(d.waits.get('both')).toEqual({ resourceId: 'gpu', ahead: 0 })
    expect(d.waits.get('tokens-only')).toEqual({ resourceId: 'tok', ahead: 1 })
    // With a GPU free, "both" goes, then tokens-only does not fit (900 left) and blocks "other".
    const next = decide(
      [gpu, tokens],
      [held('gpu', 1)],
      [ask('both', 'gpu', 1, 9, 1), ask('both', 'tok', 100, 9, 1), ask('tokens-only', 'tok', 950, 5, 2), ask('other', 'tok', 10, 1, 3)],
      10,
    )
    expect(next.grant.sort()).toEqual(['both:gpu', 'both:tok'])
    expect(next.waits.get('other')).toEqual({ resourceId: 'tok', ahead: 1 })
  })

  it('counts a rate-type resource by what was allocated within its window, released or not, and says when it refills', () => {
    const used = [held('tok', 600, 1_000, 'released'), held('tok', 300, 30_000, 'released')]
    expect(inUse(tokens, used, 50_000)).toBe(900)
    expect(inUse(tokens, used, 61_001)).toBe(300) // the first left the window
    const d = decide([tokens], used, [ask('next', 'tok', 200, 5, 40_000)], 50_000)
    expect(d.grant).toEqual([])
    expect(d.recheckAt).toBe(61_000)
    expect(decide([tokens], used, [ask('next', 'tok', 200, 5, 40_000)], 61_001).grant).toEqual(['next:tok'])
  })

  it('names a requirement no resource can meet', () => {
    expect(requirementProblem({ type: 'gpu', amount: 1 }, undefined)).toMatch(/no resource of type "gpu"/)
    expect(requirementProblem({ type: 'gpu', amount: 3 }, { capacity: 2, unit: 'slots' })).toMatch(/more than its whole capacity of 2/)
    expect(requirementProblem({ type: 'gpu', amount: 2 }, { capacity: 2, unit: 'slots' })).toBeNull()
  })

  it('measures efficiency as used ÷ allocated, weighted by how long each was held', () => {
    expect(efficiencyOf(4, 4)).toBe(1)
    expect(efficiencyOf(4, 0)).toBe(0)
    expect(resourceEfficiency([])).toBeUndefined()
    // An hour held for nothing outweighs a minute of work.
    expect(
      resourceEfficiency([
        { amount: 1, amountUsed: 1, heldMs: 60_000 },
        { amount: 1, amountUsed: 0, heldMs: 3_540_000 },
      ]),
    ).toBeCloseTo(0.017, 3)
  })
})

describe('the usage chart’s peak per bucket', () => {
  it('takes the highest level at any instant of each bucket, from the spans’ starts and ends', () => {
    // Four buckets of 10 ms from 0 to 40.
    const spans = [
      { start: 3, end: 4, amount: 2 }, // a 1 ms hold inside bucket 0
      { start: 12, end: 25, amount: 1 }, // buckets 1 and 2
      { start: 15, end: 18, amount: 3 }, // overlaps it in bucket 1: 4 at once
      { start: 18, end: null, amount: 1 }, // starts as the 3 ends: no overlap with it; goes on
    ]
    expect(peaksPerBucket(spans, 0, 40, 4)).toEqual([
      { peak: 2, count: 1 },
      { peak: 4, count: 2 },
      { peak: 2, count: 2 },
      { peak: 1, count: 1 },
    ])
  })

  it('draws the capacity each bucket had as it ended: a change from its bucket on, what it was made with before it existed', () => {
    // Made with 4 at 5, lowered to 2 at 25, raised to 6 at 31: buckets of 10 from 0 to 40.
    const changes = [
      { at: 5, capacity: 4 },
      { at: 25, capacity: 2 },
      { at: 31, capacity: 6 },
    ]
    expect(capacityPerBucket(changes, 0, 40, 4, 6)).toEqual([4, 4, 2, 6])
    // Changed before the range: the last change before it holds from the start.
    expect(capacityPerBucket(changes, 26, 30, 2, 6)).toEqual([2, 2])
    expect(capacityPerBucket([], 0, 10, 2, 3)).toEqual([3, 3])
  })

  it('counts what started before the range and ends inside it, and nothing for an empty bucket', () => {
    expect(peaksPerBucket([{ start: -100, end: 5, amount: 7 }], 0, 20, 2)).toEqual([
      { peak: 7, count: 1 },
      { peak: 0, count: 0 },
    ])
  })
})
