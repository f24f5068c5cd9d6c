// What a watch message changes in the execution a page holds, applied to it in place instead of
// reading the whole execution again (511 KB for the 1,000-step batch, up to every 300 ms). A step's
// start, end and the progress are applied whole; what a message only hints at (the output a step
// returned, the metrics and times of a lifecycle change) is read back narrowly: those steps, or
// the execution without its steps. Pure functions, tested in test/live-patch.test.ts.
import type { ExecutionStep, ServiceExecution } from '@/server/domain/execution'
import { RUNTIME_STATUS_OF, RUNTIME_STEP_STATUS_OF, isStepFinished, type ExecutionStatus, type StepStatus } from '@/server/domain/lifecycle'

/** The parts of a watch message a patch reads. */
export interface LiveMessage {
  event: string
  timestamp: string
  status?: string
  progress?: number
  step?: string
  data?: unknown
  /** The execution's version after the event's change (live events carry it; a replayed one does not). */
  version?: number
}

/** What else the page reads again after a message (each coalesced and throttled by the page). */
export interface Rereads {
  /** The execution's own fields (metrics, times, error, runner), without its steps. */
  summary: boolean
  /** These steps (their output, error or input the message did not carry). */
  steps: string[]
  checkpoints: boolean
  webhooks: boolean
  /** Everything: the page holds nothing to apply the message to. */
  all: boolean
}

const NOTHING: Rereads = { summary: false, steps: [], checkpoints: false, webhooks: false, all: false }
const STEP_STATUS_OF_EVENT: Partial<Record<string, StepStatus>> = {
  'execution.step.started': 'running',
  'execution.step.completed': 'completed',
  'execution.step.failed': 'failed',
  'execution.step.skipped': 'skipped',
  'execution.step.disabled': 'disabled',
}
const ENDED: Partial<Record<string, ExecutionStatus>> = { 'execution.completed': 'completed', 'execution.failed': 'failed', 'execution.cancelled': 'cancelled' }
/** Lifecycle changes that change steps without a step's event. */
const STEPS_CHANGED_QUIETLY = new Set(['execution.retry', 'execution.cancelled'])
/** Telemetry whose only trace on the page is the event itself. */
const EVENT_ONLY = new Set(['execution.log', 'execution.heartbeat', 'execution.recovery', 'execution.recovery.applied'])

/**
 * `loading`: the page is still reading the execution's later steps (a step it does not hold may be
 * among them). Every event is activity: its time is the execution's lastActivityAt (seed 004), as a
 * read of it would say (to the second the page shows).
 */
export function patchExecution(e: ServiceExecution, m: LiveMessage, loading = false): { execution: ServiceExecution; rereads: Rereads } {
  const patched = withVersion(patchOf(e, m, loading), m.version)
  const last = patched.execution.metadata.lastActivityAt
  // (Within the second it shows: the page is not drawn again for each log batch of a busy run.)
  if (last !== undefined && Math.floor(Date.parse(last) / 1000) >= Math.floor(Date.parse(m.timestamp) / 1000)) return patched
  return { ...patched, execution: { ...patched.execution, metadata: { ...patched.execution.metadata, lastActivityAt: m.timestamp } } }
}

/** The version a live event says the execution is at (never back: a read may have seen a later one). */
function withVersion(patched: { execution: ServiceExecution; rereads: Rereads }, version: number | undefined) {
  if (version === undefined || version <= patched.execution.version) return patched
  return { ...patched, execution: { ...patched.execution, version } }
}

function patchOf(e: ServiceExecution, m: LiveMessage, loading: boolean): { execution: ServiceExecution; rereads: Rereads } {
  if (m.event === 'execution.progress') return { execution: typeof m.progress === 'number' ? { ...e, progress: m.progress } : e, rereads: NOTHING }
  if (m.event === 'execution.checkpoint') return { execution: e, rereads: { ...NOTHING, checkpoints: true } }
  if (EVENT_ONLY.has(m.event)) return { execution: e, rereads: NOTHING }
  const stepStatus = STEP_STATUS_OF_EVENT[m.event]
  if (stepStatus && m.step) return patchStep(e, m, m.step, stepStatus, loading)
  // A lifecycle change: its status now; its times, metrics, error and runner read back. A retry
  // puts failed steps back to pending and a cancel stops the running ones, without events of
  // their own: then everything is read again (seldom, unlike a step's boundary).
  const status = ENDED[m.event] ?? (m.status as ExecutionStatus | undefined)
  const execution = status && status in RUNTIME_STATUS_OF ? { ...e, status, runtimeStatus: RUNTIME_STATUS_OF[status] } : e
  return { execution, rereads: { ...NOTHING, summary: true, webhooks: true, checkpoints: m.event === 'execution.paused', all: STEPS_CHANGED_QUIETLY.has(m.event) } }
}

