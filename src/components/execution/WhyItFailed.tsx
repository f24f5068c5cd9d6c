'use client'
// "Why it failed": the failure group of the execution's failure (or the one it recovered from)
// — how often it happened and since when, how retries of it ended, what operators decided —
// with links to every execution of the group and to failure analytics.
import Link from 'next/link'
import { api } from '@/trpc/react'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { StepName, type StepNames } from './Panels'

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

export function WhyItFailed({ executionId, stepNames }: { executionId: string; stepNames?: StepNames }) {
  const group = api.analytics.groupOf.useQuery({ executionId })
  const g = group.data
  if (!g) return null
  const { recovered, gaveUp, retrying, cancelled } = g.retries
  const retried = recovered + gaveUp + retrying + cancelled
  return (
    <section aria-labelledby="why-heading" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <h2 id="why-heading" className="font-semibold">
        Why it failed
      </h2>
      <p className="mt-1">
        {g.recovered ? 'It recovered from a failure of a known group' : 'A failure of a known group'}
        {g.errorCode ? (
          <>
            : <span className="font-mono text-xs">{g.errorCode}</span>
            {g.step ? (
              <>
                {' '}
                in step <StepName id={g.step} names={stepNames} />
              </>
            ) : null}
          </>
        ) : null}
        {g.message ? <span className="text-slate-600 dark:text-slate-300"> — “{g.message}”</span> : null}
      </p>
      <p className="mt-1">
        {plural(g.count, 'execution')} failed this way ({plural(g.lastDay, 'in the last day', 'in the last day')}), first <RelativeTime iso={g.firstSeen} />, latest{' '}
        <RelativeTime iso={g.lastSeen} />.
      </p>
      <p className="mt-1">
        {retried
          ? `Of ${plural(retried, 'retried execution')}: ${recovered.toLocaleString('en-US')} recovered, ${gaveUp.toLocaleString('en-US')} failed again${retrying ? `, ${retrying.toLocaleString('en-US')} still retrying` : ''}${cancelled ? `, ${cancelled.toLocaleString('en-US')} cancelled` : ''}.`
          : 'None of them has been retried yet.'}
        {g.state !== 'open' ? ` Operators marked the group ${g.state}${g.changedBy ? ` (${g.changedBy})` : ''}.` : ''}
      </p>
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        <Link href={`/executions?group=${g.fingerprint}`} className="text-blue-700 underline dark:text-blue-300">
          Executions failing this way now
        </Link>
        <Link href="/analytics" className="text-blue-700 underline dark:text-blue-300">
          Failure analytics
        </Link>
      </p>
    </section>
  )
}
