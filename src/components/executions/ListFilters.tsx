'use client'
// The list's filters. Facets apply at once; text, range and number fields on Enter or Apply.
import { ASSIGNEE_TYPES, EXECUTION_STATUSES, PRIORITIES } from '@/server/domain/lifecycle'
import { RUNNER_KINDS, type RunnerKind } from '@/server/domain/runner'
import type { ListFilter } from '@/server/domain/schemas'
import { FacetFilter } from './FacetFilter'
import { activeFilterCount, type ListView } from './list-view'

const RUNNER_LABELS: Record<RunnerKind, string> = { engine: 'the engine', service: 'a service (API)', none: 'no worker' }

const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '')
const fromLocalInput = (value: FormDataEntryValue | null) => (typeof value === 'string' && value ? new Date(`${value}:00.000Z`).toISOString() : undefined)
const text = (value: FormDataEntryValue | null) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)
const number = (value: FormDataEntryValue | null) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined)
const list = (value: FormDataEntryValue | null) =>
  text(value)
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean)

export function ListFilters({
  view,
  services,
  onFilter,
  onClear,
  searchRef,
}: {
  view: ListView
  services: { id: string; name: string }[]
  onFilter: (change: Partial<ListFilter>) => void
  onClear: () => void
  searchRef: React.RefObject<HTMLInputElement | null>
}) {
  const f = view.filter
  const serviceIds = services.map((s) => s.id)
  const serviceNames = Object.fromEntries(services.map((s) => [s.id, s.name]))
  return (
    <section aria-label="filters" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <FacetFilter
          label="Status"
          values={EXECUTION_STATUSES}
          included={f.status}
          excluded={f.notStatus}
          onChange={({ included, excluded }) => onFilter({ status: included, notStatus: excluded })}
        />
        <FacetFilter
          label="Service"
          values={serviceIds}
          labels={serviceNames}
          included={f.service}
          excluded={f.notService}
          onChange={({ included, excluded }) => onFilter({ service: included, notService: excluded })}
        />
        <FacetFilter
          label="Priority"
          values={PRIORITIES}
          included={f.priority}
          excluded={f.notPriority}
          onChange={({ included, excluded }) => onFilter({ priority: included, notPriority: excluded })}
        />
        <FacetFilter
          label="Assignee"
          values={ASSIGNEE_TYPES}
          included={f.assigneeType}
          excluded={f.notAssigneeType}
          onChange={({ included, excluded }) => onFilter({ assigneeType: included, notAssigneeType: excluded })}
        />
        <FacetFilter
          label="Runner"
          values={RUNNER_KINDS}
          labels={RUNNER_LABELS}
          included={f.runner}
          // Three kinds: "not one" is the other two.
          onChange={({ included, excluded }) => onFilter({ runner: included.length ? included : excluded.length ? RUNNER_KINDS.filter((k) => !excluded.includes(k)) : undefined })}
        />
        <label className="flex items-center gap-1 rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600">
          <input type="checkbox" checked={f.stalled === true} onChange={(e) => onFilter({ stalled: e.target.checked ? true : undefined })} />
          Silent only
        </label>
        {activeFilterCount(view) > 0 && (
          <button type="button" onClick={onClear} className="text-sm text-blue-700 underline dark:text-blue-300">
            Clear {activeFilterCount(view)} {activeFilterCount(view) === 1 ? 'filter' : 'filters'}
          </button>
        )}
      </div>
      <form
        // A new key per URL: the fields show the view's values after back, forward or a saved view.
        key={JSON.stringify(f)}
        className="flex flex-wrap items-end gap-2 text-sm"
        onSubmit={(event) => {
          event.preventDefault()
          const data = new FormData(event.currentTarget)
          onFilter({
            search: text(data.get('q')),
            tag: list(data.get('tag')),
            notTag: list(data.get('notTag')),
            createdFrom: fromLocalInput(data.get('from')),
            createdTo: fromLocalInput(data.get('to')),
            costMin: number(data.get('costMin')),
            costMax: number(data.get('costMax')),
            tokensMin: number(data.get('tokensMin')),
            tokensMax: number(data.get('tokensMax')),
          })
        }}
      >
        <label className="flex flex-col">
          Search
          <input
            ref={searchRef}
            name="q"
            type="search"
            defaultValue={f.search ?? ''}
            placeholder="id, service or error  ( / )"
            title="Part of an id or service, or words of the error message (each from a word's beginning)"
            className="w-56 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label className="flex flex-col">
          Tag
          <input name="tag" defaultValue={f.tag?.join(',') ?? ''} className="w-28 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900" />
        </label>
        <label className="flex flex-col">
          Not tag
          <input name="notTag" defaultValue={f.notTag?.join(',') ?? ''} className="w-28 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900" />
        </label>
        <label className="flex flex-col">
          Created from (UTC)
          <input
            name="from"
            type="datetime-local"
            defaultValue={toLocalInput(f.createdFrom)}
            className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label className="flex flex-col">
          to
          <input
            name="to"
            type="datetime-local"
            defaultValue={toLocalInput(f.createdTo)}
            className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <fieldset className="flex items-end gap-1">
          <legend className="sr-only">Cost in dollars</legend>
          <label className="flex flex-col">
            Cost ≥ $
            <input
              name="costMin"
              type="number"
              min={0}
              step="any"
              defaultValue={f.costMin ?? ''}
              className="w-20 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
          <label className="flex flex-col">
            ≤ $
            <input
              name="costMax"
              type="number"
              min={0}
              step="any"
              defaultValue={f.costMax ?? ''}
              className="w-20 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
        </fieldset>
        <fieldset className="flex items-end gap-1">
          <legend className="sr-only">Tokens</legend>
          <label className="flex flex-col">
            Tokens ≥
            <input
              name="tokensMin"
              type="number"
              min={0}
              step={1}
              defaultValue={f.tokensMin ?? ''}
              className="w-24 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
          <label className="flex flex-col">
            ≤
            <input
              name="tokensMax"
              type="number"
              min={0}
              step={1}
              defaultValue={f.tokensMax ?? ''}
              className="w-24 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
        </fieldset>
        <button className="rounded bg-slate-800 px-3 py-1.5 text-white dark:bg-slate-200 dark:text-slate-900">Apply</button>
      </form>
    </section>
  )
}
