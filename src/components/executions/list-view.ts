// The executions list as a URL: every filter, the sort, the page and the chosen columns live in
// the query string, so a view can be shared, bookmarked, saved for the team and survives a
// reload. Pure functions, used by the server page and the client view alike.
//
// The server validates every list query (domain/schemas.ts); here a URL is only cleaned of what
// could never pass, with the same value lists, so a stale or hand-edited link shows what it can
// instead of an error — and the browser is not sent the validation library for it.
import type { ListFilter, ListInput } from '@/server/domain/schemas'
import { ASSIGNEE_TYPES, EXECUTION_STATUSES, PRIORITIES, SORT_FIELDS } from '@/server/domain/lifecycle'
import { RUNNER_KINDS } from '@/server/domain/runner'

export const LIST_COLUMNS = ['status', 'service', 'runner', 'assignee', 'priority', 'progress', 'eta', 'started', 'duration', 'cost', 'tokens', 'tags', 'error'] as const
export type ListColumn = (typeof LIST_COLUMNS)[number]
export const DEFAULT_COLUMNS: readonly ListColumn[] = ['status', 'service', 'runner', 'assignee', 'priority', 'progress', 'eta', 'started', 'duration', 'cost', 'tags']
const PAGE_SIZE = 50

export type SortField = (typeof SORT_FIELDS)[number]

export interface ListView {
  filter: ListFilter
  sort: SortField
  order: 'asc' | 'desc'
  cursor?: string
  columns: readonly ListColumn[]
}

/** URL parameter ↔ filter field. Lists are comma-separated; `not…` excludes. */
const LIST_PARAMS = {
  status: 'status',
  notStatus: 'notStatus',
  service: 'service',
  notService: 'notService',
  priority: 'priority',
  notPriority: 'notPriority',
  assignee: 'assigneeType',
  notAssignee: 'notAssigneeType',
  tag: 'tag',
  notTag: 'notTag',
  error: 'errorCode',
  runner: 'runner',
} as const satisfies Record<string, keyof ListFilter>
const TEXT_PARAMS = { from: 'createdFrom', to: 'createdTo', q: 'search', correlation: 'correlationId', parent: 'parentExecutionId', group: 'errorGroup' } as const satisfies Record<
  string,
  keyof ListFilter
>
const NUMBER_PARAMS = { costMin: 'costMin', costMax: 'costMax', tokensMin: 'tokensMin', tokensMax: 'tokensMax' } as const satisfies Record<string, keyof ListFilter>

type Params = URLSearchParams | Record<string, string | string[] | undefined>
/** A single-valued parameter: its first value when the URL repeats it. */
const getParam = (params: Params, key: string): string | undefined => {
  const v = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key]
  return Array.isArray(v) ? v[0] : v
}
/**
 * A multi-valued parameter: every value, whether written once comma-separated (`notService=a,b`,
 * as the console writes it) or repeated (`notService=a&notService=b`, as the REST API and most
 * URL builders write it), or both.
 */
const getListParam = (params: Params, key: string): string | undefined => {
  const v = params instanceof URLSearchParams ? params.getAll(key) : params[key]
  return Array.isArray(v) ? (v.length ? v.join(',') : undefined) : v
}
const splitList = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : []

const ALLOWED: Partial<Record<keyof ListFilter, readonly string[]>> = {
  status: EXECUTION_STATUSES,
  notStatus: EXECUTION_STATUSES,
  priority: PRIORITIES,
  notPriority: PRIORITIES,
  assigneeType: ASSIGNEE_TYPES,
  notAssigneeType: ASSIGNEE_TYPES,
  runner: RUNNER_KINDS,
}
const MAX_TEXT = 200
const TEXT_CHECKS: Partial<Record<keyof ListFilter, (v: string) => string | undefined>> = {
  createdFrom: (v) => (Number.isNaN(Date.parse(v)) ? undefined : new Date(v).toISOString()),
  createdTo: (v) => (Number.isNaN(Date.parse(v)) ? undefined : new Date(v).toISOString()),
  errorGroup: (v) => (/^[0-9a-f]{20}$/.test(v) ? v : undefined),
}

