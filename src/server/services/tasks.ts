// Workers in the services' own processes (docs/workers.md): they register, claim task instances
// of the task types they serve — longest-waiting worker first, by priority then age — start them,
// keep their lease by heartbeat, hear within a second when one stops (its execution paused,
// cancelled, timed out), and report the result. Each end goes through the write path with the
// lease token (executions/tasks.ts). A lease that lapses hands the task to another worker; a task
// past its timeout is TIMED_OUT and its step fails with TIMEOUT (the engine then decides).
import { logger } from '../ops/log'
import { randomBytesPooled } from '../security/random'
import { open } from '../security/crypto'
import { isDeepStrictEqual } from 'node:util'
import type { Writer } from '../db/writer'
import { sqlInteger } from '../db/statements'
import type { EventBus } from '../events/bus'
import type { Actor } from '../domain/actor'
import { compileJsonSchema, schemaErrors, type JsonSchema } from '../domain/json-schema'
import type { ClaimedTask, StopReason } from '../domain/workers'

import type { ErrorInput } from './executions/tx'
import type { ExecutionService } from './executions'
import type { AfterTask, StartedTask, TaskDispatchPlan } from './executions/tasks'
import { SUPERVISOR } from './executions'
import { conflict, notFound, ServiceError } from './errors'
import { newId } from './ids'
import { createTaskReads, readSealed } from './task-reads'

export interface WorkerInput {
  name: string
  version: string
  /** What it serves: a task type, and the versions of it (all when omitted). */
  tasks: { task: string; versions?: string[] }[]
  concurrency: number
  hostname?: string
}

interface Waiter {
  workerId: string
  organizationId: string
  /** The task types its worker serves. */
  tasks: WorkerInput['tasks']
  max: number
  start: boolean
  resolve: (tasks: ClaimedTask[]) => void
  /** It stopped waiting (its time ran out, its connection closed): what is claimed for it goes back. */
  gone?: boolean
}

const MAX_WAIT_MS = 30_000
/** Events after which a worker's task may have stopped. */
const STOPPING = new Set(['execution.paused', 'execution.cancelled', 'execution.failed', 'execution.completed', 'execution.step.failed', 'execution.retry'])

