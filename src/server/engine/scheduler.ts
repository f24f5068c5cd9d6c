// Scheduling: which executions this worker runs and when. It records the definitions, starts
// workflows (at once when a slot is free), claims due executions up to its concurrency — under
// way first, then queued by priority and age — keeps its leases by heartbeat, and hears the bus
// for what makes an execution due or stops a run. Running one is the runner's (runner.ts).
import { logger } from '../ops/log'
import { hostname } from 'node:os'
import type { EventBus } from '../events/bus'
import type { CreateExecutionInput } from '../domain/schemas'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import { ServiceError } from '../services/errors'
import type { Clock } from '../lib/clock'
import { pollLoop } from '../lib/loop'
import { Stop } from './control'
import { carriedSteps, type CarriedStep, type OriginalStep } from '../domain/replay'
import { definitionRow, type Definitions } from './definitions'
import { compileTemplate } from './templates'
import { planRootTasks } from './task-steps'
import type { Claimable, QueueStore } from './queue-store'
import type { Begun, Run } from './runner'
import type { Slots } from './slots'
import { assigneeObject, assigneeType, dependenciesOf, workflowVersionId, type WorkflowDefinition } from './workflow'

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
  /** A child of a team's workflow: it may run only that team's workflows or the console's. */
  within?: string
  /** A request's Idempotency-Key: the execution is recorded against it in its create's transaction. */
  idempotencyKey?: { principal: string; key: string }
  /** A version of the workflow other than its newest (a replay runs its original's). */
  version?: number
  /**
   * A replay of execution `of` (linked both ways in the create's change); with `fromStep`, a rerun
   * from that step: the steps before it are carried over as `steps` of the original left them.
   */
  replay?: { of: string; fromStep?: string; steps?: readonly OriginalStep[] }
}

/** Changes by someone else that end or suspend a run this engine holds. */
const STOPPING_EVENTS: ReadonlySet<string> = new Set(['execution.paused', 'execution.cancelled', 'execution.failed', 'execution.completed', 'execution.retry'])

const TELEMETRY_EVENTS: ReadonlySet<string> = new Set(['execution.progress', 'execution.log', 'execution.metrics', 'execution.checkpoint'])

const PRIORITIES_FIRST_TO_LAST = ['urgent', 'high', 'normal', 'low'] as const

export interface SchedulerDeps {
  executions: ExecutionService
  queue: QueueStore
  bus: EventBus
  workflows: WorkflowDefinition[]
  definitions: Definitions
  clock: Clock
  workerId: string
  actor: Actor
  concurrency: number
  leaseMs: number
  pollMs: number
  /** The runs this worker holds, by execution id (the runner's too). */
  active: Map<string, Run>
  /** Which of them hold a slot (slots.ts). */
  slots: Slots
  /** The engine's lifetime: stop() aborts it. */
  lifetime: AbortController
  /** Runs a claimed execution, or one just created and begun. */
  launch: (claimed: Claimable, begun?: Begun) => void
  /** Wake-ups that work may be due, from outside the bus (engine.ts). */
  wakeUps?: (wake: () => void) => () => void
}

