'use client'
// The list's filter bar: search applied as you type, facets that apply at once, the rarer
// fields (tags, time range, cost, tokens) folded into "More filters", and every active filter
// as a chip that removes it (FilterChips).
import { useEffect, useRef, useState } from 'react'
import { ASSIGNEE_TYPES, EXECUTION_STATUSES, PRIORITIES } from '@/server/domain/lifecycle'
import { RUNNER_KINDS } from '@/server/domain/runner'
import type { ListFilter } from '@/server/domain/schemas'
import { Popover } from '@/components/ui/Popover'
import { FacetFilter } from './FacetFilter'
import { FilterChips, RUNNER_LABELS } from './FilterChips'
import type { ListView } from './list-view'

/** How long typing pauses before the search applies. */
const SEARCH_DEBOUNCE_MS = 300

const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '')
const fromLocalInput = (value: FormDataEntryValue | null) => (typeof value === 'string' && value ? new Date(`${value}:00.000Z`).toISOString() : undefined)
const text = (value: FormDataEntryValue | null) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)
const number = (value: FormDataEntryValue | null) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined)
const list = (value: FormDataEntryValue | null) =>
  text(value)
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean)

const FIELD = 'rounded-md border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900'

export function ListFilters({
  view,
  services,
  onFilter,
  onClear,
  searchRef,
  groupLabel,
}: {
  view: ListView
  /** The failure group's error, for its chip (from the rows shown). */
  groupLabel?: string
  services: { id: string; name: string }[]
  /** `replace` for what changes as one types (no history entry per letter). */
  onFilter: (change: Partial<ListFilter>, how?: 'push' | 'replace') => void
  onClear: () => void
  searchRef: React.RefObject<HTMLInputElement | null>
}) {
  const f = view.filter
  const serviceIds = services.map((s) => s.id)
  const serviceNames = Object.fromEntries(services.map((s) => [s.id, s.name]))
  const [moreOpen, setMoreOpen] = useState(false)
  const more = [f.tag, f.notTag, f.createdFrom, f.createdTo, f.costMin, f.costMax, f.tokensMin, f.tokensMax].filter((v) => v !== undefined).length
  return (
    <section aria-label="filters" className="flex flex-col gap-2">
      {/* On a phone the facets scroll sideways in one row under the search, instead of filling the first screen. */}
      <div className="flex items-center gap-2 relative max-sm:-mx-4 max-sm:flex-nowrap max-sm:overflow-x-auto max-sm:px-4 max-sm:pb-1 sm:flex-wrap">
        <SearchBox value={f.search} inputRef={searchRef} onSearch={(search) => onFilter({ search }, 'replace')} />
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
        <label className="flex items-center gap-1 whitespace-nowrap rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-600">
          <input type="checkbox" checked={f.stalled === true} onChange={(e) => onFilter({ stalled: e.target.checked ? true : undefined })} />
          Silent only
        </label>
        <Popover
          label="More filters"
          align="end"
          open={moreOpen}
          onOpenChange={setMoreOpen}
          trigger={<>More filters{more ? <span className="font-medium"> ({more})</span> : null}</>}
        >
          <MoreFilters
            filter={f}
            onFilter={(change) => {
              onFilter(change)
              setMoreOpen(false) // applied: the list shows what it asked for
            }}
          />
        </Popover>
      </div>
      <FilterChips filter={f} serviceNames={serviceNames} groupLabel={groupLabel} onFilter={onFilter} onClear={onClear} />
    </section>
  )
}

/** The search field: applies a moment after typing stops, or at once on Enter. */
function SearchBox({
  value,
  onSearch,
  inputRef,
}: {
  value: string | undefined
  onSearch: (search: string | undefined) => void
  inputRef: React.RefObject<HTMLInputElement | null>
}) {
  const [typed, setTyped] = useState(value ?? '')
  const sent = useRef(value ?? '')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // Back, forward, a saved view or a removed chip change the URL: the field follows it.
  useEffect(() => {
    if ((value ?? '') !== sent.current) {
      sent.current = value ?? ''
      setTyped(value ?? '')
    }
  }, [value])
  useEffect(() => () => clearTimeout(timer.current), [])
  const apply = (next: string) => {
    clearTimeout(timer.current)
    const trimmed = next.trim()
    if (trimmed === sent.current) return
    sent.current = trimmed
    onSearch(trimmed || undefined)
  }
  return (
    <input
      ref={inputRef}
      type="search"
      aria-label="Search"
      value={typed}
      maxLength={200}
      onChange={(e) => {
        setTyped(e.target.value)
        clearTimeout(timer.current)
        const next = e.target.value
        timer.current = setTimeout(() => apply(next), SEARCH_DEBOUNCE_MS)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply(typed)
      }}
      // Short enough to show whole in the field on a phone; the `/` key is on the page's key line.
      placeholder="Search id, service…"
      title="Part of an id or of a service's name or id, or words of the error message (each from a word's beginning). Press / to come here."
      className={`w-56 shrink-0 text-sm max-sm:w-48 ${FIELD}`}
    />
  )
}

/** Tags, time range, cost and tokens: applied together with Apply (or Enter). */
function MoreFilters({ filter: f, onFilter }: { filter: ListFilter; onFilter: (change: Partial<ListFilter>) => void }) {
  return (
    <form
      // A new key per URL: the fields show the view's values after back, forward or a saved view.
      key={JSON.stringify(f)}
      className="grid w-80 grid-cols-2 gap-2"
      onSubmit={(event) => {
        event.preventDefault()
        const data = new FormData(event.currentTarget)
        onFilter({
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
        Tag
        <input name="tag" defaultValue={f.tag?.join(',') ?? ''} placeholder="a, b" className={FIELD} />
      </label>
      <label className="flex flex-col">
        Not tag
        <input name="notTag" defaultValue={f.notTag?.join(',') ?? ''} className={FIELD} />
      </label>
      <label className="col-span-2 flex flex-col">
        Created from (UTC)
        <input name="from" type="datetime-local" defaultValue={toLocalInput(f.createdFrom)} className={FIELD} />
      </label>
      <label className="col-span-2 flex flex-col">
        Created to (UTC)
        <input name="to" type="datetime-local" defaultValue={toLocalInput(f.createdTo)} className={FIELD} />
      </label>
      <label className="flex flex-col">
        Cost ≥ $
        <input name="costMin" type="number" min={0} step="any" defaultValue={f.costMin ?? ''} className={FIELD} />
      </label>
      <label className="flex flex-col">
        Cost ≤ $
        <input name="costMax" type="number" min={0} step="any" defaultValue={f.costMax ?? ''} className={FIELD} />
      </label>
      <label className="flex flex-col">
        Tokens ≥
        <input name="tokensMin" type="number" min={0} step={1} defaultValue={f.tokensMin ?? ''} className={FIELD} />
      </label>
      <label className="flex flex-col">
        Tokens ≤
        <input name="tokensMax" type="number" min={0} step={1} defaultValue={f.tokensMax ?? ''} className={FIELD} />
      </label>
      <button className="col-span-2 rounded-md bg-slate-800 px-3 py-1.5 text-white dark:bg-slate-200 dark:text-slate-900">Apply</button>
    </form>
  )
}
