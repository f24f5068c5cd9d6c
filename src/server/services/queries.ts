// Reads: one execution, lists with filters and keyset pagination, find() with the
// operators, logs, events, metrics, checkpoints and analytics.
import type { Execution as ExecutionRow, ExecutionCheckpoint as CheckpointRow, ExecutionStep as StepRow, Webhook as WebhookRow } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import { sqlInteger } from '../db/statements'
import { parseQuery } from '../domain/query'
import type { ExecutionListRow, ExecutionMetrics, ServiceExecution } from '../domain/execution'
import type { ListFilter } from '../domain/schemas'
import type { Reader } from '../db/reader'
import { resourceMetricsOf, successRateOf } from './resources'
import {
  afterCursorClause,
  conditionClauses,
  FEW_TAGGED,
  fewTaggedSql,
  filterClauses,
  fromSqlRow,
  LIST_COLUMNS,
  LIST_ROW_COLUMNS,
  placeholders,
  whereSql,
  type Clause,
  type SortField,
} from './execution-sql'
import { badRequest, notFound, toServiceError } from './errors'
import { readArchivedLogs } from '../retention/logs'
import { callerFacing } from '../retention/archive-store'
import type { ArchiveStores } from '../retention/archive-store'
import { canSee, visibleSql, type Owners } from '../domain/access'
import { open } from '../security/crypto'
import { runnerOf, type Runner, type RunnerDirectory } from '../domain/runner'

/** A request's organisations; undefined for the console's own reads. */
type Access = readonly string[] | undefined
import { fromSql } from '../db/rows'
import { loadExecution } from './executions/apply'
import type { ExecutionEvent as EventRow, ExecutionLog as LogRow } from '@/generated/prisma/client'
import {
  serializeCheckpoint,
  serializeEvent,
  serializeExecution,
  serializeListRow,
  serializeLog,
  serializeMetrics,
  serializeStep,
  serializeWebhook,
  type SerializedEvent,
} from './serialize'

/** An execution's steps in order, straight from SQLite: a 10,000-step batch reads in tens of milliseconds. */
function readSteps(reader: Reader, executionId: string, from = 0, limit = -1): StepRow[] {
  // (From a position on, up to a limit: those rows only, not all of them read and converted, then cut.)
  return reader
    .all<Record<string, unknown>>(`SELECT * FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position" LIMIT ${sqlInteger(limit)} OFFSET ${sqlInteger(from)}`, [executionId])
    .map((raw) => fromSql<StepRow>('ExecutionStep', raw))
}

/**
 * One execution as the API answers it, with what `include` asks for, in SQL (a Prisma include of
 * four relations cost a few milliseconds of planning for every page and every GET of it).
 */
function readExecution(
  reader: Reader,
  id: string,
  include: { steps?: boolean; checkpoints?: boolean; webhooks?: boolean } = {},
  runners?: () => RunnerDirectory,
): ServiceExecution {
  const row = loadExecution(reader, id)
  if (!row) throw notFound('execution', id)
  const tags = reader.all<{ tag: string }>('SELECT "tag" FROM "ExecutionTag" WHERE "executionId" = ? ORDER BY "tag"', [id])
  const steps = include.steps ? readSteps(reader, id) : undefined
  const children = include.steps
    ? reader.all<{ id: string; parentStepId: string | null }>('SELECT "id", "parentStepId" FROM "Execution" WHERE "parentExecutionId" = ? ORDER BY "createdAt", "id"', [id])
    : undefined
  const checkpoints = include.checkpoints
    ? reader
        .all<Record<string, unknown>>('SELECT * FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 20', [id])
        .map((c) => fromSql<CheckpointRow>('ExecutionCheckpoint', c))
    : undefined
  const webhooks = include.webhooks
    ? reader.all<Record<string, unknown>>('SELECT * FROM "Webhook" WHERE "executionId" = ? ORDER BY "createdAt", "id"', [id]).map((w) => fromSql<WebhookRow>('Webhook', w))
    : undefined
  // Its latest event: one step down the (executionId, id) index.
  const lastEvent = reader.get<{ at: number }>('SELECT "createdAt" AS at FROM "ExecutionEvent" WHERE "executionId" = ? ORDER BY "id" DESC LIMIT 1', [id])
  return serializeExecution(row, {
    tags,
    steps,
    children,
    checkpoints,
    webhooks,
    runner: runners ? runnerOf(row, runners(), Date.now()) : undefined,
    lastEventAt: lastEvent ? new Date(lastEvent.at) : null,
  })
}

