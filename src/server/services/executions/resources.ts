// Resource allocations inside the write path (docs/resources.md): a step attempt's requests, the
// allocation decision applied to every waiting request of the resources concerned, releases —
// each with its events (execution.resource.allocated / .released, seed 002's RESOURCE_ALLOCATED
// and RESOURCE_RELEASED) in the caller's transaction. Plain functions over the transaction.
import type { Writer } from '../../db/writer'
import type { Actor } from '../../domain/actor'
import { decide, DEFAULT_PRIORITY, requirementProblem, type Held, type ResourceRequirement, type Waiting } from '../../domain/resources'
import { newId } from '../ids'
import type { EventToAppend, Tx } from './tx'

/** Who grants a waiting request when another's release frees room (its run is woken by the event). */
export const RESOURCES: Actor = { type: 'system', id: 'resources' }

export interface ResourceRow {
  id: string
  organizationId: string
  name: string
  type: string
  capacity: number
  unit: string
  costPerUnit: number | null
  windowMs: number | null
}

/** A ResourceAllocation row as SQLite holds it (times in ms). */
export interface AllocationRow {
  id: string
  executionId: string
  stepId: string
  resourceId: string
  amount: number
  priority: number
  status: 'waiting' | 'allocated' | 'released'
  requestedAt: number
  allocatedAt: number | null
  releasedAt: number | null
  amountUsed: number | null
  cost: number | null
  reason: string | null
}

/** Where a step attempt stands: allocated, waiting (for what, how many ahead), or never to be met. */
export type Acquired = { granted: true } | { granted: false; waitingFor: { resourceId: string; name: string; ahead: number }; recheckAt: number | null } | { problem: string }

const marks = (n: number) => Array(n).fill('?').join(', ')
const LIVE = `('waiting', 'allocated')`

function resourcesOf(w: Writer, organizationId: string): ResourceRow[] {
  return w.all<ResourceRow>('SELECT * FROM "Resource" WHERE "organizationId" = ?', [organizationId])
}

/** The event of allocations made to one step attempt. */
function allocatedEvent(rows: readonly AllocationRow[], byId: ReadonlyMap<string, ResourceRow>, by?: Actor): EventToAppend {
  const first = rows[0]!
  return {
    type: 'execution.resource.allocated',
    executionId: first.executionId,
    stepId: first.stepId,
    data: {
      allocations: rows.map((r) => ({ resourceId: r.resourceId, name: byId.get(r.resourceId)?.name, type: byId.get(r.resourceId)?.type, amount: r.amount, priority: r.priority })),
      waitedMs: Math.max(0, ...rows.map((r) => (r.allocatedAt ?? r.requestedAt) - r.requestedAt)),
    },
    ...(by ? { by } : {}),
  }
}

/**
 * Applies the allocation decision to every waiting request of the organisation's resources:
 * grants what fits, in order; answers the events of the grants and the decision's waits.
 */
export function settle(tx: Tx, organizationId: string, at: Date, by?: Actor) {
  const { w } = tx
  const now = at.getTime()
  const resources = resourcesOf(w, organizationId)
  const byId = new Map(resources.map((r) => [r.id, r]))
  if (!resources.length) return { events: [] as EventToAppend[], decision: decide([], [], [], now), byId }
  const ids = resources.map((r) => r.id)
  const widest = Math.max(0, ...resources.map((r) => r.windowMs ?? 0))
  const held = w.all<Held>(
    `SELECT "resourceId", "amount", "status", "allocatedAt" FROM "ResourceAllocation"
     WHERE "resourceId" IN (${marks(ids.length)}) AND ("status" = 'allocated' OR ("status" = 'released' AND "allocatedAt" > ?))`,
    [...ids, now - widest],
  )
  const waitingRows = w.all<AllocationRow>(`SELECT * FROM "ResourceAllocation" WHERE "resourceId" IN (${marks(ids.length)}) AND "status" = 'waiting'`, ids)
  const waiting: Waiting[] = waitingRows.map((r) => ({ ...r, group: `${r.executionId}\u0000${r.stepId}` }))
  const decision = decide(resources, held, waiting, now)
  const events: EventToAppend[] = []
  if (decision.grant.length) {
    const granted = new Set(decision.grant)
    w.run(`UPDATE "ResourceAllocation" SET "status" = 'allocated', "allocatedAt" = ? WHERE "id" IN (${marks(granted.size)})`, [now, ...granted])
    const byGroup = new Map<string, AllocationRow[]>()
    for (const r of waitingRows) {
      if (!granted.has(r.id)) continue
      const key = `${r.executionId}\u0000${r.stepId}`
      byGroup.set(key, [...(byGroup.get(key) ?? []), { ...r, status: 'allocated', allocatedAt: now }])
    }
    for (const rows of byGroup.values()) events.push(allocatedEvent(rows, byId, by))
  }
  return { events, decision, byId }
}

/**
 * A step attempt asks for its requirements (once: asking again answers where it stands). New
 * requests are written waiting, then the decision runs; a grant of this or any other waiting
 * request appends its event. A requirement no resource can ever meet is answered as a problem.
 */
