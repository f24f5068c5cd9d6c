// Resources (seed 002): what steps hold while they run — model tokens per minute, GPU slots, a
// team's seats, an API quota — and the decision of who gets them. Pure: the write path reads the
// allocations and applies what `decide` answers in the same transaction (docs/resources.md).
//
// The policy, in one paragraph: a step asks for all its requirements at once and gets all or
// none (so no step holds one resource while it waits for another: no deadlock). Requests are
// looked at in one order — priority 0–10, higher first, then the oldest first. A request that
// does not fit blocks the resources it needs for every request behind it: a smaller or younger
// request never overtakes it on those resources, so a big request is not starved by a stream of
// small ones (strict order, no backfilling; what it costs is capacity left idle while the head
// waits). A request on other resources goes on.
import { hasAField, NOTHING_TO_CHANGE } from './schemas'
import { z } from 'zod'
import { inOrder, isoDate, jsonObject } from './schemas'

/** Seed 002's ResourceRequirement, as task definitions and template steps carry it. */
export const resourceRequirementSchema = z
  .strictObject({
    type: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters')
      .describe("The resource type needed (a resource of the organisation's with this type)"),
    amount: z.number().positive().max(1e12).describe('Quantity required, more than 0'),
    duration: z.number().int().positive().max(31_536_000_000).optional().describe('Expected usage duration (ms)'),
    priority: z.number().int().min(0).max(10).optional().describe('Allocation priority 0–10, higher first (default 5)'),
    constraints: jsonObject.optional().describe('Additional requirements, kept with the allocation'),
  })
  .meta({ id: 'ResourceRequirement' })
export type ResourceRequirement = z.infer<typeof resourceRequirementSchema>
export const resourceRequirementsSchema = z.array(resourceRequirementSchema).max(20)

export const DEFAULT_PRIORITY = 5

export const resourceInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    type: resourceRequirementSchema.shape.type,
    capacity: z.number().positive().max(1e12).describe('How much of it there is: at once (concurrent) or per window (rate)'),
    unit: z.string().trim().min(1).max(50).optional().describe('Default "units"'),
    costPerUnit: z.number().min(0).max(1e9).optional().describe('Cost of one unit allocated'),
    window: z
      .number()
      .int()
      .positive()
      .max(86_400_000)
      .optional()
      .describe('Rate-type resources (tokens per minute): the refill window in ms; without it the capacity is held until released'),
    organizationId: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'ResourceInput' })
export const resourceUpdateSchema = resourceInputSchema
  .omit({ type: true, organizationId: true })
  .partial()
  .extend({ window: resourceInputSchema.shape.window.nullable() })
  .strict()
  .refine(hasAField, NOTHING_TO_CHANGE)

/** A resource as the decision sees it. */
export interface ResourceCapacity {
  id: string
  capacity: number
  /** Rate-type: ms of the refill window; null: concurrent. */
  windowMs: number | null
}

/** An allocation that counts against capacity: held (concurrent), or made within the window (rate). */
export interface Held {
  resourceId: string
  amount: number
  status: 'allocated' | 'released'
  allocatedAt: number
}

/** One waiting allocation row; rows of the same `group` (one step attempt) are granted together. */
export interface Waiting {
  id: string
  group: string
  resourceId: string
  amount: number
  priority: number
  requestedAt: number
}

/** What counts against a resource's capacity now. */
export function inUse(resource: ResourceCapacity, held: readonly Held[], now: number): number {
  let used = 0
  for (const h of held) {
    if (h.resourceId !== resource.id) continue
    if (resource.windowMs === null ? h.status === 'allocated' : h.allocatedAt > now - resource.windowMs) used += h.amount
  }
  return used
}

