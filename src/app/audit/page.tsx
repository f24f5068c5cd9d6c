import Link from 'next/link'
import { serverApi } from '@/trpc/server'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Audit trail · Execution console' }

/** Who viewed or changed what, when and from where; newest first, paged back by id. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const api = await serverApi()
  const me = await api.me()
  if (me.role !== 'admin') return <p role="alert">Only admins read the audit trail.</p>
  const q = await searchParams
  const before = q.before && /^\d+$/.test(q.before) ? Number(q.before) : undefined
  const page = await api.audit.list({ executionId: q.execution || undefined, before, limit: 100 })
  return (
    <section aria-labelledby="audit-title" className="flex flex-col gap-3">
      <h1 id="audit-title" className="text-lg font-semibold">
        Audit trail{q.execution ? ` of ${q.execution}` : ''}
      </h1>
      <table className="text-sm">
        <thead>
          <tr className="text-left">
            <th>When</th>
            <th>Who</th>
            <th>From</th>
            <th>What</th>
            <th>Execution</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((e) => (
            <tr key={e.id}>
              <td>{e.at}</td>
              <td>
                {e.actorName ?? e.actorId} ({e.actorType})
              </td>
              <td>{e.ip ?? '—'}</td>
              <td>{e.action}</td>
              <td>{e.executionId ? <Link href={`/executions/${encodeURIComponent(e.executionId)}`}>{e.executionId}</Link> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 && <p>Nothing recorded yet.</p>}
      {page.nextCursor !== null && (
        <Link href={`/audit?${new URLSearchParams({ ...(q.execution ? { execution: q.execution } : {}), before: String(page.nextCursor) })}`}>Older entries</Link>
      )}
    </section>
  )
}
