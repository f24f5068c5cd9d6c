// The demo workload: starts the built-in workflows (built-in/workflows.ts) at a steady rate, plays the
// editor for most human reviews, and runs an outside service that runs its own executions over
// the API. Loaded only when DEMO is on.
import { setMaxListeners } from 'node:events'
import type { Clock } from '../lib/clock'
import type { Engine } from '../engine/engine'
import type { CommittedEvent, EventBus } from '../events/bus'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import type { QueryService } from '../services/queries'
import { ServiceError } from '../services/errors'
import { serviceTemplate } from '../built-in/catalog'

/** Which demo workflows start, and how often relative to each other. */
const MIX: { workflow: string; weight: number }[] = [
  { workflow: 'sdr-outreach', weight: 30 },
  { workflow: 'content-generation', weight: 18 },
  { workflow: 'crm-sync', weight: 22 },
  { workflow: 'account-research', weight: 8 },
  { workflow: 'quarterly-analysis', weight: 8 },
  { workflow: 'nightly-import', weight: 6 },
  { workflow: 'batch-processing', weight: 8 },
]

/** What the driver needs beside what the support desk does; `perMinute` counts the engine's starts. */
export interface DemoDriverOptions extends Omit<SupportDeskOptions, 'speed'> {
  engine: Engine
  /** Share of human review steps a simulated editor approves; the rest wait for an operator. */
  autoApprove?: number
}

/**
 * Starts demo executions at a steady rate, plays the editor for most human reviews, and runs the
 * outside support desk (a sixth of the rate).
 */
export function startDemoDriver(options: DemoDriverOptions): () => void {
  const { engine, executions, bus, clock, perMinute } = options
  const stopDesk = startSupportDesk({ executions, queries: options.queries, bus, clock, perMinute: perMinute / 6, random: options.random })
  const random = options.random ?? Math.random
  const autoApprove = options.autoApprove ?? 0.7
  const stop = new AbortController()
  setMaxListeners(0, stop.signal) // one listener per review waiting for the simulated editor
  const editor = { type: 'operator' as const, id: 'demo-editor' }

  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'execution.step.started' || event.stepId !== 'review' || event.actorId !== engine.workerId) return
    if (random() >= autoApprove) return
    const delay = 5_000 + random() * 25_000
    clock
      .sleep(delay, stop.signal)
      .then(() =>
        random() < 0.9
          ? executions.completeStep(event.executionId, editor, 'review', { output: { approved: true, notes: 'Looks good' } })
          : executions.failStep(event.executionId, editor, 'review', {
              code: 'BUSINESS_RULE_VIOLATION',
              message: 'Rejected: the draft makes claims we cannot back up',
              recoverable: false,
            }),
      )
      .catch(() => {}) // the execution moved on (cancelled, paused) or the demo stopped
  })

  void (async () => {
    const interval = 60_000 / perMinute
    while (!stop.signal.aborted) {
      const total = MIX.reduce((s, m) => s + m.weight, 0)
      let r = random() * total
      const pick = MIX.find((m) => (r -= m.weight) <= 0) ?? MIX[0]!
      const priority = random() < 0.05 ? 'urgent' : random() < 0.15 ? 'high' : random() < 0.1 ? 'low' : 'normal'
      await engine
        .startWorkflow(pick.workflow, { priority, tags: ['demo'], input: { requestedBy: 'demo' } })
        .catch((error) => console.error('demo: could not start a workflow', error))
      await clock.sleep(interval * (0.5 + random()), stop.signal).catch(() => {})
    }
  })()

  return () => {
    stop.abort()
    unsubscribe()
    stopDesk()
  }
}

export type DeskReads = Pick<QueryService, 'get' | 'steps' | 'ids' | 'events'>

export interface SupportDeskOptions {
  executions: ExecutionService
  /** The reads an outside service makes over the API. */
  queries: DeskReads
  bus: EventBus
  clock: Clock
  /** Tickets a minute. */
  perMinute: number
  random?: () => number
  /** Multiplies the desk's simulated latency. */
  speed?: number
}

/**
 * The demo's outside service: a support desk that runs its own executions and reports them over
 * the API as any service would — create, start, steps, logs, metrics, complete or fail. The
 * console does not run them; it supervises them: a failure its policy covers is retried after
 * the backoff, which the desk hears (`execution.retry`) and resumes; one ticket in fifty the desk
 * loses track of, and the console flags the silence, then times it out.
 */
