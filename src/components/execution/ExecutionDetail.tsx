'use client'
// One execution, live: the server renders it, then the watch subscription keeps it current —
// the state on (re)connect, each committed event after it (log lines straight into the log view,
// the rest refreshing the execution and its records) — with no polling and no reload.
import dynamic from 'next/dynamic'
import Link from 'next/link'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ServiceExecution } from '@/server/domain/execution'
import { api } from '@/trpc/react'
import { ExecutionControls } from '@/components/ExecutionControls'
import { ProgressBar } from '@/components/ProgressBar'
import { StatusBadge } from '@/components/StatusBadge'
import { formatAssignee, formatCost, formatDuration, formatTime } from '@/components/format'
import { LogViewer, type LogFilter, type LogLine } from './LogViewer'
import { CheckpointsPanel, ErrorPanel, EventTimeline, StepName, WebhooksPanel } from './Panels'
import { TraceView, isAwaitingPerson } from './TraceView'
import { WhyItFailed } from './WhyItFailed'
import { Forecast } from './Forecast'
import { ResultPanel } from './ResultPanel'
import { ExecutionAlerts } from './ExecutionAlerts'
import { ResourceUsageTable, ResourceWait } from './ExecutionResources'
import { ExecutionMenu } from './ExecutionMenu'
import { WatchToggle } from '@/components/notifications/WatchToggle'
import { ReplayDialog } from './ReplayDialog'
import { Countdown } from '@/components/ui/RelativeTime'
import { EVENTS_QUERY, REPLAYS_QUERY, mergeRereads, NO_REREADS, patchExecution, withEvent, type Rereads } from './live-patch'
import type { ExecutionEventView } from '@/server/domain/contracts'
import { unservedWaiting } from '@/server/domain/workers'

// Charts are the heaviest code on the page: loaded after it renders, in the browser only.
const MetricsCharts = dynamic(() => import('./MetricsCharts'), { ssr: false, loading: () => <p className="text-sm">Loading charts…</p> })

const REFRESH_MS = 300

