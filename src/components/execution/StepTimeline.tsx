'use client'
// The step waterfall: one row per step on a shared time axis, coloured by status, with attempts
// and retries; steps that ran at once overlap on the axis. Rows are virtual (TanStack Virtual),
// so a 10,000-step batch scrolls without rendering 10,000 rows. A row opens the step: input,
// output, error, children, its logs, and — for a human step waiting on a person — complete or
// reject.
import Link from 'next/link'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ExecutionStep, ServiceExecution } from '@/server/domain/execution'
import { StatusBadge } from '@/components/StatusBadge'
import { formatAssignee, formatDuration, formatTime } from '@/components/format'
import { HumanStepActions } from './HumanStepActions'
import { TaskAttempts } from './TaskAttempts'

const ROW = 30
const BAR: Record<string, string> = {
  completed: 'bg-green-600',
  running: 'bg-blue-600 animate-pulse',
  failed: 'bg-red-600',
  pending: 'bg-slate-300 dark:bg-slate-600',
  skipped: 'bg-zinc-300 dark:bg-zinc-600',
  disabled: 'bg-zinc-200 dark:bg-zinc-700',
  paused: 'bg-amber-400 dark:bg-amber-600',
  stopped: 'bg-zinc-400 dark:bg-zinc-500',
}

/**
 * What a step's row says. A step still marked running in an execution that no longer runs does
 * not run: it is paused with it (resume starts it again), or stopped (cancelled, or the execution
 * ended) — shown so, its bar ending when the execution stopped rather than growing with the clock.
 */
function shownStatus(step: ExecutionStep, execution: ServiceExecution): string {
  if (step.status !== 'running' || execution.status === 'running' || execution.status === 'starting') return step.status
  return execution.status === 'paused' || execution.status === 'retry' || execution.status === 'queued' ? 'paused' : 'stopped'
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined)
/**
 * "Now", for the bars of running steps: the execution's last change while the server renders and
 * the browser hydrates (the two must draw the same), then the clock, each second while `ticking`.
 */
