// The engine: a durable queue on the database and the runner of workflow definitions.
// Every change it makes goes through the execution service — the same write path as an
// operator's — so the timeline, live views and webhooks see the engine as they see anyone.
import { setMaxListeners } from 'node:events'
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { Execution as ExecutionRow, ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Writer } from '../db/writer'
import { fromSql } from '../db/rows'
import type { EventBus } from '../events/bus'
import { canRetry, calculateRetryDelay, isRetryableError, plannedRetry, retryMessage, type RetryPolicy } from '../domain/retry'
import { isRecoverableByDefault } from '../domain/errors'
import { isStepFinished, type LogLevel, type StepStatus } from '../domain/lifecycle'
import type { CreateExecutionInput, LogInput } from '../domain/schemas'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import { ServiceError } from '../services/errors'
import { registerWorker, stopWorker } from '../services/workers'
import { open, openError } from '../security/crypto'
import { systemClock, type Clock } from '../lib/clock'
import { pollLoop } from '../lib/loop'
import {
  assigneeObject,
  assigneeType,
  dependenciesOf,
  StepError,
  workflowVersionId,
  type ChildSpec,
  type StepDefinition,
  type StepOutputs,
  type WorkflowDefinition,
} from './workflow'

export interface EngineOptions {
  /** The write path's connection; the engine reads through it too (committed data, no round trip). */
  store: Writer
  executions: ExecutionService
  bus: EventBus
  workflows: WorkflowDefinition[]
  clock?: Clock
  workerId?: string
  /** Executions run at once by this worker. */
  concurrency?: number
  /** A worker that stops heartbeating loses its executions after this long. */
  leaseMs?: number
  /** How often the queue is looked at when nothing wakes the scheduler sooner. */
  pollMs?: number
  /** Automatic checkpoints of a running execution (default 15 minutes). */
  checkpointEveryMs?: number
  random?: () => number
}

export interface StartOptions {
  /** Who asked, when a request starts it (its organisations bound the customer); the engine otherwise. */
  requestedBy?: Actor
  input?: Record<string, unknown>
  context?: Record<string, unknown>
  priority?: 'low' | 'normal' | 'high' | 'urgent'
  tags?: string[]
  correlationId?: string
  parent?: { executionId: string; stepId: string }
  customer?: string
}

type ErrorInfo = { code: string; message: string; recoverable: boolean; context?: Record<string, unknown>; stack?: string }
type StepOutcome =
  | {
      kind: 'finished'
      /** Set when the step's own boundary change finished it: its output and the successors it started. */
      boundary?: { output: unknown; started: string[]; executionCompleted: boolean }
    }
  | { kind: 'failed'; error: ErrorInfo; abort: boolean }
  | { kind: 'interrupted' }

/** Why a run was interrupted. */
class Stop extends Error {
  constructor(readonly why: 'stopped' | 'timeout' | 'step-timeout' | 'shutdown') {
    super(why)
  }
}

/** An execution the scheduler found due, as its read gave it. */
interface Claimable {
  id: string
  status: string
  workflowDefinitionId: string | null
}

/** An execution this engine created and started in one change: the row it left and the steps it started. */
interface Begun {
  row: ExecutionRow
  roots: string[]
}

interface Run {
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
  waiting: Promise<void>
}

/** How far back a run rereads its steps' changes (see drive). */
const RECENT_CHANGES_MS = 1_000
/** Changes by someone else that end or suspend a run this engine holds. */
const STOPPING_EVENTS: ReadonlySet<string> = new Set(['execution.paused', 'execution.cancelled', 'execution.failed', 'execution.completed', 'execution.retry'])

type StepView = Pick<StepRow, 'stepId' | 'status' | 'output' | 'attempt' | 'error' | 'errorCode' | 'errorMessage'>

/** A parked execution is looked at again at least this often, should a wake-up be missed. */
const PARKED_RECHECK_MS = 60_000

const PRIORITIES_FIRST_TO_LAST = ['urgent', 'high', 'normal', 'low'] as const