function patchStep(e: ServiceExecution, m: LiveMessage, stepId: string, status: StepStatus, loading: boolean): { execution: ServiceExecution; rereads: Rereads } {
  const steps = e.steps
  const at = steps?.findIndex((s) => s.id === stepId) ?? -1
  // A step the page does not hold (added since, or still loading): read it, with the totals.
  if (!steps || at < 0) return { execution: e, rereads: { ...NOTHING, steps: [stepId], summary: !loading } }
  const before = steps[at]!
  const data = (m.data ?? {}) as { attempt?: number; duration?: number; error?: ExecutionStep['error'] }
  const step: ExecutionStep = { ...before, status, runtimeStatus: RUNTIME_STEP_STATUS_OF[status] }
  if (status === 'running') {
    step.startedAt = m.timestamp
    step.attempt = data.attempt ?? (before.attempt ?? 0) + 1
    delete step.completedAt
    delete step.failedAt
    delete step.duration
  } else if (status === 'completed') {
    step.completedAt = m.timestamp
    if (typeof data.duration === 'number') step.duration = data.duration
    delete step.overdue
  } else if (status === 'failed') {
    step.failedAt = m.timestamp
    if (data.error) step.error = data.error
  }
  const next = steps.slice()
  next[at] = step
  const finished = Number(isStepFinished(status)) - Number(isStepFinished(before.status as StepStatus))
  const metrics = finished && e.metrics ? { ...e.metrics, stepsCompleted: e.metrics.stepsCompleted + finished } : e.metrics
  return {
    execution: { ...e, steps: next, metrics },
    // A finished step's output (and a failed one's whole error) is not in the message.
    rereads: { ...NOTHING, steps: status === 'running' ? [] : [stepId], summary: status === 'failed' },
  }
}

/** Several messages' rereads as one. */
export function mergeRereads(a: Rereads, b: Rereads): Rereads {
  return {
    summary: a.summary || b.summary,
    steps: [...new Set([...a.steps, ...b.steps])],
    checkpoints: a.checkpoints || b.checkpoints,
    webhooks: a.webhooks || b.webhooks,
    all: a.all || b.all,
  }
}

export const NO_REREADS = NOTHING

/**
 * Log lines the page opens with (rendered by the server, in its payload): the log box shows about
 * twenty. With 500, a long execution's page carried 120 KB of lines nobody had scrolled to; older
 * lines come 500 at a time on demand.
 */
export const LOG_TAIL = 100

/** Steps a long execution's page is rendered with; the rest are read once the page is in the browser. */
export const STEPS_WITH_PAGE = 100

/** The timeline's page of events: the newest (a live page appends to it). */
export const EVENTS_SHOWN = 100
export const EVENTS_QUERY = (id: string) => ({ id, latest: true, limit: EVENTS_SHOWN })
/** The runs made from an execution (replays and reruns): its execution.replayed events. */
export const REPLAYS_QUERY = (id: string) => ({ id, type: ['execution.replayed'], limit: 100 })

/** The timeline's page with an event appended (once), kept to its size: earlier ones are paged back to. */
export function withEvent<E extends { id: number }>(page: { items: E[]; nextCursor: number | null }, event: E): { items: E[]; nextCursor: number | null } {
  if (page.items.some((e) => e.id === event.id)) return page
  const items = [...page.items, event]
  if (items.length <= EVENTS_SHOWN) return { ...page, items }
  const kept = items.slice(items.length - EVENTS_SHOWN)
  return { items: kept, nextCursor: kept[0]!.id }
}
