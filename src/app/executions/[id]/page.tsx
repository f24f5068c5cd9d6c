import Link from 'next/link'
import { notFound } from 'next/navigation'
import { serverApi } from '@/trpc/server'
import { ExecutionControls } from '@/components/ExecutionControls'
import { LiveRefresh } from '@/components/LiveRefresh'
import { ProgressBar } from '@/components/ProgressBar'
import { StatusBadge } from '@/components/StatusBadge'
import { formatCost, formatDuration, formatTime } from '@/components/format'

export const dynamic = 'force-dynamic'

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const api = await serverApi()
  const execution = await api.executions.get({ id }).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'NOT_FOUND') notFound()
    throw error
  })
  const [logs, events, me] = await Promise.all([api.executions.logs({ id, limit: 200 }), api.executions.events({ id, limit: 200 }), api.me()])
  // Buttons a role may not use are not shown (the server refuses them anyway).
  const canOperate = me.role !== 'viewer'
  const m = execution.metrics

  return (
    <div className="flex flex-col gap-6">
      <section className="flex flex-col gap-3">
        <Link href="/executions" className="text-sm text-blue-700 underline dark:text-blue-300">
          ← Executions
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-lg">{execution.$id}</h1>
          <StatusBadge status={execution.status} />
          <ProgressBar value={execution.progress} />
          <LiveRefresh executionId={execution.$id} />
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
          <dt className="text-slate-500">Service</dt>
          <dd>{execution.service}</dd>
          <dt className="text-slate-500">Order</dt>
          <dd>{execution.order}</dd>
          <dt className="text-slate-500">Assignee</dt>
          <dd>{execution.assignee ? `${execution.assignee.type} · ${execution.assignee.name ?? execution.assignee.id ?? ''}` : '—'}</dd>
          <dt className="text-slate-500">Priority</dt>
          <dd>{execution.priority}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd>{formatTime(execution.metadata.createdAt)}</dd>
          <dt className="text-slate-500">Started</dt>
          <dd>{formatTime(m?.startedAt)}</dd>
          <dt className="text-slate-500">Duration</dt>
          <dd>{formatDuration(m?.duration)}</dd>
          <dt className="text-slate-500">Cost</dt>
          <dd>{formatCost(m?.cost)}</dd>
          <dt className="text-slate-500">Tokens</dt>
          <dd>{m?.tokensUsed ?? 0}</dd>
          <dt className="text-slate-500">Correlation</dt>
          <dd className="font-mono text-xs">{execution.correlationId}</dd>
          {execution.parentExecutionId && (
            <>
              <dt className="text-slate-500">Parent</dt>
              <dd>
                <Link href={`/executions/${execution.parentExecutionId}`} className="font-mono text-xs underline">
                  {execution.parentExecutionId}
                </Link>
              </dd>
            </>
          )}
          <dt className="text-slate-500">Version</dt>
          <dd>{execution.version}</dd>
          <dt className="text-slate-500">Tags</dt>
          <dd data-testid="tags">{execution.tags.length ? execution.tags.join(', ') : '—'}</dd>
        </dl>
        {canOperate && <ExecutionControls id={execution.$id} version={execution.version} allowed={execution.allowedOperations} />}
      </section>

      {execution.error && (
        <section className="rounded border border-red-300 p-3 text-sm dark:border-red-800">
          <h2 className="font-semibold">
            Error {execution.error.code} {execution.error.step ? `in ${execution.error.step}` : ''}
          </h2>
          <p>{execution.error.message}</p>
          <p className="text-slate-500">
            {execution.error.recoverable ? 'recoverable' : 'not recoverable'} · retries {execution.error.retryCount}
          </p>
        </section>
      )}

      <section>
        <h2 className="mb-2 font-semibold">Steps ({execution.steps?.length ?? 0})</h2>
        <table className="w-full text-left text-sm">
          <thead className="border-b text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">Step</th>
              <th className="pr-3">Status</th>
              <th className="pr-3">Assignee</th>
              <th className="pr-3">Attempt</th>
              <th className="pr-3">Started</th>
              <th className="pr-3">Duration</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {(execution.steps ?? []).slice(0, 500).map((s) => (
              <tr key={s.id} className="border-b border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3">{s.name}</td>
                <td className="pr-3">
                  <StatusBadge status={s.status} />
                </td>
                <td className="pr-3">{s.assignee?.type ?? '—'}</td>
                <td className="pr-3">{s.attempt}</td>
                <td className="pr-3 tabular-nums">{formatTime(s.startedAt)}</td>
                <td className="pr-3 tabular-nums">{formatDuration(s.duration)}</td>
                <td>
                  {s.output !== undefined && (
                    <details>
                      <summary className="cursor-pointer text-xs">output</summary>
                      {/* Rendered as text: whatever a worker reports is never markup here. */}
                      <pre className="max-w-md overflow-auto text-xs">{JSON.stringify(s.output, null, 2)}</pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2 className="mb-2 font-semibold">Logs</h2>
        <ol className="max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900">
          {logs.items.map((l) => (
            <li key={l.id}>
              <span className="text-slate-500">{formatTime(l.timestamp)}</span> <span className="uppercase">{l.level}</span>{' '}
              {l.step && <span className="text-slate-500">[{l.step}]</span>} {l.message}
            </li>
          ))}
        </ol>
      </section>

      <section>
        <h2 className="mb-2 font-semibold">Timeline</h2>
        <ol className="text-sm">
          {events.items.map((e) => (
            <li key={e.id}>
              <span className="tabular-nums text-slate-500">{formatTime(e.timestamp)}</span> {e.type}
              {e.step ? ` (${e.step})` : ''} — {e.actor.type}:{e.actor.id}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}
