'use client'
// Recovery strategies: for error codes, what a failed step gets — retried with a backoff, skipped,
// handed to a fallback workflow, the execution aborted, or restored from a checkpoint — applied by
// the engine and by supervision alike, each application an event on the execution's timeline.
// Everyone sees them and how often each was applied; operators add, edit, disable and remove them.
// The server checks a strategy (the API's schema): its refusal is shown as it says it.
import { useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import type { inferRouterOutputs } from '@trpc/server'
import { api } from '@/trpc/react'
import type { AppRouter } from '@/server/api/routers/root'
import { RemoveButton } from '@/components/ui/ConfirmDialog'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { RECOVERY_TYPES, type RecoveryType } from '@/server/domain/recovery'
import { organizationName, type NamedOrganization } from '@/components/organizations'
import { formError, msAsSeconds, type FieldLabels } from '@/components/form-errors'

type Strategy = inferRouterOutputs<AppRouter>['recovery']['list'][number]

const input = 'min-w-0 max-w-full rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900'
const button = 'rounded bg-slate-800 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-slate-200 dark:text-slate-900'
const small = 'rounded border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-600'

const TYPE_LABEL: Record<RecoveryType, string> = {
  RETRY: 'Retry with backoff',
  SKIP: 'Skip the step',
  FALLBACK: 'Fall back to a task or workflow',
  ABORT: 'Abort the execution',
  CHECKPOINT_RESTORE: 'Restore a checkpoint',
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`

/** What the strategy does, in a line: "Retry up to 3 times after 1 s, ×2, at most 30 s". */
export function describeStrategy(s: Pick<Strategy, 'type' | 'retry' | 'fallback' | 'restore'>): string {
  switch (s.type) {
    case 'RETRY':
      return s.retry
        ? `Retry up to ${s.retry.maxRetries} times after ${seconds(s.retry.retryInterval)}${(s.retry.backoffMultiplier ?? 2) !== 1 ? `, ×${s.retry.backoffMultiplier ?? 2} each time` : ''}${s.retry.maxRetryInterval !== undefined ? `, at most ${seconds(s.retry.maxRetryInterval)}` : ''}`
        : 'Retry'
    case 'SKIP':
      return 'Skip the step; the execution goes on'
    case 'FALLBACK':
      return s.fallback?.task
        ? `Run the step again as task ${s.fallback.task}${s.fallback.taskVersion ? `@${s.fallback.taskVersion}` : ''}, for a worker`
        : `Start workflow ${s.fallback?.workflow ?? '?'} in its place`
    case 'ABORT':
      return 'Fail the execution at once, no retry'
    case 'CHECKPOINT_RESTORE':
      return `Restore the ${s.restore?.checkpoint && s.restore.checkpoint !== 'latest' ? `checkpoint of step ${s.restore.checkpoint}` : 'latest checkpoint'}${(s.restore?.maxRestores ?? 1) > 1 ? `, up to ${s.restore!.maxRestores} times` : ''}`
    default:
      return s.type
  }
}

export function RecoveryView({ canOperate, organizations }: { canOperate: boolean; organizations: NamedOrganization[] }) {
  const utils = api.useUtils()
  const strategies = api.recovery.list.useQuery(undefined, { refetchInterval: 15_000 })
  const refresh = () => utils.recovery.list.invalidate()
  const [editing, setEditing] = useState<Strategy | null>(null)
  const update = api.recovery.update.useMutation({ onSuccess: refresh, onError: (e) => toast.error(e.message) })
  const remove = api.recovery.remove.useMutation({ onSuccess: refresh })
  // Whose each strategy is, when the user sees more than one organisation's.
  const showOrganization = organizations.length > 1 || new Set((strategies.data ?? []).map((s) => s.organizationId)).size > 1
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">Recovery strategies</h1>
        <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          When a step fails with one of a strategy’s error codes, the engine and supervision apply it instead of the step’s own retry policy. Each application is an event on the
          execution’s timeline.
        </p>
      </div>
      <section aria-labelledby="strategies-heading" className="flex flex-col gap-2">
        <h2 id="strategies-heading" className="font-semibold">
          Strategies ({strategies.data?.length ?? 0})
        </h2>
        {strategies.error && <p role="alert">Strategies could not be loaded: {strategies.error.message}</p>}
        {strategies.data?.length === 0 && <p className="text-slate-500 dark:text-slate-400">No strategy yet.{canOperate ? ' Add one below.' : ' An operator adds them.'}</p>}
        {!!strategies.data?.length && (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400">
                <tr>
                  <th className="py-2 pr-3">Strategy</th>
                  {showOrganization && <th className="pr-3">Organisation</th>}
                  <th className="pr-3">Error codes</th>
                  <th className="pr-3">Does</th>
                  <th className="pr-3">Applies to</th>
                  <th className="pr-3">Applied</th>
                  {canOperate && <th>Actions</th>}
                </tr>
              </thead>
              <tbody>
                {strategies.data.map((s) => (
                  <tr key={s.id} className={`border-b border-slate-100 align-top dark:border-slate-800 ${s.enabled ? '' : 'text-slate-400 dark:text-slate-500'}`}>
                    <td className="py-1.5 pr-3">
                      <div className="font-medium">{s.name}</div>
                      <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{s.key}</div>
                      {!s.enabled && <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">disabled</span>}
                    </td>
                    {showOrganization && (
                      <td className="pr-3 text-xs" title={s.organizationId}>
                        {organizationName(organizations, s.organizationId)}
                      </td>
                    )}
                    <td className="pr-3 font-mono text-xs">{s.applicableErrors.join(', ')}</td>
                    <td className="pr-3">{describeStrategy(s)}</td>
                    <td className="pr-3 text-xs">
                      {s.serviceId || s.workflow ? [s.serviceId && `service ${s.serviceId}`, s.workflow && `workflow ${s.workflow}`].filter(Boolean).join(', ') : 'every execution'}
                      <div className="text-slate-500 dark:text-slate-400">priority {s.priority}</div>
                    </td>
                    <td className="pr-3 tabular-nums">
                      {s.applications} {s.applications === 1 ? 'time' : 'times'}
                      {s.lastAppliedAt && (
                        <div className="text-xs text-slate-500 dark:text-slate-400">
                          last <RelativeTime iso={s.lastAppliedAt} />
                        </div>
                      )}
                    </td>
                    {canOperate && (
                      <td>
                        <div className="flex flex-wrap gap-1">
                          <button type="button" className={small} onClick={() => setEditing(s)}>
                            Edit<span className="sr-only"> strategy {s.name}</span>
                          </button>
                          <button
                            type="button"
                            className={small}
                            disabled={update.isPending}
                            onClick={() =>
                              update.mutate({ id: s.id, patch: { enabled: !s.enabled } }, { onSuccess: () => toast.success(`${s.name} ${s.enabled ? 'disabled' : 'enabled'}`) })
                            }
                          >
                            {s.enabled ? 'Disable' : 'Enable'}
                            <span className="sr-only"> strategy {s.name}</span>
                          </button>
                          <RemoveButton
                            kind="strategy"
                            name={s.name}
                            description="Failures it would handle go back to the steps’ own retry policies. What it already did stays on the executions’ timelines. Disabling it keeps it."
                            onRemove={async () => {
                              await remove.mutateAsync({ id: s.id })
                              if (editing?.id === s.id) setEditing(null)
                            }}
                          />
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canOperate && <StrategyForm key={editing?.id ?? 'new'} editing={editing} organizations={organizations} onDone={() => setEditing(null)} onSaved={refresh} />}
    </div>
  )
}

/** The form's labels of the strategy's fields, for what the server refuses. */
const STRATEGY_LABELS: FieldLabels = {
  name: 'Name',
  organizationId: 'Organisation',
  id: 'Id',
  applicableErrors: 'Error codes',
  type: 'Does',
  'retry.maxRetries': 'Max retries',
  'retry.retryInterval': ['First wait', msAsSeconds],
  'retry.backoffMultiplier': 'Backoff multiplier',
  'retry.maxRetryInterval': ['Longest wait', msAsSeconds],
  'fallback.task': 'Fallback task',
  'fallback.taskVersion': 'Fallback task version',
  'fallback.workflow': 'Fallback workflow',
  'restore.checkpoint': 'Checkpoint',
  'restore.maxRestores': 'Restores per execution',
  serviceId: 'Service',
  workflow: 'Workflow',
  priority: 'Priority',
  description: 'Description',
}

function StrategyForm({ editing, organizations, onDone, onSaved }: { editing: Strategy | null; organizations: NamedOrganization[]; onDone: () => void; onSaved: () => unknown }) {
  const services = api.services.list.useQuery()
  const [type, setType] = useState<RecoveryType>(editing?.type ?? 'RETRY')
  const [fallbackTo, setFallbackTo] = useState<'task' | 'workflow'>(editing?.fallback?.task ? 'task' : 'workflow')
  const [error, setError] = useState<string | null>(null)
  const saved = (s: Strategy) => {
    setError(null)
    toast.success(editing ? `Strategy "${s.name}" saved` : `Strategy "${s.name}" added`)
    void onSaved()
    onDone()
  }
  const add = api.recovery.add.useMutation({ onSuccess: saved, onError: (e, sent) => setError(formError(e, sent, STRATEGY_LABELS)) })
  const update = api.recovery.update.useMutation({ onSuccess: saved, onError: (e, sent) => setError(formError(e, sent, STRATEGY_LABELS)) })
  const pending = add.isPending || update.isPending

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const f = new FormData(form)
    const text = (name: string) => String(f.get(name) ?? '').trim()
    const number = (name: string) => (text(name) === '' ? undefined : Number(text(name)))
    const ms = (name: string) => (text(name) === '' ? undefined : Math.round(Number(text(name)) * 1000))
    const params =
      type === 'RETRY'
        ? {
            retry: {
              maxRetries: number('maxRetries') ?? 3,
              retryInterval: ms('retryInterval') ?? 1000,
              backoffMultiplier: number('backoffMultiplier'),
              maxRetryInterval: ms('maxRetryInterval'),
            },
          }
        : type === 'FALLBACK'
          ? {
              fallback:
                fallbackTo === 'task'
                  ? { task: text('fallbackTask'), ...(text('fallbackTaskVersion') ? { taskVersion: text('fallbackTaskVersion') } : {}) }
                  : { workflow: text('fallbackWorkflow') },
            }
          : type === 'CHECKPOINT_RESTORE'
            ? { restore: { checkpoint: text('checkpoint') || 'latest', maxRestores: number('maxRestores') } }
            : {}
    const fields = {
      name: text('name'),
      applicableErrors: text('codes')
        .split(/[\s,]+/)
        .filter(Boolean),
      type,
      ...params,
      priority: number('priority'),
    }
    if (editing) {
      update.mutate({
        id: editing.id,
        patch: {
          ...fields,
          description: text('description') || null,
          serviceId: text('serviceId') || null,
          workflow: text('workflow') || null,
          retry: type === 'RETRY' ? fields.retry : null,
          fallback: type === 'FALLBACK' ? fields.fallback : null,
          restore: type === 'CHECKPOINT_RESTORE' ? fields.restore : null,
        },
      })
    } else {
      add.mutate(
        {
          ...fields,
          id: text('key') || undefined,
          organizationId: text('organizationId') || undefined,
          description: text('description') || undefined,
          serviceId: text('serviceId') || undefined,
          workflow: text('workflow') || undefined,
        },
        { onSuccess: () => form.reset() },
      )
    }
  }
  const heading = editing ? `Edit strategy "${editing.name}"` : 'New strategy'
  return (
    <form onSubmit={submit} aria-labelledby="strategy-form-heading" className="flex flex-col gap-3 rounded border border-slate-200 p-3 text-sm dark:border-slate-700">
      <h2 id="strategy-form-heading" className="font-semibold">
        {heading}
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Name
          <input name="name" required maxLength={200} defaultValue={editing?.name} className={input} />
        </label>
        {!editing && organizations.length > 1 && (
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Organisation
            <select name="organizationId" defaultValue={organizations[0]?.id} className={input}>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {!editing && (
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Id (optional)
            <input name="key" maxLength={100} placeholder="network_timeout_recovery" className={`${input} font-mono`} />
          </label>
        )}
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Error codes
          <input name="codes" required defaultValue={editing?.applicableErrors.join(', ')} placeholder="API_TIMEOUT, RATE_*" className={`${input} w-64 font-mono`} />
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Does
          <select name="type" value={type} onChange={(e) => setType(e.target.value as RecoveryType)} className={input}>
            {RECOVERY_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {type === 'RETRY' && (
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="sr-only">Retry policy</legend>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Max retries
            <input name="maxRetries" type="number" min={1} max={20} required defaultValue={editing?.retry?.maxRetries ?? 3} className={`${input} w-24`} />
          </label>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            First wait (s)
            <input name="retryInterval" type="number" min={0} step="any" required defaultValue={(editing?.retry?.retryInterval ?? 1000) / 1000} className={`${input} w-24`} />
          </label>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Backoff multiplier
            <input name="backoffMultiplier" type="number" min={1} max={10} step="any" defaultValue={editing?.retry?.backoffMultiplier ?? 2} className={`${input} w-24`} />
          </label>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Longest wait (s, optional)
            <input
              name="maxRetryInterval"
              type="number"
              min={0}
              step="any"
              defaultValue={editing?.retry?.maxRetryInterval !== undefined ? editing.retry.maxRetryInterval / 1000 : undefined}
              className={`${input} w-24`}
            />
          </label>
        </fieldset>
      )}
      {type === 'FALLBACK' && (
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="sr-only">Fallback</legend>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Fall back to
            <select value={fallbackTo} onChange={(e) => setFallbackTo(e.target.value as 'task' | 'workflow')} className={input}>
              <option value="task">a task (the step runs again as it, for a worker)</option>
              <option value="workflow">a workflow (started in the step’s place)</option>
            </select>
          </label>
          {fallbackTo === 'task' ? (
            <>
              <label className="flex min-w-0 max-w-full flex-col gap-1">
                Fallback task
                <input name="fallbackTask" required defaultValue={editing?.fallback?.task} placeholder="a task definition id" className={`${input} w-64 font-mono`} />
              </label>
              <label className="flex min-w-0 max-w-full flex-col gap-1">
                Version (optional)
                <input name="fallbackTaskVersion" defaultValue={editing?.fallback?.taskVersion} placeholder="newest" className={`${input} w-28 font-mono`} />
              </label>
            </>
          ) : (
            <label className="flex min-w-0 max-w-full flex-col gap-1">
              Fallback workflow
              <input name="fallbackWorkflow" required defaultValue={editing?.fallback?.workflow} placeholder="a workflow key" className={`${input} w-64 font-mono`} />
            </label>
          )}
        </fieldset>
      )}
      {type === 'CHECKPOINT_RESTORE' && (
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="sr-only">Checkpoint to restore</legend>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Checkpoint
            <input name="checkpoint" defaultValue={editing?.restore?.checkpoint ?? 'latest'} placeholder="latest, or a step id" className={`${input} w-48 font-mono`} />
          </label>
          <label className="flex min-w-0 max-w-full flex-col gap-1">
            Restores per execution
            <input name="maxRestores" type="number" min={1} max={10} defaultValue={editing?.restore?.maxRestores ?? 1} className={`${input} w-24`} />
          </label>
        </fieldset>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Service
          <select name="serviceId" defaultValue={editing?.serviceId ?? ''} className={input}>
            <option value="">any service</option>
            {services.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Workflow (optional)
          <input name="workflow" defaultValue={editing?.workflow} placeholder="any workflow" className={`${input} w-48 font-mono`} />
        </label>
        <label className="flex min-w-0 max-w-full flex-col gap-1">
          Priority
          <input name="priority" type="number" min={0} max={1000} defaultValue={editing?.priority ?? 100} className={`${input} w-24`} />
        </label>
        <label className="flex min-w-0 max-w-full grow flex-col gap-1">
          Description (optional)
          <input name="description" maxLength={2000} defaultValue={editing?.description} className={input} />
        </label>
      </div>
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className={button}>
          {pending ? 'Saving…' : editing ? 'Save strategy' : 'Add strategy'}
        </button>
        {editing && (
          <button type="button" className={small} onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  )
}