/** A view from the URL. A value the filter does not allow is left out, never an error page. */
export function parseView(params: Params): ListView {
  const filter: Record<string, unknown> = {}
  for (const [param, field] of Object.entries(LIST_PARAMS)) {
    const allowed = ALLOWED[field]
    // Each value on its own: one unknown status drops that status, not the filter.
    const valid = [...new Set(splitList(getListParam(params, param)))].filter((v) => (allowed ? allowed.includes(v) : v.length <= MAX_TEXT))
    if (valid.length) filter[field] = valid
  }
  for (const [param, field] of Object.entries(TEXT_PARAMS)) {
    const raw = getParam(params, param)?.trim()
    const value = raw && raw.length <= MAX_TEXT ? (TEXT_CHECKS[field] ?? ((v: string) => v))(raw) : undefined
    if (value) filter[field] = value
  }
  for (const [param, field] of Object.entries(NUMBER_PARAMS)) {
    const raw = getParam(params, param)
    const value = raw === undefined || raw === '' ? NaN : Number(raw)
    if (Number.isFinite(value) && value >= 0 && (field === 'costMin' || field === 'costMax' || Number.isInteger(value))) filter[field] = value
  }
  if (getParam(params, 'stalled') === 'true') filter.stalled = true
  const sort = SORT_FIELDS.find((f) => f === getParam(params, 'sort')) ?? 'createdAt'
  const order = getParam(params, 'order') === 'asc' ? 'asc' : 'desc'
  const chosen = [...new Set(splitList(getListParam(params, 'cols')))].filter((c): c is ListColumn => (LIST_COLUMNS as readonly string[]).includes(c))
  return { filter: filter as ListFilter, sort, order, cursor: getParam(params, 'cursor') || undefined, columns: chosen.length ? chosen : defaultColumns(filter as ListFilter) }
}

/** The view's query string, in a fixed order; defaults are left out so URLs stay short. */
export function viewSearch(view: ListView): string {
  const out = new URLSearchParams()
  const f = view.filter as Record<string, unknown>
  for (const [param, field] of Object.entries(LIST_PARAMS)) {
    const values = f[field] as string[] | undefined
    if (values?.length) out.set(param, values.join(','))
  }
  for (const [param, field] of [...Object.entries(TEXT_PARAMS), ...Object.entries(NUMBER_PARAMS)]) {
    const value = f[field]
    if (value !== undefined && value !== '') out.set(param, String(value))
  }
  if (f.stalled === true) out.set('stalled', 'true')
  if (view.sort !== 'createdAt') out.set('sort', view.sort)
  if (view.order !== 'desc') out.set('order', view.order)
  if (!sameColumns(view.columns, defaultColumns(view.filter))) out.set('cols', view.columns.join(','))
  if (view.cursor) out.set('cursor', view.cursor)
  return out.toString()
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i])

/** The list query the view asks for. */
export function listInput(view: ListView): ListInput {
  return { ...view.filter, sort: view.sort, order: view.order, cursor: view.cursor, limit: PAGE_SIZE }
}

/** A new view with some filter fields changed (and back to the first page); columns nobody chose follow the new filter's default. */
export function withFilter(view: ListView, change: Partial<ListFilter>): ListView {
  const filter = { ...view.filter, ...change } as Record<string, unknown>
  for (const [k, v] of Object.entries(filter)) if (v === undefined || (Array.isArray(v) && v.length === 0) || v === '') delete filter[k]
  const columns = sameColumns(view.columns, defaultColumns(view.filter)) ? defaultColumns(filter as ListFilter) : view.columns
  return { ...view, filter: filter as ListFilter, columns, cursor: undefined }
}

/**
 * The columns shown unless chosen: the Error column joins them when the view asks for failed
 * executions (their status, a failure group or an error code).
 */
export function defaultColumns(filter: ListFilter): readonly ListColumn[] {
  const failures = filter.status?.includes('failed') || filter.errorGroup !== undefined || (filter.errorCode?.length ?? 0) > 0
  return failures ? [...DEFAULT_COLUMNS, 'error'] : DEFAULT_COLUMNS
}
