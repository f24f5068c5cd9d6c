// Resources of an organisation (docs/resources.md): create, change, remove, list with their use
// now, their use over time (capacity, in use, waiting), and an execution's ResourceUsage (seed 002).
// Allocations themselves are made and released by the write path (executions/resources.ts).
import semver from 'semver'
import type { Writer } from '../db/writer'
import { capacityPerBucket, efficiencyOf, inUse, peaksPerBucket, resourceEfficiency, servingOrder, type ResourceCapacity, type Span } from '../domain/resources'
import { badRequest, conflict, notFound } from './errors'
import { newId } from './ids'
import type { AllocationRow, ResourceRow } from './executions/resources'
import type { ResourceUsage, ResourceView } from '../domain/contracts'

export interface ResourceInput {
  name: string
  type: string
  capacity: number
  unit?: string
  costPerUnit?: number
  window?: number
}
export type ResourceUpdate = Partial<Omit<ResourceInput, 'type' | 'window'>> & { window?: number | null }

export type { ResourceView, ResourceUsage }

const marks = (n: number) => Array(n).fill('?').join(', ')
const capacityOf = (r: ResourceRow): ResourceCapacity => ({ id: r.id, capacity: r.capacity, windowMs: r.windowMs })

export function createResourceService(deps: { writer: Writer; now?: () => Date }) {
  const w = deps.writer
  const now = deps.now ?? (() => new Date())

  function own(id: string, organizations: readonly string[]): ResourceRow {
    const found = organizations.length
      ? w.get<ResourceRow & { createdAt: number; updatedAt: number }>(`SELECT * FROM "Resource" WHERE "id" = ? AND "organizationId" IN (${marks(organizations.length)})`, [
          id,
          ...organizations,
        ])
      : undefined
    if (!found) throw notFound('resource', id) // (another organisation's does not exist, to them)
    return found
  }

  function views(rows: (ResourceRow & { createdAt: number; updatedAt: number })[]): ResourceView[] {
    if (!rows.length) return []
    const at = now().getTime()
    const ids = rows.map((r) => r.id)
    const widest = Math.max(0, ...rows.map((r) => r.windowMs ?? 0))
    const live = w.all<Pick<AllocationRow, 'resourceId' | 'amount' | 'status' | 'allocatedAt'>>(
      `SELECT "resourceId", "amount", "status", "allocatedAt" FROM "ResourceAllocation"
       WHERE "resourceId" IN (${marks(ids.length)}) AND ("status" IN ('waiting', 'allocated') OR ("status" = 'released' AND "allocatedAt" > ?))`,
      [...ids, at - widest],
    )
    return rows.map((r) => {
      const mine = live.filter((a) => a.resourceId === r.id)
      const held = mine.filter((a) => a.status !== 'waiting').map((a) => ({ ...a, status: a.status as 'allocated' | 'released', allocatedAt: a.allocatedAt ?? 0 }))
      const waiting = mine.filter((a) => a.status === 'waiting')
      return {
        id: r.id,
        organizationId: r.organizationId,
        name: r.name,
        type: r.type,
        capacity: r.capacity,
        unit: r.unit,
        ...(r.costPerUnit !== null ? { costPerUnit: r.costPerUnit } : {}),
        ...(r.windowMs !== null ? { window: r.windowMs } : {}),
        kind: r.windowMs === null ? 'concurrent' : 'rate',
        inUse: inUse(capacityOf(r), held, at),
        holders: mine.filter((a) => a.status === 'allocated').length,
        waiting: waiting.reduce((n, a) => n + a.amount, 0),
        waitingSteps: waiting.length,
        createdAt: new Date(r.createdAt).toISOString(),
        updatedAt: new Date(r.updatedAt).toISOString(),
      }
    })
  }

  /** A capacity from `at` on, for the usage chart's history (usage below). */
  const recordCapacity = (resourceId: string, at: number, capacity: number) =>
    w.run('INSERT INTO "ResourceCapacity" ("resourceId", "at", "capacity") VALUES (?, ?, ?)', [resourceId, at, capacity])

  function checkCapacity(input: { capacity?: number; window?: number | null }) {
    if (input.capacity !== undefined && !(input.capacity > 0)) throw badRequest('capacity', 'a number more than 0')
  }

  /**
   * What asks for more of resource `r` than `capacity` — and so could never be served: a step
   * waiting for it now, the newest version of a task definition, or of a workflow template's
   * step, of its organisation. (Older versions and code-defined workflows are not looked at: a
   * run of one fails at the step, naming the requirement, as a run with an unknown type does.)
   */
  function unmeetable(r: ResourceRow, capacity: number): { what: string; amount: number }[] {
    const found: { what: string; amount: number }[] = []
    const waiting = w.all<{ executionId: string; stepId: string; amount: number }>(
      `SELECT "executionId", "stepId", "amount" FROM "ResourceAllocation" WHERE "resourceId" = ? AND "status" = 'waiting' AND "amount" > ? ORDER BY "requestedAt" LIMIT 5`,
      [r.id, capacity],
    )
    for (const a of waiting) found.push({ what: `step ${a.stepId} of execution ${a.executionId} waits for ${a.amount}`, amount: a.amount })
    const tasks = w.all<{ key: string; version: string; resources: string }>(
      `SELECT "key", "version", "resources" FROM "TaskDefinition" WHERE "organizationId" = ? AND "resources" IS NOT NULL`,
      [r.organizationId],
    )
    // The newest of each task is its highest version (what dispatch serves), not the last registered.
    tasks.sort((a, b) => (a.key === b.key ? (semver.valid(a.version) && semver.valid(b.version) ? semver.rcompare(a.version, b.version) : 0) : a.key < b.key ? -1 : 1))
    const newestTask = new Set<string>()
    for (const t of tasks) {
      if (newestTask.has(t.key)) continue
      newestTask.add(t.key)
      for (const q of JSON.parse(t.resources) as { type: string; amount: number }[])
        if (q.type === r.type && q.amount > capacity) found.push({ what: `task definition ${t.key}@${t.version} requires ${q.amount}`, amount: q.amount })
    }
    const templates = w.all<{ key: string; version: number; template: string }>(
      `SELECT d."key", d."version", d."template" FROM "WorkflowDefinition" d WHERE d."organizationId" = ? AND d."template" IS NOT NULL
         AND d."version" = (SELECT max(x."version") FROM "WorkflowDefinition" x WHERE x."key" = d."key")`,
      [r.organizationId],
    )
    for (const t of templates) {
      const steps = (JSON.parse(t.template) as { steps?: { id: string; resources?: { type: string; amount: number }[] }[] }).steps ?? []
      for (const step of steps)
        for (const q of step.resources ?? [])
          if (q.type === r.type && q.amount > capacity) found.push({ what: `workflow ${t.key} v${t.version} step ${step.id} requires ${q.amount}`, amount: q.amount })
    }
    return found
  }

  return {
    list(organizations: readonly string[]): ResourceView[] {
      if (!organizations.length) return []
      return views(w.all(`SELECT * FROM "Resource" WHERE "organizationId" IN (${marks(organizations.length)}) ORDER BY "name", "id"`, organizations))
    },

    get: (id: string, organizations: readonly string[]): ResourceView => views([own(id, organizations) as never])[0]!,

    create(input: ResourceInput, organizationId: string): ResourceView {
      checkCapacity(input)
      const at = now()
      if (w.get('SELECT 1 AS hit FROM "Resource" WHERE "organizationId" = ? AND "type" = ?', [organizationId, input.type]))
        throw conflict(
          `organisation ${organizationId} already has a resource of type "${input.type}"; requirements name a resource by its type, so each type is one resource (change its capacity instead)`,
        )
      const id = newId('res', at.getTime())
      w.transaction(() => {
        w.run(
          'INSERT INTO "Resource" ("id", "organizationId", "name", "type", "capacity", "unit", "costPerUnit", "windowMs", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, organizationId, input.name, input.type, input.capacity, input.unit ?? 'units', input.costPerUnit ?? null, input.window ?? null, at.getTime(), at.getTime()],
        )
        recordCapacity(id, at.getTime(), input.capacity)
      })
      return this.get(id, [organizationId])
    },

    /** Changes name, capacity, unit, cost or window; waiting steps are served by the new capacity at the next allocation. */
    update(id: string, input: ResourceUpdate, acting: readonly string[]): ResourceView {
      const found = own(id, acting)
      checkCapacity(input)
      if (input.capacity !== undefined && input.capacity < found.capacity) {
        const blocked = unmeetable(found, input.capacity)
        if (blocked.length)
          throw badRequest(
            'capacity',
            `a capacity of ${input.capacity} ${found.unit} of resource ${found.name} (type "${found.type}") could never serve what asks for more: ${blocked.map((b) => b.what).join('; ')}; lower those requirements first, or keep a capacity of at least ${Math.max(...blocked.map((b) => b.amount))}`,
          )
      }
      const sets: string[] = []
      const params: unknown[] = []
      const set = (column: string, value: unknown) => {
        sets.push(`"${column}" = ?`)
        params.push(value)
      }
      if (input.name !== undefined) set('name', input.name)
      if (input.capacity !== undefined) set('capacity', input.capacity)
      if (input.unit !== undefined) set('unit', input.unit)
      if (input.costPerUnit !== undefined) set('costPerUnit', input.costPerUnit)
      if (input.window !== undefined) set('windowMs', input.window)
      const at = now().getTime()
      set('updatedAt', at)
      w.transaction(() => {
        w.run(`UPDATE "Resource" SET ${sets.join(', ')} WHERE "id" = ?`, [...params, id])
        if (input.capacity !== undefined && input.capacity !== found.capacity) recordCapacity(id, at, input.capacity)
      })
      return this.get(id, [found.organizationId])
    },

    /** Removes a resource nobody holds or waits for (its history goes with it). */
    remove(id: string, acting: readonly string[]): { id: string; organizationId: string } {
      const found = own(id, acting)
      const live = w.get<{ n: number }>(`SELECT count(*) AS n FROM "ResourceAllocation" WHERE "resourceId" = ? AND "status" IN ('waiting', 'allocated')`, [id])!.n
      if (live) throw conflict(`resource ${found.name} is held or awaited by ${live} step${live === 1 ? '' : 's'}; remove it once they have released it`)
      w.transaction(() => {
        w.run('DELETE FROM "ResourceAllocation" WHERE "resourceId" = ?', [id])
        w.run('DELETE FROM "Resource" WHERE "id" = ?', [id])
      })
      return { id, organizationId: found.organizationId }
    },

    /**
     * Capacity, use and waiting demand over time, in `buckets` equal buckets from `from` to `to`
     * (default the last hour in 30): for each, the PEAK in the bucket — the most held at any
     * instant (rate-type: allocated within the window before it) and the most asked for and not
     * yet allocated — computed from the allocations' start and end times, so a short hold is not
     * lost between two sampled instants. `at` is the bucket's start.
     */
    usage(id: string, organizations: readonly string[], range: { from?: string; to?: string; buckets?: number } = {}) {
      const r = own(id, organizations)
      const to = range.to ? Date.parse(range.to) : now().getTime()
      const from = range.from ? Date.parse(range.from) : to - 3_600_000
      if (Number.isNaN(to)) throw badRequest('to', 'an ISO 8601 date-time')
      if (Number.isNaN(from)) throw badRequest('from', 'an ISO 8601 date-time')
      if (from >= to) throw badRequest('from', 'a time before `to`')
      const buckets = range.buckets ?? 30
      const rows = w.all<AllocationRow>(`SELECT * FROM "ResourceAllocation" WHERE "resourceId" = ? AND "requestedAt" <= ? AND ("releasedAt" IS NULL OR "releasedAt" >= ?)`, [
        id,
        to,
        from - (r.windowMs ?? 0),
      ])
      const held: Span[] = []
      const asked: Span[] = []
      for (const a of rows) {
        if (a.allocatedAt !== null) held.push({ start: a.allocatedAt, end: r.windowMs === null ? a.releasedAt : a.allocatedAt + r.windowMs, amount: a.amount })
        asked.push({ start: a.requestedAt, end: a.allocatedAt ?? a.releasedAt, amount: a.amount })
      }
      const inUse = peaksPerBucket(held, from, to, buckets)
      const waiting = peaksPerBucket(asked, from, to, buckets)
      // Capacity as it was: the last change before the range and those in it.
      const changes = w.all<{ at: number; capacity: number }>(
        `SELECT * FROM (SELECT "at", "capacity", "id" FROM "ResourceCapacity" WHERE "resourceId" = ? AND "at" <= ? ORDER BY "at" DESC, "id" DESC LIMIT 1)
         UNION ALL SELECT "at", "capacity", "id" FROM "ResourceCapacity" WHERE "resourceId" = ? AND "at" > ? AND "at" <= ? ORDER BY "at", "id"`,
        [id, from, id, from, to],
      )
      const capacity = capacityPerBucket(changes, from, to, buckets, r.capacity)
      const width = (to - from) / buckets
      const points = inUse.map((u, i) => ({
        at: new Date(Math.round(from + i * width)).toISOString(),
        capacity: capacity[i]!,
        inUse: u.peak,
        waiting: waiting[i]!.peak,
        waitingSteps: waiting[i]!.count,
      }))
      return {
        resourceId: id,
        name: r.name,
        unit: r.unit,
        kind: r.windowMs === null ? 'concurrent' : 'rate',
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        bucketMs: Math.round(width),
        measure: 'peak' as const,
        points,
      }
    },

    /** Seed 002's ResourceUsage[] of an execution (its visibility checked by the caller). */
    ofExecution(executionId: string): ResourceUsage[] {
      const rows = w.all<AllocationRow & { name: string; type: string; unit: string; costPerUnit: number | null }>(
        `SELECT a.*, r."name", r."type", r."unit", r."costPerUnit" FROM "ResourceAllocation" a JOIN "Resource" r ON r."id" = a."resourceId"
         WHERE a."executionId" = ? ORDER BY a."requestedAt", a."id" LIMIT 1000`,
        [executionId],
      )
      return rows
        .filter((a) => !(a.status === 'released' && a.allocatedAt === null)) // (withdrawn while waiting: nothing was held)
        .map((a) => ({
          resourceId: a.resourceId,
          resourceType: a.type,
          name: a.name,
          stepId: a.stepId,
          status: a.status,
          amount: a.amount,
          amountUsed: a.amountUsed ?? 0,
          unit: a.unit,
          cost: a.cost ?? (a.status === 'allocated' && a.costPerUnit !== null ? a.amount * a.costPerUnit : 0),
          priority: a.priority,
          requestedAt: new Date(a.requestedAt).toISOString(),
          ...(a.allocatedAt !== null ? { startTime: new Date(a.allocatedAt).toISOString() } : {}),
          ...(a.releasedAt !== null ? { endTime: new Date(a.releasedAt).toISOString() } : {}),
          efficiency: a.status === 'released' ? efficiencyOf(a.amount, a.amountUsed) : 0,
          ...(a.reason ? { reason: a.reason } : {}),
        }))
    },

    metricsOf: (executionId: string) => resourceMetricsOf(w, executionId),

    waitOf: (executionId: string) => resourceWaitOf(w, executionId),

    /** Whose resources an execution's steps take: its provider's. */
    organizationOf: (executionId: string): string | null =>
      w.get<{ providerId: string | null }>('SELECT "providerId" FROM "Execution" WHERE "id" = ?', [executionId])?.providerId ?? null,
  }
}

