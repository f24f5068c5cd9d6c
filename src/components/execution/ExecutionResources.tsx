'use client'
// An execution's resources (docs/resources.md): a notice while one of its steps waits for a
// resource — which, and how many steps are ahead of it — and seed 002's ResourceUsage as a table:
// each allocation of its steps, held or released, with its cost and efficiency. Read again every
// couple of seconds while the execution runs; nothing is shown for one that never needed any.
import Link from 'next/link'
import { api } from '@/trpc/react'
import type { ServiceExecution } from '@/server/domain/execution'
import { formatAmount, formatCurrency, formatDuration, formatPercent } from '@/components/format'

const ACTIVE = new Set(['queued', 'starting', 'running', 'paused', 'retry'])
const cell = 'px-2 py-1'

export function ResourceWait({ execution }: { execution: ServiceExecution }) {
  const running = execution.status === 'running'
  const progress = api.executions.progress.useQuery({ id: execution.$id }, { enabled: running, refetchInterval: running ? 2_000 : false })
  const phase = running ? progress.data?.currentPhase : undefined
  if (!phase?.startsWith('waiting for resource ')) return null
  return (
    <p
      role="status"
      data-testid="resource-wait"
      className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Waiting {phase.slice('waiting '.length)}: a step of this execution needs more than is free and goes on when earlier or higher-priority steps release it. See{' '}
      <Link href="/resources" className="underline">
        Resources
      </Link>
      .
    </p>
  )
}

export function ResourceUsageTable({ execution }: { execution: ServiceExecution }) {
  const active = ACTIVE.has(execution.status)
  const usage = api.executions.resources.useQuery({ id: execution.$id }, { refetchInterval: active ? 2_000 : false })
  const rows = usage.data ?? []
  if (!rows.length) return null
  const cost = rows.reduce((n, r) => n + r.cost, 0)
  return (
    <section aria-labelledby="resources-heading" className="flex flex-col gap-2">
      <h2 id="resources-heading" className="font-semibold">
        Resources
      </h2>
      <div className="relative overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-left text-xs text-slate-600 dark:text-slate-400">What its steps held{cost ? ` · ${formatCurrency(cost)} in all` : ''}</caption>
          <thead>
            <tr className="text-left">
              <th className={cell}>Step</th>
              <th className={cell}>Resource</th>
              <th className={`${cell} text-right`}>Amount</th>
              <th className={cell}>State</th>
              <th className={`${cell} text-right`}>Held</th>
              <th className={`${cell} text-right`}>Cost</th>
              <th className={`${cell} text-right`}>Efficiency</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.stepId}-${r.resourceId}-${i}`} className="border-t border-slate-200 dark:border-slate-700">
                <td className={`${cell} font-mono text-xs`}>{r.stepId}</td>
                <td className={cell}>
                  {r.name} <span className="text-xs text-slate-500 dark:text-slate-400">({r.resourceType})</span>
                </td>
                <td className={`${cell} text-right tabular-nums`}>{formatAmount(r.amount, r.unit)}</td>
                <td className={cell}>
                  {r.status === 'released' ? `released${r.reason ? ` (${r.reason})` : ''}` : r.status === 'allocated' ? 'held' : `waiting (priority ${r.priority})`}
                </td>
                <td className={`${cell} text-right tabular-nums`}>
                  {r.startTime ? formatDuration((r.endTime ? Date.parse(r.endTime) : Date.now()) - Date.parse(r.startTime)) : '—'}
                </td>
                <td className={`${cell} text-right tabular-nums`}>{formatCurrency(r.cost)}</td>
                <td className={`${cell} text-right tabular-nums`}>{r.status === 'released' ? formatPercent(r.efficiency, 0) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