// ---- keyset cursors ---------------------------------------------------------------------

interface Cursor {
  v: number
  id: string
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url')
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [v, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown]
    if (typeof v === 'number' && typeof id === 'string') return { v, id }
  } catch {
    // fall through
  }
  throw badRequest('cursor', 'not a cursor returned by this API (pass nextCursor back unchanged)')
}

/** Steps by position: from `from` on, `limit` of them at most. */
export interface StepRange {
  from: number
  limit?: number
}

type ListInput = ListFilter & { sort: SortField; order: 'asc' | 'desc'; limit: number; cursor?: string }

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** A count that takes at least this long is kept a while (see countOnce). */
const SLOW_COUNT_MS = 10

/** How a page's rows are read and shown: whole executions (the API) or list rows (the console's list page). */
interface PageShape<T> {
  select: string
  build: (row: ExecutionRow, beside: { tags: { tag: string }[]; runner?: Runner }) => T
}
const EXECUTIONS: PageShape<ServiceExecution> = { select: LIST_COLUMNS.map((c) => `"${c}"`).join(', '), build: serializeExecution }
const LIST_ROWS: PageShape<ExecutionListRow> = { select: LIST_ROW_COLUMNS.map((c) => `"${c}"`).join(', '), build: serializeListRow }

/** One page in (sort, id) order, with the tags of its rows. */
function page<T>(
  reader: Reader,
  shape: PageShape<T>,
  clauses: Clause[],
  sort: SortField,
  order: 'asc' | 'desc',
  limit: number,
  cursor: string | undefined,
  runners?: () => RunnerDirectory,
): Page<T> {
  const all = cursor ? [...clauses, afterCursorClause(sort, order, decodeCursor(cursor))] : clauses
  const where = whereSql(all)
  const direction = order === 'desc' ? 'DESC' : 'ASC'
  const raw = reader.all<Record<string, unknown>>(
    `SELECT ${shape.select} FROM "Execution" ${where.sql} ORDER BY "${sort}" ${direction}, "id" ${direction} LIMIT ${sqlInteger(limit + 1)}`,
    where.params,
  )
  const more = raw.length > limit
  const rows = (more ? raw.slice(0, limit) : raw).map(fromSqlRow)
  const tags = new Map<string, { tag: string }[]>()
  if (rows.length) {
    const ids = rows.map((r) => r.id)
    for (const t of reader.all<{ executionId: string; tag: string }>(
      // In tag order, as an execution's own read gives them: PostgreSQL returns rows in any order
      // (SQLite's walk of the primary key gave this order; the ORDER BY costs it no sort).
      `SELECT "executionId", "tag" FROM "ExecutionTag" WHERE "executionId" IN (${ids.map(() => '?').join(', ')}) ORDER BY "executionId", "tag"`,
      ids,
    )) {
      tags.set(t.executionId, [...(tags.get(t.executionId) ?? []), { tag: t.tag }])
    }
  }
  const last = rows.at(-1)
  const sortValue = (row: ExecutionRow) => {
    const v = row[sort]
    return v instanceof Date ? v.getTime() : v
  }
  const directory = runners?.()
  const now = Date.now()
  return {
    items: rows.map((row) => shape.build(row, { tags: tags.get(row.id) ?? [], runner: directory ? runnerOf(row, directory, now) : undefined })),
    nextCursor: more && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null,
  }
}

/**
 * `archives` hold archived logs (retention: a folder or a bucket); without them only the log table is read. `runners`
 * (what the engine workers run) names each execution's runner and serves the runner filter.
 */