export function ExecutionDetail({
  id,
  initial,
  stepsFrom,
  resumeAfter,
  canOperate,
}: {
  id: string
  initial: ServiceExecution
  /** The page came with the steps before this position only: the rest are read now. */
  stepsFrom?: number
  /** The newest event the page was rendered with: the watch resumes after it. */
  resumeAfter?: number
  canOperate: boolean
}) {
  const utils = api.useUtils()
  const execution = api.executions.get.useQuery({ id }, { initialData: initial })
  const services = api.services.list.useQuery()
  const serviceNames = useMemo(() => Object.fromEntries((services.data ?? []).map((s) => [s.id, s.name])), [services.data])
  const [logFilter, setLogFilter] = useState<LogFilter>({ level: [], step: null, search: '' })
  const logSinks = useRef(new Set<(lines: LogLine[]) => void>())
  const subscribeLogs = useCallback((sink: (lines: LogLine[]) => void) => {
    logSinks.current.add(sink)
    return () => void logSinks.current.delete(sink)
  }, [])

  /** Log lines after `after` up to `last`, from the logs API, into the log view. */
  const readRest = async (after: number, last: number) => {
    for (let cursor = after; cursor < last;) {
      const page = await utils.executions.logs.fetch({ id, after: cursor, limit: 1000 })
      const lines = (page.items as LogLine[]).filter((l) => l.id! <= last)
      if (!lines.length) return
      for (const sink of logSinks.current) sink(lines)
      cursor = lines.at(-1)!.id!
    }
  }

  // Each event is applied to the execution the page holds (live-patch.ts); what it only hints at
  // is read back narrowly — the steps it touched, the execution without its steps — a few times a
  // second at most, never the whole execution again.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null)
  const rereads = useRef<Rereads>(NO_REREADS)
  useEffect(() => () => clearTimeout(pending.current ?? undefined), [])
  const reread = (more: Rereads) => {
    rereads.current = mergeRereads(rereads.current, more)
    if (pending.current) return
    pending.current = setTimeout(() => {
      pending.current = null
      const r = rereads.current
      rereads.current = NO_REREADS
      if (r.all) {
        void utils.executions.get.invalidate({ id })
      } else {
        if (r.summary)
          void utils.client.executions.summary.query({ id }).then((summary) => utils.executions.get.setData({ id }, (old) => (old ? { ...summary, steps: old.steps } : old)))
        if (r.steps.length)
          void utils.client.executions.steps.query({ id, ids: r.steps.slice(0, 500) }).then((fresh) => {
            const byId = new Map(fresh.map((s) => [s.id, s]))
            utils.executions.get.setData({ id }, (old) => {
              if (!old) return old
              const held = new Set((old.steps ?? []).map((s) => s.id))
              // Steps added since the page was read come after the others (a step's position is its order of creation).
              const added = fresh.filter((s) => !held.has(s.id) && !stepsLoading.current)
              return { ...old, steps: [...(old.steps ?? []).map((s) => byId.get(s.id) ?? s), ...added] }
            })
          })
      }
      if (r.all || r.summary) void utils.analytics.groupOf.invalidate({ executionId: id })
      if (r.all || r.checkpoints) void utils.executions.checkpoints.invalidate({ id })
      if (r.all || r.webhooks) void utils.executions.webhooks.invalidate({ id })
    }, REFRESH_MS)
  }
  /** After an operator's action: the execution's own fields and records, read back. */
  const refresh = () => reread({ ...NO_REREADS, summary: true, checkpoints: true, webhooks: true })
  /** The timeline gets the event itself. */
  const appendEvent = (event: ExecutionEventView) => utils.executions.events.setData(EVENTS_QUERY(id), (old) => (old ? withEvent(old, event) : old))
  // A long execution's later steps, read once the page is in the browser (its HTML stays small).
  // Steps events touched meanwhile are read again once they are there (the read may predate the event).
  const stepsLoading = useRef<Set<string> | null>(stepsFrom !== undefined ? new Set() : null)
  useEffect(() => {
    if (stepsFrom === undefined) return
    let current = true
    void utils.client.executions.steps.query({ id, from: stepsFrom }).then((rest) => {
      if (!current) return
      utils.executions.get.setData({ id }, (old) => (old ? { ...old, steps: [...(old.steps ?? []).slice(0, stepsFrom), ...rest] } : old))
      const touched = [...(stepsLoading.current ?? [])]
      stepsLoading.current = null
      if (touched.length) reread({ ...NO_REREADS, steps: touched })
    })
    return () => {
      current = false
    }
    // (Once a page: `reread` only schedules reads.)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, stepsFrom, utils])
  const watch = api.executions.watch.useSubscription(
    { id, ...(resumeAfter !== undefined ? { lastEventId: String(resumeAfter) } : {}) },
    {
      onData: ({ data }) => {
        if (data.type === 'state') {
          utils.executions.get.setData({ id }, data.execution)
          return
        }
        if (data.type === 'log' && 'logs' in data && data.logs) {
          const lines = data.logs as LogLine[]
          for (const sink of logSinks.current) sink(lines)
          // A large batch comes with its first lines: the rest are read from the logs API.
          const range = data.data as { lastId?: number } | undefined
          if ('logsTruncated' in data && data.logsTruncated && range?.lastId && lines.length) void readRest(lines.at(-1)!.id!, range.lastId)
          return
        }
        if (data.event === 'execution.replayed') void utils.executions.events.invalidate(REPLAYS_QUERY(id))
        appendEvent({
          id: data.eventId,
          executionId: data.executionId,
          type: data.event,
          step: data.step,
          actor: data.actor,
          status: data.status,
          data: data.data,
          timestamp: data.timestamp,
        })
        const held = utils.executions.get.getData({ id })
        if (!held) return reread({ ...NO_REREADS, all: true })
        if (stepsLoading.current && data.step) stepsLoading.current.add(data.step)
        const patched = patchExecution(held, data, stepsLoading.current !== null)
        if (patched.execution !== held) utils.executions.get.setData({ id }, patched.execution)
        reread(patched.rereads)
      },
    },
  )

  // Parked on workers' tasks: is a live worker serving them? (The Workers page's warning, for this execution.)
  const parked = execution.data?.status === 'running' && execution.data.runner?.kind === 'engine' && !!execution.data.runner.waiting
  const pendingTasks = api.workers.tasks.useQuery({ executionId: id, status: ['PENDING'], limit: 100 }, { enabled: parked, refetchInterval: parked ? 5_000 : false })
  const queues = api.workers.queues.useQuery(undefined, { enabled: parked && (pendingTasks.data?.length ?? 0) > 0, refetchInterval: 5_000 })
  const unserved = parked && pendingTasks.data && queues.data ? unservedWaiting(pendingTasks.data, queues.data) : undefined
  const children = api.executions.count.useQuery({ parentExecutionId: id }, { staleTime: 10_000 })
  // The runs made from this one (replays and reruns): its execution.replayed events.
  const replayEvents = api.executions.events.useQuery(REPLAYS_QUERY(id))
  const replays = (replayEvents.data?.items ?? []).map((r) => r.data as { replay: string; fromStep?: string })
  const e = execution.data
  const replayOf = e?.metadata.replayOf as { id: string; fromStep?: string } | undefined
  const stepIds = useMemo(() => (e?.steps ?? []).map((s) => s.id), [e?.steps])
  const stepNames = useMemo(() => Object.fromEntries((e?.steps ?? []).map((s) => [s.id, s.name])), [e?.steps])
  if (!e) return <p role="alert">{execution.error ? `This execution could not be loaded: ${execution.error.message}` : 'Loading…'}</p>
  const m = e.metrics
  const awaiting = (e.steps ?? []).filter(isAwaitingPerson)
  const changed = (next?: ServiceExecution) => {
    if (next) utils.executions.get.setData({ id }, (old) => (old ? { ...old, ...next, steps: next.steps ?? old.steps } : next))
    refresh()
  }

  return (
    <div className="flex flex-col gap-6">
      <section className="flex flex-col gap-3" aria-label="execution">
        <nav aria-label="breadcrumbs" className="text-sm">
          <ol className="flex flex-wrap items-center gap-1 text-slate-500 dark:text-slate-400">
            <li>
              <Link href="/executions" className="text-blue-700 underline dark:text-blue-300">
                Executions
              </Link>
            </li>
            {[
              ...(e.rootExecutionId && e.rootExecutionId !== e.parentExecutionId ? [['root', e.rootExecutionId]] : []),
              ...(e.parentExecutionId ? [['parent', e.parentExecutionId]] : []),
            ].map(([kind, ancestor]) => (
              <li key={kind} className="flex items-center gap-1">
                <span aria-hidden="true">›</span>
                <Link
                  href={`/executions/${ancestor}`}
                  title={`${kind}: ${ancestor}`}
                  className="block max-w-48 truncate font-mono text-xs text-blue-700 underline dark:text-blue-300"
                >
                  {ancestor}
                </Link>
              </li>
            ))}
            <li className="flex items-center gap-1">
              <span aria-hidden="true">›</span>
              <span aria-current="page" className="font-mono text-xs">
                {e.$id}
              </span>
            </li>
          </ol>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="break-all font-mono text-lg">{e.$id}</h1>
          <StatusBadge status={e.status} />
          <ProgressBar value={e.progress} />
          <span className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
            {watch.status === 'pending' ? '● live' : watch.status === 'error' ? 'live updates paused — reconnecting' : 'connecting…'}
          </span>
          <span className="ml-auto flex items-center gap-2">
            <WatchToggle executionId={e.$id} />
            <ExecutionMenu execution={e} />
          </span>
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
          <Field label="Service">
            <span title={e.service}>{serviceNames[e.service] ?? e.service}</span>
          </Field>
          {e.runner && (
            <Field label="Runner">
              <span data-testid="runner">{e.runner.label}</span>
              {e.runner.waiting && (
                <span data-testid="runner-waiting" className="block text-slate-600 dark:text-slate-300">
                  {unserved ?? e.runner.waiting}
                  {e.runner.dueAt ? ` · due ${formatTime(e.runner.dueAt)}` : ''}
                </span>
              )}
            </Field>
          )}
          <Field label="Order">{e.order}</Field>
          <Field label="Assignee">{formatAssignee(e.assignee)}</Field>
          <Field label="Priority">{e.priority}</Field>
          <Field label="Created">{formatTime(e.metadata.createdAt)}</Field>
          <Field label="Started">{formatTime(m?.startedAt)}</Field>
          <Field label={e.status === 'failed' ? 'Failed' : e.status === 'cancelled' ? 'Cancelled' : e.status === 'completed' ? 'Completed' : 'Ended'}>
            {formatTime(e.status === 'failed' ? (e.metadata.failedAt ?? m?.completedAt) : m?.completedAt)}
          </Field>
          <Field label="Last activity">
            <span data-testid="last-activity">{formatTime(e.metadata.lastActivityAt)}</span>
          </Field>
          <Field label="Duration">
            {formatDuration(m?.duration)}
            {m?.effectiveDuration !== undefined && m.effectiveDuration !== m.duration
              ? ` (${formatDuration(m.effectiveDuration)} running, without pauses and waits for retries)`
              : ''}
          </Field>
          <Field label="Cost">{formatCost(m?.cost)}</Field>
          <Field label="Tokens">{(m?.tokensUsed ?? 0).toLocaleString('en-US')}</Field>
          <Field label="Correlation">
            <Link
              href={`/executions?correlation=${encodeURIComponent(e.correlationId)}`}
              className="font-mono text-xs text-blue-700 underline dark:text-blue-300"
              title="every execution of this correlation"
            >
              {e.correlationId}
            </Link>
          </Field>
          <Field label="Version">
            <span data-testid="version">{e.version}</span>
          </Field>
          {(children.data ?? 0) > 0 && (
            <Field label="Children">
              <Link href={`/executions?parent=${encodeURIComponent(e.$id)}`} className="text-blue-700 underline dark:text-blue-300">
                {children.data!.toLocaleString('en-US')} execution{children.data === 1 ? '' : 's'}
              </Link>
            </Field>
          )}
          {e.parentExecutionId && (
            <Field label="Parent">
              <Link href={`/executions/${e.parentExecutionId}`} className="font-mono text-xs text-blue-700 underline dark:text-blue-300">
                {e.parentExecutionId}
              </Link>
            </Field>
          )}
          {e.rootExecutionId && e.rootExecutionId !== e.parentExecutionId && (
            <Field label="Root">
              <Link href={`/executions/${e.rootExecutionId}`} className="font-mono text-xs text-blue-700 underline dark:text-blue-300">
                {e.rootExecutionId}
              </Link>
            </Field>
          )}
          {replayOf && (
            <Field label={replayOf.fromStep ? 'Rerun of' : 'Replay of'}>
              <Link href={`/executions/${replayOf.id}`} className="font-mono text-xs text-blue-700 underline dark:text-blue-300">
                {replayOf.id}
              </Link>
              {replayOf.fromStep ? (
                <>
                  {' '}
                  from step <StepName id={replayOf.fromStep} names={stepNames} />
                </>
              ) : null}
            </Field>
          )}
          {replays.length > 0 && (
            <Field label="Replays">
              <ul data-testid="replays">
                {replays.map((r) => (
                  <li key={r.replay}>
                    <Link href={`/executions/${r.replay}`} className="font-mono text-xs text-blue-700 underline dark:text-blue-300">
                      {r.replay}
                    </Link>
                    {r.fromStep ? (
                      <>
                        {' '}
                        (rerun from <StepName id={r.fromStep} names={stepNames} />)
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Field>
          )}
          <Field label="Tags">
            <span data-testid="tags">{e.tags.length ? e.tags.join(', ') : '—'}</span>
          </Field>
          {e.cancelReason && <Field label="Cancel reason">{e.cancelReason}</Field>}
        </dl>
        <Forecast execution={e} />
        <ExecutionAlerts execution={e} canOperate={canOperate} />
        {canOperate && (
          <div className="flex flex-wrap items-start gap-2">
            <ExecutionControls execution={e} onChanged={changed} />
            {e.workflowTemplateVersionId && <ReplayDialog execution={{ ...e, workflowTemplateVersionId: e.workflowTemplateVersionId }} />}
          </div>
        )}
        {e.runner?.kind === 'none' && e.runner.waiting && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            No engine worker runs {e.runner.label.replace(/^no worker for /, '')}: this execution waits until one that runs it connects. Cancel it, or start a worker with this
            workflow.
          </p>
        )}
        {e.runner?.stalledSince && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            Silent since {formatTime(e.runner.stalledSince)}: {e.service} has not reported on this execution (no progress, log, step or heartbeat) for longer than allowed. It times
            out after {formatDuration(e.timeout)} of running.
          </p>
        )}
        <ResourceWait execution={e} />
        {awaiting.length > 0 && (
          <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            Waiting on a person:{' '}
            {awaiting.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? ', ' : ''}
                {s.name}
                {s.dueAt ? (
                  <>
                    {' '}
                    (<Countdown iso={s.dueAt} />)
                  </>
                ) : null}
              </span>
            ))}{' '}
            — open the step below to complete or reject it, or review it in the{' '}
            <Link href="/inbox" className="underline">
              inbox
            </Link>
            .
          </p>
        )}
      </section>

      <ResultPanel execution={e} />
      {e.error && <ErrorPanel error={e.error} current={e.status === 'failed'} stepNames={stepNames} />}
      {(e.error || (e.metrics?.retries ?? 0) > 0) && <WhyItFailed executionId={id} stepNames={stepNames} />}
      <TraceView execution={e} canOperate={canOperate} onShowLogs={(step) => setLogFilter({ ...logFilter, step })} onChanged={() => changed()} />
      <LogViewer executionId={id} steps={stepIds} filter={logFilter} onFilter={setLogFilter} subscribe={subscribeLogs} />
      <ResourceUsageTable execution={e} />
      {m && <MetricsCharts metrics={m} steps={e.steps} stepRetries={(e.steps ?? []).reduce((n, s) => n + (s.retries ?? 0), 0)} />}
      <div className="grid gap-6 lg:grid-cols-2">
        <EventTimeline id={id} stepNames={stepNames} />
        <CheckpointsPanel execution={e} canOperate={canOperate} onChanged={changed} />
      </div>
      <WebhooksPanel id={id} />
    </div>
  )
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  )
}
