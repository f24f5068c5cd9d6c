'use client'
// The executions table (TanStack Table): the chosen columns, row selection, server-side sort by
// the header, and keyboard focus that moves row by row (j/k, Enter opens, x selects).
import Link from 'next/link'
import { createContext, useContext, useState } from 'react'
import { columnVisibilityFeature, createColumnHelper, rowSelectionFeature, tableFeatures, useTable, type RowSelectionState } from '@tanstack/react-table'
import type { ExecutionListRow } from '@/server/domain/execution'
import type { Runner } from '@/server/domain/runner'
import { ProgressBar } from '@/components/ProgressBar'
import { StatusBadge } from '@/components/StatusBadge'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { Truncated } from '@/components/ui/Tooltip'
import { ActiveRow, CanOperate, RowActions } from './RowActions'
import { formatAssignee, formatCost, formatDuration } from '@/components/format'
import type { ExecutionProgress } from '@/server/domain/progress'
import { hasEnded } from '@/server/domain/lifecycle'
import { api } from '@/trpc/react'
import { LIST_COLUMNS, type ListColumn, type ListView, type SortField } from './list-view'

const NO_PROGRESS: Record<string, ExecutionProgress> = {}
const features = tableFeatures({ columnVisibilityFeature, rowSelectionFeature })
const helper = createColumnHelper<typeof features, ExecutionListRow>()

export const COLUMN_LABELS: Record<ListColumn, string> = {
  status: 'Status',
  service: 'Service',
  runner: 'Runner',
  assignee: 'Assignee',
  priority: 'Priority',
  progress: 'Progress',
  eta: 'ETA',
  started: 'Started',
  duration: 'Duration',
  cost: 'Cost',
  tokens: 'Tokens',
  tags: 'Tags',
  error: 'Error',
}
/** Service id → display name, so the table says what the filters say. */
const ServiceNames = createContext<Record<string, string>>({})
function ServiceCell({ id }: { id: string }) {
  const name = useContext(ServiceNames)[id]
  return <Truncated text={name ?? id} full={name && name !== id ? `${name} (${id})` : id} className="max-w-28" />
}
/** Execution id → its progress (the likely time to finish and what it is doing), for the rows still under way. */
const Progresses = createContext<Record<string, ExecutionProgress>>({})
function EtaCell({ row }: { row: ExecutionListRow }) {
  const progress = useContext(Progresses)[row.$id]
  if (hasEnded(row.status)) return <span className="text-slate-400">—</span>
  if (!progress) return <span className="text-slate-400">…</span>
  const left = progress.estimatedTimeRemaining
  return (
    <Truncated
      text={left === undefined ? '?' : `~${formatDuration(left)}`}
      full={`${left === undefined ? 'No estimate: too few finished runs of this workflow, or running longer than any of them' : `Likely ${formatDuration(left)} to finish`} · ${progress.currentPhase}`}
      className="max-w-20 tabular-nums text-xs"
    />
  )
}
/** A cell's text on one line, cut with an ellipsis; the whole in a tooltip. */
const Cut = ({ text, className = 'max-w-48' }: { text: string; className?: string }) => <Truncated text={text} className={className} />

/**
 * Columns that give way as the table's own width shrinks (a container query: the sidebar and a
 * phone both narrow it), so the rows stay one line: id, status and start time stay on a phone.
 */
const GIVES_WAY: Partial<Record<string, string>> = {
  service: '@max-md:hidden',
  progress: '@max-lg:hidden',
  eta: '@max-xl:hidden',
  error: '@max-xl:hidden',
  priority: '@max-2xl:hidden',
  cost: '@max-3xl:hidden',
  tags: '@max-4xl:hidden',
  runner: '@max-5xl:hidden',
  duration: '@max-5xl:hidden',
  assignee: '@max-6xl:hidden',
  tokens: '@max-6xl:hidden',
}

/** Columns the server sorts by. */
const SORTS: Partial<Record<string, SortField>> = { id: 'createdAt', cost: 'cost', tokens: 'tokensUsed', progress: 'progress' }

