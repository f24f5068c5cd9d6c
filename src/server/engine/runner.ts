// Running one execution: its launch on a slot, its steps in dependency order (independent ones
// in parallel), conditions, human steps, sub-workflows, its timeout, interval checkpoints, and
// parking it when it only waits for people or children. Every change goes through the
// execution service; its reads and leases through the queue store.
import { logger } from '../ops/log'
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import { metrics } from '../ops/metrics'
import { endSpan, startSpan } from '../ops/trace'
import { plannedRetry, retryMessage } from '../domain/retry'
import { isStepFinished, type StepStatus } from '../domain/lifecycle'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import { open, openError } from '../security/crypto'
import type { Clock } from '../lib/clock'
import { linkedController, stopped, Stop, toErrorInfo, type ErrorInfo } from './control'
import { outputsOf, resultOf, type Definitions } from './definitions'
import type { Claimable, QueueStore, StepView } from './queue-store'
import { createStepRunner, type StepOutcome } from './step'
import { dependenciesOf, type StepOutputs, type WorkflowDefinition } from './workflow'
import { createChildSteps, type ChildStepDeps } from './children'
import { beginWithTasks, createTaskSteps, planAfterTask } from './task-steps'
import type { AfterTask } from '../services/executions/tasks'
import type { Slots } from './slots'
import { handedStep, type EngineRecovery, type StartFallback } from './recovery'
import { RESOURCE_RECHECK_MS, type ResourceGate } from './resources'

/** An execution this engine created and started in one change: the row it left and the steps it started. */
export interface Begun {
  row: ExecutionRow
  roots: string[]
}

export interface Run {
  controller: AbortController
  /** Steps a change already started for this run (start, a step boundary); their handlers run next. */
  handedOff: Set<string>
  /** Wakes the run for something it did not do itself: it rereads its steps. */
  wake: () => void
  /** Wakes the run for one of its own steps' outcomes, which it already knows. */
  settle: () => void
  /** The steps may have changed in ways the run has not seen. */
  stale: boolean
  /** The execution's parent, once its row is read (null: none). */
  parentId?: string | null
  /** What a task step's completion does at once (planAfterTask), while the run drives; `finishing` once it would complete the execution. */
  planAfter?: (stepId: string, output: unknown) => AfterTask
  finishing?: boolean
  /** Plans of steps' completions: a step.completed whose change found it covered need not wake the run. */
  planned: Map<string, AfterTask>
  /** It only waits on workers' tasks, holding no slot (slots.ts). */
  waitsOnWorkers?: boolean
  waiting: Promise<void>
}

/** How far back a run rereads its steps' changes (see drive). */
const RECENT_CHANGES_MS = 1_000

/** How long a run that waits only on workers' tasks keeps its slot before it parks. */
const TASK_WAIT_MS = 5_000

/** A parked execution is looked at again at least this often, should a wake-up be missed. */
const PARKED_RECHECK_MS = 60_000

export interface RunnerDeps {
  executions: ExecutionService
  queue: QueueStore
  definitions: Definitions
  clock: Clock
  workerId: string
  actor: Actor
  leaseMs: number
  pollMs: number
  checkpointEveryMs: number
  random: () => number
  /** The runs this worker holds, by execution id (the scheduler's too). */
  active: Map<string, Run>
  /** The engine's lifetime: aborts every run when it stops. */
  lifetime: AbortSignal
  /** Starts a child workflow (sub-workflow steps). */
  startWorkflow: ChildStepDeps['startWorkflow']
  /** Tells the scheduler a slot is free. */
  kick: () => void
  slots: Slots
  /** Run-time recovery strategies (engine/recovery.ts) and how a fallback workflow starts. */
  recovery?: EngineRecovery
  startFallback?: StartFallback
  resources: ResourceGate
  maxTree?: number
}

