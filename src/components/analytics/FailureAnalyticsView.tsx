'use client'
// Failure analytics for a service and time range (both in the URL): headline figures, charts,
// and the failure groups — each a link to its executions, retried as a whole, resolved or
// ignored (a resolved group that recurs shows as reopened).
import dynamic from 'next/dynamic'
import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useMemo, useRef, useState, useTransition } from 'react'
import { toast } from 'sonner'
import { api } from '@/trpc/react'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'
import { RetryPreview, type Preview } from './RetryPreview'
import type { ListFilter } from '@/server/domain/schemas'
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/routers/root'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { formatAverageDuration, formatCount, formatPercent } from '@/components/format'
import { analyticsInput, analyticsSearch, parseAnalyticsView, RANGES, type AnalyticsView } from './analytics-view'

import { FailureChartsLoading } from './failure-charts'

const FailureCharts = dynamic(() => import('./FailureCharts'), { ssr: false, loading: () => <FailureChartsLoading /> })

type FailureGroup = inferRouterOutputs<AppRouter>['analytics']['failures']['groups'][number]

const STATE_STYLE: Record<string, string> = {
  open: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
  reopened: 'bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100',
  resolved: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
  ignored: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-100',
}

export function FailureAnalyticsView({ canOperate, initialInput }: { canOperate: boolean; initialInput: ReturnType<typeof analyticsInput> }) {
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const view = useMemo(() => parseAnalyticsView(new URLSearchParams(params.toString())), [params])
  // The server's range while the view is the one it rendered (a preset counts back from its
  // clock); a new view asks again.
  const renderedSearch = useRef(analyticsSearch(view)).current
  const input = useMemo(() => (analyticsSearch(view) === renderedSearch ? initialInput : analyticsInput(view)), [view, renderedSearch, initialInput])
  const report = api.analytics.failures.useQuery(input)
  const services = api.services.list.useQuery()
  const utils = api.useUtils()
  const decide = api.analytics.decide.useMutation({
    onSuccess: (d) => {
      toast.success(`Group ${d.state === 'open' ? 'reopened' : d.state}`)
      void utils.analytics.failures.invalidate()
    },
    onError: (e) => toast.error(e.message),
  })
  const bulk = api.executions.bulk.useMutation()
  /** The executions a group's "Retry all" acts on: its failures in this view's service and range. */
  const groupFilter = (fingerprint: string) => ({ errorGroup: fingerprint, ...(view.service ? { service: [view.service] } : {}), ...range })
  // A new view renders on the server first (its report prefetched there): until it arrives the
  // charts stay, dimmed and marked busy.
  const [navigating, startTransition] = useTransition()
  const go = (next: AnalyticsView) => startTransition(() => router.replace(`${pathname}?${analyticsSearch(next)}`, { scroll: false }))
  const r = report.data
  const failures = r ? Object.values(r.byCode).reduce((a, b) => a + b, 0) : 0
  const serviceNames = useMemo(() => Object.fromEntries((services.data ?? []).map((s) => [s.id, s.name])), [services.data])
  const range = { createdFrom: input.from, createdTo: input.to }
  const groupLink = (fingerprint: string) =>
    `/executions?${new URLSearchParams({ group: fingerprint, ...(view.service ? { service: view.service } : {}), ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}) }).toString()}`

  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-xl font-semibold">Failure analytics</h1>
      <form className="flex flex-wrap items-end gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col">
          Service
          <select
            value={view.service ?? ''}
            onChange={(e) => go({ ...view, service: e.target.value || undefined })}
            className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="">all services</option>
            {services.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex gap-1">
          <legend className="mb-1">Time range</legend>
          {(Object.keys(RANGES) as (keyof typeof RANGES)[]).map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={view.range === k}
              onClick={() => go({ service: view.service, range: k })}
              className={`rounded px-2 py-1 ${view.range === k ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'border border-slate-300 dark:border-slate-600'}`}
            >
              last {k}
            </button>
          ))}
        </fieldset>
      </form>
      {report.error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          Failure analytics could not be loaded: {report.error.message}
        </p>
      )}
      {r ? (
        <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
          <Figure label="Failures" value={formatCount(failures)} />
          <Figure label="Failure rate" value={formatPercent(r.failureRate)} />
          <Figure label="Retry success rate" value={formatPercent(r.retrySuccessRate)} />
          <Figure label="Mean time to recovery" value={formatAverageDuration(r.meanTimeToRecovery)} />
        </dl>
      ) : (
        !report.error && <p role="status">Loading…</p>
      )}
      <FailureCharts
        data={r}
        loading={report.isPending}
        updating={navigating}
        error={r ? null : report.error?.message}
        onRetry={() => void report.refetch()}
        serviceNames={serviceNames}
      />
      {r && (
        <>
          <section aria-labelledby="groups-heading" className="flex flex-col gap-2">
            <h2 id="groups-heading" className="font-semibold">
              Failure groups ({formatCount(r.groups.length)})
            </h2>
            {r.groups.length === 0 ? (
              <p className="text-slate-500 dark:text-slate-400">No failures in this range.</p>
            ) : (
              // On a phone each group is a card: every column and action in view (stack-table).
              <div className="relative overflow-x-auto">
                <table className="stack-table w-full text-left text-sm">
                  <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400">
                    <tr>
                      <th className="py-2 pr-3">Failure</th>
                      <th className="pr-3">Count</th>
                      <th className="pr-3">First seen</th>
                      <th className="pr-3">Last seen</th>
                      <th className="pr-3">State</th>
                      <th>Actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.groups.map((g) => (
                      <tr key={g.fingerprint} className="border-b border-slate-100 align-top dark:border-slate-800">
                        <td className="max-w-xl py-2 pr-3">
                          <span className="font-mono text-xs font-semibold">{g.errorCode}</span>
                          {g.step && (
                            <span className="text-slate-500 dark:text-slate-400" title={`step ${g.step}`}>
                              {' '}
                              in {stepLabel(g)}
                            </span>
                          )}
                          <p className="break-words">{g.message}</p>
                          <p className="text-xs text-slate-500 dark:text-slate-400">{g.services.map((id) => serviceNames[id] ?? id).join(', ')}</p>
                        </td>
                        <td data-label="Count" className="pr-3 tabular-nums">
                          {formatCount(g.count)}
                        </td>
                        <td data-label="First seen" className="pr-3">
                          <RelativeTime iso={g.firstSeen} />
                        </td>
                        <td data-label="Last seen" className="pr-3">
                          <RelativeTime iso={g.lastSeen} />
                        </td>
                        <td data-label="State" className="pr-3">
                          <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[g.state]}`}>{g.state}</span>
                          {g.changedBy && <p className="text-xs text-slate-500 dark:text-slate-400">by {g.changedBy}</p>}
                        </td>
                        <td className="max-sm:pt-1!">
                          <div className="flex flex-wrap gap-x-3 gap-y-2">
                            <Link
                              href={groupLink(g.fingerprint)}
                              className="text-blue-700 underline dark:text-blue-300"
                              aria-label={`executions of ${g.errorCode} in ${g.step ? stepLabel(g) : 'the execution'}`}
                            >
                              Executions
                            </Link>
                            {canOperate && (
                              <>
                                <RetryGroupDialog
                                  group={g}
                                  filter={groupFilter(g.fingerprint)}
                                  onRetry={async () => {
                                    try {
                                      const result = await bulk.mutateAsync({ operation: 'retry', filter: groupFilter(g.fingerprint) })
                                      toast.success(`Retried ${result.changed} of ${result.matched}`)
                                      void utils.analytics.failures.invalidate()
                                    } catch (e) {
                                      toast.error((e as Error).message)
                                      throw e
                                    }
                                  }}
                                />
                                {g.state === 'open' || g.state === 'reopened' ? (
                                  <>
                                    <button
                                      type="button"
                                      onClick={() => decide.mutate({ fingerprint: g.fingerprint, state: 'resolved' })}
                                      className="text-blue-700 underline dark:text-blue-300"
                                    >
                                      Resolve
                                    </button>
                                    <button
                                      type="button"
                                      onClick={() => decide.mutate({ fingerprint: g.fingerprint, state: 'ignored' })}
                                      className="text-blue-700 underline dark:text-blue-300"
                                    >
                                      Ignore
                                    </button>
                                  </>
                                ) : (
                                  <button
                                    type="button"
                                    onClick={() => decide.mutate({ fingerprint: g.fingerprint, state: 'open' })}
                                    className="text-blue-700 underline dark:text-blue-300"
                                  >
                                    Reopen
                                  </button>
                                )}
                              </>
                            )}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  )
}

/**
 * A group's "Retry all", confirmed after a dry run: the dialog's words say what the dry run
 * found (the executions still failed now), not the group's count over the range, which also
 * holds those already being retried.
 */
function RetryGroupDialog({ group: g, filter, onRetry }: { group: FailureGroup; filter: ListFilter; onRetry: () => Promise<void> }) {
  const [preview, setPreview] = useState<Preview | null>(null)
  const what = `of ${g.errorCode}${g.step ? ` in ${stepLabel(g)}` : ''}`
  const plural = (n: number) => `${formatCount(n)} failed ${n === 1 ? 'execution' : 'executions'}`
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="text-blue-700 underline dark:text-blue-300">
          Retry all
        </button>
      }
      title="Retry the failed executions of this group?"
      description={
        preview === null
          ? `Counting the failed executions ${what}…`
          : preview.changed === 0
            ? `No failed execution ${what} can be retried now.`
            : `${plural(preview.changed)} ${what}, each retried through its lifecycle.${
                g.count !== preview.matched ? ` (The group counts ${formatCount(g.count)} in this range; only those still failed now are retried.)` : ''
              }`
      }
      confirmLabel={preview && preview.changed > 0 ? `Retry ${formatCount(preview.changed)}` : 'Retry all'}
      confirmDisabled={preview === null || preview.changed === 0}
      destructive={false}
      onOpenChange={(open) => !open && setPreview(null)}
      onConfirm={onRetry}
    >
      <RetryPreview filter={filter} onPreview={setPreview} />
    </ConfirmDialog>
  )
}

/** A group's step by its name (one of its executions'; "and like steps" where the others' names differ), else its id. */
const stepLabel = (g: Pick<FailureGroup, 'step' | 'stepName' | 'stepNameVaries'>) => (g.stepName ? `${g.stepName}${g.stepNameVaries ? ' and like steps' : ''}` : (g.step ?? ''))

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded border border-slate-200 p-3 dark:border-slate-700">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  )
}
