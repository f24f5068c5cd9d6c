'use client'
// The reviewer inbox: steps waiting on a person across executions, soonest due first with a
// countdown, filtered by service and assignee (in the URL), each completed or rejected in place.
// New ones arrive on a short refresh; one reviewed leaves the list at once.
import Link from 'next/link'
import { usePathname, useRouter } from 'next/navigation'
import { useEffect, useMemo, useRef, useState } from 'react'
import { api } from '@/trpc/react'
import { HumanStepActions } from '@/components/execution/HumanStepActions'
import { Json } from '@/components/execution/Json'
import { Countdown, RelativeTime } from '@/components/ui/RelativeTime'
import { formatAssignee } from '@/components/format'

const REFRESH_MS = 5_000
const SELECT = 'rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900'

export function ReviewInbox({ filter, canOperate }: { filter: { service?: string; assignee?: string }; canOperate: boolean }) {
  const router = useRouter()
  const pathname = usePathname()
  const inbox = api.inbox.useQuery(filter, { refetchInterval: REFRESH_MS })
  const services = api.services.list.useQuery()
  const names = useMemo(() => Object.fromEntries((services.data ?? []).map((s) => [s.id, s.name])), [services.data])
  const utils = api.useUtils()
  const [open, setOpen] = useState<string | null>(null)
  // The filters as last chosen: two changes in a row, before the URL has followed the first, both hold.
  const chosen = useRef(filter)
  useEffect(() => {
    chosen.current = filter
  }, [filter])
  const go = (change: { service?: string; assignee?: string }) => {
    const next = { ...chosen.current, ...change }
    chosen.current = next
    const search = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => !!e[1])).toString()
    router.replace(`${pathname}${search ? `?${search}` : ''}`)
  }
  const items = inbox.data?.items ?? []
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Review inbox</h1>
        <span className="text-sm tabular-nums text-slate-600 dark:text-slate-300" data-testid="inbox-count">
          {items.length.toLocaleString('en-US')} waiting
        </span>
      </div>
      <form className="flex flex-wrap items-center gap-2" aria-label="inbox filters" onSubmit={(e) => e.preventDefault()}>
        <label className="flex items-center gap-1 text-sm">
          Service
          <select className={SELECT} value={filter.service ?? ''} onChange={(e) => go({ service: e.target.value || undefined })}>
            <option value="">any</option>
            {(inbox.data?.services ?? []).map((s) => (
              <option key={s} value={s}>
                {names[s] ?? s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm">
          Assignee
          <select className={SELECT} value={filter.assignee ?? ''} onChange={(e) => go({ assignee: e.target.value || undefined })}>
            <option value="">anyone</option>
            {(inbox.data?.assignees ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </form>
      {inbox.error ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          The inbox could not be loaded: {inbox.error.message}
        </p>
      ) : items.length === 0 ? (
        <p className="text-slate-500 dark:text-slate-400">Nothing waits on a person{filter.service || filter.assignee ? ' for these filters' : ''}.</p>
      ) : (
        <ul
          aria-label="steps waiting on a person"
          className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
        >
          {items.map(({ executionId, service, step }) => {
            const key = `${executionId}/${step.id}`
            return (
              <li key={key} aria-label={`${step.name} of ${executionId}`} className="flex flex-col gap-1 px-3 py-2 text-sm">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-medium">{step.name}</span>
                  <Link href={`/executions/${executionId}`} className="max-w-56 truncate font-mono text-xs text-blue-700 underline dark:text-blue-300" title={executionId}>
                    {executionId}
                  </Link>
                  <span className="text-slate-600 dark:text-slate-300">{names[service] ?? service}</span>
                  <span className="text-slate-600 dark:text-slate-300">{formatAssignee(step.assignee)}</span>
                  <span className="ml-auto flex items-center gap-3">
                    {step.dueAt ? <Countdown iso={step.dueAt} /> : <span className="text-slate-500 dark:text-slate-400">no due time</span>}
                    <span className="text-xs text-slate-500 dark:text-slate-400">
                      waiting since <RelativeTime iso={step.startedAt} />
                    </span>
                    {canOperate && (
                      <button
                        type="button"
                        aria-expanded={open === key}
                        onClick={() => setOpen(open === key ? null : key)}
                        className="rounded-md border border-slate-300 px-2 py-0.5 dark:border-slate-600"
                      >
                        {open === key ? 'Close' : 'Review'}
                      </button>
                    )}
                  </span>
                </div>
                {open === key && step.input !== undefined && <Json label="what to review (the step's input)" value={step.input} />}
                {open === key && (
                  <HumanStepActions
                    executionId={executionId}
                    step={step}
                    onDone={() => {
                      setOpen(null)
                      void utils.inbox.invalidate()
                    }}
                  />
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