export function createEngine(options: EngineOptions) {
  const { store, executions, bus } = options
  const readExecution = (id: string) => {
    const raw = store.get<Record<string, unknown>>('SELECT * FROM "Execution" WHERE "id" = ?', [id])
    return raw ? fromSql<ExecutionRow>('Execution', raw) : null
  }
  const clock = options.clock ?? systemClock
  const workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
  const concurrency = options.concurrency ?? 8
  const leaseMs = options.leaseMs ?? 30_000
  const pollMs = options.pollMs ?? 250
  const checkpointEveryMs = options.checkpointEveryMs ?? 15 * 60_000
  const random = options.random ?? Math.random
  const actor: Actor = { type: 'engine', id: workerId }
  const registry = new Map(options.workflows.map((w) => [workflowVersionId(w), w]))
  const latest = new Map<string, WorkflowDefinition>()
  for (const w of options.workflows) if ((latest.get(w.id)?.version ?? -1) < w.version) latest.set(w.id, w)

  // For each step, the steps after it whose handlers can start at its boundary, in the same change.
  const successorsByWorkflow = new Map(
    options.workflows.map((w) => {
      const map = new Map<string, string[]>()
      w.steps.forEach((step, i) => {
        if (!chainable(step)) return
        for (const dep of dependenciesOf(w, i)) map.set(dep, [...(map.get(dep) ?? []), step.id])
      })
      return [workflowVersionId(w), map]
    }),
  )
  // For each workflow, the steps that start with the execution: chainable, with nothing to wait for.
  const rootsByWorkflow = new Map(
    options.workflows.map((w) => [workflowVersionId(w), w.steps.filter((step, i) => chainable(step) && dependenciesOf(w, i).length === 0).map((step) => step.id)]),
  )
  const rootsOf = (definition: WorkflowDefinition) => rootsByWorkflow.get(workflowVersionId(definition))!
  const active = new Map<string, Run>()
  const lifetime = new AbortController()
  setMaxListeners(0, lifetime.signal) // every run and sleep listens to it
  let kickScheduler: () => void = () => {}
  /** Scheduling here (start() was called); slots promised to starts whose change is on its way. */
  let running = false
  let reserved = 0
  let loops: Promise<unknown>[] = []

  // ---- definitions ----------------------------------------------------------------------

  /** Records each definition version (the execution's workflowTemplateVersionId points at it). */
  async function registerDefinitions() {
    for (const w of options.workflows) {
      const definition = {
        steps: w.steps.map((s, i) => ({
          id: s.id,
          name: s.name ?? s.id,
          assignee: assigneeObject(s.assignee),
          dependsOn: dependenciesOf(w, i),
          condition: !!s.condition,
          disabled: !!s.disabled,
          retryPolicy: s.retryPolicy,
          timeout: s.timeout,
          subWorkflow: !!s.children,
        })),
        retryPolicy: w.retryPolicy,
        timeout: w.timeout,
        recovery: Object.fromEntries(Object.entries(w.recovery ?? {}).map(([code, r]) => [code, r.action])),
      }
      store.run(
        `INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "description", "serviceId", "definition", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "description" = excluded."description", "definition" = excluded."definition"`,
        [workflowVersionId(w), w.id, w.version, w.name, w.description ?? null, w.service, JSON.stringify(definition), clock.now()],
      )
    }
  }

  let definitionsWritten: Promise<void> | undefined
  const ensureRegistered = () => (definitionsWritten ??= registerDefinitions())

  async function startWorkflow(workflow: string, start: StartOptions = {}) {
    await ensureRegistered()
    const definition = latest.get(workflow)
    if (!definition) throw new ServiceError('BAD_REQUEST', `workflow '${workflow}' is not registered; known: ${[...latest.keys()].join(', ')}`, 'workflow')
    // A request's start is recorded as the requester's, within its organisations.
    const requester = start.requestedBy ?? actor
    const input: CreateExecutionInput = {
      service: definition.service,
      customer: start.customer,
      workflowTemplateVersionId: workflowVersionId(definition),
      assignee: definition.assignee,
      retryPolicy: definition.retryPolicy,
      timeout: definition.timeout,
      priority: start.priority,
      tags: start.tags,
      correlationId: start.correlationId,
      parentExecutionId: start.parent?.executionId,
      parentStepId: start.parent?.stepId,
      context: { ...start.context, input: start.input ?? {} },
      steps: definition.steps.map((s, i) => ({
        id: s.id,
        name: s.name ?? s.id,
        assignee: assigneeObject(s.assignee),
        dependsOn: dependenciesOf(definition, i),
        status: s.disabled ? ('disabled' as const) : undefined,
        type: s.children ? 'sub-workflow' : assigneeType(s.assignee) === 'human' && !s.handler ? 'human' : 'task',
      })),
    }
    if (!running || lifetime.signal.aborted || underWayDue || active.size + reserved >= concurrency) {
      const created = await executions.create(requester, input)
      kickScheduler()
      return created
    }
    // A slot is free: unless what is queued as urgent would take every free slot, it starts at
    // once — created, leased and its first steps started in one change — as the scheduler would
    // start it a moment later.
    const priority = start.priority ?? 'normal'
    const rank = PRIORITIES_FIRST_TO_LAST.indexOf(priority)
    const slots = concurrency - active.size - reserved
    const ahead = PRIORITIES_FIRST_TO_LAST.slice(0, rank + 1)
    reserved += 1
    try {
      const roots = rootsOf(definition)
      const { execution, row } = await executions.createStarted(requester, input, {
        lease: { workerId, leaseMs },
        steps: roots,
        by: actor,
        // The queue is looked at only when one of those priorities may hold something.
        queue: ahead.some((p) => queueMayHold.has(p)) ? { priorities: ahead, workflows: runnable, slots } : undefined,
      })
      if (row) launch({ id: row.id, status: row.status, workflowDefinitionId: row.workflowDefinitionId }, { row, roots })
      else kickScheduler()
      return execution
    } finally {
      reserved -= 1
    }
  }

  // ---- scheduling -------------------------------------------------------------------------

  /** Claims due executions, most urgent and oldest first, up to the free slots. */
  const runnable = [...registry.keys()]
  const inRegistered = `"workflowDefinitionId" IN (${runnable.map(() => '?').join(', ')})`

  /**
   * Claims due executions up to the free slots: first those already under way (a due retry, a
   * resumed, woken or orphaned run), then queued ones by priority and age — each priority read
   * from the queue's index, so a deep queue costs no more than a short one.
   */
  // Under-way executions (due retries, resumed, woken, orphaned) are looked for on the poll
  // interval or when something says one is due; a run that ends only needs the queue. They are
  // read from the index of executions under way and sorted (the +): ordering by the creation-time
  // index instead would walk a long history's every finished execution.
  let lastUnderWayScan = -Infinity
  let underWayDue = true
  // A priority's queue is read only when it may hold something: all of them at first and on the
  // poll interval, one when a create of that priority is heard on the bus; a read that finds
  // fewer than it asked for shows that priority empty. (Only creates queue an execution.)
  let lastQueueScan = -Infinity
  const queueMayHold = new Set<string>(PRIORITIES_FIRST_TO_LAST)
  // One priority at a time, most urgent first, each an index range read in age order: cheaper than
  // one UNION of the four with a sort. (Age alone: a tie-break on id would sort every queued row
  // of a priority first.)
  const queueSql = `SELECT "id", "status", "workflowDefinitionId" FROM "Execution" WHERE "priority" = ? AND "status" = 'queued' AND ${inRegistered} ORDER BY "createdAt" LIMIT ?`

  /** Executions due here, up to `limit`: under way first (when due for a look), then queued by priority and age. */
  function dueExecutions(now: number, limit: number): Claimable[] {
    const due: Claimable[] = []
    if (underWayDue || now - lastUnderWayScan >= pollMs) {
      underWayDue = false
      lastUnderWayScan = now
      due.push(
        ...store.all<Claimable>(
          `SELECT "id", "status", "workflowDefinitionId" FROM "Execution"
           WHERE "status" IN ('starting', 'running', 'retry') AND ("nextRunAt" IS NULL OR "nextRunAt" <= ?)
             AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < ?) AND ${inRegistered}
           ORDER BY +"createdAt", +"id" LIMIT ?`,
          [now, now, ...runnable, limit],
        ),
      )
    }
    if (now - lastQueueScan >= pollMs) {
      lastQueueScan = now
      for (const priority of PRIORITIES_FIRST_TO_LAST) queueMayHold.add(priority)
    }
    for (const priority of PRIORITIES_FIRST_TO_LAST) {
      if (due.length === limit) break
      if (!queueMayHold.has(priority)) continue
      const asked = limit - due.length
      const queued = store.all<Claimable>(queueSql, [priority, ...runnable, asked])
      if (queued.length < asked) queueMayHold.delete(priority)
      due.push(...queued)
    }
    return due
  }

  async function tick() {
    const free = concurrency - active.size - reserved
    if (free <= 0 || lifetime.signal.aborted) return
    const now = clock.now()
    const limit = free + active.size
    // Nothing may be due: no look at the database at all.
    if (!underWayDue && now - lastUnderWayScan < pollMs && now - lastQueueScan < pollMs && queueMayHold.size === 0) return
    // The reads join the next shared transaction, which costs them less than reading on their own.
    const due = await executions.read(() => dueExecutions(now, limit))
    for (const claimable of due) {
      if (active.size >= concurrency) break
      if (active.has(claimable.id)) continue
      // Queued and due retries are claimed by starting them (the lease goes with the start);
      // running ones (recovered, resumed, woken) by taking their lease.
      const { id, status } = claimable
      if (status === 'queued' || status === 'retry' || (await executions.claim(id, workerId, leaseMs))) launch(claimable)
    }
  }

  /** Starts running an execution: one due (claimed), or one just created and begun (`begun`). */
  function launch(claimed: Claimable, begun?: Begun) {
    const { id } = claimed
    let wake = () => {}
    const run: Run = {
      controller: new AbortController(),
      handedOff: new Set(),
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
      .catch((error) => console.error(`engine: execution ${id} stopped with an error`, error))
      .then(async (outcome) => {
        // Ending and parking give the lease back in their own transaction; anything else here.
        if (outcome !== 'done') await executions.release(id, workerId).catch(() => {})
      })
      .finally(() => {
        active.delete(id)
        kickScheduler()
      })
  }

  async function heartbeatLoop() {
    while (!lifetime.signal.aborted) {
      await clock.sleep(Math.max(10, Math.floor(leaseMs / 3)), lifetime.signal).catch(() => {})
      if (lifetime.signal.aborted) break
      const ids = [...active.keys()]
      try {
        const held = new Set(await executions.extendLeases(ids, workerId, leaseMs))
        for (const id of ids) {
          if (held.has(id)) continue
          active.get(id)?.controller.abort(new Stop('stopped'))
          active.get(id)?.wake()
        }
      } catch (error) {
        console.error('engine: heartbeat failed', error)
      }
    }
  }

  // Operators pause, cancel, complete human steps; children finish: wake whoever waits.
  const unsubscribe = bus.subscribe((event) => {
    const run = active.get(event.executionId)
    if (run) {
      // This engine's own changes come from its run, which goes on by itself after each.
      if (event.actorId !== workerId) {
        if (STOPPING_EVENTS.has(event.type)) run.controller.abort(new Stop('stopped'))
        run.wake()
      }
    } else if (event.actorId !== workerId && event.type.startsWith('execution.step.')) {
      // An operator completed or rejected a step of a parked execution.
      void wakeParked(event.executionId)
    }
    if (event.type === 'execution.completed' || event.type === 'execution.failed' || event.type === 'execution.cancelled') {
      void wakeParent(event.executionId)
    }
    // Resumed, retried, or started by an operator (handed to the engine in `starting`): due now.
    if (event.type === 'execution.resumed' || event.type === 'execution.retry' || (event.type === 'execution.started' && event.status === 'starting')) {
      underWayDue = true
      kickScheduler()
    }
    if (event.type === 'execution.created' && (event.data as { queued?: unknown } | null)?.queued !== false) {
      const priority = (event.data as { priority?: unknown } | null)?.priority
      if (typeof priority === 'string' && (PRIORITIES_FIRST_TO_LAST as readonly string[]).includes(priority)) queueMayHold.add(priority)
      else for (const p of PRIORITIES_FIRST_TO_LAST) queueMayHold.add(p)
      kickScheduler()
    }
  })

  async function wakeParked(id: string) {
    try {
      if (await executions.wake(id)) {
        underWayDue = true
        kickScheduler()
      }
    } catch (error) {
      console.error(`engine: could not wake ${id}`, error)
    }
  }

  /** A child ended: its parent, running here or parked, looks at its children again. */
  async function wakeParent(childId: string) {
    const ran = active.get(childId)?.parentId
    const parentId =
      ran !== undefined ? ran : store.get<{ parentExecutionId: string | null }>('SELECT "parentExecutionId" FROM "Execution" WHERE "id" = ?', [childId])?.parentExecutionId
    if (!parentId) return
    const run = active.get(parentId)
    if (run) run.wake()
    else await wakeParked(parentId)
  }

  // ---- running one execution ----------------------------------------------------------------

  async function runExecution(id: string, run: Run, claimed: Claimable, begun?: Begun): Promise<'done' | undefined> {
    const definition = registry.get(claimed.workflowDefinitionId ?? '')
    if (!definition) return undefined // claimed only when registered; another worker runs the rest
    if (begun) for (const root of begun.roots) run.handedOff.add(root)
    /** Starts it with its lease and first steps; the row as the start left it, or null when another worker was first. */
    const begin = async () => {
      const roots = rootsOf(definition)
      // Another worker starting it first makes this a quiet no-op (CONFLICT).
      const started = await executions.begin(id, actor, { lease: { workerId, leaseMs }, steps: roots }).catch(stopped)
      if (!started) return null
      for (const root of roots) run.handedOff.add(root)
      return started
    }
    // Queued ones and due retries start straight from the scheduler's read; the others are read first.
    let row = begun ? begun.row : claimed.status === 'queued' || claimed.status === 'retry' ? await begin() : readExecution(id)
    if (!row) return 'done'
    if (row.status === 'queued' || row.status === 'retry' || row.status === 'starting') {
      row = await begin()
      if (!row) return 'done'
    } else if (row.leaseOwner !== workerId) return 'done'
    if (row.status !== 'running') return undefined
    run.parentId = row.parentExecutionId

    const linked = linkedController(lifetime.signal, run.controller)
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
        statusLook.due = true
        run.wake()
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
      for (const raw of store.all<Record<string, unknown>>(
        'SELECT "stepId", "status", "output", "attempt", "error", "errorCode", "errorMessage" FROM "ExecutionStep" WHERE "executionId" = ? AND "updatedAt" >= ?',
        [id, since],
      )) {
        const step = fromSql<StepView>('ExecutionStep', raw)
        byId.set(step.stepId, step)
      }
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

    for (;;) {
      if (signal.aborted) break
      for (const o of outcomes.values()) if (o.kind === 'finished' && o.boundary?.executionCompleted) return 'done'
      const steps = run.stale ? refresh() : [...byId.values()]
      // Done when every step of the definition has finished (rows it does not name, left by an
      // older version of the workflow, do not hold it up).
      if (steps.length && inFlight.size === 0 && definition.steps.every((d) => isStepFinished((byId.get(d.id)?.status ?? 'pending') as StepStatus))) {
        await executions.complete(id, actor, resultOf(definition, outputsOf(steps)))
        return 'done'
      }
      let changed = false

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
        if (step.disabled || (step.condition && !step.condition(expression))) {
          await executions.skipStep(id, actor, step.id, step.disabled ? { disabled: true, reason: 'disabled' } : { reason: 'condition is false' })
          changed = true
          continue
        }
        if (step.children) {
          const waiting = await driveChildren(id, step, stepRow, expression)
          if (waiting === 'changed') changed = true
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
            await executions.startStep(id, actor, {
              id: step.id,
              dueAt: step.dueInMs ? new Date(clock.now() + step.dueInMs).toISOString() : undefined,
            })
            changed = true
          }
          continue
        }
        const preStarted = stepRow?.status === 'running' && run.handedOff.delete(step.id)
        const promise = runStep(id, definition, step, stepRow, expression, signal, ownOutputs, preStarted)
        inFlight.set(step.id, promise)
        promise.then((outcome) => {
          inFlight.delete(step.id)
          outcomes.set(step.id, outcome)
          if (outcome.kind === 'finished' && outcome.boundary) {
            for (const next of outcome.boundary.started) run.handedOff.add(next)
            applyBoundary(step.id, outcome.boundary)
            run.settle()
          } else run.wake()
        })
      }
      if (changed) {
        run.stale = true // skipped, started or waiting on children: reread what that did
        continue
      }

      const failure = [...outcomes.entries()].find(([, o]) => o.kind === 'failed')
      if (failure && inFlight.size === 0) {
        const [stepId, outcome] = failure as [string, Extract<StepOutcome, { kind: 'failed' }>]
        await failExecution(id, outcome.error, stepId, outcome.abort)
        return 'done'
      }
      if (clock.now() - lastCheckpoint >= checkpointEveryMs) {
        await executions.checkpoint(id, actor, { metadata: { reason: 'interval' } })
        lastCheckpoint = clock.now()
      }
      if (inFlight.size === 0) {
        // Nothing runs here: only people or children are awaited. Free the slot; an operator's
        // step, a child's end, or the recheck time brings the execution back.
        await executions.park(id, workerId, new Date(clock.now() + PARKED_RECHECK_MS))
        return 'done'
      }
      // Woken by a step's end, an event, or the status look (see runExecution).
      await run.waiting
      // Pauses and cancels arrive as events and stop the run at once; the status look is for a
      // change whose event this process did not hear (no shared bus).
      if (statusLook.due) {
        statusLook.due = false
        run.stale = true
        const now = store.get<{ status: string }>('SELECT "status" FROM "Execution" WHERE "id" = ?', [id])
        if (now?.status !== 'running') run.controller.abort(new Stop('stopped'))
      }
    }

    // Interrupted: let handlers see the signal and finish, then record why.
    await Promise.race([Promise.allSettled([...inFlight.values()]), clock.sleep(5_000).catch(() => {})])
    const reason = signal.reason
    if (reason instanceof Stop && reason.why === 'timeout') {
      const running = store.all<{ stepId: string }>(`SELECT "stepId" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'running'`, [id])
      await failExecution(id, { code: 'TIMEOUT', message: `execution exceeded its timeout of ${row.timeoutMs} ms`, recoverable: true }, running[0]?.stepId)
      return 'done'
    }
    return undefined
  }

  /** Runs one step's handler with its retry policy and the workflow's recovery strategies. */
  async function runStep(
    id: string,
    definition: WorkflowDefinition,
    step: StepDefinition,
    stepRow: Pick<StepRow, 'status' | 'attempt'> | undefined,
    expression: { input: Record<string, unknown>; __context__: Record<string, unknown>; __steps__: StepOutputs },
    signal: AbortSignal,
    /** Outputs of steps this run finished, as their handlers returned them. */
    ownOutputs: ReadonlyMap<string, unknown>,
    preStarted = false,
  ): Promise<StepOutcome> {
    const recovery = (code: string) => definition.recovery?.[code]
    const successors = successorsByWorkflow.get(workflowVersionId(definition))!
    let retriesUsed = 0
    let restoreOnce = false
    let previous = stepRow?.status
    let attempt = stepRow?.attempt ?? 0
    let startNeeded = !preStarted
    for (;;) {
      if (signal.aborted) return { kind: 'interrupted' }
      if (startNeeded) {
        const started = await executions.startStep(id, actor, { id: step.id, name: step.name }, { restart: previous === 'running' }).catch(stopped)
        if (!started) return { kind: 'interrupted' }
        attempt += 1
      }
      startNeeded = true
      // A signal of the step's own only for a timeout of its own; otherwise the run's.
      const stepController = step.timeout ? new AbortController() : null
      const unlinkStep = stepController ? linkedController(signal, stepController) : () => {}
      const stepSignal = stepController?.signal ?? signal
      const cancelStepTimeout = stepController ? clock.after(step.timeout!, () => stepController.abort(new Stop('step-timeout'))) : () => {}
      const logs = createLogBuffer(id, step.id)
      // A first attempt has nothing to restore: a step's checkpoints come from its earlier attempts.
      const restored = attempt > 1 ? await restoredVariables(id, step.id) : null
      try {
        const output = await untilAborted(
          Promise.resolve(
            step.handler!({
              executionId: id,
              stepId: step.id,
              attempt,
              input: expression.input,
              __context__: expression.__context__,
              __steps__: expression.__steps__,
              restored,
              signal: stepSignal,
              log: logs.add,
              metrics: (report) => executions.reportMetrics(id, actor, report).then(() => undefined),
              checkpoint: async (variables) => {
                await logs.flush()
                await executions.checkpoint(id, actor, { step: step.id, variables, metadata: { reason: 'step', step: step.id } })
              },
            }),
          ),
          stepSignal,
        )
        await logs.flush()
        cancelStepTimeout()
        // The boundary in one change: complete, checkpoint, start ready successors, or finish.
        const advanced = await executions
          .advanceStep(id, actor, step.id, {
            output: output === undefined ? null : output,
            startNext: successors.get(step.id) ?? [],
            finish: (outputs) => resultOf(definition, outputs),
            known: ownOutputs,
          })
          .catch(stopped)
        if (!advanced) return { kind: 'interrupted' }
        return { kind: 'finished', boundary: { output: output === undefined ? null : output, started: advanced.started, executionCompleted: advanced.completed } }
      } catch (thrown) {
        const stepTimedOut = stepSignal.reason instanceof Stop && stepSignal.reason.why === 'step-timeout' && !signal.aborted
        cancelStepTimeout()
        if (signal.aborted) {
          await logs.flush().catch(() => {})
          return { kind: 'interrupted' } // paused, cancelled, timed out, shutting down
        }
        const error: ErrorInfo = stepTimedOut ? { code: 'TIMEOUT', message: `step ${step.id} exceeded its timeout of ${step.timeout} ms`, recoverable: true } : toErrorInfo(thrown)
        // The failure in the step's log, after what its handler logged.
        logs.add('error', error.message, { code: error.code, attempt })
        await logs.flush().catch(() => {})
        const failed = await executions.failStep(id, actor, step.id, { ...error, retryCount: retriesUsed }).catch(stopped)
        if (!failed) return { kind: 'interrupted' }
        previous = 'failed'
        const strategy = recovery(error.code)
        const policy: RetryPolicy | undefined = step.retryPolicy ?? (strategy?.action === 'RETRY' ? strategy.policy : undefined)
        if (policy && isRetryableError(error, policy) && retriesUsed < policy.maxRetries) {
          retriesUsed += 1
          const delay = calculateRetryDelay(retriesUsed, policy, random)
          if (strategy?.action === 'RETRY')
            await executions.recordRecovery(id, actor, { action: 'RETRY', code: error.code, step: step.id, detail: { attempt: retriesUsed, delay } })
          await executions.log(id, actor, [{ level: 'warn', step: step.id, message: retryMessage({ attempt: retriesUsed, maxRetries: policy.maxRetries, delay }, step.id) }])
          try {
            await clock.sleep(delay, signal)
          } catch {
            return { kind: 'interrupted' }
          }
          continue
        }
        if (strategy?.action === 'SKIP') {
          await executions.recordRecovery(id, actor, { action: 'SKIP', code: error.code, step: step.id })
          await executions.skipStep(id, actor, step.id, { reason: `${error.code}: skipped by the recovery strategy` })
          return { kind: 'finished' }
        }
        if (strategy?.action === 'FALLBACK') {
          await executions.recordRecovery(id, actor, { action: 'FALLBACK', code: error.code, step: step.id })
          await executions.startStep(id, actor, { id: step.id })
          await executions.completeStep(id, actor, step.id, { output: strategy.output(error) ?? null, metadata: { fallback: true } })
          return { kind: 'finished' }
        }
        if (strategy?.action === 'CHECKPOINT_RESTORE' && !restoreOnce) {
          restoreOnce = true
          await executions.recordRecovery(id, actor, { action: 'CHECKPOINT_RESTORE', code: error.code, step: step.id, detail: { restored: restored !== null } })
          continue
        }
        if (strategy?.action === 'ABORT') {
          await executions.recordRecovery(id, actor, { action: 'ABORT', code: error.code, step: step.id })
          return { kind: 'failed', error, abort: true }
        }
        return { kind: 'failed', error, abort: false }
      } finally {
        unlinkStep()
      }
    }
  }

  /** Sub-workflow steps: start the children once, then wait until they have all ended. */
  async function driveChildren(
    id: string,
    step: StepDefinition,
    stepRow: Pick<StepRow, 'status'> | undefined,
    expression: { input: Record<string, unknown>; __context__: Record<string, unknown>; __steps__: StepOutputs },
  ): Promise<'changed' | 'waiting' | 'failed'> {
    const children = store
      .all<Record<string, unknown>>(
        `SELECT "id", "status", "result", "errorCode", "errorRecoverable", "errorRetryCount", "retryPolicy" FROM "Execution"
         WHERE "parentExecutionId" = ? AND "parentStepId" = ? ORDER BY "createdAt", "id"`,
        [id, step.id],
      )
      .map((raw) => fromSql<Pick<ExecutionRow, 'id' | 'status' | 'result' | 'errorCode' | 'errorRecoverable' | 'errorRetryCount' | 'retryPolicy'>>('Execution', raw))
    if (stepRow?.status !== 'running') {
      await executions.startStep(id, actor, { id: step.id, name: step.name })
      if (children.length === 0) {
        const parent = store.get<{ correlationId: string }>('SELECT "correlationId" FROM "Execution" WHERE "id" = ?', [id])
        for (const child of step.children!(expression) as ChildSpec[]) {
          await startWorkflow(child.workflow, { input: child.input, parent: { executionId: id, stepId: step.id }, correlationId: parent?.correlationId })
        }
      }
      return 'changed'
    }
    // A failed child whose retry policy will run it again is still on its way.
    const ended = (c: (typeof children)[number]) =>
      c.status === 'cancelled' ||
      (c.status === 'failed' &&
        !canRetry({
          status: c.status,
          error: c.errorCode ? { code: c.errorCode, recoverable: c.errorRecoverable ?? false, retryCount: c.errorRetryCount ?? 0 } : null,
          retryPolicy: c.retryPolicy as RetryPolicy | null,
        }))
    const failedChild = children.find(ended)
    if (failedChild) {
      await executions.failStep(id, actor, step.id, { code: 'DEPENDENCY_ERROR', message: `child execution ${failedChild.id} ${failedChild.status}`, recoverable: true })
      return 'failed'
    }
    if (children.length && children.every((c) => c.status === 'completed')) {
      await executions.completeStep(id, actor, step.id, { output: { children: children.map((c) => ({ id: c.id, result: open(c.result) })) } })
      return 'changed'
    }
    return 'waiting'
  }

  /** Fails the execution, then schedules a retry when its policy covers the error. */
  async function failExecution(id: string, error: ErrorInfo, step: string | undefined, noRetry = false) {
    const failed = await executions.fail(id, actor, { ...error, step }).catch(stopped)
    if (!failed || noRetry) return
    const retry = plannedRetry({ ...failed, retries: failed.metrics!.retries! }, random)
    if (retry) {
      await executions.log(id, actor, [{ level: 'warn', step, message: retryMessage(retry) }])
      await executions.retry(id, actor, { deferred: true, runAt: new Date(clock.now() + retry.delay) })
    }
  }

  async function restoredVariables(id: string, stepId: string): Promise<Record<string, unknown> | null> {
    const recent = store
      .all<Record<string, unknown>>('SELECT "state", "metadata" FROM "ExecutionCheckpoint" WHERE "executionId" = ? AND "step" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 20', [
        id,
        stepId,
      ])
      .map((raw) => fromSql<{ state: unknown; metadata: unknown }>('ExecutionCheckpoint', raw))
    // The newest checkpoint the step saved itself (pauses and boundaries save the execution's).
    const saved = recent.find((c) => (c.metadata as { reason?: string } | null)?.reason === 'step')
    return (open((saved?.state as { variables?: unknown } | undefined)?.variables) ?? null) as Record<string, unknown> | null // sealed at rest
  }

  /** Handler log lines, written in batches: at step end, at checkpoints, and every 100 lines. */
  function createLogBuffer(id: string, stepId: string) {
    let lines: LogInput[] = []
    let writing: Promise<unknown> = Promise.resolve()
    const flush = async () => {
      const batch = lines
      lines = []
      if (batch.length) writing = writing.then(() => executions.log(id, actor, batch))
      await writing
    }
    return {
      add: (level: LogLevel, message: string, context?: Record<string, unknown>) => {
        lines.push({ level, message, step: stepId, context, timestamp: new Date(clock.now()).toISOString() })
        if (lines.length >= 100) void flush()
      },
      flush,
    }
  }

  return {
    workerId,
    startWorkflow,
    /** Registers the definitions and starts scheduling. */
    async start() {
      await ensureRegistered()
      // Which workflows this worker runs: what the console shows as their executions' runner.
      registerWorker(store, { id: workerId, hostname: hostname(), pid: process.pid, workflows: runnable, concurrency, leaseMs }, clock.now())
      running = true
      const scheduler = pollLoop(tick, { clock, pollMs, signal: lifetime.signal, name: 'engine: scheduling' })
      kickScheduler = scheduler.wake
      loops = [scheduler.done, heartbeatLoop()]
    },
    /** Interrupts running handlers and releases every lease so another worker can go on. */
    async stop() {
      lifetime.abort(new Stop('shutdown'))
      for (const run of active.values()) run.wake()
      kickScheduler()
      unsubscribe()
      const running = [...active.keys()]
      await Promise.allSettled(loops)
      const deadline = clock.now() + 5_000
      while (active.size && clock.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      await Promise.allSettled(running.map((id) => executions.release(id, workerId)))
      stopWorker(store, workerId, clock.now())
    },
    tick,
    get active() {
      return [...active.keys()]
    },
  }
}