/** Waiting requests in the order they are served: priority desc, then requested first, then id. */
export function servingOrder<T extends Pick<Waiting, 'priority' | 'requestedAt' | 'group'>>(waiting: readonly T[]): T[] {
  return [...waiting].sort((a, b) => b.priority - a.priority || a.requestedAt - b.requestedAt || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
}

export interface Decision {
  /** Waiting row ids to allocate now. */
  grant: string[]
  /** For each group still waiting: the resource it waits for and how many groups are ahead of it there. */
  waits: Map<string, { resourceId: string; ahead: number }>
  /** Rate-type resources: when the oldest allocation in the window leaves it (ms), if something waits on one. */
  recheckAt: number | null
}

/** The allocation decision (see the policy at the top of this file). */
export function decide(resources: readonly ResourceCapacity[], held: readonly Held[], waiting: readonly Waiting[], now: number): Decision {
  const byId = new Map(resources.map((r) => [r.id, r]))
  const free = new Map(resources.map((r) => [r.id, r.capacity - inUse(r, held, now)]))
  const groups = new Map<string, Waiting[]>()
  for (const w of servingOrder(waiting)) groups.set(w.group, [...(groups.get(w.group) ?? []), w])
  const blocked = new Map<string, number>() // resource → groups waiting on it so far
  const grant: string[] = []
  const waits = new Map<string, { resourceId: string; ahead: number }>()
  let recheckAt: number | null = null
  for (const [group, rows] of groups) {
    const short = rows.find((r) => blocked.has(r.resourceId) || (free.get(r.resourceId) ?? 0) < r.amount || !byId.has(r.resourceId))
    if (!short) {
      for (const r of rows) {
        free.set(r.resourceId, free.get(r.resourceId)! - r.amount)
        grant.push(r.id)
      }
      continue
    }
    waits.set(group, { resourceId: short.resourceId, ahead: blocked.get(short.resourceId) ?? 0 })
    for (const r of rows) blocked.set(r.resourceId, (blocked.get(r.resourceId) ?? 0) + 1)
    const resource = byId.get(short.resourceId)
    if (resource?.windowMs) {
      const oldest = held.filter((h) => h.resourceId === resource.id && h.allocatedAt > now - resource.windowMs!).reduce((m, h) => Math.min(m, h.allocatedAt), Infinity)
      if (oldest !== Infinity) recheckAt = Math.min(recheckAt ?? Infinity, oldest + resource.windowMs)
    }
  }
  return { grant, waits, recheckAt }
}

/** A span of time something counted: [start, end) — end null while it goes on — with its amount. */
export interface Span {
  start: number
  end: number | null
  amount: number
}

/**
 * The capacity of each of `buckets` equal buckets from `from` to `to`, from the resource's capacity
 * changes (oldest first): the one in force as the bucket ends — so a change shows in its bucket and
 * after, and the buckets before keep what they had. Before its first change (the resource did not
 * exist yet) it is the capacity it was made with.
 */
export function capacityPerBucket(changes: readonly { at: number; capacity: number }[], from: number, to: number, buckets: number, current: number): number[] {
  const width = (to - from) / buckets
  const out: number[] = []
  let k = 0
  let capacity = changes[0]?.capacity ?? current
  for (let b = 0; b < buckets; b++) {
    const end = b === buckets - 1 ? to : from + (b + 1) * width
    while (k < changes.length && changes[k]!.at <= end) capacity = changes[k++]!.capacity
    out.push(capacity)
  }
  return out
}

/**
 * The peak of `spans` in each of `buckets` equal buckets from `from` to `to`: the highest total
 * amount (and count of spans) at any instant of the bucket, swept from the spans' starts and ends
 * — not the level at one sampled instant, so a hold of a second inside a two-minute bucket shows.
 * An end and a start at the same instant do not overlap (the end counts first).
 */
export function peaksPerBucket(spans: readonly Span[], from: number, to: number, buckets: number): { peak: number; count: number }[] {
  const width = (to - from) / buckets
  const events: [number, number, number][] = []
  for (const s of spans) {
    if (s.end !== null && s.end <= s.start) continue
    events.push([s.start, s.amount, 1])
    if (s.end !== null) events.push([s.end, -s.amount, -1])
  }
  events.sort((a, b) => a[0] - b[0] || a[2] - b[2])
  const out: { peak: number; count: number }[] = []
  let level = 0
  let count = 0
  let k = 0
  for (let b = 0; b < buckets; b++) {
    const start = from + b * width
    const end = b === buckets - 1 ? to + 1 : from + (b + 1) * width
    // The level as the bucket opens: everything up to and at its first instant.
    while (k < events.length && events[k]![0] <= start) {
      level += events[k]![1]
      count += events[k]![2]
      k++
    }
    let peak = level
    let most = count
    while (k < events.length && events[k]![0] < end) {
      level += events[k]![1]
      count += events[k]![2]
      k++
      peak = Math.max(peak, level)
      most = Math.max(most, count)
    }
    out.push({ peak: Math.round(peak * 1e6) / 1e6, count: most })
  }
  return out
}

/** Why a requirement cannot ever be met by this resource (more than its whole capacity), or null. */
export function requirementProblem(requirement: Pick<ResourceRequirement, 'type' | 'amount'>, resource: { capacity: number; unit: string } | undefined): string | null {
  if (!resource) return `no resource of type "${requirement.type}" in this organisation; create it on the Resources page or POST /api/resources first`
  if (requirement.amount > resource.capacity)
    return `asks for ${requirement.amount} ${resource.unit} of "${requirement.type}", more than its whole capacity of ${resource.capacity}`
  return null
}

/**
 * Seed 002's ResourceUsage.efficiency of one allocation: the share of what it held that did
 * work — a step that completed used what it held (1); one that failed, was cancelled or paused
 * held it for nothing (0) unless its runner reported what it used.
 */
export function efficiencyOf(amount: number, amountUsed: number | null): number {
  if (!amount || amountUsed === null) return 0
  return Math.max(0, Math.min(1, amountUsed / amount))
}

/**
 * An execution's resourceEfficiency (seed 002 ExecutionMetrics): used ÷ allocated over its
 * released allocations, each weighted by how long it was held (a GPU held an hour for nothing
 * weighs more than one held a second). Undefined when it held nothing.
 */
export function resourceEfficiency(usages: readonly { amount: number; amountUsed: number | null; heldMs: number }[]): number | undefined {
  let allocated = 0
  let used = 0
  for (const u of usages) {
    const weight = Math.max(1, u.heldMs)
    allocated += u.amount * weight
    used += Math.min(u.amount, u.amountUsed ?? 0) * weight
  }
  return allocated ? Math.round((used / allocated) * 1000) / 1000 : undefined
}

/** A resource's use over time: a range (default the hour before now) cut into buckets. */
export const resourceUsageQuerySchema = z
  .object({
    from: isoDate.optional().describe('ISO 8601 with a zone (default: an hour before `to`)'),
    to: isoDate.optional().describe('ISO 8601 with a zone (default: now)'),
    buckets: z.number().int().min(2).max(500).optional().describe('Buckets in the series, each a point with its peak (default 30)'),
  })
  .superRefine(inOrder(['from', 'to']))

/** A runner outside the engine asks for resources for a step of its own execution (seed 002's allocateResources). */
export const allocateInputSchema = z
  .strictObject({
    step: z.string().min(1).max(200).optional().describe('The step that holds them (default "execution": the execution as a whole)'),
    requirements: resourceRequirementsSchema.min(1),
    wait: z.number().int().min(0).max(30_000).optional().describe('ms to wait for them when short (default 0: answer at once, waiting)'),
  })
  .meta({ id: 'AllocateResources' })
export const releaseInputSchema = z
  .strictObject({
    step: z.string().min(1).max(200).optional().describe('Default "execution"'),
    resourceIds: z.array(z.string().min(1).max(200)).max(20).optional().describe("Only these (default: all the step's)"),
  })
  .meta({ id: 'ReleaseResources' })
