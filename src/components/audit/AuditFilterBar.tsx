'use client'
// The audit page's filters: who (a person or an API key, by name), what, which execution, and a
// time range in UTC. The two lists apply as soon as one is picked; the fields on Apply or Enter.
// The URL carries them (audit-filters.ts). Without JavaScript the form still sends a GET of the
// same parameters.
import { useRouter } from 'next/navigation'
import { auditHref, fromTimeField, toTimeField, type AuditFilters } from './audit-filters'

export interface ActorOption {
  id: string
  label: string
}

const FIELD = 'w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900'
const LABEL = 'flex min-w-0 flex-col gap-0.5 text-xs font-medium text-slate-600 dark:text-slate-300'

export function AuditFilterBar({
  filters,
  people,
  keys,
  actions,
  unknownActor,
}: {
  filters: AuditFilters
  people: ActorOption[]
  keys: ActorOption[]
  actions: string[]
  /** How to name a chosen actor that is in neither list (one of another organisation). */
  unknownActor?: string
}) {
  const router = useRouter()
  const actorKnown = !filters.actor || people.some((p) => p.id === filters.actor) || keys.some((k) => k.id === filters.actor)
  const actionKnown = !filters.action || actions.includes(filters.action)
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form)
    const text = (name: string) => {
      const v = data.get(name)
      return typeof v === 'string' && v.trim() ? v.trim() : undefined
    }
    router.push(
      auditHref({
        actor: text('actor'),
        action: text('action'),
        execution: text('execution'),
        from: fromTimeField(text('from') ?? ''),
        to: fromTimeField(text('to') ?? ''),
      }),
      { scroll: false },
    )
  }
  return (
    <form
      // A new key per URL: the fields show the view's values after back, forward or a removed filter.
      key={JSON.stringify(filters)}
      action="/audit"
      method="get"
      aria-label="audit filters"
      className="grid grid-cols-2 items-end gap-2 sm:grid-cols-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
      onSubmit={(event) => {
        event.preventDefault()
        apply(event.currentTarget)
      }}
    >
      <label className={LABEL}>
        Actor
        <select name="actor" defaultValue={filters.actor ?? ''} className={FIELD} onChange={(e) => apply(e.currentTarget.form!)}>
          <option value="">Anyone</option>
          {!actorKnown && <option value={filters.actor}>{unknownActor ?? filters.actor}</option>}
          {people.length > 0 && (
            <optgroup label="People">
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          )}
          {keys.length > 0 && (
            <optgroup label="API keys">
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <label className={LABEL}>
        Action
        <select name="action" defaultValue={filters.action ?? ''} className={FIELD} onChange={(e) => apply(e.currentTarget.form!)}>
          <option value="">Any action</option>
          {!actionKnown && <option value={filters.action}>{filters.action}</option>}
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Execution
        <input name="execution" defaultValue={filters.execution ?? ''} maxLength={200} placeholder="an execution id" spellCheck={false} className={`${FIELD} font-mono`} />
      </label>
      <label className={LABEL}>
        From (UTC)
        <input name="from" type="datetime-local" defaultValue={toTimeField(filters.from)} className={FIELD} />
      </label>
      <label className={LABEL}>
        Until (UTC)
        <input name="to" type="datetime-local" defaultValue={toTimeField(filters.to, { end: true })} className={FIELD} />
      </label>
      <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm text-white dark:bg-slate-200 dark:text-slate-900">
        Apply
      </button>
    </form>
  )
}
