// The demo workload: starts the built-in workflows (built-in/workflows.ts) at a steady rate, plays the
// editor for most human reviews, and runs an outside service that runs its own executions over
// the API through the SDK (support-desk.ts). Loaded only when DEMO is on.
import { setMaxListeners } from 'node:events'
import type { Clock } from '../lib/clock'
import type { Engine } from '../engine/engine'
import type { EventBus } from '../events/bus'
import type { ExecutionService } from '../services/executions'
import { startSupportDesk, type SupportDeskOptions } from './support-desk'

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

/** `perMinute` counts the engine's starts; the support desk opens a sixth as many tickets. */
export interface DemoDriverOptions {
  engine: Engine
  executions: ExecutionService
  bus: EventBus
  clock: Clock
  perMinute: number
  random?: () => number
  /**
   * The support desk's and its agents' SDK clients (each with its own API key), once the console
   * listens: the desk opens tickets from then on. No desk without them.
   */
  desk?: Promise<Pick<SupportDeskOptions, 'desk' | 'agents'>>
  /** Share of human review steps a simulated editor approves; the rest wait for an operator. */
  autoApprove?: number
}

/**
 * Starts demo executions at a steady rate, plays the editor for most human reviews, and runs the
 * outside support desk (a sixth of the rate).
 */
export function startDemoDriver(options: DemoDriverOptions): () => void {
  const { engine, executions, bus, clock, perMinute } = options
  let stopDesk = () => {}
  const random = options.random ?? Math.random
  const autoApprove = options.autoApprove ?? 0.7
  const stop = new AbortController()
  setMaxListeners(0, stop.signal) // one listener per review waiting for the simulated editor
  options.desk
    ?.then((clients) => {
      if (!stop.signal.aborted) stopDesk = startSupportDesk({ ...clients, clock, perMinute: perMinute / 6, random: options.random })
    })
    .catch((error) => console.error('demo: the support desk could not start', error))
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
