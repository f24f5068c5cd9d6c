// The audit page as a URL: who, what, which execution, when, and the page — shared, bookmarked,
// kept on reload. Pure functions for the server page and the filter form alike. The server
// validates every query (domain/schemas.ts auditQuerySchema); here a hand-edited or stale link is
// cleaned of what could never pass, and each value left out is named, so the page says what it
// ignored instead of failing.

export interface AuditFilters {
  /** A user id or an API key id. */
  actor?: string
  action?: string
  execution?: string
  /** A time as the URL gives it (2026-01-31, 2026-01-31T09:30Z, or ISO 8601 with a zone). */
  from?: string
  to?: string
}

export interface AuditView {
  filters: AuditFilters
  /** The cursor: show entries older than this one. */
  before?: number
  /** What the URL held that was left out, said for the page. */
  ignored: string[]
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>

const MAX_ID = 200
const MAX_ACTION = 100
/** Actions are dotted names: execution.step.completed, user.signedIn, apiKey.revoked. */
const ACTION = /^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*$/
// A date, a time to the minute (what a datetime-local field sends) or to the second, with or
// without fractions; no zone means UTC. Or an ISO time with a zone.
const DATE_TIME = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?))?(Z|[+-]\d\d:\d\d)?$/

const first = (params: Params, key: string): string | undefined => {
  const v = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key]
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined
}

/**
 * A time as the URL may hold it, as ISO 8601 in UTC; undefined when it is not a real time. The
 * end of a range (`end`) given to the day or to the minute reaches to the end of that day or
 * minute: "to 10:30" keeps what happened at 10:30:20.
 */
export function parseTime(text: string, { end = false } = {}): string | undefined {
  const m = DATE_TIME.exec(text.trim())
  if (!m) return undefined
  const [, date, time, zone = 'Z'] = m
  const ms = Date.parse(`${date}T${time ?? '00:00'}${zone}`)
  if (Number.isNaN(ms)) return undefined
  // Date.parse rolls 2026-02-30 over to March: a date that does not exist is not a date.
  if (new Date(Date.parse(`${date}T00:00Z`)).toISOString().slice(0, 10) !== date) return undefined
  const rest = !end ? 0 : time === undefined ? 86_400_000 - 1 : time.length === 5 ? 60_000 - 1 : 0
  return new Date(ms + rest).toISOString()
}

/** The view a URL asks for; each value that could never be a filter is left out and named in `ignored`. */
export function parseAuditView(params: Params): AuditView {
  const filters: AuditFilters = {}
  const ignored: string[] = []
  const actor = first(params, 'actor')
  if (actor) {
    if (actor.length <= MAX_ID) filters.actor = actor
    else ignored.push(`the actor is not a user or key id (over ${MAX_ID} characters)`)
  }
  const action = first(params, 'action')
  if (action) {
    if (action.length <= MAX_ACTION && ACTION.test(action)) filters.action = action
    else ignored.push(`“${clip(action)}” is not an action (such as execution.cancelled)`)
  }
  const execution = first(params, 'execution')
  if (execution) {
    if (execution.length <= MAX_ID) filters.execution = execution
    else ignored.push(`the execution id is over ${MAX_ID} characters`)
  }
  for (const key of ['from', 'to'] as const) {
    const raw = first(params, key)
    if (!raw) continue
    if (raw.length <= 40 && parseTime(raw)) filters[key] = raw
    else ignored.push(`“${clip(raw)}” is not a time (${key}, such as 2026-01-31T09:30Z)`)
  }
  const range = timeRange(filters)
  if (range.from && range.to && range.from > range.to) {
    ignored.push(`the time range ends (${filters.to}) before it starts (${filters.from})`)
    delete filters.from
    delete filters.to
  }
  const before = first(params, 'before')
  const cursor = before && /^\d{1,15}$/.test(before) ? Number(before) : undefined
  if (before && !cursor) ignored.push('the page link is not one this page gives: showing the newest entries')
  return { filters, before: cursor, ignored }
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text)

/** The query string of a view, in a fixed order; what is unset is left out, so URLs stay short. */
export function auditSearch(filters: AuditFilters, before?: number): string {
  const out = new URLSearchParams()
  for (const key of ['actor', 'action', 'execution', 'from', 'to'] as const) {
    const value = filters[key]
    if (value) out.set(key, value)
  }
  if (before !== undefined) out.set('before', String(before))
  return out.toString()
}

/** The link to the audit page for these filters. */
export const auditHref = (filters: AuditFilters, before?: number) => {
  const search = auditSearch(filters, before)
  return search ? `/audit?${search}` : '/audit'
}

/** The instants a view's time range runs between, ISO 8601 in UTC (both ends included). */
export function timeRange(filters: AuditFilters): { from?: string; to?: string } {
  return { from: filters.from ? parseTime(filters.from) : undefined, to: filters.to ? parseTime(filters.to, { end: true }) : undefined }
}

/** What the audit trail's list takes for a view. */
export function auditInput(view: AuditView, limit: number) {
  const f = view.filters
  return { actorId: f.actor, action: f.action, executionId: f.execution, ...timeRange(f), before: view.before, limit }
}

/** A URL's time for a datetime-local field, read as UTC (the page says so): 2026-01-31T09:30. */
export const toTimeField = (text: string | undefined, { end = false } = {}) => (text ? (parseTime(text, { end })?.slice(0, 16) ?? '') : '')

/** A datetime-local field's value for the URL: to the minute, in UTC. */
export const fromTimeField = (value: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value) ? `${value}Z` : value || undefined)
