'use client'
// The Resources page: a card per resource — capacity, in use, waiting demand now, and a chart of
// the last hour (capacity, in use, waiting) — kept current every few seconds; admins add a
// resource and change a capacity.
import dynamic from 'next/dynamic'
import { useState } from 'react'
import { api } from '@/trpc/react'
import type { ResourceView } from '@/server/domain/contracts'
import { formatAmount, formatCurrency, formatDuration, singularUnit } from '@/components/format'
import { organizationName, type NamedOrganization } from '@/components/organizations'
import { formError, msAsSeconds, type FieldLabels } from '@/components/form-errors'

// Charts are the heaviest code on the page: loaded after it renders, in the browser only.
const UsageChart = dynamic(() => import('./UsageChart'), { ssr: false, loading: () => <p className="text-sm">Loading chart…</p> })

const REFRESH_MS = 5_000
const input = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900'
const button = 'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800'

export function ResourcesView({ canAdmin, organizations }: { canAdmin: boolean; organizations: readonly NamedOrganization[] }) {
  const resources = api.resources.list.useQuery(undefined, { refetchInterval: REFRESH_MS })
  const list = resources.data ?? []
  // Same-type resources of different organisations look alike: name the organisation when there are several.
  const showOrganization = organizations.length > 1 || new Set(list.map((r) => r.organizationId)).size > 1
  return (
    <section aria-labelledby="resources-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 id="resources-title" className="text-lg font-semibold">
          Resources
        </h1>
        <span className="text-xs text-slate-500 dark:text-slate-400">updated every {REFRESH_MS / 1000} s</span>
      </div>
      <p className="max-w-prose text-sm text-slate-600 dark:text-slate-300">
        What steps hold while they run. A step that needs more than is free waits, by priority, and its execution page says so; what it holds is released when it completes, fails,
        or its execution is paused or cancelled.
      </p>
      {resources.error && <p role="alert">Resources could not be loaded: {resources.error.message}</p>}
      {!resources.isLoading && list.length === 0 && (
        <p className="text-sm">No resources yet.{canAdmin ? ' Add one below; steps then require it by its type.' : ' An admin adds them; steps then require them by type.'}</p>
      )}
      <ul className="grid gap-3 lg:grid-cols-2" aria-label="resources">
        {list.map((r) => (
          <li key={r.id}>
            <ResourceCard resource={r} canAdmin={canAdmin} organization={showOrganization ? organizationName(organizations, r.organizationId) : null} />
          </li>
        ))}
      </ul>
      {canAdmin && <NewResource organizations={organizations} />}
    </section>
  )
}

type ResourceRow = ResourceView

/** `organization`: its organisation's name, when the page shows several. */
function ResourceCard({ resource: r, canAdmin, organization }: { resource: ResourceRow; canAdmin: boolean; organization: string | null }) {
  const usage = api.resources.usage.useQuery({ id: r.id }, { refetchInterval: REFRESH_MS })
  const share = r.capacity ? Math.min(1, r.inUse / r.capacity) : 0
  const full = r.inUse >= r.capacity
  return (
    <article aria-label={organization ? `${r.name} (${organization})` : r.name} className="flex flex-col gap-2 rounded border border-slate-200 p-3 dark:border-slate-700">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">{r.name}</h2>
        <span className="flex flex-wrap gap-x-3 text-xs text-slate-500 dark:text-slate-400">
          {organization && (
            <span data-testid="organization" title={r.organizationId}>
              organisation {organization}
            </span>
          )}
          <span className="font-mono">type {r.type}</span>
        </span>
      </header>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <Stat label="Capacity">
          {formatAmount(r.capacity, r.unit)}
          {r.kind === 'rate' && r.window ? ` ${perWindow(r.window)}` : ''}
        </Stat>
        <Stat label={r.kind === 'rate' ? 'Used this window' : 'In use'}>
          <span data-testid="in-use">{formatAmount(r.inUse, r.unit)}</span>
          {r.kind === 'concurrent' && (
            <span className="text-slate-500 dark:text-slate-400">
              {' '}
              ({r.holders} step{r.holders === 1 ? '' : 's'})
            </span>
          )}
        </Stat>
        <Stat label="Waiting">
          <span data-testid="waiting" className={r.waitingSteps ? 'font-medium text-amber-700 dark:text-amber-300' : ''}>
            {r.waitingSteps ? `${formatAmount(r.waiting, r.unit)} · ${r.waitingSteps} step${r.waitingSteps === 1 ? '' : 's'}` : 'none'}
          </span>
        </Stat>
        <Stat label="Cost">{r.costPerUnit !== undefined ? `${formatCurrency(r.costPerUnit)} / ${singularUnit(r.unit)}` : '—'}</Stat>
      </dl>
      <div
        role="meter"
        aria-label={`${r.name} in use`}
        aria-valuemin={0}
        aria-valuemax={r.capacity}
        aria-valuenow={r.inUse}
        className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div className={`h-full ${full ? 'bg-amber-500' : 'bg-blue-600'}`} style={{ width: `${share * 100}%` }} />
      </div>
      <UsageChart name={r.name} unit={r.unit} points={usage.data?.points ?? []} bucketMs={usage.data?.bucketMs} loading={usage.isLoading} error={usage.error?.message ?? null} />
      {canAdmin && <CapacityEditor resource={r} />}
    </article>
  )
}

