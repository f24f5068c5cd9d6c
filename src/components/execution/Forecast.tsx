'use client'
// A running execution's time and cost to finish, from the same workflow's completed runs
// (domain/forecast.ts). The history is read once (and again every few minutes); the estimate
// moves on each second as the run goes on, from the fraction of its steps done and its rate so
// far, blended with the past runs that ran at least as long and cost at least as much.
import { useEffect, useState } from 'react'
import { api } from '@/trpc/react'
import { forecast, MIN_RUNS, type Range } from '@/server/domain/forecast'
import type { ServiceExecution } from '@/server/domain/execution'
import { formatCurrency, formatDuration } from '@/components/format'
import { hasEnded } from '@/server/domain/lifecycle'
import { Countdown } from '@/components/ui/RelativeTime'
import { isAwaitingPerson } from './trace'

const roundMs = (ms: number) => (ms < 10_000 ? Math.round(ms / 100) * 100 : Math.round(ms / 1000) * 1000)
const time = (r: Range) =>
  r.high - r.low < 1_000 ? formatDuration(roundMs(r.likely)) : `${formatDuration(roundMs(r.likely))} (${formatDuration(roundMs(r.low))}–${formatDuration(roundMs(r.high))})`
const money = (r: Range) => `${formatCurrency(r.likely)} (${formatCurrency(r.low)}–${formatCurrency(r.high)})`

export function Forecast({ execution }: { execution: ServiceExecution }) {
  const live = !hasEnded(execution.status)
  const history = api.analytics.forecastHistory.useQuery({ executionId: execution.$id }, { enabled: live, staleTime: 5 * 60_000, refetchInterval: 5 * 60_000 })
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    if (!live) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [live])
  if (!live) return null
  const h = history.data
  const startedAt = execution.metrics?.startedAt ? Date.parse(execution.metrics.startedAt) : undefined
  let body: React.ReactNode
  if (history.isError) body = `unavailable: ${history.error.message}`
  else if (!h || now === null) body = 'reading past runs…'
  else {
    // A paused execution's clock stands still: its elapsed time is as of the pause.
    const until = execution.status === 'paused' ? Date.parse(execution.metadata.updatedAt) : now
    const elapsedMs = startedAt === undefined ? 0 : Math.max(0, until - startedAt)
    const m = execution.metrics
    const steps = execution.steps ?? []
    const awaiting = steps.filter(isAwaitingPerson)
    const f = forecast(h, {
      elapsedMs,
      cost: m?.cost ?? 0,
      stepsCompleted: m?.stepsCompleted,
      stepsTotal: m?.stepsTotal,
      // A rerun's carried-over steps finished in its source: not this run's pace.
      stepsCarried: steps.filter((s) => typeof s.metadata?.carriedFrom === 'string').length,
      progress: execution.progress,
      awaitingPerson: awaiting.length > 0,
    })
    const of = `of this ${h.basis} in the last ${h.days} days`
    const thin = h.durations.length < MIN_RUNS
    const done = f.fraction !== null ? `${Math.round(f.fraction * 100)}% done` : null
    const from =
      f.basis === 'progress'
        ? thin
          ? `from its rate so far (${done}; ${h.durations.length} completed run${h.durations.length === 1 ? '' : 's'} ${of}, ${MIN_RUNS} needed for history)`
          : `from its rate so far (${done}; running longer than any of the ${h.durations.length} completed runs ${of})`
        : f.basis === 'blend'
          ? `from its rate so far (${done}) and the ${f.runs} of ${h.durations.length} completed runs ${of} that ran at least this long`
          : `from the ${f.runs} of ${h.durations.length} completed runs ${of} that ran at least this long`
    body = f.awaitingPerson ? (
      <>
        waiting for a person ({awaiting.map((s) => s.name).join(', ')}
        {awaiting[0]?.dueAt ? (
          <>
            , <Countdown iso={awaiting[0].dueAt} />
          </>
        ) : null}
        ): the time to finish depends on them
      </>
    ) : !f.remainingMs ? (
      f.beyondHistory ? (
        <>
          running longer than any of the {h.durations.length} completed runs {of} (the longest took {formatDuration(roundMs(h.durations.at(-1)!))})
        </>
      ) : (
        `not enough history yet (${h.durations.length} completed run${h.durations.length === 1 ? '' : 's'} ${of}; ${MIN_RUNS} needed) and no step finished to go by`
      )
    ) : (
      <>
        <strong className="font-medium">{time(f.remainingMs)}</strong> to finish
        {f.remainingCost ? (
          <>
            , <strong className="font-medium">{money(f.remainingCost)}</strong> more to spend
          </>
        ) : null}{' '}
        <span className="text-slate-500 dark:text-slate-400">
          · {from}
          {execution.status === 'paused' ? ' · paused' : ''}
        </span>
      </>
    )
  }
  return (
    <p className="text-sm" data-testid="forecast" aria-live="off">
      <span className="text-slate-500 dark:text-slate-400">Forecast: </span>
      {body}
    </p>
  )
}
