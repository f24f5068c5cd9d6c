'use client'
// Alert rules: what each watches and when it fires; an admin adds, pauses and deletes them here.
// The server checks a rule (the same schema as the API's): its refusal is shown as it says it.
import { useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import { api } from '@/trpc/react'
import { OrganizationOptions } from '@/components/OrganizationOptions'
import { formatDuration } from '@/components/format'
import { RemoveButton } from '@/components/ui/ConfirmDialog'
import { ALERT_AGGREGATES, ALERT_FIELDS, ALERT_METRICS, ALERT_OPERATORS, type AlertMetric, type AlertOperator } from '@/server/domain/alerts'
import { formError, type FieldLabels } from '@/components/form-errors'

const OPERATOR: Record<AlertOperator, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' }
const METRIC_LABEL: Record<AlertMetric, string> = {
  execution_duration: 'longest running execution (ms)',
  execution_cost: 'highest execution cost',
  error_rate: 'error rate (failed / ended)',
  failures: 'failed executions',
  queue_depth: 'executions waiting in the queue',
  overdue_human_steps: 'human steps past their due date',
  stalled_executions: 'running executions silent past the allowed silence',
  executions_without_runner: 'executions waiting for a workflow no worker runs',
  metric: 'an execution metric, aggregated',
}
const input = 'min-w-0 max-w-full rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900'
const button = 'rounded bg-slate-800 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-slate-200 dark:text-slate-900'
const MINUTE = 60_000

/** A rule as one line: "failures ≥ 1 for support-triage-service over 10 min". */
function describeRule(r: {
  metric: string
  field?: string | null
  aggregate?: string | null
  operator: string
  threshold: number
  serviceId?: string | null
  windowMs: number
  forMs?: number | null
}) {
  const measure = r.aggregate ? `${r.aggregate} of ${r.field}` : r.metric
  return `${measure} ${OPERATOR[r.operator as AlertOperator] ?? r.operator} ${r.threshold}${r.serviceId ? ` for ${r.serviceId}` : ''} over ${formatDuration(r.windowMs)}${r.forMs ? `, for ${formatDuration(r.forMs)}` : ''}`
}

export function AlertRules({ canAdmin }: { canAdmin: boolean }) {
  const utils = api.useUtils()
  const rules = api.alerts.rules.useQuery()
  const refresh = () => utils.alerts.rules.invalidate()
  const setEnabled = api.alerts.setRuleEnabled.useMutation({ onSuccess: refresh, onError: (e) => toast.error(e.message) })
  const remove = api.alerts.deleteRule.useMutation({ onSuccess: refresh })
  return (
    <section aria-labelledby="rules-heading" className="flex flex-col gap-3">
      <h2 id="rules-heading" className="font-semibold">
        Rules ({rules.data?.length ?? 0})
      </h2>
      {rules.error && <p role="alert">Rules could not be loaded: {rules.error.message}</p>}
      {rules.data?.length === 0 && <p className="text-slate-500 dark:text-slate-400">No rules yet.{canAdmin ? ' Add one below.' : ' An admin adds them.'}</p>}
      <ul className="flex flex-col gap-1 text-sm">
        {rules.data?.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2">
            <span>
              <span className="font-medium">{r.name}</span>: {describeRule(r)} {r.enabled ? '' : '(paused)'}
            </span>
            {canAdmin && (
              <>
                <button
                  type="button"
                  className="rounded border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600"
                  disabled={setEnabled.isPending}
                  onClick={() => setEnabled.mutate({ id: r.id, enabled: !r.enabled })}
                >
                  {r.enabled ? 'Pause' : 'Resume'}
                  <span className="sr-only">
                    {' '}
                    rule {r.name} ({r.id})
                  </span>
                </button>
                <RemoveButton
                  kind="rule"
                  verb="Delete"
                  name={r.name}
                  id={r.id}
                  description="The rule and the alerts it fired are deleted. Pausing it keeps them."
                  onRemove={() => remove.mutateAsync({ id: r.id })}
                />
              </>
            )}
          </li>
        ))}
      </ul>
      {canAdmin && <RuleForm onCreated={refresh} />}
    </section>
  )
}