const columns = helper.columns([
  helper.display({
    id: 'select',
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="select all on this page"
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected()
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => <input type="checkbox" aria-label={`select ${row.original.$id}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
  }),
  helper.accessor('$id', {
    id: 'id',
    header: 'Execution',
    cell: ({ row }) => (
      <Link
        href={`/executions/${row.original.$id}`}
        title={row.original.$id}
        className="block max-w-36 truncate font-mono text-xs text-blue-700 underline dark:text-blue-300"
        data-row-link
      >
        {row.original.$id}
      </Link>
    ),
  }),
  helper.accessor('status', { id: 'status', header: COLUMN_LABELS.status, cell: ({ row }) => <StatusBadge status={row.original.status} /> }),
  helper.accessor('service', { id: 'service', header: COLUMN_LABELS.service, cell: ({ row }) => <ServiceCell id={row.original.service} /> }),
  helper.display({
    id: 'error',
    header: COLUMN_LABELS.error,
    cell: ({ row }) => {
      const e = row.original.error
      return e ? <Cut text={`${e.code}: ${e.message}`} className="max-w-64 text-xs text-red-700 dark:text-red-300" /> : ''
    },
  }),
  helper.display({ id: 'runner', header: COLUMN_LABELS.runner, cell: ({ row }) => <RunnerCell runner={row.original.runner} /> }),
  helper.display({
    id: 'assignee',
    header: COLUMN_LABELS.assignee,
    cell: ({ row }) => <Cut text={formatAssignee(row.original.assignee)} className="max-w-32" />,
  }),
  helper.accessor('priority', { id: 'priority', header: COLUMN_LABELS.priority }),
  helper.display({ id: 'progress', header: COLUMN_LABELS.progress, cell: ({ row }) => <ProgressBar value={row.original.progress} compact /> }),
  helper.display({ id: 'eta', header: COLUMN_LABELS.eta, cell: ({ row }) => <EtaCell row={row.original} /> }),
  helper.display({
    id: 'started',
    header: COLUMN_LABELS.started,
    cell: ({ row }) => <RelativeTime iso={row.original.metadata.startedAt ?? row.original.metadata.createdAt} />,
  }),
  helper.display({ id: 'duration', header: COLUMN_LABELS.duration, cell: ({ row }) => <span className="tabular-nums">{formatDuration(row.original.metrics?.duration)}</span> }),
  helper.display({ id: 'cost', header: COLUMN_LABELS.cost, cell: ({ row }) => <span className="tabular-nums">{formatCost(row.original.metrics?.cost)}</span> }),
  helper.display({
    id: 'tokens',
    header: COLUMN_LABELS.tokens,
    cell: ({ row }) => <span className="tabular-nums">{row.original.metrics?.tokensUsed?.toLocaleString('en-US') ?? '—'}</span>,
  }),
  helper.display({ id: 'tags', header: COLUMN_LABELS.tags, cell: ({ row }) => <Cut text={row.original.tags.join(', ')} className="max-w-24 text-xs" /> }),
  helper.display({ id: 'actions', header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <RowActions execution={row.original} /> }),
])

/** Who runs it, in a line: a workflow on the engine, a service over the API, or a warning that no one does; what it waits for below. */
function RunnerCell({ runner }: { runner?: Runner }) {
  if (!runner) return '—'
  const warn = runner.kind === 'none' || runner.stalledSince !== undefined
  const name =
    runner.kind === 'service' ? `${runner.label.replace(/ over the API$/, '')} (API)` : runner.kind === 'engine' ? runner.label.replace(/ on the engine$/, '') : runner.label
  return (
    <Truncated
      text={`${warn ? '⚠ ' : ''}${name}${runner.waiting ? ` · ${runner.waiting}` : ''}`}
      full={[runner.label, runner.waiting].filter(Boolean).join(' — ')}
      className={`max-w-32 text-xs ${warn ? 'text-amber-800 dark:text-amber-300' : ''}`}
    />
  )
}

export function ExecutionsTable({
  rows,
  view,
  serviceNames,
  canOperate,
  selection,
  onSelectionChange,
  onSort,
  focused,
  onFocus,
}: {
  rows: ExecutionListRow[]
  view: ListView
  serviceNames: Record<string, string>
  canOperate: boolean
  selection: RowSelectionState
  onSelectionChange: (next: RowSelectionState) => void
  onSort: (sort: SortField) => void
  focused: number
  onFocus: (index: number) => void
}) {
  const columnVisibility = Object.fromEntries(LIST_COLUMNS.map((c) => [c, view.columns.includes(c)]))
  const [hovered, setHovered] = useState<string | null>(null)
  // The ETA column's estimates: one request for the rows still under way, after the rows are drawn.
  const live = view.columns.includes('eta') ? rows.filter((r) => !hasEnded(r.status)).map((r) => r.$id) : []
  const progresses = api.executions.progressMany.useQuery(
    { ids: live.slice(0, 100) },
    { enabled: live.length > 0, refetchInterval: 15_000, placeholderData: (previous) => previous },
  )
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.$id,
    state: { columnVisibility, rowSelection: selection },
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === 'function' ? updater(selection) : updater),
  })
  return (
    <CanOperate.Provider value={canOperate}>
      <ActiveRow.Provider value={hovered ?? rows[focused]?.$id ?? null}>
        <ServiceNames.Provider value={serviceNames}>
          <Progresses.Provider value={progresses.data ?? NO_PROGRESS}>
            {/* relative: an sr-only label (absolute) would otherwise escape this scroller and widen the page */}
            <div className="@container relative overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400">
                  {table.getHeaderGroups().map((group) => (
                    <tr key={group.id}>
                      {group.headers.map((header) => {
                        const sort = SORTS[header.column.id]
                        const active = sort !== undefined && sort === view.sort
                        return (
                          <th
                            key={header.id}
                            className={`whitespace-nowrap py-2 pr-2 font-medium ${GIVES_WAY[header.column.id] ?? ''}`}
                            aria-sort={active ? (view.order === 'asc' ? 'ascending' : 'descending') : undefined}
                          >
                            {sort ? (
                              <button type="button" onClick={() => onSort(sort)} className="uppercase">
                                <table.FlexRender header={header} /> {active ? (view.order === 'asc' ? '▲' : '▼') : ''}
                              </button>
                            ) : (
                              <table.FlexRender header={header} />
                            )}
                          </th>
                        )
                      })}
                    </tr>
                  ))}
                </thead>
                <tbody>
                  {table.getRowModel().rows.map((row, index) => (
                    <tr
                      key={row.id}
                      aria-selected={row.getIsSelected()}
                      data-focused={index === focused || undefined}
                      onFocus={() => onFocus(index)}
                      onMouseEnter={() => setHovered(row.id)}
                      onMouseLeave={() => setHovered((h) => (h === row.id ? null : h))}
                      className="group border-b border-slate-100 hover:bg-slate-50 data-[focused]:bg-blue-50 dark:border-slate-800 dark:hover:bg-slate-900 dark:data-[focused]:bg-slate-800"
                    >
                      {row.getVisibleCells().map((cell) => (
                        <td key={cell.id} className={`whitespace-nowrap py-1 pr-2 ${GIVES_WAY[cell.column.id] ?? ''}`}>
                          <table.FlexRender cell={cell} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Progresses.Provider>
        </ServiceNames.Provider>
      </ActiveRow.Provider>
    </CanOperate.Provider>
  )
}
