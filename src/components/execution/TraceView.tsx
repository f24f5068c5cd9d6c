'use client'
// The run trace: every step on one time axis, coloured by status; a step that ran more than once
// or started child executions opens into its attempts and its children (a child opens into its
// own steps), all on the same axis. Selecting a span shows it beside the trace: input, output,
// the error with its stack, that span's logs and events, the task attempts and their workers, and
// — for a human step waiting on a person — complete or reject. Rows are virtual (TanStack
// Virtual), so a 10,000-step batch scrolls without rendering 10,000 rows; attempts and children
// are read only when a row is opened.
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ExecutionStep, ServiceExecution } from '@/server/domain/execution'
import type { ExecutionEventView } from '@/server/domain/contracts'
import { api } from '@/trpc/react'
import { StatusBadge } from '@/components/StatusBadge'
import { formatAssignee, formatDuration, formatTime } from '@/components/format'
import { HumanStepActions } from './HumanStepActions'
import { Json } from './Json'
import { EventEntry } from './Panels'
import { TaskAttempts } from './TaskAttempts'
import { attemptsOf, hasNested, isAwaitingPerson, placeTicks, shownStatus, type Attempt, type SpanError } from './trace'

export { isAwaitingPerson } from './trace'

const ROW = 30
const BAR: Record<string, string> = {
  completed: 'bg-green-600',
  running: 'bg-blue-600 animate-pulse',
  failed: 'bg-red-600',
  pending: 'bg-slate-300 dark:bg-slate-600',
  queued: 'bg-slate-300 dark:bg-slate-600',
  skipped: 'bg-zinc-300 dark:bg-zinc-600',
  disabled: 'bg-zinc-200 dark:bg-zinc-700',
  paused: 'bg-amber-400 dark:bg-amber-600',
  stopped: 'bg-zinc-400 dark:bg-zinc-500',
  cancelled: 'bg-zinc-400 dark:bg-zinc-500',
  retry: 'bg-amber-400 dark:bg-amber-600',
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined)
/** The row's columns (name, status, bar), shared with the axis above them; narrower on a phone so the bars keep room. */
const COLUMNS = 'grid grid-cols-[minmax(4.5rem,8rem)_4.75rem_1fr] gap-2 sm:grid-cols-[minmax(6rem,12.5rem)_5.5rem_1fr]'

/**
 * "Now", for the bars of running spans: the execution's last change while the server renders and
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

/** A child execution as the list reads it. */
type Child = Pick<ServiceExecution, '$id' | 'status' | 'service' | 'progress'> & { metrics?: { startedAt?: string; completedAt?: string } }

type Selection =
  { kind: 'step'; step: string } | { kind: 'attempt'; step: string; n: number } | { kind: 'child'; child: string } | { kind: 'childStep'; child: string; step: string }

type Row =
  | { kind: 'step'; key: string; step: ExecutionStep }
  | { kind: 'attempt'; key: string; step: ExecutionStep; attempt: Attempt; of: number }
  | { kind: 'child'; key: string; step: ExecutionStep; id: string; child?: Child }
  | { kind: 'childStep'; key: string; child: string; step: ExecutionStep }
  | { kind: 'note'; key: string; depth: number; text: string }

const sameSelection = (a: Selection | null, b: Selection) => JSON.stringify(a) === JSON.stringify(b)

