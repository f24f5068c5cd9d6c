import Link from 'next/link'
import type { ReactNode } from 'react'
import { TRPCError } from '@trpc/server'
import { serverApi } from '@/trpc/server'
import type { AuditActor, AuditEntry, AuditPage as Page } from '@/server/auth/audit-trail'
import { AuditFilterBar } from '@/components/audit/AuditFilterBar'
import { auditHref, auditInput, parseAuditView, timeRange, type AuditFilters } from '@/components/audit/audit-filters'
import { formatTime } from '@/components/format'
import { Popover } from '@/components/ui/Popover'
import { RelativeTime } from '@/components/ui/RelativeTime'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Audit trail · Execution console' }

const PAGE_SIZE = 100
const LINK = 'text-blue-700 underline decoration-blue-700/40 underline-offset-2 hover:decoration-current dark:text-blue-300 dark:decoration-blue-300/40'
const MUTED = 'text-xs text-slate-600 dark:text-slate-400'
/** Words beside a name, cut to keep rows on one line (whole on hover). */
const ASIDE = 'ml-2 inline-block max-w-40 truncate align-bottom'

/** Who viewed or changed what, when and from where; newest first, filtered by the URL. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const api = await serverApi()
  const me = await api.me()
  if (me.role !== 'admin') return <p role="alert">Only admins read the audit trail.</p>
  const view = parseAuditView(await searchParams)
  const [users, keys, actions, listed] = await Promise.all([
    api.users.list(),
    api.apiKeys.list(),
    api.audit.actions(),
    // A refusal of what the URL asks (a page link to no entry) is said on the page, not a crash.
    api.audit.list(auditInput(view, PAGE_SIZE)).then(
      (page) => ({ page, error: null }),
      (error: unknown) => {
        if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return { page: null, error: error.message }
        throw error
      },
    ),
  ])
  const page = listed.page
  const organizations = page?.organizations ?? {}
  const orgName = (id: string) => organizations[id] ?? id
  const people = users.map((u) => ({ id: u.id, label: u.name && u.name !== u.email ? `${u.name} (${u.email})` : u.email }))
  const apiKeys = keys.map((k) => ({ id: k.id, label: `${k.name} · ${orgName(k.organizationId)}${k.revokedAt ? ' (revoked)' : ''}` }))
  const f = view.filters
  // An id that names no one the trail knows (`?actor=nonsense`) is said to be unknown, not shown as a name.
  const actorLabel = f.actor
    ? ([...people, ...apiKeys].find((o) => o.id === f.actor)?.label ?? page?.items.find((e) => e.actorId === f.actor)?.actorName ?? `an unknown actor (${f.actor})`)
    : undefined

  return (
    <section aria-labelledby="audit-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 id="audit-title" className="text-xl font-semibold">
          Audit trail
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">Who viewed or changed what, newest first. Hover a time for the exact time in UTC.</p>
      </div>
      <AuditFilterBar filters={f} people={people} keys={apiKeys} actions={actions} unknownActor={actorLabel} />
      {view.ignored.length > 0 && (
        <div role="alert" className="rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          Left out of the filters:
          <ul className="list-disc pl-5">
            {view.ignored.map((why) => (
              <li key={why}>{why}</li>
            ))}
          </ul>
        </div>
      )}
      <FilterChips filters={f} actorLabel={actorLabel} />
      {listed.error !== null ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          The audit trail could not be read: {listed.error}.{' '}
          <Link href={auditHref(f)} className={LINK}>
            Show the newest entries
          </Link>
        </p>
      ) : listed.page.items.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">{Object.keys(f).length ? 'No entries match these filters.' : 'Nothing recorded yet.'}</p>
      ) : (
        <EntriesTable page={listed.page} filters={f} />
      )}
      <nav aria-label="pages" className="flex gap-4 text-sm">
        {view.before !== undefined && (
          <Link href={auditHref(f)} className={LINK}>
            ← Newest
          </Link>
        )}
        {page?.nextCursor != null && (
          <Link href={auditHref(f, page.nextCursor)} className={LINK}>
            Older entries →
          </Link>
        )}
      </nav>
    </section>
  )
}

/** Each active filter as a chip that says what it keeps, with a link that removes it. */
function FilterChips({ filters: f, actorLabel }: { filters: AuditFilters; actorLabel?: string }) {
  const range = timeRange(f)
  const chips: [keyof AuditFilters, ReactNode][] = []
  if (f.actor) chips.push(['actor', `by ${actorLabel}`])
  if (f.action) chips.push(['action', `action is ${f.action}`])
  if (f.execution) chips.push(['execution', `execution ${f.execution}`])
  if (range.from) chips.push(['from', `from ${formatTime(range.from)} UTC`])
  if (range.to) chips.push(['to', `until ${formatTime(range.to)} UTC`])
  if (!chips.length) return null
  return (
    <ul aria-label="active filters" className="flex flex-wrap items-center gap-1.5">
      {chips.map(([key, label]) => (
        <li
          key={key}
          className="inline-flex max-w-full items-center gap-1 rounded-full border border-blue-200 bg-blue-50 py-0.5 pl-2.5 pr-1 text-xs text-blue-900 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100"
        >
          <span id={`chip-${key}`} className="truncate">
            {label}
          </span>
          <Link
            href={auditHref({ ...f, [key]: undefined })}
            aria-label="Remove filter"
            aria-describedby={`chip-${key}`}
            className="rounded-full px-1 leading-none hover:bg-blue-200 dark:hover:bg-blue-800"
          >
            ×
          </Link>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <Link href="/audit" className="px-1 text-xs text-blue-700 underline dark:text-blue-300">
            Clear all
          </Link>
        </li>
      )}
    </ul>
  )
}

function EntriesTable({ page, filters }: { page: Page; filters: AuditFilters }) {
  const TH = 'py-2 pr-3 font-medium'
  const TD = 'whitespace-nowrap py-1.5 pr-3'
  return (
    // The table scrolls sideways if it must, never the page. Relative: the hidden names of the
    // Details buttons (sr-only, absolute) would otherwise widen the page.
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <tr>
            <th scope="col" className={TH}>
              When
            </th>
            <th scope="col" className={`${TH} max-md:hidden`}>
              Who
            </th>
            <th scope="col" className={`${TH} max-md:hidden`}>
              What
            </th>
            <th scope="col" className={`${TH} max-md:hidden`}>
              Execution
            </th>
            <th scope="col" className={`${TH} max-2xl:hidden`}>
              From
            </th>
            <th scope="col" className={`${TH} md:hidden`}>
              Entry
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((e) => {
            const actor = page.actors[e.actorId]
            return (
              <tr key={e.id} className="border-b border-slate-100 align-top dark:border-slate-800">
                <td className={TD}>
                  <RelativeTime iso={e.at} />
                </td>
                <td className={`${TD} max-md:hidden`}>
                  <Who entry={e} actor={actor} organizations={page.organizations} />
                </td>
                <td className={`${TD} max-md:hidden`}>
                  <What entry={e} filters={filters} organizations={page.organizations} />
                </td>
                <td className={`${TD} max-md:hidden`}>
                  <ExecutionLink id={e.executionId} runs={e.executionId ? page.executions[e.executionId] : undefined} />
                </td>
                <td className={`${TD} font-mono text-xs max-2xl:hidden`} title={e.userAgent ?? undefined}>
                  {e.ip ?? '—'}
                </td>
                {/* On a phone: who, what and which execution, one under the other. */}
                <td className="py-1.5 pr-2 md:hidden">
                  <div className="flex min-w-0 flex-col gap-0.5">
                    <span className="whitespace-normal break-words">
                      <Who entry={e} actor={actor} organizations={page.organizations} />
                    </span>
                    <span className="whitespace-normal">
                      <What entry={e} filters={filters} organizations={page.organizations} />
                    </span>
                    {e.executionId && <ExecutionLink id={e.executionId} runs={page.executions[e.executionId]} />}
                  </div>
                </td>
                <td className="py-1 text-right">
                  <Details entry={e} actor={actor} organizations={page.organizations} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** The execution's id (cut short, whole on hover) and what it runs: its workflow, else its service. */
function ExecutionLink({ id, runs }: { id: string | null; runs?: { workflow: string | null; service: string } }) {
  if (!id) return <span className={MUTED}>—</span>
  return (
    <span className="flex min-w-0 flex-col">
      <Link href={`/executions/${encodeURIComponent(id)}`} title={id} className={`block max-w-36 truncate font-mono text-xs ${LINK}`}>
        {id}
      </Link>
      {runs && (
        <span
          className={`block max-w-48 truncate text-xs ${MUTED}`}
          title={runs.workflow ? `workflow ${runs.workflow} · service ${runs.service}` : `service ${runs.service}`}
          data-audit-runs
        >
          {runs.workflow ?? runs.service}
        </span>
      )}
    </span>
  )
}

/** The action, a link that keeps only that action, and a few words on what it changed. */
function What({ entry: e, filters, organizations }: { entry: AuditEntry; filters: AuditFilters; organizations: Record<string, string> }) {
  return (
    <>
      <Link href={auditHref({ ...filters, action: e.action })} className={`font-mono text-xs ${LINK}`} title={`Only ${e.action}`} data-audit-action>
        {e.action}
      </Link>
      <Summary entry={e} organizations={organizations} />
    </>
  )
}

const ACTOR_TYPES: Record<string, string> = { operator: 'user', api: 'API key' }

/** The actor by name, linked to its row on the Users and keys page; its id on hover. */
function Who({ entry: e, actor, organizations }: { entry: AuditEntry; actor: AuditActor | undefined; organizations: Record<string, string> }) {
  if (actor?.kind === 'user')
    return (
      <>
        <Link href={`/admin#user-${encodeURIComponent(e.actorId)}`} title={`user ${e.actorId}`} className={LINK}>
          {actor.name}
        </Link>
        {actor.email !== actor.name && (
          <span className={`${MUTED} ${ASIDE}`} title={actor.email}>
            {actor.email}
          </span>
        )}
      </>
    )
  if (actor?.kind === 'apiKey')
    return (
      <>
        <Link href={`/admin#key-${encodeURIComponent(e.actorId)}`} title={`API key ${e.actorId}`} className={LINK}>
          {actor.name}
        </Link>
        <span className={`${MUTED} ${ASIDE}`}>
          API key · {organizations[actor.organizationId] ?? actor.organizationId}
          {actor.revoked ? ' · revoked' : ''}
        </span>
      </>
    )
  // One of another organisation (a customer's user on a shared execution): the name it had then.
  return (
    <span title={`${ACTOR_TYPES[e.actorType] ?? e.actorType} ${e.actorId}`}>
      {e.actorName ?? e.actorId} <span className={MUTED}>{ACTOR_TYPES[e.actorType] ?? e.actorType}</span>
    </span>
  )
}

/** A few words on what the entry changed: the step, or the organisations an entry not about an execution concerns. */
function Summary({ entry: e, organizations }: { entry: AuditEntry; organizations: Record<string, string> }) {
  const detail = (e.detail ?? {}) as { stepId?: unknown }
  const text = e.executionId ? (typeof detail.stepId === 'string' ? `step ${detail.stepId}` : '') : e.organizations.map((o) => organizations[o] ?? o).join(', ')
  if (!text) return null
  return (
    <span className={`${MUTED} ${ASIDE}`} title={text}>
      {text}
    </span>
  )
}

/** Everything the entry holds, ids included, in a popover. */
function Details({ entry: e, actor, organizations }: { entry: AuditEntry; actor: AuditActor | undefined; organizations: Record<string, string> }) {
  const rows: [string, ReactNode][] = [
    ['Entry', e.id],
    ['At', `${formatTime(e.at)} UTC`],
    ['Actor', `${actor?.kind === 'apiKey' ? 'API key' : (ACTOR_TYPES[e.actorType] ?? e.actorType)} ${e.actorId}${e.actorName ? ` (then ${e.actorName})` : ''}`],
    ['Address', e.ip ?? '—'],
    ['Client', e.userAgent ?? '—'],
  ]
  if (e.executionId) rows.push(['Execution', e.executionId])
  if (e.organizations.length) rows.push(['Organisations', e.organizations.map((o) => `${organizations[o] ?? o} (${o})`).join(', ')])
  return (
    <Popover
      label={`Entry ${e.id}`}
      align="end"
      className="w-[min(28rem,calc(100vw-2rem))]"
      trigger={
        <>
          Details<span className="sr-only"> of entry {e.id}</span>
        </>
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium text-slate-600 dark:text-slate-400">{term}</dt>
            <dd className="break-all font-mono">{value}</dd>
          </div>
        ))}
      </dl>
      {e.detail !== null && <pre className="mt-2 max-h-60 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{JSON.stringify(e.detail, null, 2)}</pre>}
    </Popover>
  )
}