export type ResourceService = ReturnType<typeof createResourceService>

/** What an execution waits for now, as its phase says it: the resource, how many steps are ahead of it there, and its step (null: nothing). */
export function resourceWaitOf(db: Pick<Writer, 'get' | 'all'>, executionId: string): { resource: string; ahead: number; stepId: string } | null {
  const mine = db.get<AllocationRow & { name: string }>(
    `SELECT a.*, r."name" FROM "ResourceAllocation" a JOIN "Resource" r ON r."id" = a."resourceId" WHERE a."executionId" = ? AND a."status" = 'waiting' ORDER BY a."requestedAt" LIMIT 1`,
    [executionId],
  )
  if (!mine) return null
  const others = db.all<Pick<AllocationRow, 'executionId' | 'stepId' | 'priority' | 'requestedAt'>>(
    `SELECT "executionId", "stepId", "priority", "requestedAt" FROM "ResourceAllocation" WHERE "resourceId" = ? AND "status" = 'waiting'`,
    [mine.resourceId],
  )
  const order = servingOrder(others.map((o) => ({ ...o, group: `${o.executionId}\u0000${o.stepId}` })))
  const ahead = order.findIndex((o) => o.executionId === executionId && o.stepId === mine.stepId)
  return { resource: mine.name, ahead: Math.max(0, ahead), stepId: mine.stepId }
}

