'use client'
// The executions table (TanStack Table): the chosen columns, row selection, server-side sort by
// the header, and keyboard focus that moves row by row (j/k, Enter opens, x selects).
import { useRouter } from 'next/navigation'
import { useState, type MouseEvent, type ReactNode } from 'react'
import type { ExecutionListRow } from '@/server/domain/execution'
import type { Runner } from '@/server/domain/runner'
import { ProgressBar } from '@/components/ProgressBar'
import { StatusBadge } from '@/components/StatusBadge'
import { TimeAt, useNow } from '@/components/ui/RelativeTime'
import { Truncated } from '@/components/ui/Tooltip'
import { RowActions } from './RowActions'
import { formatAssignee, formatCost, formatDuration, formatTime } from '@/components/format'
import type { ExecutionProgress } from '@/server/domain/progress'
import { hasEnded } from '@/server/domain/lifecycle'
import { api } from '@/trpc/react'
import { type ListColumn, type ListView, type SortField } from './list-view'
import { givingWay } from './columns-fit'

const NO_PROGRESS: Record<string, ExecutionProgress> = {}

/** Which rows are selected, by execution id (what the bulk actions act on). */
export type RowSelection = Record<string, boolean>

/**
 * A column: its header and how a row's cell reads. A plain list rather than a table library:
 * TanStack Table (v9) built an object per cell and memoised each, about a tenth of the list
 * page's server time for fifty rows (a CPU profile), for what is a list of columns here.
 */
export interface Column {
  id: 'id' | ListColumn | 'actions'
  header: ReactNode
  cell: (row: ExecutionListRow, table: TableState) => ReactNode
}

/**
 * What cells read besides their row, kept once by the table and handed to each cell: fifty rows
 * of a hook or a context each (a clock, the service names, the estimates) cost the page's server
 * render and the browser's hydration for what is the same value in every row.
 */
