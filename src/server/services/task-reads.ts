// The read side of workers and task instances (docs/workers.md): the instances as the API and
// the Workers page list them, the workers seen lately, and each task type's queue.
import type { z } from 'zod'
import type { Writer } from '../db/writer'
import type { taskInstanceSchema } from '../domain/contracts'
import { sqlInteger } from '../db/statements'
import { open } from '../security/crypto'
import type { WorkerInput } from './tasks'
import { ServiceError } from './errors'
import { naturalCompare } from '../domain/workers'

/** A JSON column written with sealJson. */
export const readSealed = (text: string | null): unknown => (text === null ? undefined : open(JSON.parse(text)))
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** A task instance as the API lists it (seed 003's TaskInstance): the shape its OpenAPI schema declares. */
export type TaskInstanceView = z.infer<typeof taskInstanceSchema>

export function createTaskReads(w: Writer, leaseMs: number, now: () => number) {
  return {
    /** Task instances of these organisations, newest first. */
    list(
      organizations: readonly string[],
      filter: { status?: string[]; task?: string; executionId?: string; stepId?: string; workerId?: string; limit?: number; before?: string } = {},
    ): TaskInstanceView[] {
      if (!organizations.length) return []
      const where = [`"organizationId" IN (${organizations.map(() => '?').join(', ')})`]
      const params: unknown[] = [...organizations]
      if (filter.status?.length) {
        where.push(`"status" IN (${filter.status.map(() => '?').join(', ')})`)
        params.push(...filter.status)
      }
      for (const [column, value] of [
        ['taskKey', filter.task],
        ['executionId', filter.executionId],
        ['stepId', filter.stepId],
        ['executorId', filter.workerId],
      ] as const) {
        if (value === undefined) continue
        where.push(`"${column}" = ?`)
        params.push(value)
      }
      if (filter.before !== undefined) {
        // Keyset paging on the list's own order: what comes after that instance.
        const last = w.get<{ createdAt: number }>(`SELECT "createdAt" FROM "TaskInstance" WHERE "id" = ? AND "organizationId" IN (${organizations.map(() => '?').join(', ')})`, [
          filter.before,
          ...organizations,
        ])
        if (!last) throw new ServiceError('BAD_REQUEST', `before: no task instance "${filter.before}" of yours; give the $id of the last one of the page before`, 'before')
        where.push('("createdAt" < ? OR ("createdAt" = ? AND "id" < ?))')
        params.push(last.createdAt, last.createdAt, filter.before)
      }
      const rows = w.all<Record<string, unknown>>(
        `SELECT * FROM "TaskInstance" WHERE ${where.join(' AND ')} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${sqlInteger(Math.min(500, filter.limit ?? 100))}`,
        params,
      )
      return rows.map((r) => ({
        $type: 'TaskInstance',
        $id: r.id as string,
        taskDefinitionId: r.taskDefinitionId as string,
        task: r.taskKey as string,
        version: r.taskVersion as string,
        workflowInstanceId: r.executionId as string,
        workflowDefinitionId: (r.workflowDefinitionId as string | null) ?? null,
        stepId: r.stepId as string,
        attempt: r.attempt as number,
        status: r.status as TaskInstanceView['status'],
        type: r.type as TaskInstanceView['type'],
        priority: r.priority as TaskInstanceView['priority'],
        executorId: (r.executorId as string | null) ?? null,
        retryCount: r.retryCount as number,
        input: readSealed(r.input as string | null),
        output: readSealed(r.output as string | null),
        error: readSealed(r.error as string | null),
        executionMetadata: {
          startTime: iso(r.startedAt as number | null),
          endTime: iso(r.endedAt as number | null),
          duration: (r.durationMs as number | null) ?? null,
          executionEnvironment: (r.environment as string | null) ?? null,
        },
        taskReference: (r.taskReference as string | null) ?? null,
        version_: r.version as number,
        createdAt: iso(r.createdAt as number)!,
        updatedAt: iso(r.updatedAt as number)!,
      }))
    },

    /** Workers of these organisations seen in the last hour, with what they run now. */
    workers(organizations: readonly string[]) {
      if (!organizations.length) return []
      const rows = w.all<Record<string, unknown>>(
        `SELECT * FROM "TaskWorker" WHERE "organizationId" IN (${organizations.map(() => '?').join(', ')}) AND "lastSeenAt" > ? ORDER BY "startedAt" DESC`,
        [...organizations, now() - 3_600_000],
      )
      // What each runs now, in one read rather than one per worker.
      const running = new Map(
        w
          .all<{ executorId: string; n: number }>(
            `SELECT "executorId", count(*) AS n FROM "TaskInstance" WHERE "organizationId" IN (${organizations.map(() => '?').join(', ')}) AND "status" IN ('ASSIGNED', 'RUNNING') GROUP BY "executorId"`,
            [...organizations],
          )
          .map((r) => [r.executorId, r.n]),
      )
      return rows.map((r) => ({
        $type: 'TaskWorker' as const,
        $id: r.id as string,
        name: r.name as string,
        version: r.version as string,
        tasks: JSON.parse(r.taskTypes as string) as WorkerInput['tasks'],
        concurrency: r.concurrency as number,
        hostname: (r.hostname as string | null) ?? null,
        organization: r.organizationId as string,
        startedAt: iso(r.startedAt as number)!,
        lastSeenAt: iso(r.lastSeenAt as number)!,
        stoppedAt: iso((r.stoppedAt as number | null) ?? null),
        live: r.stoppedAt === null && (r.lastSeenAt as number) > now() - 3 * leaseMs,
        inFlight: running.get(r.id as string) ?? 0,
      }))
    },

    /**
     * Each task type's queue in these organisations: pending (and the oldest's age), running, and
     * the live workers that serve it — none while tasks wait is the warning the Workers page shows.
     */
    queues(organizations: readonly string[]) {
      if (!organizations.length) return []
      const marks = organizations.map(() => '?').join(', ')
      const at = now()
      const counts = w.all<{ organizationId: string; taskKey: string; status: string; n: number; oldest: number }>(
        `SELECT "organizationId", "taskKey", "status", count(*) AS n, min("createdAt") AS oldest FROM "TaskInstance"
         WHERE "organizationId" IN (${marks}) AND "status" IN ('PENDING', 'ASSIGNED', 'RUNNING') GROUP BY "organizationId", "taskKey", "status"`,
        [...organizations],
      )
      const live = w.all<{ organizationId: string; taskTypes: string }>(
        `SELECT "organizationId", "taskTypes" FROM "TaskWorker" WHERE "organizationId" IN (${marks}) AND "stoppedAt" IS NULL AND "lastSeenAt" > ?`,
        [...organizations, at - 3 * leaseMs],
      )
      const defined = w.all<{ organizationId: string; key: string }>(`SELECT DISTINCT "organizationId", "key" FROM "TaskDefinition" WHERE "organizationId" IN (${marks})`, [
        ...organizations,
      ])
      const queues = new Map<string, { organization: string; task: string; pending: number; running: number; oldestPendingMs: number | null; workers: number }>()
      const queueOf = (organization: string, task: string) => {
        const k = `${organization}\u0000${task}`
        if (!queues.has(k)) queues.set(k, { organization, task, pending: 0, running: 0, oldestPendingMs: null, workers: 0 })
        return queues.get(k)!
      }
      for (const d of defined) queueOf(d.organizationId, d.key)
      for (const c of counts) {
        const q = queueOf(c.organizationId, c.taskKey)
        if (c.status === 'PENDING') {
          q.pending += c.n
          q.oldestPendingMs = at - c.oldest
        } else q.running += c.n
      }
      for (const worker of live) for (const t of JSON.parse(worker.taskTypes) as WorkerInput['tasks']) queueOf(worker.organizationId, t.task).workers += 1
      return [...queues.values()].sort((a, b) => b.pending - a.pending || naturalCompare(a.task, b.task))
    },
  }
}