function useNow(initial: number, ticking: boolean): number {
  const [now, setNow] = useState(initial)
  useEffect(() => {
    setNow(Date.now())
    if (!ticking) return
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}

export const isAwaitingPerson = (s: ExecutionStep) => s.status === 'running' && (s.type === 'human' || (s.assignee?.type === 'human' && s.type !== 'task'))

export function StepTimeline({
  execution,
  canOperate,
  onShowLogs,
  onChanged,
}: {
  execution: ServiceExecution
  canOperate: boolean
  onShowLogs: (step: string) => void
  onChanged: () => void
}) {
  const steps = useMemo(() => execution.steps ?? [], [execution.steps])
  const [open, setOpen] = useState<string | null>(null)
  const scroller = useRef<HTMLDivElement>(null)
  // initialRect: the server renders the first rows too.
  const virtual = useVirtualizer({
    count: steps.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
    initialRect: { width: 1000, height: 416 },
  })

  const stoppedAt = Date.parse(execution.metadata.updatedAt)
  const running = steps.some((s) => shownStatus(s, execution) === 'running')
  const now = useNow(stoppedAt, running)
  /** Where a step's bar ends: its end, now while it runs, or when its execution stopped. */
  const endOf = (s: ExecutionStep) =>
    time(s.completedAt ?? s.failedAt) ?? (s.status !== 'running' ? time(s.startedAt) : shownStatus(s, execution) === 'running' ? now : Math.max(stoppedAt, time(s.startedAt) ?? 0))
  // The axis: from the first start to the last end (now, while something runs).
  const [from, to] = useMemo(() => {
    const starts = steps.map((s) => time(s.startedAt)).filter((t): t is number => t !== undefined)
    const ends = steps.map(endOf).filter((t): t is number => t !== undefined)
    const start = starts.length ? Math.min(...starts) : (time(execution.metrics?.startedAt) ?? now)
    return [start, Math.max(start + 1, ...ends)]
  }, [steps, execution.metrics?.startedAt, now]) // eslint-disable-line react-hooks/exhaustive-deps -- endOf reads the execution these steps are of
  const span = to - from
  const selected = steps.find((s) => s.id === open)

  return (
    <section aria-labelledby="steps-heading" className="flex flex-col gap-2">
      <h2 id="steps-heading" className="font-semibold">
        Steps ({steps.length})
      </h2>
      <div className="flex justify-between text-xs text-slate-500 dark:text-slate-400" aria-hidden>
        <span>{formatTime(new Date(from).toISOString())}</span>
        <span>{formatDuration(span)}</span>
      </div>
      <div ref={scroller} className="max-h-[26rem] overflow-auto rounded border border-slate-200 dark:border-slate-700" role="list" aria-label="step waterfall">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const s = steps[item.index]!
            const status = shownStatus(s, execution)
            const start = time(s.startedAt)
            const end = endOf(s)
            const left = start === undefined ? 0 : ((start - from) / span) * 100
            const width = start === undefined || end === undefined ? 0 : Math.max(0.4, ((end - start) / span) * 100)
            return (
              <div key={s.id} role="listitem" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                <button
                  type="button"
                  onClick={() => setOpen(open === s.id ? null : s.id)}
                  aria-expanded={open === s.id}
                  className="grid h-full w-full grid-cols-[minmax(8rem,14rem)_5.5rem_1fr] items-center gap-2 px-2 text-left text-xs hover:bg-slate-50 dark:hover:bg-slate-800"
                >
                  <span className="truncate">
                    {s.name}
                    {(s.attempt ?? 0) > 1 && <span className="ml-1 text-amber-700 dark:text-amber-300">×{s.attempt}</span>}
                    {s.overdue && <span className="ml-1 font-semibold text-red-700 dark:text-red-300">overdue</span>}
                    {isAwaitingPerson(s) && <span className="ml-1 font-semibold text-amber-800 dark:text-amber-300">awaiting review</span>}
                  </span>
                  <StatusBadge status={status} />
                  <span className="relative h-3 rounded bg-slate-100 dark:bg-slate-800">
                    {width > 0 && (
                      <span className={`absolute top-0 h-3 rounded ${BAR[status] ?? BAR.pending}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
                    )}
                  </span>
                </button>
              </div>
            )
          })}
        </div>
      </div>
      {selected && <StepDetails step={selected} execution={execution} canOperate={canOperate} onShowLogs={onShowLogs} onChanged={onChanged} />}
    </section>
  )
}

function StepDetails({
  step,
  execution,
  canOperate,
  onShowLogs,
  onChanged,
}: {
  step: ExecutionStep
  execution: ServiceExecution
  canOperate: boolean
  onShowLogs: (step: string) => void
  onChanged: () => void
}) {
  return (
    <div className="rounded border border-slate-200 p-3 text-sm dark:border-slate-700" aria-label={`step ${step.name}`} role="region">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold">{step.name}</h3>
        <StatusBadge status={step.status} />
        {step.assignee && <span>by {formatAssignee(step.assignee)}</span>}
        <span>attempt {step.attempt ?? 0}</span>
        {step.retries ? <span>{step.retries} retries</span> : null}
        <span>{formatDuration(step.duration)}</span>
        {step.dueAt && (
          <span className={step.overdue ? 'font-semibold text-red-700 dark:text-red-300' : ''}>
            due {formatTime(step.dueAt)}
            {step.overdue ? ' (overdue)' : ''}
          </span>
        )}
        <button type="button" onClick={() => onShowLogs(step.id)} className="text-blue-700 underline dark:text-blue-300">
          Show its logs
        </button>
      </div>
      {step.childExecutions?.length ? (
        <p className="mt-2">
          Child executions:{' '}
          {step.childExecutions.map((c) => (
            <Link key={c.id} href={`/executions/${c.id}`} className="mr-2 font-mono text-xs text-blue-700 underline dark:text-blue-300">
              {c.id}
            </Link>
          ))}
        </p>
      ) : null}
      {step.error && (
        <p className="mt-2 text-red-700 dark:text-red-300">
          {step.error.code}: {step.error.message}
        </p>
      )}
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        {/* Rendered as text: whatever a worker reports is never markup here. */}
        {step.input !== undefined && <Json label="input" value={step.input} />}
        {step.output !== undefined && <Json label="output" value={step.output} />}
      </div>
      {step.type === 'task' && <TaskAttempts executionId={execution.$id} stepId={step.id} stepState={`${step.status}:${step.attempt ?? 0}`} />}
      {canOperate && isAwaitingPerson(step) && <HumanStepActions executionId={execution.$id} step={step} onDone={onChanged} />}
    </div>
  )
}

export function Json({ label, value }: { label: string; value: unknown }) {
  // Written out once opened: a running batch's checkpoint state lists its 10,000 pending steps
  // (190 KB of text), which a closed panel had put in the page's HTML.
  const [open, setOpen] = useState(false)
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-xs">{label}</summary>
      {open && <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-900">{JSON.stringify(value, null, 2)}</pre>}
    </details>
  )
}