export function createScheduler(deps: SchedulerDeps) {
  const { executions, queue, bus, workflows, definitions, clock, workerId, actor, concurrency, leaseMs, pollMs, active, slots, lifetime, launch, wakeUps } = deps
  const { latest, runnable } = definitions
  const claimant = { workerId, leaseMs }
  let kickScheduler: () => void = () => {}
  /** Scheduling here (start() was called); slots promised to starts whose change is on its way. */
  let running = false
  let reserved = 0
  let loops: Promise<unknown>[] = []
  let stopWakeUps: (() => void) | undefined

  /** Records each definition version (the execution's workflowTemplateVersionId points at it). */
  async function registerDefinitions() {
    for (const w of workflows) queue.saveDefinition(definitionRow(w, clock.now()))
    loadTemplates()
  }

  // Templates registered as data (docs/workflows.md) join the definitions as they are registered:
  // looked for on the poll interval, and when a start names a workflow not known yet.
  let templatesSeen = -1
  function loadTemplates(): void {
    const count = queue.templateCount()
    if (count === templatesSeen) return
    templatesSeen = count
    const compiled = queue
      .templates()
      .filter((row) => !definitions.registry.has(row.id))
      .map((row) => {
        try {
          return compileTemplate(row, (key, version) => queue.taskDefinition(row.organizationId, key, version), clock)
        } catch (error) {
          logger('engine').error({ err: error }, `engine: workflow template ${row.id} cannot run`)
          return null
        }
      })
      .filter((w): w is WorkflowDefinition => w !== null)
    if (definitions.add(compiled) > 0) {
      reads = queue.due(runnable, claimant)
      // The console names this worker as their runner (not "no worker runs it").
      if (running) announce()
    }
  }
  /** Which workflows this worker runs: what the console shows as their executions' runner. */
  const announce = () => queue.registerWorker({ id: workerId, hostname: hostname(), pid: process.pid, workflows: runnable, concurrency, leaseMs }, clock.now())

  let definitionsWritten: Promise<void> | undefined
  const ensureRegistered = () => (definitionsWritten ??= registerDefinitions())

  async function startWorkflow(workflow: string, start: StartOptions = {}) {
    await ensureRegistered()
    if (!latest.has(workflow)) loadTemplates()
    // A team's workflow is started by the team (its customer may be anyone the team serves); to
    // anyone else it does not exist.
    const startable = (d: WorkflowDefinition) =>
      !d.organizationId ||
      (start.within !== undefined ? d.organizationId === start.within : !start.requestedBy?.organizations || start.requestedBy.organizations.includes(d.organizationId))
    const newest = latest.get(workflow)
    if (!newest || !startable(newest)) {
      const known = [...latest.values()].filter(startable).map((d) => d.id)
      throw new ServiceError('BAD_REQUEST', `workflow '${workflow}' is not registered; known: ${known.join(', ')}`, 'workflow')
    }
    const definition = start.version === undefined ? newest : definitions.registry.get(workflowVersionId({ id: workflow, version: start.version }))
    if (!definition) {
      const versions = [...definitions.registry.values()].filter((d) => d.id === workflow).map((d) => d.version)
      throw new ServiceError('BAD_REQUEST', `version: workflow '${workflow}' has no version ${start.version} the engine runs; versions: ${versions.join(', ')}`, 'version')
    }
    // A rerun: the steps before the chosen one, as the original finished them.
    let carried: Map<string, CarriedStep> | undefined
    if (start.replay?.fromStep !== undefined) {
      const plan = carriedSteps(
        definition.steps.map((s, i) => ({ id: s.id, dependsOn: dependenciesOf(definition, i) })),
        start.replay.steps ?? [],
        start.replay.fromStep,
      )
      if ('refused' in plan) throw new ServiceError('BAD_REQUEST', plan.refused, 'fromStep')
      carried = plan.carried
    }
    const problems = definition.inputProblems?.(start.input ?? {}) ?? []
    if (problems.length) throw new ServiceError('BAD_REQUEST', `input: does not match workflow ${workflow}'s inputSchema: ${problems.join('; ')}`, 'input')
    // A request's start is recorded as the requester's, within its organisations.
    const requester = start.requestedBy ?? actor
    const context = { ...definition.context, ...start.context, input: start.input ?? {} }
    // Its first task steps' attempts go out with it (when it starts at once, below).
    const rootTasks = planRootTasks(definition, context, start.priority ?? 'normal', clock.now())
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
      context,
      steps: definition.steps.map((s, i) => ({
        id: s.id,
        name: s.name ?? s.id,
        assignee: assigneeObject(s.assignee),
        dependsOn: dependenciesOf(definition, i),
        status: s.disabled ? ('disabled' as const) : undefined,
        input: rootTasks.get(s.id)?.input as never,
        type: s.children ? 'sub-workflow' : assigneeType(s.assignee) === 'human' && !s.handler && !s.task ? 'human' : 'task',
      })),
    }
    const replay = start.replay ? { of: start.replay.of, fromStep: start.replay.fromStep, carried } : undefined
    // A rerun is queued: its run begins by reading its steps, and passes over the carried ones.
    if (!running || lifetime.signal.aborted || underWayDue || slots.free(reserved) <= 0 || carried?.size) {
      const created = await executions.create(requester, input, { idempotencyKey: start.idempotencyKey, replay })
      kickScheduler()
      return created
    }
    // A slot is free: unless what is queued as urgent would take every free slot, it starts at
    // once — created, leased and its first steps started in one change — as the scheduler would
    // start it a moment later.
    const priority = start.priority ?? 'normal'
    const rank = PRIORITIES_FIRST_TO_LAST.indexOf(priority)
    const free = slots.free(reserved)
    const ahead = PRIORITIES_FIRST_TO_LAST.slice(0, rank + 1)
    reserved += 1
    try {
      const roots = [...definitions.rootsOf(definition), ...rootTasks.keys()]
      const { execution, row } = await executions.createStarted(requester, input, {
        lease: { workerId, leaseMs },
        steps: roots,
        tasks: rootTasks,
        by: actor,
        // The queue is looked at only when one of those priorities may hold something.
        queue: ahead.some((p) => queueMayHold.has(p)) ? { priorities: ahead, workflows: runnable, slots: free } : undefined,
        idempotencyKey: start.idempotencyKey,
        replay,
      })
      if (row) launch({ id: row.id, status: row.status, workflowDefinitionId: row.workflowDefinitionId }, { row, roots })
      else kickScheduler()
      return execution
    } finally {
      reserved -= 1
    }
  }

  // ---- scheduling -------------------------------------------------------------------------

  /**
   * Claims due executions up to the free slots: first those already under way (a due retry, a
   * resumed, woken or orphaned run), then queued ones by priority and age — each priority read
   * from the queue's index, so a deep queue costs no more than a short one.
   */
  // Under-way executions (due retries, resumed, woken, orphaned) are looked for on the poll
  // interval or when something says one is due; a run that ends only needs the queue.
  let lastUnderWayScan = -Infinity
  let underWayDue = true
  // A priority's queue is read only when it may hold something: all of them at first and on the
  // poll interval, one when a create of that priority is heard on the bus; a read that finds
  // fewer than it asked for shows that priority empty. (Only creates queue an execution.)
  let lastQueueScan = -Infinity
  const queueMayHold = new Set<string>(PRIORITIES_FIRST_TO_LAST)
  // One priority at a time, most urgent first (see QueueStore.due).
  let reads = queue.due(runnable, claimant)

  /** Executions due here, up to `limit`: under way first (when due for a look), then queued by priority and age. */
  function dueExecutions(now: number, limit: number): Claimable[] {
    const due: Claimable[] = []
    if (underWayDue || now - lastUnderWayScan >= pollMs) {
      underWayDue = false
      lastUnderWayScan = now
      due.push(...reads.underWay(now, limit))
    }
    if (now - lastQueueScan >= pollMs) {
      lastQueueScan = now
      for (const priority of PRIORITIES_FIRST_TO_LAST) queueMayHold.add(priority)
    }
    for (const priority of PRIORITIES_FIRST_TO_LAST) {
      if (due.length === limit) break
      if (!queueMayHold.has(priority)) continue
      const asked = limit - due.length
      const queued = reads.queued(priority, asked)
      if (queued.length < asked) queueMayHold.delete(priority)
      due.push(...queued)
    }
    return due
  }

  async function tick() {
    const free = slots.free(reserved)
    if (free <= 0 || lifetime.signal.aborted) return
    const now = clock.now()
    const limit = free + active.size
    // Nothing may be due: no look at the database at all.
    if (!underWayDue && now - lastUnderWayScan < pollMs && now - lastQueueScan < pollMs && queueMayHold.size === 0) return
    if (now - lastQueueScan >= pollMs) loadTemplates()
    // The reads join the next shared transaction, which costs them less than reading on their own.
    const due = await queue.read(() => dueExecutions(now, limit))
    const unlaunched: string[] = []
    for (const claimable of due) {
      if (slots.free(reserved) <= 0) {
        unlaunched.push(claimable.id)
        continue
      }
      if (active.has(claimable.id)) continue
      // Queued and due retries are claimed by starting them (the lease goes with the start);
      // running ones (recovered, resumed, woken) by taking their lease.
      const { id, status } = claimable
      if (status === 'queued' || status === 'retry' || (await queue.claim(id, workerId, leaseMs))) launch(claimable)
    }
    // Leased by the read (PostgreSQL) but not run here: given back for any node to take at once.
    if (queue.claimedOnRead) for (const id of unlaunched) void queue.release(id, workerId).catch(() => {})
  }

  async function heartbeatLoop() {
    while (!lifetime.signal.aborted) {
      await clock.sleep(Math.max(10, Math.floor(leaseMs / 3)), lifetime.signal).catch(() => {})
      if (lifetime.signal.aborted) break
      const ids = [...active.keys()]
      try {
        const held = new Set(await queue.extendLeases(ids, workerId, leaseMs))
        for (const id of ids) {
          if (held.has(id)) continue
          active.get(id)?.controller.abort(new Stop('stopped'))
          active.get(id)?.wake()
        }
      } catch (error) {
        logger('engine').error({ err: error }, 'engine: heartbeat failed')
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
        // Telemetry decides nothing; a step's end whose change, planned by the run (a worker's
        // result, runner.ts planAfter), left nothing ready to start leaves it nothing to do: its
        // steps are reread when next needed.
        const plan = event.type === 'execution.step.completed' ? run.planned.get(event.stepId ?? '') : undefined
        if (plan) run.planned.delete(event.stepId!)
        if (plan?.covered) run.stale = true
        else if (!TELEMETRY_EVENTS.has(event.type)) run.wake()
      }
    } else if ((event.actorId !== workerId && event.type.startsWith('execution.step.')) || event.type === 'execution.resource.allocated') {
      // An operator completed or rejected a step of a parked execution; a release granted its step's resources.
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
      if (await queue.wake(id)) {
        underWayDue = true
        kickScheduler()
      }
    } catch (error) {
      logger('engine').error({ err: error, executionId: id }, `engine: could not wake ${id}`)
    }
  }

  /** A child ended: its parent, running here or parked, looks at its children again. */
  async function wakeParent(childId: string) {
    const ran = active.get(childId)?.parentId
    const parentId = ran !== undefined ? ran : queue.parentOf(childId)
    if (!parentId) return
    const run = active.get(parentId)
    if (run) run.wake()
    else await wakeParked(parentId)
  }

  return {
    startWorkflow,
    /** Wakes the scheduling loop: a slot is free, or something may be due. */
    kick: () => kickScheduler(),
    /** Registers the definitions and starts scheduling. */
    async start() {
      await ensureRegistered()
      running = true
      announce()
      const scheduler = pollLoop(tick, { clock, pollMs, signal: lifetime.signal, name: 'engine: scheduling' })
      kickScheduler = scheduler.wake
      // Work may be due anywhere: every read is made on the next tick.
      stopWakeUps = wakeUps?.(() => {
        underWayDue = true
        for (const p of PRIORITIES_FIRST_TO_LAST) queueMayHold.add(p)
        kickScheduler()
      })
      loops = [scheduler.done, heartbeatLoop()]
    },
    /** Interrupts running handlers and releases every lease so another worker can go on. */
    async stop() {
      lifetime.abort(new Stop('shutdown'))
      for (const run of active.values()) run.wake()
      kickScheduler()
      unsubscribe()
      stopWakeUps?.()
      const running = [...active.keys()]
      await Promise.allSettled(loops)
      const deadline = clock.now() + 5_000
      while (active.size && clock.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      await Promise.allSettled(running.map((id) => queue.release(id, workerId)))
      queue.stopWorker(workerId, clock.now())
    },
    tick,
  }
}