export function createQueryService(db: Db, reader: Reader, options: { archives?: ArchiveStores; runners?: () => RunnerDirectory } = {}) {
  const { runners } = options
  /** A filter's clauses, with the workflow versions live workers run (the runner filter). */
  const fewTagged = (tags: readonly string[]) => {
    const count = fewTaggedSql(tags)
    return reader.get<{ n: number }>(count.sql, count.params)!.n <= FEW_TAGGED
  }
  const clausesOf = (filter: ListFilter) => filterClauses(filter, filter.runner?.length && runners ? [...runners().live.keys()] : [], fewTagged)
  /**
   * A count that took long is answered again for a while, 50 times as long as it took (at most
   * 10 s): every open list page asks for its filter's total at each live refresh (500 ms), and
   * the total of 1,000,000 executions costs 60–70 ms — a tenth of a core per open page. A quick
   * count (a narrow filter, a small history) is always counted afresh.
   */
  const counted = new Map<string, { n: number; until: number }>()
  const countOnce = (sql: string, params: unknown[]): number => {
    const key = `${sql}\u0000${JSON.stringify(params)}`
    const at = Date.now()
    const kept = counted.get(key)
    if (kept && kept.until > at) return kept.n
    const started = performance.now()
    const n = reader.get<{ n: number }>(sql, params)!.n
    const took = performance.now() - started
    if (took >= SLOW_COUNT_MS) {
      counted.delete(key)
      counted.set(key, { n, until: at + Math.min(took * 50, 10_000) })
      if (counted.size > 200) counted.delete(counted.keys().next().value!)
    }
    return n
  }
  /** The names of people and API keys among these actor ids, in one read of each table. */
  const actorNames = (ids: string[]): Map<string, string> => {
    const distinct = [...new Set(ids)].slice(0, 500)
    if (!distinct.length) return new Map()
    const marks = distinct.map(() => '?').join(', ')
    const rows = reader.all<{ id: string; name: string }>(
      `SELECT "id", "name" FROM "User" WHERE "id" IN (${marks}) UNION ALL SELECT "id", "name" FROM "ApiKey" WHERE "id" IN (${marks})`,
      [...distinct, ...distinct],
    )
    return new Map(rows.map((r) => [r.id, r.name]))
  }
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args)
      } catch (error) {
        throw toServiceError(error)
      }
    }

  /** Another organisation's execution is answered exactly like one that does not exist. */
  function requireVisible(id: string, organizations: Access) {
    const owners = reader.get<Owners>('SELECT "customerId", "providerId" FROM "Execution" WHERE "id" = ?', [id])
    if (!owners || !canSee(organizations, owners)) throw notFound('execution', id)
  }
  const scoped = (clauses: Clause[], organizations: Access): Clause[] => (organizations ? [...clauses, visibleSql(organizations)] : clauses)

  /**
   * An execution's log lines by level, step and id range, up to `limit + 1`, in id order (newest
   * first `backwards`). Messages are sealed at rest, so a text search opens them here, a page at
   * a time, until it has found enough.
   */
  function searchedLogs(
    id: string,
    q: { level?: string[]; step?: string[]; after?: number; before?: number; limit: number },
    backwards: boolean,
    search: string | undefined,
  ): LogRow[] {
    const where = ['"executionId" = ?']
    const params: unknown[] = [id]
    if (q.level?.length) {
      where.push(`"level" IN (${placeholders(q.level.length)})`)
      params.push(...q.level)
    }
    if (q.step?.length) {
      where.push(`"step" IN (${placeholders(q.step.length)})`)
      params.push(...q.step)
    }
    if (q.after !== undefined) {
      where.push('"id" > ?')
      params.push(q.after)
    }
    if (q.before !== undefined) {
      where.push('"id" < ?')
      params.push(q.before)
    }
    const order = backwards ? 'DESC' : 'ASC'
    const read = (extra: string, extraParams: unknown[], limit: number) =>
      reader
        .all<Record<string, unknown>>(
          `SELECT * FROM "ExecutionLog" WHERE ${[...where, ...(extra ? [extra] : [])].join(' AND ')} ORDER BY "id" ${order} LIMIT ${sqlInteger(limit)}`,
          [...params, ...extraParams],
        )
        .map((raw) => fromSql<LogRow>('ExecutionLog', raw))
    if (!search) return read('', [], q.limit + 1)
    const found: LogRow[] = []
    let cursor: number | undefined
    for (;;) {
      const page = read(cursor === undefined ? '' : backwards ? '"id" < ?' : '"id" > ?', cursor === undefined ? [] : [cursor], 2_000)
      for (const row of page) if (String(open(row.message)).toLowerCase().includes(search) && found.push(row) > q.limit) return found
      if (page.length < 2_000) return found
      cursor = page.at(-1)!.id
    }
  }

  return {
    get: guarded(async (id: string, organizations?: Access) => {
      requireVisible(id, organizations)
      return readExecution(reader, id, { steps: true, checkpoints: true, webhooks: true }, runners)
    }),

    /** The execution without its steps, checkpoints and webhooks: what a live page reads again when a change touched more than its steps. */
    summary: guarded(async (id: string, organizations?: Access) => {
      requireVisible(id, organizations)
      return readExecution(reader, id, {}, runners)
    }),

    list: guarded(async (input: ListInput, organizations?: Access) =>
      page(reader, EXECUTIONS, scoped(clausesOf(input), organizations), input.sort, input.order, input.limit, input.cursor, runners),
    ),

    /** The same page as list rows (the console's list page): what its table shows, read and built alone. */
    listRows: guarded(async (input: ListInput, organizations?: Access) =>
      page(reader, LIST_ROWS, scoped(clausesOf(input), organizations), input.sort, input.order, input.limit, input.cursor, runners),
    ),

    /** Count of what a filter matches (for "cancel all 1,204 matching" confirmations). */
    count: guarded(async (filter: ListFilter, organizations?: Access) => {
      const where = whereSql(scoped(clausesOf(filter), organizations))
      return countOnce(`SELECT count(*) AS n FROM "Execution" ${where.sql}`, where.params)
    }),

    /** The ids a filter matches, oldest first, up to `limit` (a bulk change's targets). */
    ids: guarded(async (filter: ListFilter, limit: number, organizations?: Access) => {
      const where = whereSql(scoped(clausesOf(filter), organizations))
      return reader.all<{ id: string }>(`SELECT "id" FROM "Execution" ${where.sql} ORDER BY "createdAt", "id" LIMIT ${sqlInteger(limit)}`, where.params).map((r) => r.id)
    }),

    find: guarded(async (input: { query: Record<string, unknown>; sort: SortField; order: 'asc' | 'desc'; limit: number; cursor?: string }, organizations?: Access) =>
      page(reader, EXECUTIONS, scoped(conditionClauses(parseQuery(input.query)), organizations), input.sort, input.order, input.limit, input.cursor, runners),
    ),

    /**
     * An execution's steps in order; with a list, just those steps (a live page reads the ones a
     * change touched); with `from`, those from that position on (the rest of a long execution),
     * `limit` of them at most (its first ones, which its page is rendered with).
     */
    steps: guarded(async (id: string, organizations?: Access, only?: readonly string[] | StepRange) => {
      requireVisible(id, organizations)
      const ids = Array.isArray(only) ? (only as readonly string[]) : undefined
      const range = ids ? undefined : (only as StepRange | undefined)
      const steps = ids
        ? reader
            .all<Record<string, unknown>>(`SELECT * FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" IN (${placeholders(ids.length)}) ORDER BY "position"`, [id, ...ids])
            .map((raw) => fromSql<StepRow>('ExecutionStep', raw))
        : readSteps(reader, id, range?.from, range?.limit)
      const children = reader.all<{ id: string; parentStepId: string | null }>(
        `SELECT "id", "parentStepId" FROM "Execution" WHERE "parentExecutionId" = ?${ids ? ` AND "parentStepId" IN (${placeholders(ids.length)})` : ''}`,
        [id, ...(ids ?? [])],
      )
      return steps.map((s) =>
        serializeStep(
          s,
          children.filter((c) => c.parentStepId === s.stepId).map((c) => c.id),
        ),
      )
    }),

    /**
     * An execution's log lines in id order, filtered: from the start (`after` pages forward), or
     * with `latest`/`before` the newest ones before a point (the tail, paging back).
     */
    logs: guarded(
      async (id: string, q: { level?: string[]; step?: string[]; search?: string; after?: number; before?: number; latest?: boolean; limit: number }, organizations?: Access) => {
        requireVisible(id, organizations)
        const backwards = q.latest === true || q.before !== undefined
        const search = q.search?.toLowerCase()
        const rows = searchedLogs(id, q, backwards, search)
        // Lines past retention live in compressed archives: merged in by id, filtered alike.
        const keep = (r: { level: string; step: string | null; message: unknown }) =>
          (!q.level?.length || q.level.includes(r.level)) &&
          (!q.step?.length || (r.step !== null && q.step.includes(r.step))) &&
          (!search || String(open(r.message)).toLowerCase().includes(search))
        const archived = options.archives
          ? (
              await readArchivedLogs(reader, options.archives, id, { after: q.after, before: q.before, backwards, limit: q.limit, keep, found: rows.map((r) => r.id) }).catch(
                (error: unknown) => {
                  throw callerFacing(error, `execution ${id}: its archived log lines cannot be read`)
                },
              )
            ).map((r) => ({ ...fromSql<LogRow>('ExecutionLog', r as unknown as Record<string, unknown>), archived: true }))
          : []
        const merged = [...archived, ...rows].sort((a, b) => a.id - b.id)
        const more = merged.length > q.limit
        const page = more ? (backwards ? merged.slice(-q.limit) : merged.slice(0, q.limit)) : merged
        const items = page.map((r) => ({ ...serializeLog(r), ...('archived' in r ? { archived: true } : {}) }))
        return {
          items,
          /** Forward: the `after` for the next page. */
          nextCursor: !backwards && more ? (items.at(-1)?.id ?? null) : null,
          /** Backwards: the `before` for the page of older lines. */
          olderCursor: backwards && more ? (items[0]?.id ?? null) : null,
        }
      },
    ),

    /**
     * An execution's events in id order: from the start (`after` pages forward), or with `latest`
     * the newest `limit` (`before` pages back; nextCursor is then the id to page back from).
     */
    events: guarded(
      async (
        id: string,
        q: { after?: number; before?: number; latest?: boolean; step?: string; limit: number; type?: string[] },
        organizations?: Access,
      ): Promise<{ items: SerializedEvent[]; nextCursor: number | null }> => {
        requireVisible(id, organizations)
        const backwards = q.latest === true || q.before !== undefined
        // Down the (executionId, id) index, in SQL: an execution's page reads its events three
        // times (its newest, its timeline, its replays), and Prisma's mapping of a hundred rows
        // cost more than reading them.
        const where = ['"executionId" = ?']
        const params: unknown[] = [id]
        if (backwards ? q.before !== undefined : q.after !== undefined) {
          where.push(backwards ? '"id" < ?' : '"id" > ?')
          params.push(backwards ? q.before : q.after)
        }
        if (q.step !== undefined) {
          where.push('"stepId" = ?')
          params.push(q.step)
        }
        if (q.type?.length) {
          where.push(`"type" IN (${placeholders(q.type.length)})`)
          params.push(...q.type)
        }
        const rows = reader
          .all<Record<string, unknown>>(
            `SELECT * FROM "ExecutionEvent" WHERE ${where.join(' AND ')} ORDER BY "id" ${backwards ? 'DESC' : 'ASC'} LIMIT ${sqlInteger(q.limit + 1)}`,
            params,
          )
          .map((raw) => fromSql<EventRow>('ExecutionEvent', raw))
        const more = rows.length > q.limit
        const page = more ? rows.slice(0, q.limit) : rows
        const items = (backwards ? page.reverse() : page).map(serializeEvent)
        // Who each was, by name: an operator's, an API key's (the timeline is read by people).
        const names = actorNames(items.map((e) => e.actor.id))
        for (const e of items) if (names.has(e.actor.id)) e.actor.name = names.get(e.actor.id)
        return { items, nextCursor: more ? ((backwards ? items[0]?.id : items.at(-1)?.id) ?? null) : null }
      },
    ),

    metrics: guarded(async (id: string, organizations?: Access): Promise<ExecutionMetrics> => {
      requireVisible(id, organizations)
      const row = loadExecution(reader, id)
      if (!row) throw notFound('execution', id)
      // Seed 002's successRate and resourceEfficiency, read only here (a list shows neither).
      const successRate = successRateOf(reader, id)
      return { ...serializeMetrics(row), ...(successRate !== undefined ? { successRate } : {}), ...resourceMetricsOf(reader, id) }
    }),

    checkpoints: guarded(async (id: string, organizations?: Access) => {
      requireVisible(id, organizations)
      return reader
        .all<Record<string, unknown>>('SELECT * FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 100', [id])
        .map((raw) => serializeCheckpoint(fromSql<CheckpointRow>('ExecutionCheckpoint', raw)))
    }),

    /** The execution's webhooks (its own and its service's) with every delivery and attempt. */
    webhooks: guarded(async (id: string, organizations?: Access) => {
      requireVisible(id, organizations)
      const execution = await db.execution.findUnique({ where: { id }, select: { serviceId: true } })
      if (!execution) throw notFound('execution', id)
      const all = await db.webhook.findMany({ where: { OR: [{ executionId: id }, { serviceId: execution.serviceId }] }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
      // Another organisation's subscriptions to the same service are not this requester's to see.
      const hooks = all.filter((h) => !organizations || h.organizationId === null || organizations.includes(h.organizationId))
      // Deliveries of this execution's events only (a service's webhook also serves its other executions).
      const deliveries = reader.all<{
        id: string
        webhookId: string
        eventId: number
        status: string
        attempts: number
        nextAttemptAt: number | null
        lastStatus: number | null
        lastLatencyMs: number | null
        lastError: string | null
        attemptLog: string | null
      }>(`SELECT d.* FROM "WebhookDelivery" d JOIN "ExecutionEvent" e ON e."id" = d."eventId" WHERE e."executionId" = ? ORDER BY d."eventId"`, [id])
      return hooks.map((h) => ({
        ...serializeWebhook(h),
        scope: h.executionId ? ('execution' as const) : ('service' as const),
        enabled: h.enabled,
        deliveries: deliveries
          .filter((d) => d.webhookId === h.id)
          .map((d) => ({
            id: d.id,
            eventId: d.eventId,
            status: d.status,
            attempts: d.attempts,
            nextAttemptAt: d.nextAttemptAt === null ? undefined : new Date(d.nextAttemptAt).toISOString(),
            lastStatus: d.lastStatus ?? undefined,
            lastLatencyMs: d.lastLatencyMs ?? undefined,
            lastError: d.lastError ?? undefined,
            attemptLog: d.attemptLog ? (JSON.parse(d.attemptLog) as unknown[]) : [],
          })),
      }))
    }),

    analytics: guarded(async (input: AnalyticsInput, organizations?: Access) => analyticsSummary(reader, input, organizations)),
    /** The same figures by service or by workflow. */
    analyticsBreakdown: guarded(async (input: AnalyticsInput & { by: 'service' | 'workflow' }, organizations?: Access) => analyticsBreakdown(reader, input, organizations)),
  }
}

export type QueryService = ReturnType<typeof createQueryService>

/** What analytics filters by: a service, a workflow (its key, every version, or key@version), a time range of creation. */
export interface AnalyticsInput {
  service?: string
  workflow?: string
  from?: string
  to?: string
}

export interface AnalyticsSummary {
  service: string | null
  workflow: string | null
  from: string | null
  to: string | null
  total: number
  byStatus: Record<string, number>
  completed: number
  failed: number
  /** completed / (completed + failed + cancelled): the share of finished executions that succeeded. */
  successRate: number | null
  averageDuration: number | null
  totalCost: number
  errorCodes: Record<string, number>
}

/** One service's or one workflow's figures (seed 001 Example 12: success rate, average duration, cost). */
export type AnalyticsBreakdownRow = Omit<AnalyticsSummary, 'service' | 'workflow' | 'from' | 'to'> & { key: string | null }

export interface AnalyticsBreakdown {
  by: 'service' | 'workflow'
  service: string | null
  workflow: string | null
  from: string | null
  to: string | null
  /** Most executions first; `key` null for executions no workflow runs. */
  rows: AnalyticsBreakdownRow[]
}

const ANALYTICS_INDEX = 'Execution_serviceId_createdAt_status_durationMs_cost_errorCode_idx'
const CUSTOMER_INDEX = 'Execution_customerId_createdAt_idx'

type Group = { serviceId: string; workflow: string | null; status: string; n: number; cost: number | null; duration: number | null; errorCode: string | null }

/**
 * Counts by status and error code, with their cost and duration sums, for a service and time
 * range (and a workflow's versions, or by workflow). Read from the covering index (service,
 * created, status, duration, cost, error code) — named, so the planner cannot wander onto a
 * non-covering one — one service at a time; a workflow needs the rows themselves.
 */
function analyticsGroups(reader: Reader, input: AnalyticsInput, organizations: Access, byWorkflow: boolean): Group[] {
  const from = input.from ? Date.parse(input.from) : 0
  const to = input.to ? Date.parse(input.to) : Number.MAX_SAFE_INTEGER
  const services = reader
    .all<{ id: string; providerId: string | null }>('SELECT "id", "providerId" FROM "Service" ORDER BY "id"', [])
    .filter((s) => !input.service || s.id === input.service)
  // A workflow by key is all of its versions; key@version is one.
  const versions = input.workflow
    ? reader.all<{ id: string }>('SELECT "id" FROM "WorkflowDefinition" WHERE "id" = ? OR "key" = ?', [input.workflow, input.workflow]).map((w) => w.id)
    : null
  if (versions && versions.length === 0) return []
  const workflowSql = versions ? ` AND "workflowDefinitionId" IN (${placeholders(versions.length)})` : ''
  const workflowColumn = byWorkflow ? ', "workflowDefinitionId"' : ''
  const groups: Group[] = []
  for (const service of services) {
    // A provider sees all of its service from the covering index; a customer only its own
    // executions, read through the customer's index.
    const whole = canSee(organizations, { customerId: null, providerId: service.providerId })
    const select = `SELECT "status", "errorCode"${byWorkflow ? ', "workflowDefinitionId" AS workflow' : ''}, count(*) AS n, sum("cost") AS cost, sum("durationMs") AS duration`
    const rows = whole
      ? reader.all<Group>(
          `${select} FROM "Execution" INDEXED BY "${ANALYTICS_INDEX}"
           WHERE "serviceId" = ? AND "createdAt" >= ? AND "createdAt" <= ?${workflowSql}
           GROUP BY "status", "errorCode"${workflowColumn}`,
          [service.id, from, to, ...(versions ?? [])],
        )
      : reader.all<Group>(
          `${select} FROM "Execution" INDEXED BY "${CUSTOMER_INDEX}"
           WHERE "customerId" IN (${placeholders(organizations!.length)}) AND "serviceId" = ? AND "createdAt" >= ? AND "createdAt" <= ?${workflowSql}
           GROUP BY "status", "errorCode"${workflowColumn}`,
          [...organizations!, service.id, from, to, ...(versions ?? [])],
        )
    for (const row of rows) groups.push({ ...row, serviceId: service.id, workflow: row.workflow ?? null })
  }
  return groups
}

/** The figures of some groups: totals by status, success rate, average duration of the completed, cost, error codes. */
function figuresOf(groups: readonly Group[]): AnalyticsBreakdownRow & { key: null } {
  const statuses: Record<string, number> = {}
  const errorCodes: Record<string, number> = {}
  let total = 0
  let totalCost = 0
  let durationSum = 0
  let durationCount = 0
  for (const g of groups) {
    statuses[g.status] = (statuses[g.status] ?? 0) + g.n
    total += g.n
    totalCost += g.cost ?? 0
    if (g.status === 'completed') {
      durationSum += g.duration ?? 0
      durationCount += g.n
    }
    if (g.status === 'failed' && g.errorCode) errorCodes[g.errorCode] = (errorCodes[g.errorCode] ?? 0) + g.n
  }
  const completed = statuses.completed ?? 0
  const failed = statuses.failed ?? 0
  const finished = completed + failed + (statuses.cancelled ?? 0)
  return {
    key: null,
    total,
    byStatus: statuses,
    completed,
    failed,
    successRate: finished ? completed / finished : null,
    averageDuration: durationCount ? Math.round(durationSum / durationCount) : null,
    totalCost: Math.round(totalCost * 1e6) / 1e6,
    errorCodes,
  }
}

function analyticsSummary(reader: Reader, input: AnalyticsInput, organizations?: Access): AnalyticsSummary {
  const { key: _key, ...figures } = figuresOf(analyticsGroups(reader, input, organizations, false))
  return { service: input.service ?? null, workflow: input.workflow ?? null, from: input.from ?? null, to: input.to ?? null, ...figures }
}

function analyticsBreakdown(reader: Reader, input: AnalyticsInput & { by: 'service' | 'workflow' }, organizations?: Access): AnalyticsBreakdown {
  const byKey = new Map<string | null, Group[]>()
  for (const g of analyticsGroups(reader, input, organizations, input.by === 'workflow')) {
    const key = input.by === 'service' ? g.serviceId : g.workflow
    byKey.set(key, [...(byKey.get(key) ?? []), g])
  }
  const rows = [...byKey]
    .map(([key, groups]) => ({ ...figuresOf(groups), key }))
    // Most executions first; then by key, the executions of no workflow last.
    .sort((x, y) => y.total - x.total || (x.key === null ? 1 : y.key === null ? -1 : x.key.localeCompare(y.key)))
  return { by: input.by, service: input.service ?? null, workflow: input.workflow ?? null, from: input.from ?? null, to: input.to ?? null, rows }
}