const asMinutes = (value: unknown) => `${Number(value) / MINUTE} min`
/** The form's labels of a rule's fields, for what the server refuses. */
const RULE_LABELS: FieldLabels = {
  name: 'Name',
  organizationId: 'Organisation',
  metric: 'Watches',
  aggregate: 'Aggregate',
  field: 'Of',
  serviceId: 'Service',
  operator: 'Fires when',
  threshold: 'Threshold',
  windowMs: ['Window', asMinutes],
  forMs: ['Sustained for', asMinutes],
  webhookUrl: 'Webhook URL',
}

function RuleForm({ onCreated }: { onCreated: () => unknown }) {
  const services = api.services.list.useQuery()
  // Of several organisations, the rule says whose executions it measures.
  const organizations = api.me.useQuery(undefined, { staleTime: 60_000 }).data?.named ?? []
  const [metric, setMetric] = useState<AlertMetric>('failures')
  const [error, setError] = useState<string | null>(null)
  const create = api.alerts.createRule.useMutation({
    onSuccess: (rule) => {
      setError(null)
      // The webhook's signing secret is shown this once, for the receiver to verify alerts with.
      if (rule.webhookSecret) toast.success(`Rule "${rule.name}" added. Its webhook's signing secret (shown once): ${rule.webhookSecret}`, { duration: 60_000 })
      else toast.success(`Rule "${rule.name}" added`)
      void onCreated()
    },
    onError: (e, sent) => setError(formError(e, sent, RULE_LABELS)),
  })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const f = new FormData(form)
    const text = (name: string) => String(f.get(name) ?? '').trim()
    const minutes = (name: string) => (text(name) === '' ? undefined : Math.round(Number(text(name)) * MINUTE))
    create.mutate(
      {
        name: text('name'),
        metric,
        organizationId: text('organizationId') || undefined,
        ...(metric === 'metric' ? { field: text('field') as (typeof ALERT_FIELDS)[number], aggregate: text('aggregate') as (typeof ALERT_AGGREGATES)[number] } : {}),
        serviceId: text('serviceId') || undefined,
        operator: text('operator') as AlertOperator,
        threshold: Number(text('threshold')),
        windowMs: minutes('window'),
        forMs: minutes('for'),
        webhookUrl: text('webhookUrl') || undefined,
      },
      { onSuccess: () => form.reset() },
    )
  }
  return (
    <form onSubmit={submit} aria-labelledby="new-rule-heading" className="flex flex-col gap-3 rounded border border-slate-200 p-3 text-sm dark:border-slate-700">
      <h3 id="new-rule-heading" className="font-semibold">
        New rule
      </h3>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Name
          <input name="name" required maxLength={200} className={input} />
        </label>
        {organizations.length > 1 && (
          // (The label beside its select, not around it: around, its text would be every option's name too.)
          <div className="flex min-w-0 max-w-full flex-col gap-1">
            <label htmlFor="rule-organization">Organisation</label>
            <select id="rule-organization" name="organizationId" className={input}>
              <OrganizationOptions organizations={organizations} byDefault="the providing organisation (default)" />
            </select>
          </div>
        )}
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Watches
          <select name="metric" value={metric} onChange={(e) => setMetric(e.target.value as AlertMetric)} className={input}>
            {ALERT_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        {metric === 'metric' && (
          <>
            <label className="flex min-w-0 max-w-full flex-col gap-1">
              Aggregate
              <select name="aggregate" defaultValue="avg" className={input}>
                {ALERT_AGGREGATES.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            <label className="flex min-w-0 max-w-full flex-col gap-1">
              Of
              <select name="field" defaultValue="cost" className={input}>
                {ALERT_FIELDS.map((field) => (
                  <option key={field}>{field}</option>
                ))}
              </select>
            </label>
          </>
        )}
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Service
          <select name="serviceId" defaultValue="" className={input}>
            <option value="">any service</option>
            {services.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Fires when
          <select name="operator" defaultValue="gte" className={input}>
            {ALERT_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {OPERATOR[op]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Threshold
          <input name="threshold" type="number" step="any" required className={`${input} w-28`} />
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Window (minutes)
          <input name="window" type="number" min={1 / 60} step="any" defaultValue={10} className={`${input} w-24`} />
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Sustained for (minutes)
          <input name="for" type="number" min={0} step="any" placeholder="0" className={`${input} w-24`} />
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Webhook URL (optional)
          <input name="webhookUrl" type="url" placeholder="https://…" className={`${input} w-64`} />
        </label>
        <button type="submit" disabled={create.isPending} className={button}>
          {create.isPending ? 'Adding…' : 'Add rule'}
        </button>
      </div>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  )
}