export type Engine = ReturnType<typeof createEngine>

/** Steps whose start needs no decision of the run loop: a handler, no condition, not disabled. */
function chainable(step: StepDefinition): boolean {
  return !!step.handler && !step.children && !step.condition && !step.disabled
}

/** The result a workflow completes with: its own summary, or its outputs and a count. */
function resultOf(definition: WorkflowDefinition, outputs: StepOutputs) {
  const summary = definition.summarize?.(outputs) ?? {
    output: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.outputData])),
    summary: `${definition.name}: ${Object.keys(outputs).length} of ${definition.steps.length} steps completed`,
  }
  return { success: true, output: summary.output, summary: summary.summary }
}

function outputsOf(steps: Pick<StepRow, 'stepId' | 'status' | 'output'>[]): StepOutputs {
  const out: StepOutputs = {}
  for (const s of steps) if (s.status === 'completed') out[s.stepId] = { outputData: open(s.output) }
  return out
}

function toErrorInfo(thrown: unknown): ErrorInfo {
  if (thrown instanceof StepError) {
    return {
      code: thrown.code,
      message: thrown.message,
      recoverable: thrown.options.recoverable ?? isRecoverableByDefault(thrown.code),
      context: thrown.options.context,
      stack: thrown.stack,
    }
  }
  const error = thrown instanceof Error ? thrown : new Error(String(thrown))
  return { code: 'SYSTEM_ERROR', message: error.message || 'step handler failed', recoverable: true, stack: error.stack }
}

/** A service refusal because the execution moved on (paused, cancelled) means: stop quietly. */
function stopped(error: unknown): null {
  if (ServiceError.is(error) && (error.kind === 'CONFLICT' || error.kind === 'NOT_FOUND')) return null
  throw error
}

/**
 * Aborts `child` when `parent` aborts, with its reason; returns the unlinking. (AbortSignal.any
 * does the same at several times the cost, paid for every step.)
 */
function linkedController(parent: AbortSignal, child: AbortController): () => void {
  setMaxListeners(0, child.signal) // parallel steps and their sleeps all listen to it
  if (parent.aborted) {
    child.abort(parent.reason)
    return () => {}
  }
  const forward = () => child.abort(parent.reason)
  parent.addEventListener('abort', forward, { once: true })
  return () => parent.removeEventListener('abort', forward)
}

/** The work's outcome, or the signal's reason if it aborts first (its listener removed either way). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The handler already started and will fail on the same signal: nobody waits for it.
    work.catch(() => {})
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
