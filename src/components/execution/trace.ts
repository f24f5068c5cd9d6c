// The run trace's spans, from what the page holds: a step's attempts are read back from its
// events (each `step.started` opens one, `step.completed` / `step.failed` / `step.skipped` closes
// it); the step row itself is its latest attempt.
import type { ExecutionEventView } from '@/server/domain/contracts'
import type { ExecutionStep, ServiceExecution } from '@/server/domain/execution'

export interface SpanError {
  code?: string
  message?: string
  stack?: string
  recoverable?: boolean
}

export interface Attempt {
  n: number
  start: number
  end?: number
  status: 'running' | 'completed' | 'failed' | 'skipped'
  error?: SpanError
}

export function attemptsOf(events: readonly ExecutionEventView[]): Attempt[] {
  const attempts: Attempt[] = []
  for (const e of events) {
    const at = Date.parse(e.timestamp)
    const data = (e.data ?? {}) as { attempt?: number; error?: SpanError }
    const open = attempts.at(-1)?.end === undefined ? attempts.at(-1) : undefined
    if (e.type === 'execution.step.started') {
      if (open) open.end = at // (a start without an end before it: stopped, e.g. cancelled or paused and resumed)
      attempts.push({ n: data.attempt ?? attempts.length + 1, start: at, status: 'running' })
    } else if (open && (e.type === 'execution.step.completed' || e.type === 'execution.step.failed' || e.type === 'execution.step.skipped')) {
      open.end = at
      open.status = e.type === 'execution.step.completed' ? 'completed' : e.type === 'execution.step.failed' ? 'failed' : 'skipped'
      if (data.error) open.error = data.error
    }
  }
  return attempts
}

/**
 * What a step's row says. A step still marked running in an execution that no longer runs does
 * not run: it is paused with it (resume starts it again), or stopped (cancelled, or the execution
 * ended) — shown so, its bar ending when the execution stopped rather than growing with the clock.
 */
export function shownStatus(step: ExecutionStep, execution: Pick<ServiceExecution, 'status'>): string {
  if (step.status !== 'running' || execution.status === 'running' || execution.status === 'starting') return step.status
  return execution.status === 'paused' || execution.status === 'retry' || execution.status === 'queued' ? 'paused' : 'stopped'
}

export const isAwaitingPerson = (s: ExecutionStep) => s.status === 'running' && (s.type === 'human' || (s.assignee?.type === 'human' && s.type !== 'task'))

/** Whether a step's row opens into more rows: earlier attempts, or the executions it started. */
export const hasNested = (s: ExecutionStep) => (s.attempt ?? 0) > 1 || (s.childExecutions?.length ?? 0) > 0

/** Time-axis ticks: `count` evenly spaced offsets from the axis' start. */
export function ticks(span: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (span * i) / count)
}

/** A tick the axis draws: its offset from the axis' start, its label, and how the label sits on it. */
export interface PlacedTick {
  t: number
  label: string
  align: 'start' | 'center' | 'end'
}

/** An axis label's width in px, estimated: text-xs tabular figures are under 7 px a character. */
export const labelWidth = (label: string) => label.length * 7

/**
 * The ticks whose labels fit an axis `width` px wide without touching (a gap of `gap` px): the
 * first (left-aligned) and the last (right-aligned) always, the ones between them only where their
 * centred label clears its kept neighbours. At 1280 px the trace's bar column is narrow (the
 * selected span's panel beside it), and the last two of five labels ("+45.0 s" centred at 75 %,
 * "+1m 0s" right-aligned at 100 %) overlapped.
 * Unmeasured (width null: the server's render, before layout) draws the two ends only. No span
 * (nothing has run yet) draws none; a span too short for its labels to differ (1 ms read
 * "+0 ms +1 ms +1 ms +1 ms") keeps only the ticks that say something their neighbours do not.
 */
export function placeTicks(span: number, width: number | null, format: (t: number) => string, count = 4, gap = 8, measure = labelWidth): PlacedTick[] {
  if (!(span > 0)) return []
  const all = ticks(span, count).map((t, i): PlacedTick => ({ t, label: i === 0 ? '0' : format(t), align: i === 0 ? 'start' : i === count ? 'end' : 'center' }))
  const first = all[0]!
  const last = all[count]!
  const said = new Set([format(0), last.label])
  const between = all.slice(1, count).filter((tick) => !said.has(tick.label) && said.add(tick.label))
  if (width === null) return [first, last]
  const box = (tick: PlacedTick): [number, number] => {
    const x = (tick.t / span) * width
    const w = measure(tick.label)
    return tick.align === 'start' ? [x, x + w] : tick.align === 'end' ? [x - w, x] : [x - w / 2, x + w / 2]
  }
  // Too narrow for even the two ends: the last alone says how long the axis is.
  if (box(first)[1] + gap > box(last)[0]) return [last]
  const kept = [first]
  const end = box(last)[0]
  for (const tick of between) {
    const [left, right] = box(tick)
    if (left >= box(kept.at(-1)!)[1] + gap && right + gap <= end) kept.push(tick)
  }
  return [...kept, last]
}