export function startSupportDesk(options: SupportDeskOptions): () => void {
  const { executions, queries, bus, clock, perMinute } = options
  const random = options.random ?? Math.random
  const speed = options.speed ?? 1
  const t = serviceTemplate('support-triage-service')
  const desk: Actor = { type: 'api', id: 'support-desk' }
  const agent: Actor = { type: 'api', id: 'support-agent' }
  const stop = new AbortController()
  setMaxListeners(0, stop.signal)
  /** Executions this desk runs; those it works on now; those it lost (it never picks them up again). */
  const mine = new Set<string>()
  const working = new Set<string>()
  const lost = new Set<string>()
  /** Executions of its service that someone else opened (over the API by hand): not the desk's to run. */
  const others = new Set<string>()
  const waiters = new Set<(event: CommittedEvent) => void>()
  let tickets = 0

  const sleep = (ms: number) => clock.sleep(Math.round(ms * speed * (0.5 + random())), stop.signal)
  const failure = (code: string) => t.failures.find((f) => f.code === code)!

  /** Resolves when the step has finished (an agent or an operator completed or rejected it) or the desk stops. */
  const finished = (id: string, stepId: string) =>
    new Promise<void>((resolve) => {
      const onEvent = (e: CommittedEvent) => {
        if (e.executionId === id && e.stepId === stepId && (e.type === 'execution.step.completed' || e.type === 'execution.step.failed')) done()
        else if (e.executionId === id && (e.type === 'execution.cancelled' || e.type === 'execution.failed' || e.type === 'execution.paused')) done()
      }
      const done = () => {
        waiters.delete(onEvent)
        stop.signal.removeEventListener('abort', done)
        resolve()
      }
      waiters.add(onEvent)
      stop.signal.addEventListener('abort', done, { once: true })
    })

  async function drive(id: string) {
    let execution = await queries.get(id)
    if (execution.status === 'queued' || execution.status === 'retry') execution = await executions.start(id, desk)
    if (execution.status !== 'running') return
    const steps = new Map((await queries.steps(id)).map((s) => [s.id, s]))
    for (const step of t.steps) {
      if (stop.signal.aborted) return
      const row = steps.get(step.id)
      if (row?.status === 'completed' || row?.status === 'skipped' || row?.status === 'disabled') continue
      const human = step.assignee === 'human'
      if (row?.status !== 'running') {
        await executions.startStep(id, desk, {
          id: step.id,
          name: step.name,
          type: human ? 'human' : 'task',
          assignee: human ? { type: 'human', name: 'Support agent' } : { type: step.assignee },
          ...(human ? { dueAt: new Date(clock.now() + 30 * 60_000).toISOString() } : {}),
        })
      }
      if (human) {
        // An agent approves most replies in the desk's own tool; the rest wait for an operator.
        const approval = finished(id, step.id)
        if (random() < 0.8) {
          await sleep(15_000)
          await executions.completeStep(id, agent, step.id, { output: { approved: true } }).catch(() => {})
        }
        await approval
        const now = (await queries.steps(id)).find((s) => s.id === step.id)
        if (now?.status !== 'completed') return // rejected, paused or cancelled: the console says what next
        continue
      }
      await sleep(t.baseStepMs / 4)
      if (random() < 0.02) {
        lost.add(id) // the desk crashed on this one: it goes silent
        return
      }
      const code =
        step.id === 'classify' && random() < 0.08
          ? 'RATE_LIMIT_EXCEEDED'
          : step.id === 'send' && random() < 0.06
            ? random() < 0.8
              ? 'DEPENDENCY_ERROR'
              : 'PERMISSION_DENIED'
            : null
      if (code) {
        const f = failure(code)
        const message = f.messages[Math.floor(random() * f.messages.length)]!
        await executions.log(id, desk, [{ level: 'error', step: step.id, message }])
        // The execution fails; its policy decides whether the console retries it.
        await executions.fail(id, desk, { code, message, step: step.id, recoverable: f.recoverable })
        return
      }
      if (step.ai) {
        const prompt = 400 + Math.floor(random() * 800)
        const completion = 150 + Math.floor(random() * 400)
        await executions.reportMetrics(id, desk, { promptTokens: prompt, completionTokens: completion, modelCalls: 1, costBreakdown: { ai: prompt * 3e-6 + completion * 15e-6 } })
      } else await executions.reportMetrics(id, desk, { apiCallsByService: { zendesk: 1 }, costBreakdown: { apis: 0.001 } })
      await executions.log(id, desk, [{ level: 'info', step: step.id, message: `${step.name}: done`, metadata: { source: 'support-desk' } }])
      await executions.completeStep(id, desk, step.id, { output: step.id === 'classify' ? { queue: random() < 0.5 ? 'billing' : 'technical' } : { ok: true } })
    }
    await executions.complete(id, desk, { success: true, output: { replied: true }, summary: 'Reply sent to the customer' })
  }

  /** Works on an execution unless it already does or lost it; refusals (paused, cancelled meanwhile) end the turn. */
  function work(id: string) {
    if (working.has(id) || lost.has(id) || stop.signal.aborted) return
    mine.add(id)
    working.add(id)
    drive(id)
      .catch((error) => {
        if (!ServiceError.is(error)) console.error(`support desk: ${id} failed`, error)
      })
      .finally(() => working.delete(id))
  }

  const unsubscribe = bus.subscribe((event) => {
    for (const waiter of waiters) waiter(event)
    // The console's automatic retry, or an operator's retry or resume: pick the ticket up again.
    if (mine.has(event.executionId) && (event.type === 'execution.retry' || event.type === 'execution.resumed')) work(event.executionId)
  })

  void (async () => {
    // Its executions under way when the desk (re)starts, then new tickets at its rate. It takes
    // up only what it opened itself: one someone opened by hand over the API is theirs to run.
    while (!stop.signal.aborted) {
      const waiting = await queries.ids({ service: [t.id], status: ['queued', 'retry', 'running'] }, 50).catch(() => [])
      for (const id of waiting) {
        if (mine.has(id)) work(id)
        else if (!others.has(id)) {
          const opened = (await queries.events(id, { limit: 1 }).catch(() => null))?.items[0]
          if (opened?.actor.id === desk.id) work(id)
          else others.add(id)
        }
      }
      if (random() < perMinute / 2) {
        tickets += 1
        const created = await executions
          .create(desk, {
            service: t.id,
            priority: random() < 0.1 ? 'high' : 'normal',
            tags: ['demo', 'support'],
            context: { ticket: `T-${10_000 + tickets}` },
            steps: t.steps.map((step) => ({ id: step.id, name: step.name, type: step.assignee === 'human' ? 'human' : 'task' })),
          })
          .catch((error) => console.error('support desk: could not open a ticket', error))
        if (created) work(created.$id)
      }
      await clock.sleep(30_000, stop.signal).catch(() => {})
    }
  })()

  return () => {
    stop.abort()
    unsubscribe()
  }
}
