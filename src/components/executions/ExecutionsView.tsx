'use client'
// The executions list: the view lives in the URL (list-view.ts); the first page arrives rendered
// by the server; changes to matching executions arrive on the feed subscription and refresh the
// page in place (new executions appear, progress moves), at most a few times a second.
import { keepPreviousData } from '@tanstack/react-query'
import type { RowSelection } from './ExecutionsTable'
import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useHotkeys } from 'react-hotkeys-hook'
import { api } from '@/trpc/react'
import { Popover } from '@/components/ui/Popover'
import { BulkActions } from './BulkActions'
import { COLUMN_LABELS, ExecutionsTable } from './ExecutionsTable'
import { ListFilters } from './ListFilters'
import { failureGroupLabel } from './FilterChips'
import { SavedViews } from './SavedViews'
import { LIST_COLUMNS, listInput, parseView, viewSearch, withFilter, type ListView } from './list-view'

const LIVE_REFRESH_MS = 500

export function ExecutionsView({ canOperate }: { canOperate: boolean }) {
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const view = useMemo(() => parseView(new URLSearchParams(params.toString())), [params])
  const input = useMemo(() => listInput(view), [view])
  const list = api.executions.list.useQuery(input, { placeholderData: keepPreviousData })
  // The total the filter matches, kept live with the page (a count, not the page's length).
  const count = api.executions.count.useQuery(view.filter, { placeholderData: keepPreviousData })
  const services = api.services.list.useQuery()
  const serviceNames = useMemo(() => Object.fromEntries((services.data ?? []).map((s) => [s.id, s.name])), [services.data])
  const utils = api.useUtils()
  const [selection, setSelection] = useState<RowSelection>({})
  const [focused, setFocused] = useState(-1)
  const searchRef = useRef<HTMLInputElement>(null)
  const tableRef = useRef<HTMLDivElement>(null)

  const go = (next: ListView, how: 'push' | 'replace' = 'push') => {
    const search = viewSearch(next)
    router[how](`${pathname}${search ? `?${search}` : ''}`, { scroll: false })
    setSelection({})
    setFocused(-1)
  }

  // Live: any change of an execution this filter matches refreshes the page, throttled.
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => clearTimeout(refresh.current ?? undefined), [])
  const feed = api.executions.feed.useSubscription(view.filter, {
    onData: () => {
      if (refresh.current) return
      refresh.current = setTimeout(() => {
        refresh.current = null
        void utils.executions.list.invalidate(input)
        void utils.executions.count.invalidate(view.filter)
      }, LIVE_REFRESH_MS)
    },
  })

  const rows = list.data?.items ?? []
  const selected = Object.keys(selection)

  // Keyboard: j/k move, Enter opens, x selects, / searches.
  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index))
    setFocused(next)
    tableRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')[next]?.focus()
  }
  useHotkeys('j', () => focusRow(focused + 1), [focused, rows.length])
  useHotkeys('k', () => focusRow(focused - 1), [focused, rows.length])
  useHotkeys(
    'x',
    () => {
      const row = rows[focused]
      if (!row) return
      setSelection(({ [row.$id]: was, ...rest }) => (was ? rest : { ...rest, [row.$id]: true }))
    },
    [focused, rows],
  )
  useHotkeys('slash', (event) => {
    event.preventDefault()
    searchRef.current?.focus()
  })

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Executions</h1>
        {count.data !== undefined && (
          <span className="text-sm tabular-nums text-slate-600 dark:text-slate-300" data-testid="result-count">
            {count.data.toLocaleString('en-US')} {count.data === 1 ? 'execution' : 'executions'}
          </span>
        )}
        <span className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {feed.status === 'pending' ? '● live' : feed.status === 'error' ? 'live updates paused — reconnecting' : 'connecting…'}
        </span>
        <span className="ml-auto flex items-center gap-2">
          <ColumnChooser view={view} onChange={(columns) => go({ ...view, columns }, 'replace')} />
          <SavedViews currentQuery={viewSearch({ ...view, cursor: undefined })} canSave={canOperate} />
        </span>
      </div>
      <ListFilters
        view={view}
        groupLabel={view.filter.errorGroup ? failureGroupLabel(rows.find((r) => r.error)?.error) : undefined}
        services={services.data ?? []}
        searchRef={searchRef}
        onFilter={(change, how) => go(withFilter(view, change), how)}
        onClear={() => go({ ...view, filter: {}, cursor: undefined })}
      />
      <BulkActions selected={selected} filter={view.filter} matching={count.data} canOperate={canOperate} onDone={() => setSelection({})} />
      {list.error ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          The list could not be loaded: {list.error.message}
        </p>
      ) : rows.length === 0 && !list.isFetching ? (
        <p className="text-slate-500 dark:text-slate-400">No executions match these filters.</p>
      ) : (
        <div ref={tableRef} aria-busy={list.isFetching}>
          <ExecutionsTable
            rows={rows}
            view={view}
            serviceNames={serviceNames}
            canOperate={canOperate}
            selection={selection}
            onSelectionChange={setSelection}
            onSort={(sort) => go({ ...view, sort, order: view.sort === sort && view.order === 'desc' ? 'asc' : 'desc', cursor: undefined }, 'replace')}
            focused={focused}
            onFocus={setFocused}
          />
        </div>
      )}
      <nav aria-label="pages" className="flex gap-4 text-sm">
        {view.cursor && (
          <Link href={`${pathname}?${viewSearch({ ...view, cursor: undefined })}`} className="text-blue-700 underline dark:text-blue-300">
            ← Newest
          </Link>
        )}
        {list.data?.nextCursor && (
          <Link href={`${pathname}?${viewSearch({ ...view, cursor: list.data.nextCursor })}`} className="text-blue-700 underline dark:text-blue-300">
            Older executions →
          </Link>
        )}
      </nav>
      <p className="text-xs text-slate-500 dark:text-slate-400">Keys: j / k move · Enter opens · x selects · / searches</p>
    </div>
  )
}

function ColumnChooser({ view, onChange }: { view: ListView; onChange: (columns: ListView['columns']) => void }) {
  return (
    <Popover label="Columns shown" align="end" trigger="Columns">
      <fieldset className="w-44">
        <legend className="sr-only">Columns shown</legend>
        {LIST_COLUMNS.map((c) => (
          <label key={c} className="flex items-center gap-2 py-0.5">
            <input
              type="checkbox"
              checked={view.columns.includes(c)}
              onChange={(e) => onChange(e.target.checked ? LIST_COLUMNS.filter((x) => x === c || view.columns.includes(x)) : view.columns.filter((x) => x !== c))}
            />
            {COLUMN_LABELS[c]}
          </label>
        ))}
      </fieldset>
    </Popover>
  )
}