export function createRunner(deps: RunnerDeps) {
  const { executions, queue, definitions, clock, workerId, actor, leaseMs, pollMs, checkpointEveryMs, random, active, lifetime, startWorkflow, kick, slots, resources } = deps
  const { recovery, startFallback } = deps
  const { runStep, settleFailure } = createStepRunner({ executions, queue, definitions, clock, actor, random, recovery, startFallback, resources })
  const { driveChildren } = createChildSteps({ executions, queue, actor, startWorkflow, maxTree: deps.maxTree })
  const { driveTask } = createTaskSteps({ executions, queue, clock, actor, random, settleFailure, recovery, startFallback, resources })

  /** Starts running an execution: one due (claimed), or one just created and begun (`begun`). */
  function launch(claimed: Claimable, begun?: Begun) {
    const { id } = claimed
    let wake = () => {}
    const run: Run = {
      controller: new AbortController(),
      handedOff: new Set(),
      planned: new Map(),
      wake: () => {
        run.stale = true
        wake()
      },
      settle: () => wake(),
      stale: true,
      waiting: Promise.resolve(),
    }
    const rearm = () => {
      run.waiting = new Promise<void>((resolve) => {
        wake = () => {
          resolve()
          rearm()
        }
      })
    }
    rearm()
    active.set(id, run)
    runExecution(id, run, claimed, begun)
      .catch((error) => logger('engine').error({ err: error, executionId: id }, `engine: execution ${id} stopped with an error`))
      .then(async (outcome) => {
        // Ending and parking give the lease back in their own transaction; anything else here.
        if (outcome !== 'done') await queue.release(id, workerId).catch(() => {})
      })
      .finally(() => {
        slots.waitOnWorkers(run, false)
        active.delete(id)
        kick()
      })
  }

  async function runExecution(id: string, run: Run, claimed: Claimable, begun?: Begun): Promise<'done' | undefined> {
    const definition = definitions.registry.get(claimed.workflowDefinitionId ?? '')
    if (!definition) return undefined // claimed only when registered; another worker runs the rest
    if (begun) for (const root of begun.roots) run.handedOff.add(root)
    /** Starts it with its lease and first steps; the row as the start left it, or null when another worker was first. */
    const begin = async () => {
      const { steps: roots, tasks } = beginWithTasks(definition, definitions.rootsOf(definition), clock.now())
      // Another worker starting it first makes this a quiet no-op (CONFLICT).
      const started = await executions.begin(id, actor, { lease: { workerId, leaseMs }, steps: roots, tasks }).catch(stopped)
      if (!started) return null
      for (const root of roots) run.handedOff.add(root)
      return started
    }
    // Queued ones and due retries start straight from the scheduler's read; the others are read first.
    let row = begun ? begun.row : claimed.status === 'queued' || claimed.status === 'retry' ? await begin() : queue.execution(id)
    if (!row) return 'done'
    if (row.status === 'queued' || row.status === 'retry' || row.status === 'starting') {
      row = await begin()
      if (!row) return 'done'
    } else if (row.leaseOwner !== workerId) return 'done'
    if (row.status !== 'running') return undefined
    run.parentId = row.parentExecutionId

    const linked = linkedController(lifetime, run.controller)
    const signal = run.controller.signal
    // The execution's timeout counts its running time, not pauses or waits between retries.
    const used = clock.now() - (row.startedAt?.getTime() ?? clock.now()) - row.pausedMs - row.retryDurationMs
    const remaining = Math.max(0, row.timeoutMs - used)
    const cancelTimeout = clock.after(remaining, () => {
      run.controller.abort(new Stop('timeout'))
      run.wake()
    })
    // A look at the status on every quiet interval (one timer for the run, not one per wait).
    const statusLook = { due: false }
    let cancelStatusLook = () => {}
    const lookLater = () => {
      cancelStatusLook = clock.after(Math.max(pollMs, 1_000), () => {
        // (A run that only waits on workers does nothing a change could stop: it looks when it next wakes.)
        statusLook.due = true
        if (!run.waitsOnWorkers) run.wake()
        lookLater()
      })
    }
    lookLater()
    try {
      return await drive(id, run, definition, row, signal, statusLook, begun)
    } finally {
      cancelTimeout()
      cancelStatusLook()
      linked()
    }
  }

  /** Runs the steps until the execution ends, parks or is interrupted; 'done' when its lease is already given back. */
  async function drive(
    id: string,
    run: Run,
    definition: WorkflowDefinition,
    row: ExecutionRow,
    signal: AbortSignal,
    statusLook: { due: boolean },
    begun?: Begun,
  ): Promise<'done' | undefined> {
    const inFlight = new Map<string, Promise<StepOutcome>>()
    const outcomes = new Map<string, StepOutcome>()
    let lastCheckpoint = clock.now()
    /** When a run that only waits on workers parks (see TASK_WAIT_MS). */
    let parkAt: number | undefined

    // The steps as last read. After the first read only rows changed lately are read again, so a
    // long workflow (a 1,000-step batch) does not reread every step at every boundary. The look-back
    // covers writes of other processes that committed a little after they were stamped.
    const byId = new Map<string, StepView>()
    // Outputs of steps this run finished, as their handlers returned them (the rows hold them sealed).
    const ownOutputs = new Map<string, unknown>()
    let lastRead: number | null = null
    const refresh = () => {
      run.stale = false
      const since = lastRead === null ? Number.MIN_SAFE_INTEGER : lastRead - RECENT_CHANGES_MS
      lastRead = clock.now()
      for (const step of queue.stepsChangedSince(id, since)) byId.set(step.stepId, step)
      return [...byId.values()]
    }
    if (begun) {
      // Created and started in one change just now: its steps are as that change wrote them.
      for (const step of definition.steps) {
        const root = begun.roots.includes(step.id)
        const status = root ? 'running' : step.disabled ? 'disabled' : 'pending'
        byId.set(step.id, { stepId: step.id, status, output: null, attempt: root ? 1 : 0, error: null, errorCode: null, errorMessage: null })
      }
      run.stale = false
    }
    const outputOf = (step: StepView) => (ownOutputs.has(step.stepId) ? ownOutputs.get(step.stepId) : open(step.output))
    /** What a step's boundary change did, applied to the steps as known, instead of rereading them. */
    const applyBoundary = (stepId: string, boundary: NonNullable<Extract<StepOutcome, { kind: 'finished' }>['boundary']>) => {
      const done = byId.get(stepId)
      const started = boundary.started.map((next) => byId.get(next))
      if (!done || started.some((next) => !next)) {
        run.stale = true
        return
      }
      ownOutputs.set(stepId, boundary.output)
      byId.set(stepId, { ...done, status: 'completed' })
      for (const next of started) byId.set(next!.stepId, { ...next!, status: 'running', attempt: next!.attempt + 1 })
    }
    const context = (open(row.context) as Record<string, unknown> | null) ?? {} // sealed at rest
    // Step outputs as `__steps__.<id>.outputData`, parsed only when a handler reads them.
    const stepOutputs = new Proxy({} as StepOutputs, {
      get: (_target, key) => {
        const step = typeof key === 'string' ? byId.get(key) : undefined
        return step?.status === 'completed' ? { outputData: outputOf(step) } : undefined
      },
      has: (_target, key) => typeof key === 'string' && byId.get(key)?.status === 'completed',
      ownKeys: () => [...byId.values()].filter((s) => s.status === 'completed').map((s) => s.stepId),
      getOwnPropertyDescriptor: (_target, key) =>
        typeof key === 'string' && byId.get(key)?.status === 'completed' ? { enumerable: true, configurable: true, value: { outputData: outputOf(byId.get(key)!) } } : undefined,
    })
    const expression = { input: (context.input as Record<string, unknown>) ?? {}, __context__: context, __steps__: stepOutputs }
    run.planAfter = (stepId, output) => {
      if (signal.aborted || [...outcomes.values()].some((o) => o.kind === 'failed')) return { next: [] }
      if (run.stale) refresh() // (completions it was not woken for)
      parkAt = undefined // the work moves: the wait before parking starts again
      const look = { status: (s: string) => byId.get(s)?.status, scope: expression, priority: row.priority, now: clock.now(), by: actor, finishing: inFlight.size === 0 }
      const after = planAfterTask(definition, stepId, output, look)
      run.finishing ||= !!after.finish
      if (!after.finish) run.planned.set(stepId, after) // (a finish wakes it: it has ended, its slot is free)
      return after
    }

    for (;;) {
      if (signal.aborted) break
      for (const o of outcomes.values()) if (o.kind === 'finished' && o.boundary?.executionCompleted) return 'done'
      const lookedAt = run.waiting // a wake from here on replaces it: one during a park is not lost
      const steps = run.stale ? refresh() : [...byId.values()]
      // Done when every step of the definition has finished (rows it does not name, left by an
      // older version of the workflow, do not hold it up).
      if (steps.length && inFlight.size === 0 && definition.steps.every((d) => isStepFinished((byId.get(d.id)?.status ?? 'pending') as StepStatus))) {
        // A worker's last result may have completed it in its change (planAfter).
        if (!(run.finishing && queue.status(id) === 'completed')) await executions.finish(id, actor, resultOf(definition, outputsOf(steps)))
        return 'done'
      }
      let changed = false
      let waitingOnWorkers = false

      for (const [index, step] of definition.steps.entries()) {
        const stepRow = byId.get(step.id)
        if (inFlight.has(step.id)) continue
        if (stepRow && isStepFinished(stepRow.status as StepStatus)) continue
        const failed = outcomes.get(step.id)
        if (failed?.kind === 'failed') continue
        const dependencies = dependenciesOf(definition, index)
        const ready = dependencies.every((dep) => {
          const d = byId.get(dep)
          return d !== undefined && isStepFinished(d.status as StepStatus)
        })
        if (!ready) continue
        // A predecessor still in flight has just started this step in its boundary change (the
        // events woke this loop before its promise settled): its hand-off is on the way.
        if (dependencies.some((dep) => inFlight.has(dep))) continue
        // A pending step's turn: disabled (by definition or its activation policy), skipped by its
        // condition, or started. A template's expression that fails fails the step's execution.
        if (!stepRow || stepRow.status === 'pending') {
          let skip: { disabled?: boolean; reason: string } | null = null
          try {
            if (step.disabled || (step.activation && !step.activation(expression))) skip = { disabled: true, reason: step.disabled ? 'disabled' : 'activation policy is false' }
            else if (step.condition && !step.condition(expression)) skip = { reason: 'condition is false' }
          } catch (thrown) {
            outcomes.set(step.id, { kind: 'failed', error: toErrorInfo(thrown), abort: false })
            continue
          }
          if (skip) {
            await executions.skipStep(id, actor, step.id, skip)
            changed = true
            continue
          }
        }
        if (step.task) {
          const state = await driveTask(id, definition, step, stepRow, expression, row.priority)
          if (state === 'waiting') waitingOnWorkers = true
          if (state === 'changed') changed = true
          else if (state !== 'waiting') {
            const outcome: StepOutcome = 'failed' in state ? { kind: 'failed', error: state.failed, abort: state.abort } : state.settled
            if (outcome.kind === 'failed') outcomes.set(step.id, outcome)
            else changed = true
          }
          continue
        }
        if (step.children) {
          const waiting = await driveChildren(id, step, stepRow, expression, definition.organizationId)
          if (waiting === 'changed') changed = true
          if (typeof waiting === 'object') outcomes.set(step.id, { kind: 'failed', error: waiting.failed, abort: false })
          if (waiting === 'failed')
            outcomes.set(step.id, {
              kind: 'failed',
              error: { code: 'DEPENDENCY_ERROR', message: `a child execution of step ${step.id} did not complete`, recoverable: true },
              abort: false,
            })
          continue
        }
        if (!step.handler) {
          // A human step: started once with its due date, then it waits for an operator. Failed
          // means an operator rejected it (a retry of the execution sets failed steps pending).
          if (stepRow?.status === 'running') continue
          if (stepRow?.status === 'failed') {
            const err = openError(stepRow.error as ErrorInfo | null) ?? {
              code: stepRow.errorCode ?? 'BUSINESS_RULE_VIOLATION',
              message: (open(stepRow.errorMessage) as string | null) ?? 'rejected',
              recoverable: false,
            }
            outcomes.set(step.id, { kind: 'failed', error: err, abort: false })
          } else {
            // A person's seat may be a resource: the step waits for it as a worker's task does.
            const held = await resources.tryHold(id, definition, step)
            if (held === 'interrupted') continue
            if (typeof held === 'object' && 'waiting' in held) {
              waitingOnWorkers = true
              continue
            }
            if (held !== 'granted') {
              outcomes.set(step.id, { kind: 'failed', error: held.failed, abort: true })
              continue
            }
            await executions.startStep(id, actor, {
              id: step.id,
              dueAt: step.dueInMs ? new Date(clock.now() + step.dueInMs).toISOString() : undefined,
            })
            changed = true
          }
          continue
        }
        // A step a recovery strategy handed to a worker (a fallback task): waited for as a task step is.
        if ((stepRow?.status === 'running' || stepRow?.status === 'failed') && !run.handedOff.has(step.id) && outcomes.get(step.id)?.kind !== 'failed') {
          const handed = await handedStep({ executions, actor, recovery, startFallback, now: () => clock.now() }, queue, id, step, stepRow, () => expression.input)
          if (handed === 'waiting') waitingOnWorkers = true
          else if (handed === 'changed') changed = true
          else if (handed) outcomes.set(step.id, handed)
          if (handed) continue
        }
        const preStarted = stepRow?.status === 'running' && run.handedOff.delete(step.id)
        // Its duration by workflow and outcome (/metrics), and a span when tracing is on.
        const stepStarted = performance.now()
        const span = startSpan('engine.step', { 'execution.id': id, 'step.id': step.id, 'workflow.id': definition.id })
        const promise = runStep(id, definition, step, stepRow, expression, signal, ownOutputs, preStarted)
        inFlight.set(step.id, promise)
        promise.then((outcome) => {
          metrics().engineStepDuration.observe({ workflow: definition.id, outcome: outcome.kind }, (performance.now() - stepStarted) / 1000)
          endSpan(span, outcome.kind === 'failed' ? new Error(outcome.error.message) : undefined, { 'step.outcome': outcome.kind })
          inFlight.delete(step.id)
          if (outcome.kind === 'handed') {
            run.stale = true // (its step restarted as a task instance: reread)
            run.wake()
            return
          }
          outcomes.set(step.id, outcome)
          if (outcome.kind === 'finished' && outcome.boundary) {
            for (const next of outcome.boundary.started) run.handedOff.add(next)
            applyBoundary(step.id, outcome.boundary)
            run.settle()
          } else run.wake()
        })
      }
      if (changed) {
        parkAt = undefined
        run.stale = true // skipped, started or waiting on children: reread what that did
        continue
      }

      const failure = [...outcomes.entries()].find(([, o]) => o.kind === 'failed')
      if (failure && inFlight.size === 0) {
        const [stepId, outcome] = failure as [string, Extract<StepOutcome, { kind: 'failed' }>]
        await failExecution(id, outcome.error, stepId, outcome.abort, outcome.restore)
        return 'done'
      }
      if (clock.now() - lastCheckpoint >= checkpointEveryMs) {
        await executions.checkpoint(id, actor, { metadata: { reason: 'interval' } })
        lastCheckpoint = clock.now()
      }
      if (inFlight.size === 0) {
        // Workers outside report in milliseconds: a run that waits on them keeps its slot a while,
        // woken by their report, rather than parking and being claimed again at every step.
        parkAt ??= clock.now() + TASK_WAIT_MS
        if (waitingOnWorkers && clock.now() < parkAt) {
          if (slots.waitOnWorkers(run, true)) kick()
          const look = resources.waits(id) ? Math.min(RESOURCE_RECHECK_MS, parkAt - clock.now()) : parkAt - clock.now()
          await Promise.race([run.waiting, clock.sleep(look, signal).catch(() => {})])
          slots.waitOnWorkers(run, false)
          run.stale = true
          continue
        }
        // Nothing runs here: only people, children or silent workers are awaited. Free the slot;
        // an operator's step, a child's end, a worker's report, or the recheck brings it back.
        await queue.park(id, workerId, new Date(clock.now() + (resources.waits(id) ? RESOURCE_RECHECK_MS : PARKED_RECHECK_MS)))
        if (run.waiting !== lookedAt) await queue.wake(id) // woken while it parked (a child's end, a report): due now
        return 'done'
      }
      parkAt = undefined
      // Woken by a step's end, an event, or the status look (see runExecution).
      await run.waiting
      // Pauses and cancels arrive as events and stop the run at once; the status look is for a
      // change whose event this process did not hear (no shared bus).
      if (statusLook.due) {
        statusLook.due = false
        run.stale = true
        if (queue.status(id) !== 'running') run.controller.abort(new Stop('stopped'))
      }
    }

    // Interrupted: let handlers see the signal and finish, then record why.
    await Promise.race([Promise.allSettled([...inFlight.values()]), clock.sleep(5_000).catch(() => {})])
    const reason = signal.reason
    if (reason instanceof Stop && reason.why === 'timeout') {
      const running = queue.runningSteps(id)
      await failExecution(id, { code: 'TIMEOUT', message: `execution exceeded its timeout of ${row.timeoutMs} ms`, recoverable: true }, running[0])
      return 'done'
    }
    return undefined
  }

  /**
   * Fails the execution, then schedules a retry when its policy covers the error — or, for a
   * recovery strategy's CHECKPOINT_RESTORE, restores checkpoint `restore` (which retries it).
   */
  async function failExecution(id: string, error: ErrorInfo, step: string | undefined, noRetry = false, restore?: string) {
    const failed = await executions.fail(id, actor, { ...error, step }).catch(stopped)
    if (failed && restore) {
      await executions.restoreCheckpoint(id, actor, { checkpointId: restore }).catch(stopped)
      return
    }
    if (!failed || noRetry) return
    const retry = plannedRetry({ ...failed, retries: failed.metrics!.retries! }, random)
    if (retry) {
      await executions.log(id, actor, [{ level: 'warn', step, message: retryMessage(retry) }])
      await executions.retry(id, actor, { deferred: true, runAt: new Date(clock.now() + retry.delay) })
    }
  }

  return { launch }
}
