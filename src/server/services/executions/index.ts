// The one write path. Every change of an execution — from tRPC, REST, the engine or the demo
// workload — goes through these functions. Each runs in one synchronous SQLite transaction,
// shared by the changes of the same turn (commit.ts): read the row, check the expected version
// and the lifecycle, write, append events. Events are published to the bus only after the
// commit. The modules beside this one are plain functions over the transaction (tx.ts).
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { Writer } from '../../db/writer'
import { fromSql } from '../../db/rows'
import type { EventBus } from '../../events/bus'
import type { ServiceExecution } from '../../domain/execution'
import { assertExpectedStatus, type ExecutionStatus, type LifecycleOperation } from '../../domain/lifecycle'
import type { CreateExecutionInput, LogInput, MetricsReport, UpdateExecutionInput } from '../../domain/schemas'
import { runnerOf, type RunnerDirectory } from '../../domain/runner'
import type { Actor } from '../../domain/actor'
import type { z } from 'zod'
import type { checkpointInputSchema } from '../../domain/schemas'
import { serializeExecution } from '../serialize'
import { applyTo, assertChangeable, guard, isReport, loadExecution, loadForStepChange, type StepChangeRow } from './apply'
import { stepBoundary, type BoundaryInput, type BoundaryOutcome } from './boundary'
import { tryChanges } from './dry-run'
import { completeChange, LIFECYCLE_CHANGES, stallChange, updateChange, type LifecycleArgs } from './changes'
import { restoreCheckpoint, writeCheckpoint } from './checkpoints'
import { fireAlertChange, type Firing } from './alerts'
import { createCommitter } from './commit'
import { createExecution, queueTakesEverySlot, type Begin, type Created, type QueueAhead, type Replay } from './create'
import { appendLogLines, logIsReport, metricsChange, type LogWritten } from './ingest'
import { completeStepRow, failStep, loadStep, skipStep, startStepRow, stepTotals } from './steps'
import { createTableWriter } from './tables'
import { stepsAfter, finishTaskInstance, insertTaskInstance, stopLiveTasks, type TaskClaim, type AfterTask, type StartedTask, type TaskDispatch } from './tasks'
import { recordCreated } from '../idempotency'
import { recoveryAppliedChange, type RecoveryApplication } from './recovery'
import { acquire, release, type Acquired } from './resources'
import type { ResourceRequirement } from '../../domain/resources'
import type { Change, CompleteStepInput, ErrorInput, EventToAppend, NewEvent, ResultInput, StartStepInput, StepState, Tx } from './tx'

/** (Kept for callers that import it from here; it lives in the domain.) */
export type { Actor } from '../../domain/actor'

/** Supervision's changes (timeouts, automatic retries, stall flags, interval checkpoints). */
export const SUPERVISOR: Actor = { type: 'system', id: 'supervisor' }
/** Per-execution alerts firing (not a report: an alert on silence must not end the silence). */
export const ALERTING: Actor = { type: 'system', id: 'alerting' }

export interface ServiceDeps {
  writer: Writer
  bus: EventBus
  /** Webhooks to loopback or private addresses are refused unless allowed (tests, local development). */
  allowPrivateWebhooks?: boolean
  /** Injectable clock for deterministic tests. */
  now?: () => Date
  /** What the engine workers run now: answers name each execution's runner when given. */
  runners?: () => RunnerDirectory
  /** Jitter of automatic retries (injectable for tests). */
  random?: () => number
}

/** What an operator's lifecycle action may carry: strict version, or the status they saw. */
export interface Precondition {
  expectedVersion?: number
  expectedStatus?: readonly ExecutionStatus[]
}