/** A refill window as people say it: per minute, per hour, per 30 s. */
function perWindow(ms: number): string {
  if (ms === 60_000) return 'per minute'
  if (ms === 3_600_000) return 'per hour'
  if (ms === 86_400_000) return 'per day'
  return `per ${formatDuration(ms)}`
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  )
}

/** The forms' labels of a resource's fields, for what the server refuses. */
const RESOURCE_LABELS: FieldLabels = {
  name: 'Name',
  type: 'Type',
  capacity: 'Capacity',
  unit: 'Unit',
  costPerUnit: 'Cost per unit',
  window: ['Refill window', msAsSeconds],
  organizationId: 'Organisation',
}

function CapacityEditor({ resource }: { resource: ResourceRow }) {
  const utils = api.useUtils()
  const [capacity, setCapacity] = useState(String(resource.capacity))
  const update = api.resources.update.useMutation({ onSuccess: () => utils.resources.invalidate() })
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault()
        update.mutate({ id: resource.id, patch: { capacity: Number(capacity) } })
      }}
    >
      <label className="flex items-center gap-1">
        Capacity
        <input
          className={`${input} w-24`}
          type="number"
          min={0}
          step="any"
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          aria-label={`${resource.name} capacity`}
        />
      </label>
      <button type="submit" className={button} disabled={update.isPending || Number(capacity) === resource.capacity}>
        Change
      </button>
      {update.error && (
        <span role="alert" className="text-red-700 dark:text-red-300">
          {formError(update.error, update.variables, RESOURCE_LABELS)}
        </span>
      )}
    </form>
  )
}

function NewResource({ organizations }: { organizations: readonly NamedOrganization[] }) {
  const utils = api.useUtils()
  const [form, setForm] = useState({ name: '', type: '', capacity: '', unit: '', costPerUnit: '', window: '', organizationId: organizations[0]?.id ?? '' })
  const create = api.resources.create.useMutation({
    onSuccess: () => {
      setForm({ ...form, name: '', type: '', capacity: '', unit: '', costPerUnit: '', window: '' })
      void utils.resources.invalidate()
    },
  })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  return (
    <form
      aria-labelledby="new-resource"
      className="flex flex-col gap-2 rounded border border-slate-200 p-3 dark:border-slate-700"
      onSubmit={(e) => {
        e.preventDefault()
        create.mutate({
          name: form.name,
          type: form.type,
          capacity: Number(form.capacity),
          ...(form.unit ? { unit: form.unit } : {}),
          ...(form.costPerUnit ? { costPerUnit: Number(form.costPerUnit) } : {}),
          ...(form.window ? { window: Math.round(Number(form.window) * 1000) } : {}),
          ...(form.organizationId ? { organizationId: form.organizationId } : {}),
        })
      }}
    >
      <h2 id="new-resource" className="font-medium">
        Add a resource
      </h2>
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="flex flex-col gap-0.5">
          Name
          <input className={input} required value={form.name} onChange={set('name')} placeholder="GPU slots" />
        </label>
        <label className="flex flex-col gap-0.5">
          Type (what steps require)
          <input className={input} required value={form.type} onChange={set('type')} placeholder="gpu" pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" />
        </label>
        <label className="flex flex-col gap-0.5">
          Capacity
          <input className={`${input} w-28`} required type="number" min={0} step="any" value={form.capacity} onChange={set('capacity')} />
        </label>
        <label className="flex flex-col gap-0.5">
          Unit
          <input className={`${input} w-28`} value={form.unit} onChange={set('unit')} placeholder="slots" />
        </label>
        <label className="flex flex-col gap-0.5">
          Cost per unit
          <input className={`${input} w-28`} type="number" min={0} step="any" value={form.costPerUnit} onChange={set('costPerUnit')} />
        </label>
        <label className="flex flex-col gap-0.5">
          Refill window (s, rate-type only)
          <input className={`${input} w-28`} type="number" min={1} step="any" value={form.window} onChange={set('window')} placeholder="60" />
        </label>
        {organizations.length > 1 && (
          <label className="flex flex-col gap-0.5">
            Organisation
            <select className={input} value={form.organizationId} onChange={set('organizationId')}>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" className={button} disabled={create.isPending}>
          Add resource
        </button>
        {create.error && (
          <span role="alert" className="text-sm text-red-700 dark:text-red-300">
            {formError(create.error, create.variables, RESOURCE_LABELS)}
          </span>
        )}
      </div>
    </form>
  )
}
