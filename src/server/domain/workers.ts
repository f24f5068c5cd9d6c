// What workers send (docs/workers.md): their registration, claims, and reports on the task
// instances they hold. Shared by REST, tRPC and the OpenAPI document.
import { z } from 'zod'
import { errorInputSchema, jsonObject, jsonValue } from './schemas'

const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a task type: letters, digits, ".", "_" and "-"')

export const workerInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    version: z.string().trim().min(1).max(50).describe("The worker's own version (what it was deployed as)"),
    tasks: z
      .array(z.strictObject({ task: key, versions: z.array(z.string().max(50)).max(50).optional().describe('The versions it serves (all when omitted)') }))
      .max(200)
      .describe('The task types it serves'),
    concurrency: z.number().int().min(1).max(1_000),
    hostname: z.string().max(200).optional(),
    organizationId: z.string().max(200).optional().describe('Its organisation (one where you may operate; required when there are several)'),
  })
  .meta({ id: 'WorkerInput' })

export const claimInputSchema = z
  .strictObject({
    max: z.number().int().min(1).max(100).optional().describe('At most this many tasks, your free slots (default 1)'),
    waitMs: z.number().int().min(0).max(30_000).optional().describe('Wait this long for one when none is pending: a long poll (default 20,000)'),
    start: z.boolean().optional().describe('Start them at once (RUNNING; no /start call): what a worker that runs what it claims does'),
  })
  .meta({ id: 'ClaimInput' })

/** A task instance handed to a worker: what its handler runs, and the lease it holds it by. */
export const claimedTaskSchema = z
  .object({
    taskId: z.string(),
    leaseToken: z.string(),
    executionId: z.string(),
    stepId: z.string(),
    attempt: z.number(),
    task: z.string(),
    version: z.string(),
    type: z.string(),
    priority: z.string(),
    input: z.unknown(),
    timeoutMs: z.number(),
    retryCount: z.number(),
    leaseMs: z.number(),
    environment: z.record(z.string(), z.string()).optional().describe("Seed 003's executionConfig.environmentVariables of its task definition (when it has any)"),
  })
  .meta({ id: 'ClaimedTask' })
export type ClaimedTask = z.infer<typeof claimedTaskSchema>

const lease = { leaseToken: z.string().min(1).max(100).describe('The token the claim gave') }
export const taskLeaseSchema = z.strictObject(lease).meta({ id: 'TaskLease' })
export const taskCompleteSchema = z.strictObject({ ...lease, output: jsonValue.optional() }).meta({ id: 'TaskComplete' })
export const taskFailSchema = z
  .strictObject({ ...lease, error: errorInputSchema.extend({ details: jsonObject.optional() }).describe("Seed 003's ErrorInfo: code, message, details, stack") })
  .meta({ id: 'TaskFail' })
export const signalsInputSchema = z
  .strictObject({
    since: z.number().int().min(0).optional().describe('The cursor of the previous answer (default: now)'),
    waitMs: z.number().int().min(0).max(30_000).optional().describe('Default 20,000'),
  })
  .meta({ id: 'SignalsInput' })

/** Why a worker is told to stop a task it holds (the signals' `reasons`, the socket's `stop` message). */
export const STOP_REASONS = ['paused', 'cancelled', 'execution-ended', 'timed-out', 'reassigned'] as const
export type StopReason = (typeof STOP_REASONS)[number]
export const signalsSchema = z
  .object({
    stop: z.array(z.string()).describe('Task ids to stop'),
    reasons: z
      .record(z.string(), z.enum(STOP_REASONS))
      .describe(
        'Why each stops: paused (its execution paused: the step runs again as a new task on resume), cancelled, execution-ended (failed or completed), timed-out (past its timeout), reassigned (its lease lapsed: another worker has it)',
      ),
    cursor: z.number().describe('Send as `since` next time'),
  })
  .meta({ id: 'WorkerSignals' })

export const TASK_STATUSES = ['PENDING', 'ASSIGNED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const
export const taskListQuerySchema = z.object({
  status: z.array(z.enum(TASK_STATUSES)).max(7).optional(),
  task: z.string().max(100).optional(),
  executionId: z.string().max(200).optional(),
  stepId: z.string().max(200).optional().describe("One step's attempts (with executionId)"),
  workerId: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  before: z.string().max(200).optional().describe('The next page: the $id of the last task instance of the page before (newest first)'),
})

/**
 * What a worker sends on its WebSocket (`WS /api/workers/{id}/connect`, docs/workers.md): `claim`
 * gives the console room for more tasks (it pushes them as they come, started); the reports are
 * those of REST, each answered `{ re: id, ok }` or `{ re: id, error }`.
 */
const ref = { id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Echoed as `re` in the answer'), taskId: z.string().min(1).max(200) }
/** A report may give its slot's room back with it (as a `claim` would): the answer may bring the next task. */
const room = { claim: z.number().int().min(0).max(100).optional().describe('Free slots this report gives back (the answer may carry tasks)') }
// Strict, as REST's bodies are: an unknown field (`__proto__`, `constructor`, a typo) is refused by name.
export const workerSocketMessageSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('claim'), max: z.number().int().min(1).max(100).describe('More free slots') }),
  z.strictObject({ op: z.literal('heartbeat'), ...ref, ...lease }),
  z.strictObject({ op: z.literal('complete'), ...ref, ...taskCompleteSchema.shape, ...room }),
  z.strictObject({ op: z.literal('fail'), ...ref, ...taskFailSchema.shape, ...room }),
])
export type WorkerSocketMessage = z.infer<typeof workerSocketMessageSchema>

/** Text order with numbers read as numbers: batch-2 before batch-10. */
export const naturalCompare = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0)

/** A task type's queue as the Workers page shows it (services/task-reads.ts `queues`). */
export interface TaskQueue {
  task: string
  pending: number
  workers: number
}

/** The queues whose tasks wait with no live worker to serve them: the Workers page's warning. */
export function unservedQueues<Q extends TaskQueue>(queues: readonly Q[]): Q[] {
  return queues.filter((q) => q.pending > 0 && q.workers === 0)
}

/**
 * What an execution's pending worker tasks wait for when no live worker serves their task type —
 * "no live worker serves archive, export" — or undefined when each has one (or none waits).
 */
export function unservedWaiting(pending: readonly { task: string }[], queues: readonly TaskQueue[]): string | undefined {
  const unserved = new Set(unservedQueues(queues).map((q) => q.task))
  const served = new Set(queues.filter((q) => q.workers > 0).map((q) => q.task))
  // (Several organisations may each have a queue of the type: one served by a live worker is enough.)
  const tasks = [...new Set(pending.map((t) => t.task))].filter((t) => unserved.has(t) && !served.has(t))
  return tasks.length ? `no live worker serves ${tasks.join(', ')}` : undefined
}