export function TraceView({
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
  const id = execution.$id
  const steps = useMemo(() => execution.steps ?? [], [execution.steps])
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set())
  const [openedChildren, setOpenedChildren] = useState<ReadonlySet<string>>(new Set())
  const [selected, setSelected] = useState<Selection | null>(null)
  const scroller = useRef<HTMLDivElement>(null)
  const toggle = (set: ReadonlySet<string>, key: string) => {
    const next = new Set(set)
    if (!next.delete(key)) next.add(key)
    return next
  }

  // Attempts of the opened steps (and the selected one's, for its panel), from their events.
  const selectedStep = selected?.kind === 'step' || selected?.kind === 'attempt' ? selected.step : null
  const eventsOf = useMemo(() => [...new Set([...opened, ...(selectedStep ? [selectedStep] : [])])], [opened, selectedStep])
  const stepEvents = api.useQueries((t) => eventsOf.map((step) => t.executions.events({ id, step, limit: 1000 })))
  const events = new Map(eventsOf.map((step, i) => [step, stepEvents[i]?.data?.items as ExecutionEventView[] | undefined]))
  // A step that moved (a new attempt, an end) is read again.
  const utils = api.useUtils()
  const states = eventsOf.map((s) => `${s}:${steps.find((x) => x.id === s)?.status}:${steps.find((x) => x.id === s)?.attempt}`).join('|')
  const seen = useRef(states)
  useEffect(() => {
    if (seen.current === states) return
    seen.current = states
    void utils.executions.events.invalidate({ id })
  }, [states, id, utils])

  const withChildren = steps.some((s) => opened.has(s.id) && s.childExecutions?.length)
  const children = api.executions.list.useQuery({ parentExecutionId: id, limit: 100 }, { enabled: withChildren, refetchInterval: execution.status === 'running' ? 5_000 : false })
  const childById = useMemo(() => new Map(((children.data?.items ?? []) as Child[]).map((c) => [c.$id, c])), [children.data])
  const services = api.services.list.useQuery(undefined, { enabled: withChildren, staleTime: 60_000 })
  const serviceNames = useMemo(() => Object.fromEntries((services.data ?? []).map((s) => [s.id, s.name])), [services.data])
  const childIds = [...openedChildren]
  const childSteps = api.useQueries((t) => childIds.map((child) => t.executions.steps({ id: child })))
  const stepsOfChild = new Map(childIds.map((child, i) => [child, childSteps[i]]))

  const rows = useMemo(() => {
    const out: Row[] = []
    for (const s of steps) {
      out.push({ kind: 'step', key: s.id, step: s })
      if (!opened.has(s.id)) continue
      const read = events.get(s.id)
      const attempts = read ? attemptsOf(read) : undefined
      if ((s.attempt ?? 0) > 1) {
        if (!attempts) out.push({ kind: 'note', key: `${s.id}/attempts`, depth: 1, text: 'reading attempts…' })
        else for (const a of attempts) out.push({ kind: 'attempt', key: `${s.id}/attempt/${a.n}/${a.start}`, step: s, attempt: a, of: attempts.length })
      }
      for (const c of s.childExecutions ?? []) {
        out.push({ kind: 'child', key: `${s.id}/child/${c.id}`, step: s, id: c.id, child: childById.get(c.id) })
        if (!openedChildren.has(c.id)) continue
        const read = stepsOfChild.get(c.id)
        if (!read?.data) out.push({ kind: 'note', key: `${c.id}/steps`, depth: 2, text: read?.error ? `its steps could not be read: ${read.error.message}` : 'reading its steps…' })
        else for (const cs of read.data.slice(0, 200)) out.push({ kind: 'childStep', key: `${c.id}/${cs.id}`, child: c.id, step: cs })
        if ((read?.data?.length ?? 0) > 200) out.push({ kind: 'note', key: `${c.id}/more`, depth: 2, text: `${read!.data!.length - 200} more steps: open the execution` })
      }
    }
    return out
    // `events` and `stepsOfChild` are rebuilt each render from the queries' data, which these track.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [steps, opened, openedChildren, childById, ...stepEvents.map((q) => q.data), ...childSteps.map((q) => q.data)])

  // initialRect: the server renders the first rows too.
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12, initialRect: { width: 1000, height: 416 } })

  const stoppedAt = Date.parse(execution.metadata.updatedAt)
  const running = steps.some((s) => shownStatus(s, execution) === 'running')
  const now = useNow(stoppedAt, running)
  /** Where a step's bar ends: its end, now while it runs, or when its execution stopped. */
  const endOf = (s: ExecutionStep, owner: Pick<ServiceExecution, 'status'> = execution) =>
    time(s.completedAt ?? s.failedAt) ?? (s.status !== 'running' ? time(s.startedAt) : shownStatus(s, owner) === 'running' ? now : Math.max(stoppedAt, time(s.startedAt) ?? 0))
  const spanOf = (row: Row): [number | undefined, number | undefined, string] => {
    switch (row.kind) {
      case 'step':
        return [time(row.step.startedAt), endOf(row.step), shownStatus(row.step, execution)]
      case 'attempt':
        return [
          row.attempt.start,
          row.attempt.end ?? (shownStatus(row.step, execution) === 'running' ? now : stoppedAt),
          row.attempt.end ? row.attempt.status : shownStatus(row.step, execution),
        ]
      case 'child': {
        const c = row.child
        const start = time(c?.metrics?.startedAt)
        return [start, time(c?.metrics?.completedAt) ?? (c && (c.status === 'running' || c.status === 'starting') ? now : start), c?.status ?? 'pending']
      }
      case 'childStep': {
        const owner = childById.get(row.child) ?? { status: 'running' as const }
        return [time(row.step.startedAt), endOf(row.step, owner), shownStatus(row.step, owner)]
      }
      default:
        return [undefined, undefined, 'pending']
    }
  }
  // The axis: from the first start to the last end of every span shown (now, while something runs).
  // Nothing timed yet (no steps, or none started): the axis says so instead of ticks over 1 ms.
  const [from, to, timed] = useMemo(() => {
    let start = Infinity
    let end = -Infinity
    for (const r of rows) {
      const [s, e] = spanOf(r)
      if (s !== undefined) start = Math.min(start, s)
      if (e !== undefined) end = Math.max(end, e)
    }
    const timed = start !== Infinity
    if (!timed) start = time(execution.metrics?.startedAt) ?? now
    return [start, Math.max(start + 1, end), timed] as const
  }, [rows, now]) // eslint-disable-line react-hooks/exhaustive-deps -- spanOf reads the execution these rows are of
  const span = to - from
  // The axis' width, for the ticks whose labels fit it (placeTicks): measured, and again on resize.
  const axis = useRef<HTMLSpanElement>(null)
  const [axisWidth, setAxisWidth] = useState<number | null>(null)
  useEffect(() => {
    const element = axis.current
    if (!element) return
    const observer = new ResizeObserver(() => setAxisWidth(element.clientWidth))
    observer.observe(element)
    setAxisWidth(element.clientWidth)
    return () => observer.disconnect()
  }, [])

  const pick = (s: Selection) => setSelected((current) => (sameSelection(current, s) ? null : s))
  const selectionOf = (row: Row): Selection | null =>
    row.kind === 'step'
      ? { kind: 'step', step: row.step.id }
      : row.kind === 'attempt'
        ? { kind: 'attempt', step: row.step.id, n: row.attempt.n }
        : row.kind === 'child'
          ? { kind: 'child', child: row.id }
          : row.kind === 'childStep'
            ? { kind: 'childStep', child: row.child, step: row.step.id }
            : null

  return (
    <section aria-labelledby="steps-heading" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="steps-heading" className="font-semibold">
          Steps ({steps.length})
        </h2>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          The run trace: select a span to see it; ▸ opens a step&apos;s earlier attempts and the executions it started.
          {opened.size > 0 && (
            <button
              type="button"
              className="ml-2 text-blue-700 underline dark:text-blue-300"
              onClick={() => {
                setOpened(new Set())
                setOpenedChildren(new Set())
              }}
            >
              Collapse all
            </button>
          )}
        </p>
      </div>
      <div className="grid items-start gap-3 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="flex min-w-0 flex-col gap-1">
          <div className="flex pr-2 text-xs text-slate-500 dark:text-slate-400" aria-hidden>
            <span className="w-7 shrink-0" />
            <div className={`${COLUMNS} min-w-0 flex-1`}>
              <span className="col-span-2 truncate">{timed ? formatTime(new Date(from).toISOString()) : ''}</span>
              <span ref={axis} className="relative h-4" data-testid="trace-axis">
                {!timed && (
                  <span className="absolute inset-x-0 top-0 truncate" data-testid="trace-axis-empty">
                    {steps.length ? 'no step has started yet' : 'no steps yet'}
                  </span>
                )}
                {placeTicks(timed ? span : 0, axisWidth, (t) => `+${formatDuration(Math.round(t))}`).map((tick) => (
                  <span
                    key={tick.t}
                    className={`absolute top-0 whitespace-nowrap tabular-nums ${tick.align === 'start' ? '' : tick.align === 'end' ? '-translate-x-full' : '-translate-x-1/2'}`}
                    style={{ left: `${(tick.t / span) * 100}%` }}
                    data-testid="trace-tick"
                  >
                    {tick.label}
                  </span>
                ))}
              </span>
            </div>
          </div>
          <div ref={scroller} className="max-h-[26rem] overflow-auto rounded border border-slate-200 dark:border-slate-700" role="list" aria-label="step waterfall">
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((item) => {
                const row = rows[item.index]!
                const place = { position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` } as const
                if (row.kind === 'note')
                  return (
                    <div key={row.key} role="listitem" style={place} className="flex items-center text-xs text-slate-500 dark:text-slate-400">
                      <span style={{ paddingLeft: `${row.depth * 1.25 + 1.75}rem` }}>{row.text}</span>
                    </div>
                  )
                const [start, end, status] = spanOf(row)
                const left = start === undefined ? 0 : ((start - from) / span) * 100
                const width = start === undefined || end === undefined ? 0 : Math.max(0.4, ((end - start) / span) * 100)
                const selection = selectionOf(row)!
                const isSelected = sameSelection(selected, selection)
                const depth = row.kind === 'step' ? 0 : row.kind === 'childStep' ? 2 : 1
                const nested = row.kind === 'step' ? hasNested(row.step) : row.kind === 'child'
                const isOpen = row.kind === 'step' ? opened.has(row.step.id) : row.kind === 'child' ? openedChildren.has(row.id) : false
                return (
                  <div
                    key={row.key}
                    role="listitem"
                    style={place}
                    className={`flex items-center ${isSelected ? 'bg-blue-50 dark:bg-blue-950' : ''} ${depth ? 'bg-slate-50/60 dark:bg-slate-900/60' : ''}`}
                  >
                    <span style={{ width: `${depth * 1.25}rem` }} className="shrink-0" />
                    {nested ? (
                      <button
                        type="button"
                        aria-expanded={isOpen}
                        aria-label={isOpen ? 'Collapse' : 'Expand'}
                        title={row.kind === 'step' ? 'earlier attempts and child executions' : 'its steps'}
                        onClick={() => (row.kind === 'step' ? setOpened(toggle(opened, row.step.id)) : row.kind === 'child' && setOpenedChildren(toggle(openedChildren, row.id)))}
                        className="w-7 shrink-0 text-center text-xs text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                      >
                        {isOpen ? '▾' : '▸'}
                      </button>
                    ) : (
                      <span className="w-7 shrink-0" />
                    )}
                    <button
                      type="button"
                      onClick={() => pick(selection)}
                      aria-pressed={isSelected}
                      className={`${COLUMNS} h-full min-w-0 flex-1 items-center pr-2 text-left text-xs hover:bg-slate-50 dark:hover:bg-slate-800`}
                    >
                      <RowLabel row={row} serviceNames={serviceNames} />
                      <StatusBadge status={status} />
                      <span className="relative h-3 rounded bg-slate-100 dark:bg-slate-800">
                        {width > 0 && (
                          <span
                            className={`absolute top-0 h-3 rounded ${BAR[status] ?? BAR.pending} ${depth ? 'opacity-80' : ''}`}
                            style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}
                          />
                        )}
                      </span>
                    </button>
                  </div>
                )
              })}
            </div>
          </div>
        </div>
        <SpanPanel
          selection={selected}
          execution={execution}
          events={selectedStep ? events.get(selectedStep) : undefined}
          child={selected?.kind === 'child' || selected?.kind === 'childStep' ? childById.get(selected.child) : undefined}
          childStep={selected?.kind === 'childStep' ? stepsOfChild.get(selected.child)?.data?.find((s) => s.id === selected.step) : undefined}
          serviceNames={serviceNames}
          canOperate={canOperate}
          onShowLogs={onShowLogs}
          onChanged={onChanged}
          onClose={() => setSelected(null)}
        />
      </div>
    </section>
  )
}

function RowLabel({ row, serviceNames }: { row: Exclude<Row, { kind: 'note' }>; serviceNames: Record<string, string> }) {
  if (row.kind === 'attempt')
    return (
      <span className="truncate text-slate-700 dark:text-slate-300">
        attempt {row.attempt.n}
        {row.attempt.error?.code ? <span className="ml-1 text-red-700 dark:text-red-300">{row.attempt.error.code}</span> : null}
      </span>
    )
  if (row.kind === 'child')
    return (
      <span className="truncate text-slate-700 dark:text-slate-300" title={row.id}>
        child · {row.child ? (serviceNames[row.child.service] ?? row.child.service) : <span className="font-mono">{row.id}</span>}
      </span>
    )
  const s = row.step
  return (
    <span className="truncate" title={s.name}>
      {s.name}
      {(s.attempt ?? 0) > 1 && <span className="ml-1 text-amber-700 dark:text-amber-300">×{s.attempt}</span>}
      {s.overdue && <span className="ml-1 font-semibold text-red-700 dark:text-red-300">overdue</span>}
      {isAwaitingPerson(s) && <span className="ml-1 font-semibold text-amber-800 dark:text-amber-300">awaiting review</span>}
      {carriedFrom(s) && <span className="ml-1 text-slate-600 dark:text-slate-400">carried over</span>}
    </span>
  )
}

function SpanPanel({
  selection,
  execution,
  events,
  child,
  childStep,
  serviceNames,
  canOperate,
  onShowLogs,
  onChanged,
  onClose,
}: {
  selection: Selection | null
  execution: ServiceExecution
  events: ExecutionEventView[] | undefined
  child: Child | undefined
  childStep: ExecutionStep | undefined
  serviceNames: Record<string, string>
  canOperate: boolean
  onShowLogs: (step: string) => void
  onChanged: () => void
  onClose: () => void
}) {
  if (!selection)
    return (
      <p className="hidden rounded border border-dashed border-slate-300 p-3 text-sm text-slate-500 xl:block dark:border-slate-700 dark:text-slate-400">
        Select a span to see its input, output, error, logs, events and the worker that ran it.
      </p>
    )
  const close = (
    <button type="button" onClick={onClose} className="ml-auto text-xs text-blue-700 underline dark:text-blue-300">
      Close
    </button>
  )
  const frame = 'flex flex-col gap-2 rounded border border-slate-200 p-3 text-sm xl:sticky xl:top-16 xl:max-h-[80vh] xl:overflow-auto dark:border-slate-700'
  if (selection.kind === 'child' || selection.kind === 'childStep') {
    const id = selection.child
    return (
      <div role="region" aria-label={`child execution ${id}`} className={frame}>
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-semibold">Child execution</h3>
          {child && <StatusBadge status={child.status} />}
          {close}
        </div>
        <Link href={`/executions/${id}`} className="break-all font-mono text-xs text-blue-700 underline dark:text-blue-300">
          {id}
        </Link>
        {child ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs">
            <dt className="text-slate-500 dark:text-slate-400">Service</dt>
            <dd title={child.service}>{serviceNames[child.service] ?? child.service}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Started</dt>
            <dd>{formatTime(child.metrics?.startedAt)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Ended</dt>
            <dd>{formatTime(child.metrics?.completedAt)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Progress</dt>
            <dd>{Math.round(child.progress)}%</dd>
          </dl>
        ) : (
          <p className="text-xs text-slate-500 dark:text-slate-400">reading…</p>
        )}
        {selection.kind === 'childStep' && childStep && <StepBody executionId={id} step={childStep} />}
      </div>
    )
  }
  const step = (execution.steps ?? []).find((s) => s.id === selection.step)
  if (!step) return null
  const attempts = events ? attemptsOf(events) : undefined
  const attempt = selection.kind === 'attempt' ? attempts?.find((a) => a.n === selection.n) : undefined
  const window = attempt ? { from: attempt.start, to: attempt.end } : undefined
  const error: SpanError | undefined = selection.kind === 'attempt' ? attempt?.error : step.error
  return (
    <div className={frame} aria-label={`step ${step.name}`} role="region">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{step.name}</h3>
        <StatusBadge status={attempt ? attempt.status : step.status} />
        {close}
      </div>
      <div className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
        {attempt ? (
          <>
            <span>
              attempt {attempt.n} of {attempts!.length}
            </span>
            <span>{formatTime(new Date(attempt.start).toISOString())}</span>
            <span>{attempt.end ? formatDuration(attempt.end - attempt.start) : 'running'}</span>
          </>
        ) : (
          <>
            {step.type && <span>{step.type}</span>}
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
          </>
        )}
        <button type="button" onClick={() => onShowLogs(step.id)} className="text-blue-700 underline dark:text-blue-300">
          Show its logs
        </button>
      </div>
      {carriedFrom(step) && (
        <p className="text-xs">
          Carried over from{' '}
          <Link href={`/executions/${carriedFrom(step)}`} className="font-mono text-blue-700 underline dark:text-blue-300">
            {carriedFrom(step)}
          </Link>
          : it did not run here; its output is that execution&rsquo;s.
        </p>
      )}
      {error && <ErrorBlock error={error} />}
      {canOperate && isAwaitingPerson(step) && <HumanStepActions executionId={execution.$id} step={step} onDone={onChanged} />}
      {canOperate && execution.workflowTemplateVersionId && <RerunFromStep executionId={execution.$id} step={step} />}
      {step.childExecutions?.length ? (
        <p className="text-xs">
          Child executions:{' '}
          {step.childExecutions.map((c) => (
            <Link key={c.id} href={`/executions/${c.id}`} className="mr-2 font-mono text-blue-700 underline dark:text-blue-300">
              {c.id}
            </Link>
          ))}
        </p>
      ) : null}
      <StepBody executionId={execution.$id} step={step} window={window} attempt={attempt?.n} />
      <SpanEvents events={events?.filter((e) => !window || within(Date.parse(e.timestamp), window))} />
    </div>
  )
}

const within = (t: number, w: { from: number; to?: number }) => t >= w.from && (w.to === undefined || t <= w.to)

/** Input, output, the span's logs and (for a task) its attempts and workers. */
function StepBody({ executionId, step, window, attempt }: { executionId: string; step: ExecutionStep; window?: { from: number; to?: number }; attempt?: number }) {
  return (
    <>
      <div className="grid gap-2">
        {/* Rendered as text: whatever a worker reports is never markup here. */}
        {step.input !== undefined && <Json label="input" value={step.input} />}
        {step.output !== undefined && <Json label="output" value={step.output} />}
      </div>
      <SpanLogs executionId={executionId} step={step} window={window} />
      {step.type === 'task' && <TaskAttempts executionId={executionId} stepId={step.id} stepState={`${step.status}:${step.attempt ?? 0}`} attempt={attempt} />}
    </>
  )
}

function ErrorBlock({ error }: { error: SpanError }) {
  return (
    <div className="rounded border border-red-200 bg-red-50 p-2 text-xs text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
      <p className="font-medium">
        {error.code}: {error.message}
      </p>
      {error.stack && (
        <details>
          <summary className="cursor-pointer">stack</summary>
          <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all">{error.stack}</pre>
        </details>
      )}
    </div>
  )
}

const LEVEL: Record<string, string> = { error: 'text-red-700 dark:text-red-300', warn: 'text-amber-700 dark:text-amber-300', debug: 'text-slate-500 dark:text-slate-400' }

/** The newest 200 lines of the step (of the attempt's time, for an attempt). */
function SpanLogs({ executionId, step, window }: { executionId: string; step: ExecutionStep; window?: { from: number; to?: number } }) {
  const logs = api.executions.logs.useQuery({ id: executionId, step: [step.id], latest: true, limit: 200 }, { refetchInterval: step.status === 'running' ? 3_000 : false })
  const lines = (logs.data?.items ?? []).filter(
    (l) => !window || within(Date.parse(l.timestamp), { from: window.from - 1_000, to: window.to === undefined ? undefined : window.to + 1_000 }),
  )
  return (
    <div>
      <h4 className="text-xs font-medium">Logs {window ? 'of this attempt' : 'of this step'}</h4>
      {logs.isLoading ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">reading…</p>
      ) : logs.error ? (
        <p className="text-xs text-red-700 dark:text-red-300">could not be read: {logs.error.message}</p>
      ) : lines.length === 0 ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">no lines</p>
      ) : (
        <ol role="log" aria-label={`logs of ${step.name}`} className="max-h-48 overflow-auto rounded bg-slate-50 p-1 font-mono text-[11px] leading-4 dark:bg-slate-900">
          {lines.map((l) => (
            <li key={l.id} className="whitespace-pre-wrap break-words">
              <span className="text-slate-500 dark:text-slate-400">{l.timestamp.slice(11, 23)} </span>
              <span className={LEVEL[l.level] ?? ''}>{l.level.padEnd(5)} </span>
              {l.message}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

/** The step's events, with their payloads. */
function SpanEvents({ events }: { events: ExecutionEventView[] | undefined }) {
  if (!events?.length) return null
  return (
    <details>
      <summary className="cursor-pointer text-xs font-medium">Events ({events.length})</summary>
      <ol className="mt-1 flex flex-col gap-0.5 text-xs" aria-label="events of this span">
        {events.map((e) => (
          <EventEntry key={e.id} event={e} />
        ))}
      </ol>
    </details>
  )
}

/** The execution a rerun carried this step over from (it did not run in this one). */
const carriedFrom = (s: ExecutionStep) => (typeof s.metadata?.carriedFrom === 'string' ? s.metadata.carriedFrom : undefined)

/** A new execution from this step: the steps before it carried over with their outputs, it and the rest run again. */
function RerunFromStep({ executionId, step }: { executionId: string; step: ExecutionStep }) {
  const router = useRouter()
  const rerun = api.executions.rerun.useMutation()
  return (
    <div>
      <ConfirmDialog
        trigger={
          <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800">
            Rerun from here
          </button>
        }
        title={`Rerun from step ${step.name}?`}
        description="A new execution of this workflow starts with the same input. The steps before this one are carried over with their outputs and do not run again; this step and every step after it run again. This execution stays as it is."
        confirmLabel="Rerun from this step"
        destructive={false}
        onConfirm={async () => {
          const next = await rerun.mutateAsync({ id: executionId, fromStep: step.id })
          router.push(`/executions/${next.$id}`)
        }}
      >
        {rerun.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {rerun.error.message}
          </p>
        )}
      </ConfirmDialog>
    </div>
  )
}