export function acquire(
  tx: Tx,
  executionId: string,
  stepId: string,
  organizationId: string,
  requirements: readonly ResourceRequirement[],
  at: Date,
): { acquired: Acquired; events: EventToAppend[] } {
  const { w } = tx
  const mine = () => w.all<AllocationRow>(`SELECT * FROM "ResourceAllocation" WHERE "executionId" = ? AND "stepId" = ? AND "status" IN ${LIVE}`, [executionId, stepId])
  let rows = mine()
  if (rows.length && rows.every((r) => r.status === 'allocated')) return { acquired: { granted: true }, events: [] }
  if (!rows.length) {
    const byType = new Map(resourcesOf(w, organizationId).map((r) => [r.type, r]))
    for (const [i, requirement] of requirements.entries()) {
      const problem = requirementProblem(requirement, byType.get(requirement.type))
      if (problem) return { acquired: { problem: `resources[${i}]: ${problem}` }, events: [] }
    }
    for (const requirement of requirements) {
      tx.tables.insert('ResourceAllocation', {
        id: newId('alloc', at.getTime()),
        executionId,
        stepId,
        resourceId: byType.get(requirement.type)!.id,
        amount: requirement.amount,
        priority: requirement.priority ?? DEFAULT_PRIORITY,
        durationMs: requirement.duration ?? null,
        status: 'waiting',
        requestedAt: at,
      })
    }
  }
  const { events, decision, byId } = settle(tx, organizationId, at)
  rows = mine()
  if (rows.every((r) => r.status === 'allocated')) return { acquired: { granted: true }, events }
  const wait = decision.waits.get(`${executionId}\u0000${stepId}`)
  const resourceId = wait?.resourceId ?? rows.find((r) => r.status === 'waiting')!.resourceId
  return {
    acquired: { granted: false, waitingFor: { resourceId, name: byId.get(resourceId)?.name ?? resourceId, ahead: wait?.ahead ?? 0 }, recheckAt: decision.recheckAt },
    events,
  }
}

/**
 * Releases what an execution holds and withdraws what it waits for — one step's (`stepId`) or
 * all of them — and grants what that frees to whoever waits next. `completed`: the step did its
 * work with what it held (used = allocated); otherwise it held it for nothing (used 0).
 */
export function release(tx: Tx, executionId: string, stepId: string | null, at: Date, reason: string, completed: boolean, resourceIds?: readonly string[]): EventToAppend[] {
  const { w } = tx
  const rows = w
    .all<AllocationRow & { costPerUnit: number | null; organizationId: string; name: string; type: string }>(
      `SELECT a.*, r."costPerUnit", r."organizationId", r."name", r."type" FROM "ResourceAllocation" a JOIN "Resource" r ON r."id" = a."resourceId"
     WHERE a."executionId" = ?${stepId === null ? '' : ' AND a."stepId" = ?'} AND a."status" IN ${LIVE}`,
      stepId === null ? [executionId] : [executionId, stepId],
    )
    .filter((r) => !resourceIds || resourceIds.includes(r.resourceId))
  if (!rows.length) return []
  const now = at.getTime()
  const events: EventToAppend[] = []
  const released = new Map<string, typeof rows>()
  for (const r of rows) {
    if (r.status === 'waiting') {
      w.run(`UPDATE "ResourceAllocation" SET "status" = 'released', "releasedAt" = ?, "reason" = 'withdrawn', "amountUsed" = 0, "cost" = 0 WHERE "id" = ?`, [now, r.id])
      continue
    }
    const used = completed ? r.amount : 0
    w.run(`UPDATE "ResourceAllocation" SET "status" = 'released', "releasedAt" = ?, "reason" = ?, "amountUsed" = ?, "cost" = ? WHERE "id" = ?`, [
      now,
      reason,
      used,
      r.costPerUnit === null ? null : r.amount * r.costPerUnit,
      r.id,
    ])
    released.set(r.stepId, [...(released.get(r.stepId) ?? []), r])
  }
  for (const [step, held] of released)
    events.push({
      type: 'execution.resource.released',
      executionId,
      stepId: step,
      data: {
        reason,
        allocations: held.map((r) => ({
          resourceId: r.resourceId,
          name: r.name,
          type: r.type,
          amount: r.amount,
          amountUsed: completed ? r.amount : 0,
          heldMs: now - (r.allocatedAt ?? now),
        })),
      },
    })
  for (const organizationId of new Set(rows.map((r) => r.organizationId))) events.push(...settle(tx, organizationId, at, RESOURCES).events)
  return events
}

/** What an execution holds now, for its checkpoint's resourceAllocations (seed 002 ExecutionState). */
export function heldBy(w: Writer, executionId: string): Record<string, { name: string; type: string; amount: number; unit: string; step: string; allocatedAt: string }> {
  const rows = w.all<{ resourceId: string; name: string; type: string; unit: string; amount: number; stepId: string; allocatedAt: number }>(
    `SELECT a."resourceId", r."name", r."type", r."unit", a."amount", a."stepId", a."allocatedAt" FROM "ResourceAllocation" a JOIN "Resource" r ON r."id" = a."resourceId"
     WHERE a."executionId" = ? AND a."status" = 'allocated' ORDER BY a."allocatedAt"`,
    [executionId],
  )
  const out: ReturnType<typeof heldBy> = {}
  for (const r of rows) {
    const key = out[r.resourceId] ? `${r.resourceId}:${r.stepId}` : r.resourceId
    out[key] = { name: r.name, type: r.type, amount: r.amount, unit: r.unit, step: r.stepId, allocatedAt: new Date(r.allocatedAt).toISOString() }
  }
  return out
}
