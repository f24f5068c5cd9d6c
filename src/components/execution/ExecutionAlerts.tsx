'use client'
// "Alerts on this execution" (seed 002's setAlert / removeAlert): tell me when its cost passes $5,
// when it has been silent for ten minutes, when it fails, when progress passes 80%. The console
// evaluates them (on the execution's events and supervision's round) and fires each once: an
// event on the timeline, and a webhook when one is given through the API.
import { useState } from 'react'
import { api } from '@/trpc/react'
import { describeExecutionCondition, type ExecutionAlertCondition } from '@/server/domain/alerts'
import type { ServiceExecution } from '@/server/domain/execution'
import { formatTime } from '@/components/format'
import { formError, type FieldLabels } from '@/components/form-errors'
import { hasEnded } from '@/server/domain/lifecycle'

/** What the form offers, each a condition from one number. */
const KINDS = {
  cost: { label: 'Cost passes', unit: '$', initial: '5', condition: (n: number): ExecutionAlertCondition => ({ metric: 'cost', operator: 'gt', threshold: n }) },
  silence: {
    label: 'Silent for',
    unit: 'minutes',
    initial: '10',
    condition: (n: number): ExecutionAlertCondition => ({ metric: 'silence', operator: 'gte', threshold: Math.round(n * 60_000) }),
  },
  progress: { label: 'Progress passes', unit: '%', initial: '80', condition: (n: number): ExecutionAlertCondition => ({ metric: 'progress', operator: 'gte', threshold: n }) },
  duration: {
    label: 'Runs longer than',
    unit: 'minutes',
    initial: '60',
    condition: (n: number): ExecutionAlertCondition => ({ metric: 'duration', operator: 'gt', threshold: Math.round(n * 60_000) }),
  },
  fails: { label: 'Fails', unit: '', initial: '', condition: (): ExecutionAlertCondition => ({ metric: 'status', statuses: ['failed'] }) },
} as const
type Kind = keyof typeof KINDS

/** The form's words for what the server refuses of an alert: its one number as the form asked for it. */
const alertLabels = (kind: Kind): FieldLabels => ({
  name: 'Name',
  threshold: [KINDS[kind].label, (v) => (KINDS[kind].unit === 'minutes' ? `${Number(v) / 60_000} minutes` : String(v))],
})

export function ExecutionAlerts({ execution, canOperate }: { execution: ServiceExecution; canOperate: boolean }) {
  const utils = api.useUtils()
  const alerts = api.executions.alerts.useQuery({ id: execution.$id }, { refetchInterval: hasEnded(execution.status) ? false : 5_000 })
  const [kind, setKind] = useState<Kind>('cost')
  const [value, setValue] = useState<string>(KINDS.cost.initial)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const refresh = () => utils.executions.alerts.invalidate({ id: execution.$id })
  const set = api.executions.setAlert.useMutation({
    onSuccess: () => {
      setError(null)
      setName('')
      void refresh()
    },
    onError: (e, sent) => setError(formError(e, sent, alertLabels(kind))),
  })
  const remove = api.executions.removeAlert.useMutation({ onSuccess: () => void refresh(), onError: (e) => setError(e.message) })
  const list = alerts.data ?? []
  const armed = list.filter((a) => !a.firedAt).length

  function submit(event: React.FormEvent) {
    event.preventDefault()
    const spec = KINDS[kind]
    const n = Number(value)
    if (spec.unit && (value.trim() === '' || !Number.isFinite(n) || n < 0))
      return setError(`${spec.label}: enter a number of ${spec.unit === '$' ? 'dollars' : spec.unit}, 0 or more`)
    set.mutate({ id: execution.$id, alert: { ...spec.condition(n), ...(name.trim() ? { name: name.trim() } : {}) } as never })
  }

  return (
    <details className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700" data-testid="execution-alerts" open={list.length > 0 || undefined}>
      <summary className="cursor-pointer select-none font-medium">
        Alerts on this execution{list.length ? ` (${armed} armed${list.length > armed ? `, ${list.length - armed} fired` : ''})` : ''}
      </summary>
      {alerts.isError && <p role="alert">Alerts unavailable: {alerts.error.message}</p>}
      {list.length > 0 && (
        <ul className="mt-2 space-y-1" aria-label="Alerts on this execution">
          {list.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2" data-testid="execution-alert">
              <span className={a.firedAt ? 'rounded bg-red-100 px-1 text-red-900 dark:bg-red-950 dark:text-red-100' : 'rounded bg-slate-100 px-1 dark:bg-slate-800'}>
                {a.firedAt ? 'fired' : 'armed'}
              </span>
              <span>
                {a.name ? <strong className="font-medium">{a.name}: </strong> : null}
                {describeExecutionCondition(a.condition)}
              </span>
              {a.firedAt && (
                <span className="text-slate-600 dark:text-slate-300">
                  · {formatTime(a.firedAt)} — {a.message}
                </span>
              )}
              {canOperate && (
                <button
                  type="button"
                  className="ml-auto rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                  aria-label={`Remove alert ${a.name ?? describeExecutionCondition(a.condition)}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ id: execution.$id, alertId: a.id })}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!list.length && alerts.isSuccess && <p className="mt-2 text-slate-600 dark:text-slate-300">No alerts on this execution.</p>}
      {canOperate && (
        <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-2" aria-label="Add an alert">
          <label className="flex flex-col text-xs">
            When it
            <select
              className="rounded border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
              value={kind}
              onChange={(e) => {
                const next = e.target.value as Kind
                setKind(next)
                setValue(KINDS[next].initial)
              }}
            >
              {Object.entries(KINDS).map(([k, spec]) => (
                <option key={k} value={k}>
                  {spec.label.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          {KINDS[kind].unit && (
            <label className="flex flex-col text-xs">
              {KINDS[kind].unit === '$' ? 'Dollars' : KINDS[kind].unit === '%' ? 'Percent' : 'Minutes'}
              <input
                className="w-24 rounded border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
                inputMode="decimal"
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            </label>
          )}
          <label className="flex flex-col text-xs">
            Name (optional)
            <input
              className="w-40 rounded border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" className="rounded bg-blue-700 px-3 py-1 text-sm text-white hover:bg-blue-800 disabled:opacity-50" disabled={set.isPending}>
            Add alert
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-800 dark:text-red-200">
          {error}
        </p>
      )}
    </details>
  )
}
