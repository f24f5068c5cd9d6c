import Link from 'next/link'
import { EXECUTION_STATUSES } from '@/server/domain/lifecycle'
import { serverApi } from '@/trpc/server'
import { ProgressBar } from '@/components/ProgressBar'
import { StatusBadge } from '@/components/StatusBadge'
import { formatCost, formatDuration, formatTime } from '@/components/format'

export const dynamic = 'force-dynamic'

type Search = Record<string, string | string[] | undefined>
const list = (v: string | string[] | undefined) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).filter(Boolean))

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams
  const api = await serverApi()
  const status = list(params.status) as (typeof EXECUTION_STATUSES)[number][] | undefined
  const service = list(params.service)
  const search = typeof params.search === 'string' && params.search ? params.search : undefined
  const cursor = typeof params.cursor === 'string' ? params.cursor : undefined
  const [page, services] = await Promise.all([
    api.executions.list({ status: status?.filter((s) => EXECUTION_STATUSES.includes(s)), service, search, cursor, limit: 50 }),
    api.services.list(),
  ])
  const next = new URLSearchParams()
  if (status?.length) next.set('status', status.join(','))
  if (service?.length) next.set('service', service.join(','))
  if (search) next.set('search', search)
  if (page.nextCursor) next.set('cursor', page.nextCursor)

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Executions</h1>
      <form className="flex flex-wrap items-end gap-3" method="get">
        <label className="flex flex-col text-sm">
          Status
          <select name="status" defaultValue={status?.[0] ?? ''} className="rounded border px-2 py-1 dark:bg-slate-900">
            <option value="">any</option>
            {EXECUTION_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Service
          <select name="service" defaultValue={service?.[0] ?? ''} className="rounded border px-2 py-1 dark:bg-slate-900">
            <option value="">any</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Search
          <input name="search" defaultValue={search ?? ''} placeholder="id, service or error" className="rounded border px-2 py-1 dark:bg-slate-900" />
        </label>
        <button className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white">Filter</button>
      </form>
      {page.items.length === 0 ? (
        <p className="text-slate-500">No executions match these filters.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">Execution</th>
                <th className="pr-3">Status</th>
                <th className="pr-3">Service</th>
                <th className="pr-3">Assignee</th>
                <th className="pr-3">Priority</th>
                <th className="pr-3">Progress</th>
                <th className="pr-3">Created</th>
                <th className="pr-3">Duration</th>
                <th className="pr-3">Cost</th>
                <th>Tags</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.$id} className="border-b border-slate-100 dark:border-slate-800">
                  <td className="py-1.5 pr-3 font-mono text-xs">
                    <Link href={`/executions/${e.$id}`} className="text-blue-700 underline dark:text-blue-300">
                      {e.$id}
                    </Link>
                  </td>
                  <td className="pr-3">
                    <StatusBadge status={e.status} />
                  </td>
                  <td className="pr-3">{e.service}</td>
                  <td className="pr-3">{e.assignee ? `${e.assignee.type}${e.assignee.name ? ` · ${e.assignee.name}` : ''}` : '—'}</td>
                  <td className="pr-3">{e.priority}</td>
                  <td className="pr-3">
                    <ProgressBar value={e.progress} />
                  </td>
                  <td className="pr-3 tabular-nums">{formatTime(e.metadata.createdAt)}</td>
                  <td className="pr-3 tabular-nums">{formatDuration(e.metrics?.duration)}</td>
                  <td className="pr-3 tabular-nums">{formatCost(e.metrics?.cost)}</td>
                  <td className="text-xs">{e.tags.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.nextCursor && (
        <Link href={`/executions?${next.toString()}`} className="self-start text-sm text-blue-700 underline dark:text-blue-300">
          Older executions →
        </Link>
      )}
    </div>
  )
}