/** The execution's resourceEfficiency and what its resources cost (seed 002 ExecutionMetrics), over what it released. */
export function resourceMetricsOf(db: Pick<Writer, 'all'>, executionId: string): { resourceEfficiency?: number; resourceCost?: number } {
  const rows = db.all<{ amount: number; amountUsed: number | null; allocatedAt: number; releasedAt: number; cost: number | null }>(
    `SELECT "amount", "amountUsed", "allocatedAt", "releasedAt", "cost" FROM "ResourceAllocation" WHERE "executionId" = ? AND "status" = 'released' AND "allocatedAt" IS NOT NULL`,
    [executionId],
  )
  if (!rows.length) return {}
  const efficiency = resourceEfficiency(rows.map((r) => ({ amount: r.amount, amountUsed: r.amountUsed, heldMs: r.releasedAt - r.allocatedAt })))
  const cost = rows.reduce((n, r) => n + (r.cost ?? 0), 0)
  return { ...(efficiency !== undefined ? { resourceEfficiency: efficiency } : {}), ...(cost ? { resourceCost: Math.round(cost * 1e6) / 1e6 } : {}) }
}

/** Seed 002's successRate: the share of the execution's step attempts that completed (undefined before any ended). */
export function successRateOf(db: Pick<Writer, 'get'>, executionId: string): number | undefined {
  const r = db.get<{ attempts: number | null; completed: number | null }>(
    `SELECT sum("attempt") AS attempts, sum(CASE WHEN "status" = 'completed' THEN 1 ELSE 0 END) AS completed FROM "ExecutionStep" WHERE "executionId" = ? AND "attempt" > 0 AND "status" IN ('completed', 'failed')`,
    [executionId],
  )
  return r?.attempts ? Math.round(((r.completed ?? 0) / r.attempts) * 1000) / 1000 : undefined
}
