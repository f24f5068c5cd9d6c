// The demo's outside service: a support desk that runs its own executions and reports them to
// the console through the SDK, over HTTP with its own API key, as any service would — create,
// start, steps, logs, metrics, complete or fail. The console does not run them (no worker, no
// template); it supervises them: a failure its policy covers is retried after the backoff, and
// the desk, seeing the ticket in `retry`, takes it up again; one ticket in fifty the desk loses
// track of, and the console flags the silence, then times it out.
import { setMaxListeners } from 'node:events'
import { ConsoleError, type Client, type ExecutionStep } from '@execution-console/sdk'
import { CUSTOMERS, serviceTemplate } from '../../src/server/built-in/catalog'
import { sleep } from './workflows'

export interface SupportDeskOptions {
  /** The desk's client (its own API key). */
  desk: Client
  /** The support agents' client: they approve replies in the desk's own tool (another key). */
  agents: Client
  /** Tickets a minute (0: none new; it still works on those under way). */
  perMinute: number
  random?: () => number
  /** Multiplies the desk's simulated latency. */
  speed?: number
  /** The desk stops when it fires. */
  signal: AbortSignal
}

/** The tag the desk puts on its tickets: what it takes up again after a restart. */
const DESK_TAG = 'support-desk'
const FINISHED = new Set(['completed', 'skipped', 'disabled'])