interface TableState {
  /** The table's one clock (null on the server and at hydration: the exact time shows). */
  now: number | null
  /** Service id → display name, so the table says what the filters say. */
  serviceNames: Record<string, string>
  /** Execution id → its progress (the likely time to finish and what it is doing), for the rows still under way. */
  progresses: Record<string, ExecutionProgress>
  /** The row whose actions show: the one under the pointer or the keyboard, or whose confirmation is open. */
  acting: (id: string) => boolean
  /** Its confirmation opened or closed (the row keeps its actions while it is open, the pointer gone to the dialog). */
  confirming: (id: string, open: boolean) => void
}

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
function ServiceCell({ id, names }: { id: string; names: Record<string, string> }) {
  const name = names[id]
  return <Truncated text={name ?? id} full={name && name !== id ? `${name} (${id})` : id} className="max-w-28" />
}
function EtaCell({ row, progress }: { row: ExecutionListRow; progress: ExecutionProgress | undefined }) {
  if (hasEnded(row.status)) return <span className="text-slate-400">—</span>
  if (!progress) return <span className="text-slate-400">…</span>
  const left = progress.estimatedTimeRemaining
  // A paused run finishes when someone resumes it: no countdown, only the work it has left.
  if (row.status === 'paused')
    return (
      <Truncated
        text="paused"
        full={left === undefined ? 'Paused: it goes on when resumed' : `Paused: likely ${formatDuration(left)} of work left once resumed`}
        className="max-w-20 text-xs text-slate-500 dark:text-slate-400"
      />
    )
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

/** Columns the server sorts by. */
const SORTS: Partial<Record<string, SortField>> = { id: 'createdAt', cost: 'cost', tokens: 'tokensUsed', progress: 'progress' }

const LINK = 'block max-w-36 truncate font-mono text-xs text-blue-700 underline dark:text-blue-300'

/** Every column but the selection box (its header needs the page's rows). */
const COLUMNS: readonly Column[] = [
  {
    id: 'id',
    header: 'Execution',
    // A plain link: the table opens it in the app (onRowLink), so fifty rows carry no Link each
    // (its hooks on the server and at hydration, and a prefetch of every execution in view).
    cell: (row) => (
      <a href={`/executions/${row.$id}`} title={row.$id} className={LINK} data-row-link>
        {row.$id}
      </a>
    ),
  },
  { id: 'status', header: COLUMN_LABELS.status, cell: (row) => <StatusBadge status={row.status} /> },
  { id: 'service', header: COLUMN_LABELS.service, cell: (row, table) => <ServiceCell id={row.service} names={table.serviceNames} /> },
  {
    id: 'error',
    header: COLUMN_LABELS.error,
    cell: (row) => (row.error ? <Cut text={`${row.error.code}: ${row.error.message}`} className="max-w-48 text-xs text-red-700 dark:text-red-300" /> : ''),
  },
  { id: 'runner', header: COLUMN_LABELS.runner, cell: (row) => <RunnerCell runner={row.runner} /> },
  { id: 'assignee', header: COLUMN_LABELS.assignee, cell: (row) => <Cut text={formatAssignee(row.assignee)} className="max-w-32" /> },
  { id: 'priority', header: COLUMN_LABELS.priority, cell: (row) => row.priority },
  { id: 'progress', header: COLUMN_LABELS.progress, cell: (row) => <ProgressBar value={row.progress} compact /> },
  { id: 'eta', header: COLUMN_LABELS.eta, cell: (row, table) => <EtaCell row={row} progress={table.progresses[row.$id]} /> },
  {
    id: 'started',
    header: COLUMN_LABELS.started,
    // One that never started says so (its creation time in the tooltip), not its creation time as a start.
    cell: (row, table) =>
      row.metadata.startedAt ? (
        <TimeAt iso={row.metadata.startedAt} now={table.now} />
      ) : (
        <span className="text-slate-400" title={`Not started · created ${formatTime(row.metadata.createdAt)} UTC`}>
          —
        </span>
      ),
  },
  { id: 'duration', header: COLUMN_LABELS.duration, cell: (row) => formatDuration(row.metrics?.duration) },
  { id: 'cost', header: COLUMN_LABELS.cost, cell: (row) => formatCost(row.metrics?.cost) },
  { id: 'tokens', header: COLUMN_LABELS.tokens, cell: (row) => row.metrics?.tokensUsed?.toLocaleString('en-US') ?? '—' },
  { id: 'tags', header: COLUMN_LABELS.tags, cell: (row) => <Cut text={row.tags.join(', ')} className="max-w-24 text-xs" /> },
  {
    id: 'actions',
    header: <span className="sr-only">Actions</span>,
    // Only the acting row holds its actions: fifty rows of "Cancel" buttons would crowd what a
    // screen reader, or a search for the page's own Cancel button, finds; and fifty rows of
    // mutations cost the page's server render about as much as its own query (a CPU profile).
    // Kept at the right of the table's box (sticky) however wide the table; drawn over the end of
    // the row, on the row's own background, where the table is too narrow to keep a column free.
    cell: (row, table) =>
      table.acting(row.$id) ? (
        <span className="row-actions absolute inset-y-0 right-0 flex items-center bg-white pl-2 pr-1 dark:bg-slate-950 [tr:hover_&]:bg-slate-50 dark:[tr:hover_&]:bg-slate-900 [tr[data-focused]_&]:bg-blue-50 dark:[tr[data-focused]_&]:bg-slate-800">
          <RowActions execution={row} onConfirming={(open) => table.confirming(row.$id, open)} />
        </span>
      ) : null,
  },
]

/** Who runs it, in a line: a workflow on the engine, a service over the API, or a warning that no one does; what it waits for below. */
function RunnerCell({ runner }: { runner?: Runner }) {
  if (!runner) return '—'
  // A warning only for what waits now (as the execution page says it): an ended execution with no
  // worker for its workflow, or one the engine runs, is not held up.
  const stuck = runner.kind === 'none' && runner.waiting !== undefined
  const warn = stuck || runner.stalledSince !== undefined
  const name =
    runner.kind === 'service' ? `${runner.label.replace(/ over the API$/, '')} (API)` : runner.kind === 'engine' ? runner.label.replace(/ on the engine$/, '') : runner.label
  // "no worker for X" says what "waiting for a worker for X" would say again.
  const waiting = runner.waiting && !stuck ? ` · ${runner.waiting}` : ''
  return (
    <Truncated
      text={`${warn ? '⚠ ' : ''}${name}${waiting}`}
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
  selection: RowSelection
  onSelectionChange: (next: RowSelection) => void
  onSort: (sort: SortField) => void
  focused: number
  onFocus: (index: number) => void
}) {
  const [hovered, setHovered] = useState<string | null>(null)
  const [confirmingId, setConfirmingId] = useState<string | null>(null)
  const now = useNow()
  const router = useRouter()
  // A row's link opens in the app, as a Link would; with a modifier key or another button, the browser's way.
  const onRowLink = (event: MouseEvent<HTMLTableElement>) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-row-link]')
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    router.push(link.getAttribute('href')!)
  }
  // The ETA column's estimates: one request for the rows still under way, after the rows are drawn.
  const live = view.columns.includes('eta') ? rows.filter((r) => !hasEnded(r.status)).map((r) => r.$id) : []
  const progresses = api.executions.progressMany.useQuery(
    { ids: live.slice(0, 100) },
    { enabled: live.length > 0, refetchInterval: 15_000, placeholderData: (previous) => previous },
  )
  const shown = COLUMNS.filter((c) => c.id === 'id' || c.id === 'actions' || view.columns.includes(c.id))
  const allSelected = rows.length > 0 && rows.every((r) => selection[r.$id])
  const someSelected = !allSelected && rows.some((r) => selection[r.$id])
  const toggle = (id: string) => () => {
    const next = { ...selection }
    if (next[id]) delete next[id]
    else next[id] = true
    onSelectionChange(next)
  }
  const toggleAll = () => onSelectionChange(allSelected ? {} : Object.fromEntries(rows.map((r) => [r.$id, true])))
  const active = hovered ?? rows[focused]?.$id ?? null
  const table: TableState = {
    now,
    serviceNames,
    progresses: progresses.data ?? NO_PROGRESS,
    acting: (id) => canOperate && (id === active || id === confirmingId),
    confirming: (id, open) => setConfirmingId((current) => (open ? id : current === id ? null : current)),
  }
  return (
    <>
      {/* relative: an sr-only label (absolute) would otherwise escape this scroller and widen the page */}
      <div className="@container relative overflow-x-auto">
        <style>
          {givingWay(
            shown.map((c) => c.id),
            canOperate,
          )}
        </style>
        {/* Cells' spacing, rows' colours and figures' digits set once on the table, not on each of its 750 cells. */}
        <table
          onClick={onRowLink}
          className="executions-table w-full text-left text-sm tabular-nums [&_td]:whitespace-nowrap [&_td]:py-1 [&_td]:pr-2 [&_th]:whitespace-nowrap [&_th]:py-2 [&_th]:pr-2 [&_th]:font-medium"
        >
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400">
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="select all on this page"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected
                  }}
                  onChange={toggleAll}
                />
              </th>
              {shown.map((column) => {
                const sort = SORTS[column.id]
                const active = sort !== undefined && sort === view.sort
                return (
                  <th key={column.id} aria-sort={active ? (view.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {sort ? (
                      <button type="button" onClick={() => onSort(sort)} className="uppercase">
                        {column.header} {active ? (view.order === 'asc' ? '▲' : '▼') : ''}
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                )
              })}
            </tr>
          </thead>
          <tbody className="[&>tr]:border-b [&>tr]:border-slate-100 dark:[&>tr]:border-slate-800 [&>tr:hover]:bg-slate-50 dark:[&>tr:hover]:bg-slate-900 [&>tr[data-focused]]:bg-blue-50 dark:[&>tr[data-focused]]:bg-slate-800">
            {rows.map((row, index) => {
              const selected = selection[row.$id] === true
              return (
                <tr
                  key={row.$id}
                  aria-selected={selected}
                  data-focused={index === focused || undefined}
                  onFocus={() => onFocus(index)}
                  onMouseEnter={() => setHovered(row.$id)}
                  onMouseLeave={() => setHovered((h) => (h === row.$id ? null : h))}
                >
                  <td>
                    <input type="checkbox" aria-label={`select ${row.$id}`} checked={selected} onChange={toggle(row.$id)} />
                  </td>
                  {shown.map((column) => (
                    <td key={column.id} className={column.id === 'actions' ? 'sticky right-0 p-0!' : undefined}>
                      {column.cell(row, table)}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