export function createExecutionService(deps: ServiceDeps) {
  const { writer: w, bus } = deps
  const now = deps.now ?? (() => new Date())
  const commit = createCommitter(w, bus, now)
  const tx: Tx = {
    w,
    tables: createTableWriter(w),
    random: deps.random ?? Math.random,
    allowPrivateWebhooks: deps.allowPrivateWebhooks ?? false,
    webhookWritten: commit.webhookWritten,
  }
  /** Who runs the execution and what it waits for, when the service knows the engine workers. */
  const runnerFor = (row: ExecutionRow) => (deps.runners ? runnerOf(row, deps.runners(), now().getTime()) : undefined)
  /** The execution as the API shows it (no steps: those are read where they are shown). */
  const snapshot = (row: ExecutionRow): ServiceExecution => {
    const tags = w.all<{ tag: string }>('SELECT "tag" FROM "ExecutionTag" WHERE "executionId" = ? ORDER BY "tag"', [row.id])
    return serializeExecution(row, { tags, runner: runnerFor(row) })
  }
  /** After create: the execution with its steps, as it was just written. */
  const answerOf = ({ row, steps, tags, webhooks }: Created): ServiceExecution =>
    // Its webhooks as stored (seed 001's event names replaced by the console's) when it was made with some.
    Object.assign(serializeExecution(row, { tags: tags.map((tag) => ({ tag })), steps, runner: runnerFor(row) }), webhooks ? { webhooks } : {})

  /** A change of one execution, answered with the row it left (read back only when `needsRow`). */
  const apply = <R>(id: string, actor: Actor, expectedVersion: number | undefined, fn: (row: ExecutionRow, at: Date) => Change, answer: (updated: ExecutionRow) => R) =>
    applyTo(commit, tx, loadExecution, id, actor, expectedVersion, fn, true, (updated) => answer(fromSql<ExecutionRow>('Execution', updated!)))

  /** A change answered with the execution as the API shows it. */
  const change = (id: string, actor: Actor, expectedVersion: number | undefined, fn: (row: ExecutionRow, at: Date) => Change) => apply(id, actor, expectedVersion, fn, snapshot)

  /**
   * A lifecycle operation as an operator or API caller asks for it: it lands whenever the
   * lifecycle allows it from the current status, however busy the execution is; refused only
   * when the status the caller says it saw moved on, or the version when a caller asks for that.
   */
  const lifecycle = (operation: LifecycleOperation, id: string, actor: Actor, input: Precondition, args: LifecycleArgs = {}) =>
    change(id, actor, input.expectedVersion, lifecycleChange(operation, id, actor, input, args))
  const lifecycleChange =
    (operation: LifecycleOperation, id: string, actor: Actor, input: Precondition, args: LifecycleArgs) =>
    (row: ExecutionRow, at: Date): Change => {
      assertExpectedStatus(operation, input.expectedStatus, row.status as ExecutionStatus)
      return tasksFollow(id, at, LIFECYCLE_CHANGES[operation](tx, row, at, args, actor))
    }
  /** A change that stops the execution running stops its live task instances with it, and releases its resources (resources.ts). */
  const tasksFollow = (id: string, at: Date, c: Change): Change => {
    if (typeof c.data?.status === 'string' && c.data.status !== 'running') {
      stopLiveTasks(tx, id, at)
      const released = release(tx, id, null, at, c.data.status, c.data.status === 'completed')
      if (released.length) return { ...c, events: [...c.events, ...released] }
    }
    return c
  }

  /** `fn` once the status allows the operation (a report of a runner's changes only the step or the counts). */
  const guarded =
    <Row extends Pick<ExecutionRow, 'status'>>(operation: Parameters<typeof guard>[0], fn: (row: Row, at: Date) => Change) =>
    (row: Row, at: Date): Change => {
      guard(operation, row)
      return fn(row, at)
    }
  /** A report of a runner's, answered with the execution as the API shows it. */
  const report = (id: string, actor: Actor, operation: Parameters<typeof guard>[0], fn: (row: ExecutionRow, at: Date) => Change) =>
    change(id, actor, undefined, guarded(operation, fn))
  /** The same, answered with nothing: the engine's dispatch and a worker's report need no execution back (the hottest writes of remote work). */
  const quietReport = (id: string, actor: Actor, operation: Parameters<typeof guard>[0], fn: (row: StepChangeRow, at: Date) => Change): Promise<void> =>
    applyTo(commit, tx, loadForStepChange, id, actor, undefined, guarded(operation, fn), false, () => undefined)

  /** A step's start, and with `task` its attempt's task instance (tasks.ts); its step.started event. */
  const startWithTask = (id: string, at: Date, input: StartStepInput, options: { restart?: boolean; task?: TaskDispatch }, loaded?: StepState) => {
    const event = startStepRow(tx, id, at, input, options.restart, loaded)
    if (options.task) {
      const taskId = insertTaskInstance(tx, id, input.id, (event.data as { attempt: number }).attempt, at, options.task)
      event.data = { ...(event.data as object), taskId, ...(options.task.holder ? { executorId: options.task.holder.executorId } : {}) }
    }
    return event
  }
  /** A step's start, and with `task` its attempt's task instance, in one change. */
  const starting =
    (id: string, input: StartStepInput, options: { restart?: boolean; task?: TaskDispatch }) =>
    (row: StepChangeRow, at: Date): Change => ({ data: stepTotals(w, row), events: [startWithTask(id, at, input, options)] })
  /**
   * A step's completion, and with `task` that of the instance a worker holds; `checkpoint` writes
   * the step-boundary checkpoint; `after` starts the task steps the engine planned to follow it
   * (those still pending: the run may have moved meanwhile), with their instances, or completes
   * the execution when nothing is left.
   */
  const completing =
    (id: string, stepId: string, input: CompleteStepInput, options: { checkpoint?: boolean; task?: TaskClaim; after?: AfterTask; started?: StartedTask[] }) =>
    (row: StepChangeRow, at: Date): Change => {
      if (options.task) finishTaskInstance(tx, id, stepId, at, options.task, { status: 'COMPLETED', output: input.output })
      const { stepDurations, event } = completeStepRow(tx, row, at, stepId, input)
      const released = release(tx, id, stepId, at, 'completed', true)
      const started: NewEvent[] = []
      options.started?.splice(0) // from the start: a batch refused elsewhere runs this again
      // What the engine planned goes on only while the execution runs (a result may come in a pause).
      const after = row.status === 'running' ? options.after : undefined
      for (const next of after?.next ?? []) {
        const step = loadStep(w, id, next.input.id)
        if (step && step.status !== 'pending') continue
        const startedEvent = startWithTask(id, at, next.input, { task: next.task }, step ?? undefined)
        started.push({ ...startedEvent, by: after?.by })
        const { taskId, attempt } = startedEvent.data as { taskId: string; attempt: number }
        options.started?.push({ stepId: next.input.id, taskId, attempt })
      }
      // The engine's plan reads the steps as the change leaves them once, for the totals and for what is ready.
      const stepsNow = after ? stepsAfter(tx, row) : undefined
      const totals = stepsNow?.totals ?? stepTotals(w, row)
      const events: NewEvent[] = [event, ...released, ...started, { type: 'execution.progress', data: { progress: totals.progress } }]
      if (options.checkpoint) {
        const checkpointId = writeCheckpoint(tx, row, at, { reason: 'step-boundary' }, undefined, stepId)
        events.push({ type: 'execution.checkpoint', stepId, data: { checkpointId } })
      }
      const finish = after?.finish
      if (after) after.covered = !finish && totals.stepsCompleted < totals.stepsTotal && !stepsNow!.ready
      if (finish && !started.length && totals.stepsCompleted === totals.stepsTotal) {
        const done = completeChange(tx, { ...row, ...totals }, at, finish.result)
        return { data: { ...totals, stepDurations, ...done.data }, events: [...events, ...done.events.map((e) => ({ ...e, by: after?.by }))] }
      }
      return { data: { ...totals, stepDurations }, events }
    }
  /** A step's failure, and with `task` the end of the instance a worker holds (FAILED, or TIMED_OUT). */
  const failing =
    (id: string, stepId: string, error: ErrorInput, options: { task?: TaskClaim & { status?: 'FAILED' | 'TIMED_OUT' } }) =>
    (row: StepChangeRow, at: Date): Change => {
      if (options.task) finishTaskInstance(tx, id, stepId, at, options.task, { status: options.task.status ?? 'FAILED', error })
      return { data: stepTotals(w, row), events: [failStep(tx, id, at, stepId, error), ...release(tx, id, stepId, at, 'failed', false)] }
    }

  return {
    /** Creates an execution; with an Idempotency-Key, the key names it in the same transaction. */
    create: (actor: Actor, input: CreateExecutionInput, options: { idempotencyKey?: { principal: string; key: string }; replay?: Replay } = {}): Promise<ServiceExecution> =>
      commit.write(actor, (at) => {
        const { id, events, created } = createExecution(tx, input, at, actor, undefined, options.replay)
        if (options.idempotencyKey) recordCreated(w, options.idempotencyKey, id)
        return { value: answerOf(created), events }
      }),

    /**
     * The engine's create when it has room: created, started with its lease and first steps, in
     * one change — unless the executions of `queue.workflows` at `queue.priorities` already queued
     * would not all find one of the `queue.slots` free slots left: they go first, and this one is
     * queued behind them. (No `queue`: the engine knows none is queued.) Answers the execution as
     * the API shows it and, when it started, the row the engine runs from.
     */
    createStarted: (
      actor: Actor,
      input: CreateExecutionInput,
      begin: Begin & { queue?: QueueAhead; idempotencyKey?: { principal: string; key: string }; replay?: Replay },
    ): Promise<{ execution: ServiceExecution; row: ExecutionRow | null }> =>
      commit.write(actor, (at) => {
        const waiting = begin.queue ? queueTakesEverySlot(tx, begin.queue) : false
        const { id, events, created } = createExecution(tx, input, at, actor, waiting ? undefined : begin, begin.replay)
        if (begin.idempotencyKey) recordCreated(w, begin.idempotencyKey, id)
        return { value: { execution: answerOf(created), row: waiting ? null : created.row }, events }
      }),

    /** queued → starting → running (a workflow's waits in `starting` for the engine). */
    start: (id: string, actor: Actor, input: Precondition = {}) => lifecycle('start', id, actor, input),

    /** The engine's start: its lease goes with it and its first steps start in the same change; answers the row as it left it. */
    begin: (id: string, actor: Actor, input: Pick<Begin, 'lease' | 'steps'> & { tasks?: (row: ExecutionRow) => ReadonlyMap<string, TaskDispatch> }): Promise<ExecutionRow> =>
      apply(
        id,
        actor,
        undefined,
        (row, at) => {
          const started = LIFECYCLE_CHANGES.start(tx, row, at, { lease: input.lease }, actor)
          if (!input.steps.length) return started
          const events = [...started.events]
          const tasks = input.tasks?.(row)
          for (const stepId of input.steps) {
            const step = loadStep(w, id, stepId)
            const task = tasks?.get(stepId)
            if (step?.status === 'pending') events.push(startWithTask(id, at, { id: stepId, ...(task ? { input: task.input as never } : {}) }, { task }, step))
          }
          return { data: { ...started.data, ...stepTotals(w, row) }, events }
        },
        (updated) => updated,
      ),

    pause: (id: string, actor: Actor, input: Precondition = {}) => lifecycle('pause', id, actor, input),

    resume: (id: string, actor: Actor, input: Precondition = {}) => lifecycle('resume', id, actor, input),

    complete: (id: string, actor: Actor, input: ResultInput & Precondition) => {
      const { expectedVersion, expectedStatus, ...result } = input
      return lifecycle('complete', id, actor, { expectedVersion, expectedStatus }, { result })
    },

    /** The engine's completion of a run: complete's change, answered with nothing. */
    finish: (id: string, actor: Actor, result: ResultInput): Promise<void> =>
      applyTo(commit, tx, loadExecution, id, actor, undefined, lifecycleChange('complete', id, actor, {}, { result }), false, () => undefined),

    fail: (id: string, actor: Actor, input: ErrorInput & Precondition) => {
      const { expectedVersion, expectedStatus, ...error } = input
      return lifecycle('fail', id, actor, { expectedVersion, expectedStatus }, { error })
    },

    /**
     * failed → retry → running, when whoever runs it asks (an outside service retrying its own
     * execution). Asked by anyone else it stops in `retry` (as `deferred` does) until its runner
     * starts it: an engine workflow's when a worker for its workflow is free, an outside
     * service's when the service, hearing `execution.retry`, resumes it. `runAt` delays that;
     * `automatic` marks supervision's retries by the policy.
     */
    retry: (id: string, actor: Actor, input: Precondition & { deferred?: boolean; runAt?: Date; automatic?: boolean } = {}) =>
      lifecycle('retry', id, actor, input, { deferred: input.deferred, runAt: input.runAt, automatic: input.automatic }),

    cancel: (id: string, actor: Actor, input: Precondition & { reason?: string } = {}) => lifecycle('cancel', id, actor, input, { reason: input.reason }),

    /**
     * A failed execution back to one of its checkpoints, then retried: what the checkpoint had
     * finished is kept, the rest runs again (checkpoints.ts). One change: the restore's event and
     * the retry's land together, with who asked.
     */
    restoreCheckpoint: (id: string, actor: Actor, input: Precondition & { checkpointId: string }) =>
      change(id, actor, input.expectedVersion, (row, at) => {
        assertExpectedStatus('restore a checkpoint', input.expectedStatus, row.status as ExecutionStatus)
        const restored = restoreCheckpoint(tx, row, at, input.checkpointId)
        const retried = LIFECYCLE_CHANGES.retry(tx, row, at, {}, actor)
        return tasksFollow(id, at, { data: { ...restored.data, ...retried.data }, events: [...restored.events, ...retried.events] })
      }),

    /** A cancel or retry of each of `ids` tried without changing anything: which would be done, which refused and why (dry-run.ts). */
    wouldChange: (operation: 'cancel' | 'retry', ids: readonly string[], actor: Actor, args: LifecycleArgs = {}) =>
      tryChanges(w, actor, ids, (id, row, at) => lifecycleChange(operation, id, actor, {}, args)(row, at), now()),

    /** The runner says it is alive: a report that changes nothing else (and answers the execution, paused or cancelled included). */
    heartbeat: (id: string, actor: Actor) => report(id, actor, 'heartbeat', () => ({ events: [], bumpVersion: false })),

    /**
     * Supervision flags a running execution silent for `silenceMs` (no change, log line or
     * heartbeat since); its next report clears the flag. Refused when it reported meanwhile.
     */
    markStalled: (id: string, silenceMs: number) => change(id, SUPERVISOR, undefined, (row, at) => stallChange(row, at, silenceMs)),

    /** PUT: change fields, and the status too when asked, in one transaction. */
    update: (id: string, actor: Actor, input: UpdateExecutionInput) =>
      change(id, actor, input.expectedVersion, (row, at) => tasksFollow(id, at, updateChange(tx, row, at, input, actor))),

    updateProgress: (id: string, actor: Actor, progress: number) =>
      report(id, actor, 'updateProgress', () => ({ data: { progress, progressReported: true }, events: [{ type: 'execution.progress', data: { progress } }], bumpVersion: false })),

    /**
     * Starts a pending or failed step; `restart` (the engine's) also restarts one a lost worker
     * left running. (A task step's attempt for workers: dispatchTask.)
     */
    startStep: (id: string, actor: Actor, input: StartStepInput, options: { restart?: boolean } = {}) => report(id, actor, 'startStep', starting(id, input, options)),

    /** The engine's dispatch of a task step: started, with its attempt's task instance for workers, in one change. */
    dispatchTask: (id: string, actor: Actor, input: StartStepInput, options: { restart?: boolean; task: TaskDispatch }) =>
      quietReport(id, actor, 'startStep', starting(id, input, options)),

    /** Runs reads in the next shared transaction: cheaper there than each in a transaction of its own. */
    read: <T>(fn: () => T): Promise<T> => commit.schedule(fn),

    /**
     * Completes a running step; `checkpoint` (the engine's) also writes the step-boundary
     * checkpoint. (A worker's result: completeTask.)
     */
    completeStep: (id: string, actor: Actor, stepId: string, input: CompleteStepInput = {}, options: { checkpoint?: boolean } = {}) =>
      report(id, actor, 'completeStep', completing(id, stepId, input, options)),

    /**
     * A worker's result (tasks.ts): the instance it holds and its step complete, and what the
     * engine planned `after` it (the task steps it starts, or the execution's completion), in one
     * change; answers the instances it started.
     */
    completeTask: (
      id: string,
      actor: Actor,
      stepId: string,
      output: CompleteStepInput['output'],
      task: TaskClaim,
      after?: AfterTask,
      /** Filled with the instances it started as its change runs (a claim later in the same transaction reads it). */
      started: StartedTask[] = [],
    ): Promise<StartedTask[]> => {
      return quietReport(id, actor, 'completeStep', completing(id, stepId, { output }, { task, after, started })).then(() => started)
    },

    /**
     * The engine's step boundary in one change (boundary.ts): complete the step, start those of
     * `startNext` whose dependencies have all finished, write the checkpoint, and — when nothing
     * is left — complete the execution with `finish`'s result.
     */
    advanceStep: (id: string, actor: Actor, stepId: string, input: BoundaryInput): Promise<BoundaryOutcome> => {
      const outcome: BoundaryOutcome = { started: [], completed: false }
      return quietReport(id, actor, 'completeStep', (row, at) => stepBoundary(tx, row, at, stepId, input, outcome)).then(() => outcome)
    },

    /** Fails a running step. */
    failStep: (id: string, actor: Actor, stepId: string, error: ErrorInput) => report(id, actor, 'failStep', failing(id, stepId, error, {})),

    /** A worker's failure, or its task's timeout (TIMED_OUT): the instance ends and its step fails in one change. */
    failTask: (id: string, actor: Actor, stepId: string, error: ErrorInput, task: TaskClaim & { status?: 'FAILED' | 'TIMED_OUT' }) =>
      quietReport(id, actor, 'failStep', failing(id, stepId, error, { task })),

    skipStep: (id: string, actor: Actor, stepId: string, input: { reason?: string; disabled?: boolean } = {}) =>
      report(id, actor, 'skipStep', (row, at) => ({ data: stepTotals(w, row), events: [skipStep(tx, id, at, stepId, input), ...release(tx, id, stepId, at, 'skipped', false)] })),

    /**
     * A step attempt asks for its resources before it starts (docs/resources.md): allocated, or
     * waiting behind others (the engine waits; a release's grant wakes it), or a requirement no
     * resource of `organizationId` can meet. Grants it makes to others append their events here.
     */
    /**
     * What a runner outside the engine holds for a step of its execution (seed 002's
     * releaseResources): released as used, or all the step's when no ids are named; answers how many.
     */
    releaseResources: (id: string, actor: Actor, stepId: string, resourceIds?: readonly string[]): Promise<number> => {
      let released = 0
      return quietReport(id, actor, 'completeStep', (_row, at) => {
        const events = release(tx, id, stepId, at, 'released', true, resourceIds)
        released = events
          .filter((e) => e.type === 'execution.resource.released' && e.executionId === id)
          .reduce((n, e) => n + (e.data as { allocations: unknown[] }).allocations.length, 0)
        return { events, bumpVersion: false }
      }).then(() => released)
    },

    acquireResources: (id: string, actor: Actor, stepId: string, organizationId: string, requirements: readonly ResourceRequirement[]): Promise<Acquired> => {
      let acquired: Acquired = { problem: 'not asked' }
      return quietReport(id, actor, 'startStep', (_row, at) => {
        const outcome = acquire(tx, id, stepId, organizationId, requirements, at)
        acquired = outcome.acquired
        return { events: outcome.events, bumpVersion: false }
      }).then(() => acquired)
    },

    reportMetrics: (id: string, actor: Actor, metrics: MetricsReport) => report(id, actor, 'reportMetrics', (row) => metricsChange(row, metrics)),

    /** Saves a checkpoint; without `state` it is computed from the steps (completed, pending, results). */
    checkpoint: (id: string, actor: Actor, input: Partial<z.infer<typeof checkpointInputSchema>> & { variables?: Record<string, unknown> }) =>
      report(id, actor, 'checkpoint', (row, at) => {
        const given = input.state && input.step ? { step: input.step, state: input.state } : undefined
        // The reason says who took it: the engine restores its own step checkpoints into handlers,
        // so one a caller saves over the API is `reported`, whatever reason it gives.
        // One asked for with no state is the console's own, taken now from the steps: `requested`.
        const metadata = actor.type === 'engine' || actor.type === 'system' ? (input.metadata ?? {}) : { ...input.metadata, reason: given ? 'reported' : 'requested' }
        const checkpointId = writeCheckpoint(tx, row, at, metadata, given, input.step, input.variables)
        return { events: [{ type: 'execution.checkpoint', stepId: input.step, data: { checkpointId } }], bumpVersion: false }
      }),

    /** Records a recovery action (docs/engine.md: RETRY, SKIP, FALLBACK, ABORT, CHECKPOINT_RESTORE). */
    recordRecovery: (id: string, actor: Actor, input: { action: string; code: string; step?: string; detail?: Record<string, unknown> }) =>
      change(id, actor, undefined, () => ({
        events: [{ type: 'execution.recovery', stepId: input.step, data: { action: input.action, code: input.code, ...input.detail } }],
        bumpVersion: false,
      })),

    /** A run-time recovery strategy applied to a failure (domain/recovery.ts): its event, counted on the strategy, in one change. */
    recoveryApplied: (id: string, actor: Actor, input: RecoveryApplication): Promise<void> =>
      applyTo(
        commit,
        tx,
        loadExecution,
        id,
        actor,
        undefined,
        (_row, at) => recoveryAppliedChange(tx, at, input),
        false,
        () => undefined,
      ),

    /** A per-execution alert fires (once; refused when it already has): its event, its webhook's delivery, in one change. */
    fireAlert: (id: string, firing: Firing): Promise<void> =>
      applyTo(
        commit,
        tx,
        loadExecution,
        id,
        ALERTING,
        undefined,
        (row, at) => fireAlertChange(tx, row, at, firing),
        false,
        () => undefined,
      ),

    /** Appends log lines in one transaction with one `execution.log` event naming their id range. */
    log: (id: string, actor: Actor, lines: LogInput[]): Promise<LogWritten> =>
      commit.write(actor, (at) => {
        const owners = w.get<{ customerId: string; providerId: string | null; stalledAt: number | null }>(
          'SELECT "customerId", "providerId", "stalledAt" FROM "Execution" WHERE "id" = ?',
          [id],
        )
        assertChangeable(actor, id, owners)
        const { value, event } = appendLogLines(tx, id, at, lines)
        const events: EventToAppend[] = [event]
        const cleared = isReport(actor) ? logIsReport(tx, id, at, owners!.stalledAt) : undefined
        if (cleared) events.unshift(cleared)
        return { value, events }
      }),
  }
}

export type ExecutionService = ReturnType<typeof createExecutionService>