/** Runs the desk until `signal` fires; resolves when its loop has ended. */
export async function runSupportDesk(options: SupportDeskOptions): Promise<void> {
  const { desk, agents, perMinute, signal } = options
  const random = options.random ?? Math.random
  const speed = options.speed ?? 1
  const t = serviceTemplate('support-triage-service')
  setMaxListeners(0, signal) // a listener per sleep and per approval it waits for
  /** Tickets it works on now; tickets it lost (it never picks them up again). */
  const working = new Set<string>()
  const lost = new Set<string>()
  let tickets = 0

  const pause = (ms: number) => sleep(Math.round(ms * speed * (0.5 + random())), signal)
  const failure = (code: string) => t.failures.find((f) => f.code === code)!

  /** Resolves when the step has finished (an agent or an operator completed or rejected it), the ticket left running, or the desk stops. */
  function finished(id: string, stepId: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const watcher = desk.ServiceExecution[id]!.watch()
      const done = () => {
        signal.removeEventListener('abort', done)
        void watcher.close()
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
      // What happened before the watch began is in its first state.
      watcher.on('state', (execution) => {
        const step = execution.steps?.find((s) => s.id === stepId)
        if (execution.status !== 'running' || (step && (FINISHED.has(step.status) || step.status === 'failed'))) done()
      })
      watcher.on('message', (m) => {
        if (m.step === stepId && (m.event === 'execution.step.completed' || m.event === 'execution.step.failed')) done()
        else if (m.event === 'execution.cancelled' || m.event === 'execution.failed' || m.event === 'execution.paused') done()
      })
      watcher.on('error', done)
    })
  }

  /**
   * What the console made of a step the desk reported failed, looked at for up to 20 s: started
   * again or skipped by a recovery strategy ('again': the desk picks the ticket up where it is),
   * the execution ended or paused ('stopped'), or nothing ('none': the desk fails it itself).
   */
  async function decided(id: string, stepId: string): Promise<'again' | 'stopped' | 'none'> {
    const ticket = desk.ServiceExecution[id]!
    for (let waited = 0; waited < 20_000 && !signal.aborted; waited += 1_000) {
      await sleep(1_000, signal).catch(() => {})
      const execution = await ticket.get()
      if (execution.status !== 'running') return 'stopped'
      const step = (await ticket.steps).find((s) => s.id === stepId)
      if (step && step.status !== 'failed') return 'again'
    }
    return 'none'
  }

  async function drive(id: string): Promise<void> {
    const ticket = desk.ServiceExecution[id]!
    let execution = await ticket.get()
    if (execution.status === 'queued' || execution.status === 'retry') execution = await ticket.start()
    if (execution.status !== 'running') return
    const steps = new Map<string, ExecutionStep>((await ticket.steps).map((s) => [s.id, s]))
    for (const step of t.steps) {
      if (signal.aborted) return
      const row = steps.get(step.id)
      if (row && FINISHED.has(row.status)) continue
      const human = step.assignee === 'human'
      if (row?.status !== 'running') {
        await ticket.startStep({
          id: step.id,
          name: step.name,
          type: human ? 'human' : 'task',
          assignee: human ? { type: 'human', name: 'Support agent' } : { type: step.assignee },
          ...(human ? { dueAt: new Date(Date.now() + 30 * 60_000).toISOString() } : {}),
        })
      }
      if (human) {
        // An agent approves most replies in the desk's own tool; the rest wait for an operator.
        const approval = finished(id, step.id)
        if (random() < 0.8) {
          await pause(15_000)
          await agents.ServiceExecution[id]!.completeStep(step.id, { output: { approved: true } }).catch(() => {})
        }
        await approval
        const now = (await ticket.steps).find((s) => s.id === step.id)
        if (now?.status !== 'completed') return // rejected, paused or cancelled: the console says what next
        continue
      }
      await pause(t.baseStepMs / 4)
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
        await ticket.log({ level: 'error', step: step.id, message })
        if (code === 'RATE_LIMIT_EXCEEDED') {
          // The step's failure first: a recovery strategy of the console may retry it (the demo's
          // retries it after a backoff); then the desk runs it again, or goes on if it was skipped.
          await ticket.failStep(step.id, { code, message, recoverable: f.recoverable })
          const next = await decided(id, step.id)
          if (next === 'again') return drive(id)
          if (next === 'stopped') return
        }
        // The execution fails; its policy decides whether the console retries it.
        await ticket.fail({ code, message, step: step.id, recoverable: f.recoverable })
        return
      }
      if (step.ai) {
        const prompt = 400 + Math.floor(random() * 800)
        const completion = 150 + Math.floor(random() * 400)
        await ticket.reportMetrics({ promptTokens: prompt, completionTokens: completion, modelCalls: 1, costBreakdown: { ai: prompt * 3e-6 + completion * 15e-6 } })
      } else await ticket.reportMetrics({ apiCallsByService: { zendesk: 1 }, costBreakdown: { apis: 0.001 } })
      await ticket.log({ level: 'info', step: step.id, message: `${step.name}: done`, metadata: { source: 'support-desk' } })
      await ticket.completeStep(step.id, { output: step.id === 'classify' ? { queue: random() < 0.5 ? 'billing' : 'technical' } : { ok: true } })
    }
    await ticket.complete({ success: true, output: { replied: true }, summary: 'Reply sent to the customer' })
  }

  /** Works on a ticket unless it already does or lost it; refusals (paused, cancelled meanwhile) end the turn. */
  function work(id: string) {
    if (working.has(id) || lost.has(id) || signal.aborted) return
    working.add(id)
    drive(id)
      .catch((error) => {
        // A refusal of the lifecycle (paused, cancelled meanwhile) ends the turn quietly, as does the
        // desk stopping with the console; the rest is said.
        if (signal.aborted) return
        if (!(error instanceof ConsoleError) || error.status === 0 || error.status === 401 || error.status === 403) console.error(`support desk: ${id} failed`, error)
      })
      .finally(() => working.delete(id))
  }

  // Its tickets under way when the desk (re)starts or the console retried or resumed them, then
  // new tickets at its rate. Only its own (tagged): one someone opened by hand is theirs to run.
  while (!signal.aborted) {
    const waiting = await desk.ServiceExecution.list({ service: t.id, tag: DESK_TAG, status: ['queued', 'retry', 'running'], limit: 50 }).catch(() => [])
    for (const execution of waiting) work(execution.$id)
    if (random() < perMinute / 6) {
      tickets += 1
      const customer = CUSTOMERS[Math.floor(random() * CUSTOMERS.length)]!.id
      const created = await desk.ServiceExecution.create({
        service: t.id,
        customer,
        priority: random() < 0.1 ? 'high' : 'normal',
        tags: ['demo', 'support', DESK_TAG],
        context: { ticket: `T-${10_000 + tickets}` },
        steps: t.steps.map((step) => ({ id: step.id, name: step.name, type: step.assignee === 'human' ? 'human' : 'task' })),
      }).catch((error) => console.error('support desk: could not open a ticket', error))
      if (created) work(created.$id)
    }
    await sleep(10_000, signal).catch(() => {})
  }
}