export function createTaskService(deps: {
  writer: Writer
  executions: ExecutionService
  bus: EventBus
  /** The execution as the API answers it (a repeated report is answered with it). */
  readExecution: (id: string, organizations: readonly string[]) => Promise<unknown>
  leaseMs?: number
  now?: () => number
  /** What the engine does with a worker's result for this step, in the same change (AfterTask), when it drives the execution here. */
  planAfter?: (executionId: string, stepId: string, output: unknown) => AfterTask
}) {
  const { writer: w, executions, bus } = deps
  const now = deps.now ?? Date.now
  const leaseMs = deps.leaseMs ?? 30_000
  const waiters: Waiter[] = []
  /** What taking a task needs of its definition (immutable once registered: read once): its output's check and its environment. */
  const definitions = new Map<string, { validate: ReturnType<typeof compileJsonSchema>; environment?: Record<string, string> }>()
  function definitionOf(taskDefinitionId: string) {
    let known = definitions.get(taskDefinitionId)
    if (!known) {
      const row = w.get<{ outputSchema: string; executionConfig: string }>('SELECT "outputSchema", "executionConfig" FROM "TaskDefinition" WHERE "id" = ?', [taskDefinitionId])
      // Seed 003's executionConfig.environmentVariables: sealed at rest, handed to the worker with each task.
      const environment = row ? (JSON.parse(open(row.executionConfig) as string) as { environmentVariables?: Record<string, string> }).environmentVariables : undefined
      known = { validate: compileJsonSchema((row ? JSON.parse(row.outputSchema) : {}) as JsonSchema), ...(environment ? { environment } : {}) }
      if (definitions.size > 1_000) definitions.clear()
      definitions.set(taskDefinitionId, known)
    }
    return known
  }

  const workerOf = (id: string, organizations: readonly string[]) => {
    const row = w.get<{ id: string; organizationId: string; taskTypes: string; stoppedAt: number | null; concurrency: number }>(
      'SELECT "id", "organizationId", "taskTypes", "stoppedAt", "concurrency" FROM "TaskWorker" WHERE "id" = ?',
      [id],
    )
    if (!row || !organizations.includes(row.organizationId)) throw notFound('worker', id)
    if (row.stoppedAt !== null) throw conflict(`worker ${id} has stopped; register again`)
    return { ...row, taskTypes: JSON.parse(row.taskTypes) as WorkerInput['tasks'] }
  }

  /** Claims up to `max` pending tasks for the worker, in the running transaction (by priority, then age). */
  function claimNow(workerId: string, max: number, start: boolean): ClaimedTask[] {
    const worker = w.get<{ organizationId: string; taskTypes: string; hostname: string | null; lastSeenAt: number; stoppedAt: number | null }>(
      'SELECT "organizationId", "taskTypes", "hostname", "lastSeenAt", "stoppedAt" FROM "TaskWorker" WHERE "id" = ?',
      [workerId],
    )
    // A worker that said it stopped is handed nothing more (its open claims end empty).
    if (!worker || worker.stoppedAt !== null) return []
    const types = JSON.parse(worker.taskTypes) as WorkerInput['tasks']
    if (!types.length) return []
    const at = now()
    // Seen to the second is enough for the Workers page: a busy worker's claims do not each write it.
    if (!(at - Number(worker.lastSeenAt) < 1_000)) w.run('UPDATE "TaskWorker" SET "lastSeenAt" = ? WHERE "id" = ?', [at, workerId])
    const clauses = types.map((t) => (t.versions?.length ? `("taskKey" = ? AND "taskVersion" IN (${t.versions.map(() => '?').join(', ')}))` : '"taskKey" = ?'))
    const params = types.flatMap((t) => [t.task, ...(t.versions ?? [])])
    const rows = w.all<{
      id: string
      executionId: string
      stepId: string
      attempt: number
      taskDefinitionId: string
      taskKey: string
      taskVersion: string
      type: string
      priority: string
      input: string | null
      timeoutMs: number
      retryCount: number
    }>(
      `SELECT "id", "executionId", "stepId", "attempt", "taskDefinitionId", "taskKey", "taskVersion", "type", "priority", "input", "timeoutMs", "retryCount" FROM "TaskInstance"
       WHERE "organizationId" = ? AND "status" = 'PENDING' AND "availableAt" <= ? AND (${clauses.join(' OR ')})
       ORDER BY "rank", "createdAt" LIMIT ${sqlInteger(max)}`,
      [worker.organizationId, at, ...params],
    )
    return rows.map((r) => {
      const leaseToken = randomBytesPooled(16).toString('base64url')
      w.run(
        `UPDATE "TaskInstance" SET "status" = ?, "startedAt" = ?, "executorId" = ?, "leaseToken" = ?, "leaseExpiresAt" = ?, "environment" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`,
        [start ? 'RUNNING' : 'ASSIGNED', start ? at : null, workerId, leaseToken, at + leaseMs, worker.hostname, at, r.id],
      )
      const { environment } = definitionOf(r.taskDefinitionId)
      return {
        taskId: r.id,
        leaseToken,
        executionId: r.executionId,
        stepId: r.stepId,
        attempt: r.attempt,
        task: r.taskKey,
        version: r.taskVersion,
        type: r.type,
        priority: r.priority,
        input: readSealed(r.input) ?? null,
        timeoutMs: r.timeoutMs,
        retryCount: r.retryCount,
        leaseMs,
        ...(environment ? { environment } : {}),
      }
    })
  }

  /** Puts tasks claimed for a waiter that stopped waiting back to PENDING for another. */
  function handBack(tasks: readonly ClaimedTask[]) {
    const at = now()
    w.transaction(() => {
      for (const t of tasks)
        w.run(
          `UPDATE "TaskInstance" SET "status" = 'PENDING', "startedAt" = NULL, "leaseToken" = NULL, "leaseExpiresAt" = NULL, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "leaseToken" = ?`,
          [at, t.taskId, t.leaseToken],
        )
    })
    pump() // another waiting worker takes them now
  }

  /**
   * Hands what is claimable to the waiting workers, longest-waiting first, in the next shared
   * transaction of the write path (one a turn, beside the dispatches and reports of that turn,
   * not a transaction of its own for every task dispatched). Each gets its tasks after the commit.
   */
  let pumpQueued = false
  function pump() {
    if (pumpQueued || !waiters.length) return
    pumpQueued = true
    void executions
      .read(() => {
        pumpQueued = false // a dispatch committed from here on asks for the next one
        const handed: [Waiter, ClaimedTask[]][] = []
        for (const waiter of waiters) {
          const claimed = claimNow(waiter.workerId, waiter.max, waiter.start)
          if (claimed.length) handed.push([waiter, claimed])
        }
        return handed
      })
      .then(
        (handed) => {
          const back: ClaimedTask[] = []
          for (const [waiter, tasks] of handed) {
            if (waiter.gone) back.push(...tasks)
            else waiter.resolve(tasks)
          }
          if (back.length) handBack(back)
        },
        (error) => {
          pumpQueued = false
          logger('tasks').error({ err: error }, 'tasks: a claim failed')
        },
      )
  }
  // A task dispatched, or a retry's backoff over: the waiting workers look again.
  bus.subscribe((event) => {
    if (!waiters.length || event.type !== 'execution.step.started') return
    const data = event.data as { taskId?: unknown; executorId?: unknown } | null
    if (data?.taskId && !data.executorId) pump() // (one handed to a worker as it started is not claimable)
  })
  const backoffs = setInterval(() => waiters.length && pump(), 500)
  backoffs.unref()

  /** The instance a worker reports on, with its token checked; it stays live or the call is refused. */
  function held(taskId: string, leaseToken: string, organizations: readonly string[], repeatOf?: readonly string[]) {
    const row = w.get<{
      executionId: string
      stepId: string
      status: string
      leaseToken: string | null
      taskDefinitionId: string
      executorId: string | null
      organizationId: string
    }>('SELECT "executionId", "stepId", "status", "leaseToken", "taskDefinitionId", "executorId", "organizationId" FROM "TaskInstance" WHERE "id" = ?', [taskId])
    if (!row || !organizations.includes(row.organizationId)) throw notFound('task', taskId)
    // The same end reported again with its token: the first report's effect stands.
    if (repeatOf?.includes(row.status) && row.leaseToken === leaseToken) return { ...row, repeat: true }
    if (row.leaseToken !== leaseToken || (row.status !== 'ASSIGNED' && row.status !== 'RUNNING'))
      throw conflict(
        row.status === 'ASSIGNED' || row.status === 'RUNNING'
          ? `task ${taskId} is no longer yours: its lease passed to another worker`
          : `task ${taskId} is ${row.status}; stop working on it`,
      )
    return row
  }

  /** Whether a worker serving these task types takes this task. */
  const serves = (types: WorkerInput['tasks'], key: string, version: string) => types.some((t) => t.task === key && (!t.versions?.length || t.versions.includes(version)))

  /**
   * Plans handed to the worker that reported, up to its room: each of a type it serves that no
   * other worker waits for (those waiting longer go first). Each gets its id and lease here;
   * the change that starts it writes them.
   */
  function handToReporter(workerId: string, organizationId: string, plans: readonly TaskDispatchPlan[], room: number): Omit<ClaimedTask, 'attempt'>[] {
    if (!plans.length) return []
    const worker = w.get<{ organizationId: string; taskTypes: string; hostname: string | null; stoppedAt: number | null }>(
      'SELECT "organizationId", "taskTypes", "hostname", "stoppedAt" FROM "TaskWorker" WHERE "id" = ?',
      [workerId],
    )
    if (!worker || worker.stoppedAt !== null || worker.organizationId !== organizationId) return []
    const types = JSON.parse(worker.taskTypes) as WorkerInput['tasks']
    const handed: Omit<ClaimedTask, 'attempt'>[] = []
    const at = now()
    for (const plan of plans) {
      if (handed.length >= room) break
      const { taskKey, taskVersion, organizationId } = plan.task
      if (organizationId !== worker.organizationId || !serves(types, taskKey, taskVersion)) continue
      if (waiters.some((x) => x.workerId !== workerId && x.organizationId === organizationId && serves(x.tasks, taskKey, taskVersion))) continue
      const leaseToken = randomBytesPooled(16).toString('base64url')
      const { environment } = definitionOf(plan.task.taskDefinitionId)
      plan.task.id = newId('tsk', at)
      plan.task.holder = { executorId: workerId, leaseToken, leaseExpiresAt: at + leaseMs, environment: worker.hostname }
      handed.push({
        taskId: plan.task.id,
        leaseToken,
        executionId: '',
        stepId: plan.input.id,
        task: taskKey,
        version: taskVersion,
        type: plan.task.type,
        priority: plan.task.priority,
        input: plan.task.input ?? null,
        timeoutMs: plan.task.timeoutMs,
        retryCount: plan.task.retryCount,
        leaseMs,
        ...(environment ? { environment } : {}),
      })
    }
    return handed
  }

  /**
   * A worker's result, and the task steps it starts (handed to it up to `room`); room they leave
   * is filled from the queue in the same transaction — unless another worker waits for work,
   * which waits longer and goes first.
   */
  async function completeTask(
    taskId: string,
    leaseToken: string,
    actor: Actor,
    output: unknown,
    reporter?: { workerId: string; room: number },
  ): Promise<{ executionId: string; tasks: ClaimedTask[] }> {
    const row = held(taskId, leaseToken, actor.organizations ?? [], ['COMPLETED'])
    if ('repeat' in row) {
      const stored = readSealed(w.get<{ output: string | null }>('SELECT "output" FROM "TaskInstance" WHERE "id" = ?', [taskId])!.output) ?? null
      if (!isDeepStrictEqual(stored, output ?? null)) throw conflict(`task ${taskId} is COMPLETED with another output; its result is not taken`)
      return { executionId: row.executionId, tasks: [] }
    }
    const problems = schemaErrors(definitionOf(row.taskDefinitionId).validate, output ?? null)
    const task = { taskId, leaseToken }
    if (problems.length) {
      const message = `task ${taskId}: its output does not match the outputSchema: ${problems.join('; ')}`
      await executions.failTask(row.executionId, actor, row.stepId, { code: 'VALIDATION_ERROR', message, recoverable: false }, task)
      throw new ServiceError('BAD_REQUEST', message, 'output')
    }
    const after = deps.planAfter?.(row.executionId, row.stepId, output ?? null)
    // Room is filled only for the worker that held the task, reporting on its own connection.
    const room = reporter && reporter.workerId === row.executorId ? reporter.room : 0
    const workerId = row.executorId!
    const handed = room > 0 ? handToReporter(workerId, row.organizationId, after?.next ?? [], room) : []
    const started: StartedTask[] = []
    const reported = executions.completeTask(row.executionId, actor, row.stepId, output as never, task, after, started)
    const filling =
      room > 0 && !waiters.some((x) => x.workerId !== workerId && x.organizationId === row.organizationId)
        ? executions.read(() => {
            // After the result's change, in its transaction: what it handed over is known.
            const left = room - handed.filter((t) => started.some((s) => s.taskId === t.taskId)).length
            return left > 0 ? claimNow(workerId, left, true) : []
          })
        : undefined
    const [done, filled] = await Promise.allSettled([reported, filling ?? Promise.resolve([])])
    const fill = filled.status === 'fulfilled' ? filled.value : []
    if (done.status === 'rejected') {
      if (fill.length) handBack(fill) // (the worker hears a refusal, not these)
      throw done.reason
    }
    // Only those the change started (a step the run started meanwhile is not started twice).
    const attempts = new Map(done.value.map((t) => [t.taskId, t.attempt]))
    const tasks = handed.filter((t) => attempts.has(t.taskId)).map((t) => ({ ...t, executionId: row.executionId, attempt: attempts.get(t.taskId)! }))
    return { executionId: row.executionId, tasks: [...tasks, ...fill] }
  }

  return {
    ...createTaskReads(w, leaseMs, now),

    /** A worker of `organizationId` says what it serves. */
    registerWorker(input: WorkerInput, organizationId: string, principal: string): { id: string; leaseMs: number; heartbeatMs: number } {
      const id = newId('wrk', now())
      const at = now()
      w.transaction(() =>
        w.run(
          'INSERT INTO "TaskWorker" ("id", "organizationId", "name", "version", "taskTypes", "concurrency", "hostname", "principal", "startedAt", "lastSeenAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, organizationId, input.name, input.version, JSON.stringify(input.tasks), input.concurrency, input.hostname ?? null, principal, at, at],
        ),
      )
      return { id, leaseMs, heartbeatMs: Math.max(1_000, Math.floor(leaseMs / 3)) }
    },

    /** The worker, when it is one of `organizations`' and has not stopped (else NOT_FOUND, CONFLICT). */
    worker: (id: string, organizations: readonly string[]) => workerOf(id, organizations),

    stopWorker(id: string, organizations: readonly string[]) {
      workerOf(id, organizations)
      w.transaction(() => w.run('UPDATE "TaskWorker" SET "stoppedAt" = ? WHERE "id" = ?', [now(), id]))
      for (const waiter of waiters.filter((x) => x.workerId === id)) waiter.resolve([])
    },

    /** Up to `max` tasks for the worker, waiting up to `waitMs` for one (a long poll). */
    async claim(workerId: string, organizations: readonly string[], input: { max: number; waitMs: number; start?: boolean }, signal?: AbortSignal): Promise<ClaimedTask[]> {
      const worker = workerOf(workerId, organizations)
      const start = input.start ?? false
      // Without a wait: what is pending now, in a transaction of its own.
      if (input.waitMs <= 0) return waiters.length ? [] : w.transaction(() => claimNow(workerId, input.max, start))
      // Those waiting longer go first: it joins the queue, and the next shared transaction claims.
      return new Promise<ClaimedTask[]>((resolve) => {
        const waiter: Waiter = { workerId, organizationId: worker.organizationId, tasks: worker.taskTypes, max: input.max, start, resolve: (tasks) => done(tasks) }
        const timer = setTimeout(() => done([]), Math.min(MAX_WAIT_MS, input.waitMs))
        const onAbort = () => done([])
        const done = (tasks: ClaimedTask[]) => {
          waiter.gone = true
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          const i = waiters.indexOf(waiter)
          if (i >= 0) waiters.splice(i, 1)
          resolve(tasks)
        }
        signal?.addEventListener('abort', onAbort)
        waiters.push(waiter)
        pump()
      })
    },

    /** ASSIGNED → RUNNING: the worker's handler begins; its timeout counts from here. */
    start(taskId: string, leaseToken: string, organizations: readonly string[]) {
      const row = held(taskId, leaseToken, organizations)
      if (row.status === 'RUNNING') return { status: 'RUNNING' }
      const at = now()
      w.transaction(() =>
        w.run(
          `UPDATE "TaskInstance" SET "status" = 'RUNNING', "startedAt" = ?, "leaseExpiresAt" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "leaseToken" = ?`,
          [at, at + leaseMs, at, taskId, leaseToken],
        ),
      )
      return { status: 'RUNNING' }
    },

    /** The worker holds the task still: its lease is extended. `stop` when it should stop (cancelled, or no longer its). */
    heartbeat(taskId: string, leaseToken: string, organizations: readonly string[]): { stop: boolean; reason?: string } {
      let row: ReturnType<typeof held>
      try {
        row = held(taskId, leaseToken, organizations)
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'NOT_FOUND') throw error
        return { stop: true, reason: (error as Error).message }
      }
      const at = now()
      w.transaction(() => {
        w.run('UPDATE "TaskInstance" SET "leaseExpiresAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "leaseToken" = ?', [at + leaseMs, at, taskId, leaseToken])
        if (row.executorId) w.run('UPDATE "TaskWorker" SET "lastSeenAt" = ? WHERE "id" = ?', [at, row.executorId])
      })
      return { stop: false }
    },

    /**
     * Tasks this worker held that it should stop — cancelled with their execution, timed out, or
     * handed back after its lease lapsed — changed after `since` (the cursor of its last answer);
     * waits up to `waitMs` for one (a long poll). It asks once per answer, not once per task.
     */
    async signals(workerId: string, organizations: readonly string[], since: number | undefined, waitMs: number, signal?: AbortSignal) {
      workerOf(workerId, organizations)
      const from = since ?? now()
      const look = () => {
        const cursor = now()
        const rows = w.all<{ id: string; status: string; executionStatus: string }>(
          `SELECT t."id", t."status", x."status" AS "executionStatus" FROM "TaskInstance" t JOIN "Execution" x ON x."id" = t."executionId"
           WHERE t."executorId" = ? AND t."status" IN ('PENDING', 'CANCELLED', 'TIMED_OUT') AND t."updatedAt" >= ?`,
          [workerId, from],
        )
        return { stop: rows.map((r) => r.id), reasons: Object.fromEntries(rows.map((r) => [r.id, stopReason(r.status, r.executionStatus)])), cursor }
      }
      let found = look()
      if (found.stop.length || waitMs <= 0) return found
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer)
          clearInterval(recheck)
          unsubscribe()
          signal?.removeEventListener('abort', finish)
          resolve()
        }
        const again = () => {
          found = look()
          if (found.stop.length) finish()
        }
        const timer = setTimeout(finish, Math.min(MAX_WAIT_MS, waitMs))
        // Another console process's change, or the sweep: looked for every second as well.
        const recheck = setInterval(again, 1_000)
        const unsubscribe = bus.subscribe((event) => STOPPING.has(event.type) && again())
        signal?.addEventListener('abort', finish)
      })
      return found
    },

    /** The worker's result: checked against the task's outputSchema (a mismatch fails the step with VALIDATION_ERROR). */
    async complete(taskId: string, leaseToken: string, actor: Actor, output: unknown, options: { answer?: boolean } = {}) {
      const { executionId } = await completeTask(taskId, leaseToken, actor, output)
      // REST answers the execution; the worker's socket needs nothing back.
      return options.answer === false ? undefined : deps.readExecution(executionId, actor.organizations ?? [])
    },

    /**
     * The same over the worker's socket, from a worker that has `room` for more once this one is
     * done: the task steps its result starts, of task types it serves, are its at once (when no
     * other worker waits for them) — handed to it in the same change, answered with the result.
     */
    async completeAndTake(taskId: string, leaseToken: string, actor: Actor, output: unknown, reporter: { workerId: string; room: number }): Promise<ClaimedTask[]> {
      return (await completeTask(taskId, leaseToken, actor, output, reporter)).tasks
    },

    /** Tasks handed to a worker that never heard of them (its connection closed): PENDING again for another. */
    handBack(tasks: readonly ClaimedTask[]) {
      handBack(tasks)
    },

    /** The worker's failure (its error, with details and stack); the engine decides what follows. */
    async fail(taskId: string, leaseToken: string, actor: Actor, error: ErrorInput & { details?: Record<string, unknown>; stack?: string }, options: { answer?: boolean } = {}) {
      const row = held(taskId, leaseToken, actor.organizations ?? [], ['FAILED', 'TIMED_OUT'])
      // (A task the sweep timed out is answered as before: its worker could not have known.)
      if ('repeat' in row && row.status === 'FAILED') {
        // The same failure again is answered as the first was; another one is not taken (as a complete with another output is not).
        const stored = readSealed(w.get<{ error: string | null }>('SELECT "error" FROM "TaskInstance" WHERE "id" = ?', [taskId])!.error) as {
          code?: string
          message?: string
        } | null
        if (stored?.code !== error.code || stored?.message !== error.message)
          throw conflict(`task ${taskId} is ${row.status} with another error (${stored?.code ?? 'none'}: ${stored?.message ?? ''}); this report is not taken`)
      } else if (!('repeat' in row)) {
        const { details, stack, ...rest } = error
        await executions.failTask(
          row.executionId,
          actor,
          row.stepId,
          { ...rest, ...(details || stack ? { context: { ...rest.context, ...details, ...(stack ? { stack } : {}) } } : {}) },
          { taskId, leaseToken },
        )
      }
      return options.answer === false ? undefined : deps.readExecution(row.executionId, actor.organizations ?? [])
    },

    /**
     * Once a second: leases that lapsed go back to PENDING for another worker (the worker died or
     * lost its way); tasks past their timeout are TIMED_OUT and their steps fail with TIMEOUT.
     */
    async sweep(): Promise<{ reclaimed: number; timedOut: number }> {
      const at = now()
      const lapsed = w.transaction(() => {
        const rows = w.all<{ id: string; executionId: string; stepId: string; executorId: string | null }>(
          `SELECT "id", "executionId", "stepId", "executorId" FROM "TaskInstance" WHERE "status" IN ('ASSIGNED', 'RUNNING') AND "leaseExpiresAt" < ?`,
          [at],
        )
        for (const r of rows)
          w.run(
            // The executor stays named until another claims it: its signals tell it to stop.
            `UPDATE "TaskInstance" SET "status" = 'PENDING', "leaseToken" = NULL, "leaseExpiresAt" = NULL, "startedAt" = NULL, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`,
            [at, r.id],
          )
        return rows
      })
      for (const r of lapsed) {
        await executions
          .log(r.executionId, SUPERVISOR, [
            { level: 'warn', step: r.stepId, message: `task ${r.id}: worker ${r.executorId ?? '?'} stopped renewing its lease; the task waits for another worker` },
          ])
          .catch(() => {})
      }
      if (lapsed.length) pump()
      const overdue = w.all<{ id: string; executionId: string; stepId: string; leaseToken: string; timeoutMs: number }>(
        `SELECT "id", "executionId", "stepId", "leaseToken", "timeoutMs" FROM "TaskInstance" WHERE "status" = 'RUNNING' AND "startedAt" + "timeoutMs" < ?`,
        [at],
      )
      for (const r of overdue) {
        await executions
          .failTask(
            r.executionId,
            SUPERVISOR,
            r.stepId,
            { code: 'TIMEOUT', message: `task ${r.id} exceeded its timeout of ${r.timeoutMs} ms`, recoverable: true },
            { taskId: r.id, leaseToken: r.leaseToken, status: 'TIMED_OUT' },
          )
          .catch(() => {})
      }
      return { reclaimed: lapsed.length, timedOut: overdue.length }
    },

    stop() {
      clearInterval(backoffs)
      for (const waiter of waiters.splice(0)) waiter.resolve([])
    },
  }
}

export type TaskService = ReturnType<typeof createTaskService>

/** Why a worker is told to stop a task, so its handler can tell a pause from a cancel (StopReason). */
export function stopReason(taskStatus: string, executionStatus: string): StopReason {
  if (taskStatus === 'TIMED_OUT') return 'timed-out'
  // Handed back to PENDING: its lease lapsed, another worker takes it.
  if (taskStatus === 'PENDING') return 'reassigned'
  if (executionStatus === 'cancelled') return 'cancelled'
  if (executionStatus === 'failed' || executionStatus === 'completed') return 'execution-ended'
  // Paused (or paused and resumed since: the step runs again as a new task).
  return 'paused'
}
