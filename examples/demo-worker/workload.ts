// The demo's workload: starts the demo workflows (workflows.ts) at a steady rate through the
// console's API, as a service's scheduler would, and plays the editor who approves most content
// reviews. It only asks the console: the runs are the console's engine's, their task steps this
// process's worker's.
import { setMaxListeners } from 'node:events'
import type { Client, ExecutionWatcher } from '@execution-console/sdk'
import { sleep } from './workflows'

/** Which demo workflows start, and how often relative to each other. */
export const MIX: { workflow: string; weight: number }[] = [
  { workflow: 'sdr-outreach', weight: 30 },
  { workflow: 'content-generation', weight: 18 },
  { workflow: 'crm-sync', weight: 22 },
  { workflow: 'account-research', weight: 8 },
  { workflow: 'quarterly-analysis', weight: 8 },
  { workflow: 'nightly-import', weight: 6 },
  { workflow: 'batch-processing', weight: 8 },
]

export interface WorkloadOptions {
  /** A client whose key may start executions and complete steps (a write key). */
  client: Client
  /** Executions started a minute. */
  perMinute: number
  /** Multiplies the editor's delay. */
  speed?: number
  random?: () => number
  /** Share of review steps the simulated editor decides; the rest wait for an operator. */
  autoApprove?: number
  /** The workload stops when it fires. */
  signal: AbortSignal
}

/** An execution that ended for good: nothing of it is left to review. */
const ENDED = new Set(['completed', 'cancelled'])

/** Starts executions until `signal` fires, and plays the editor of the content reviews it started; resolves when its loop has ended. */
export async function runWorkload(options: WorkloadOptions): Promise<void> {
  const { client, perMinute, signal } = options
  const random = options.random ?? Math.random
  const speed = options.speed ?? 1
  const autoApprove = options.autoApprove ?? 0.7
  setMaxListeners(0, signal) // a listener per review waiting for the editor

  /**
   * The editor of one content-generation run: watches it until its review step starts, then
   * decides once — most approved after a while, a few rejected, the rest left to an operator.
   * Watching only the runs it started costs one stream per run on its way to review (a handful),
   * where polling every running execution's steps would cost requests for every review left
   * waiting; a run started before a restart is left to an operator.
   */
  function edit(executionId: string) {
    const watcher: ExecutionWatcher = client.ServiceExecution[executionId]!.watch()
    let decided = false
    let failedFor: NodeJS.Timeout | undefined
    const close = () => {
      clearTimeout(failedFor)
      signal.removeEventListener('abort', close)
      void watcher.close()
    }
    signal.addEventListener('abort', close, { once: true })
    const decide = () => {
      if (decided) return
      decided = true
      close()
      if (random() >= autoApprove) return
      const review = client.ServiceExecution[executionId]!
      sleep((5_000 + random() * 25_000) * speed, signal)
        .then(() =>
          random() < 0.9
            ? review.completeStep('review', { output: { approved: true, notes: 'Looks good' } })
            : review.failStep('review', { code: 'BUSINESS_RULE_VIOLATION', message: 'Rejected: the draft makes claims we cannot back up', recoverable: false }),
        )
        .catch(() => {}) // the run moved on (paused, cancelled, an operator decided) or the workload stopped
    }
    // The review may have started before the stream did: its first state says.
    watcher.on('state', (execution) => {
      if (ENDED.has(execution.status)) close()
      else if (execution.status === 'failed') failedFor = setTimeout(close, 60_000)
      else if (execution.steps?.some((s) => s.id === 'review' && s.status === 'running')) decide()
    })
    watcher.on('step.started', (step) => step.id === 'review' && decide())
    watcher.on('status_changed', (status) => {
      clearTimeout(failedFor)
      if (ENDED.has(status)) close()
      // A failure its policy retries goes on to `retry` at once; one that stays failed is over.
      else if (status === 'failed') failedFor = setTimeout(close, 60_000)
    })
    watcher.on('error', close) // refused for good (not found, no longer allowed)
  }

  const total = MIX.reduce((sum, m) => sum + m.weight, 0)
  const interval = 60_000 / perMinute
  while (!signal.aborted) {
    let r = random() * total
    const pick = MIX.find((m) => (r -= m.weight) <= 0) ?? MIX[0]!
    const priority = random() < 0.05 ? 'urgent' : random() < 0.15 ? 'high' : random() < 0.1 ? 'low' : 'normal'
    try {
      const execution = await client.BusinessWorkflow.start(pick.workflow, { priority, tags: ['demo'], input: { requestedBy: 'demo' } })
      if (pick.workflow === 'content-generation') edit(execution.$id)
    } catch (error) {
      if (!signal.aborted) console.error(`demo workload: could not start ${pick.workflow}: ${(error as Error).message}`)
    }
    await sleep(interval * (0.5 + random()), signal).catch(() => {})
  }
}
