// SQL for the list, find and count queries: filters and find() conditions become a WHERE
// clause with bound parameters. Column names come only from fixed tables below, never input.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { QueryCondition, QueryValue } from '../domain/query'
import { fromSql } from '../db/rows'
import type { ListFilter, SORT_FIELDS } from '../domain/schemas'
import type { RunnerKind } from '../domain/runner'
import { searchTokens } from '../security/blind-index'

export type SortField = (typeof SORT_FIELDS)[number]

export interface Clause {
  sql: string
  params: unknown[]
}

/** What a list row shows; the large JSON (result, context, breakdowns) stays for the detail view. */
export const LIST_COLUMNS = [
  'id',
  'orderId',
  'serviceId',
  'status',
  'progress',
  'priority',
  'assigneeType',
  'assigneeId',
  'assignee',
  'errorCode',
  'errorMessage',
  'errorStep',
  'errorRecoverable',
  'errorRetryCount',
  'errorAt',
  'timeoutMs',
  'cancelReason',
  'createdAt',
  'updatedAt',
  'startedAt',
  'completedAt',
  'environment',
  'appVersion',
  'correlationId',
  'parentExecutionId',
  'rootExecutionId',
  'workflowDefinitionId',
  'version',
  'durationMs',
  'pausedMs',
  'pausedAt',
  'tokensUsed',
  'promptTokens',
  'completionTokens',
  'modelCalls',
  'cost',
  'apiCalls',
  'retries',
  'retryDurationMs',
  'stepsCompleted',
  'stepsTotal',
  'qualityScore',
  'errorRate',
  // What its runner is read from (domain/runner.ts).
  'leaseOwner',
  'leaseExpiresAt',
  'nextRunAt',
  'reportedAt',
  'stalledAt',
  'retryPolicy',
] as const

/**
 * What the console's list page shows of a row (serializeListRow): 22 columns of the 49 above, and
 * no whole execution built to be cut down — the list page's read took twice as long.
 */
export const LIST_ROW_COLUMNS = [
  'id',
  'serviceId',
  'status',
  'progress',
  'priority',
  'assignee',
  'errorCode',
  'errorMessage',
  'createdAt',
  'updatedAt',
  'startedAt',
  'durationMs',
  'cost',
  'tokensUsed',
  // What its runner is read from (domain/runner.ts).
  'workflowDefinitionId',
  'leaseOwner',
  'leaseExpiresAt',
  'nextRunAt',
  'reportedAt',
  'stalledAt',
  'retries',
  'retryPolicy',
] as const satisfies readonly (typeof LIST_COLUMNS)[number][]

/** A raw SQLite row of LIST_COLUMNS as the Prisma row type (the other columns are absent). */
export const fromSqlRow = (raw: Record<string, unknown>): ExecutionRow => fromSql<ExecutionRow>('Execution', raw)

const q = (column: string) => `"${column}"`
/** `?, ?, …` for n parameters (SQLite takes an empty IN list as matching nothing). */
export const placeholders = (n: number) => Array(n).fill('?').join(', ')
const inList = (column: string, values: readonly unknown[], negate = false): Clause =>
  values.length === 0 ? { sql: negate ? '1 = 1' : '0 = 1', params: [] } : { sql: `${q(column)} ${negate ? 'NOT IN' : 'IN'} (${placeholders(values.length)})`, params: [...values] }
/**
 * Tags carried by at most this many executions are looked up through the tag index first.
 * Walking the time index and asking each execution for its tags finds a page of a common tag at
 * once, but reads every execution for a rare one (a tag nobody has: 0.7–2.8 s over 1,000,000);
 * starting from the tag's executions is the reverse (a common tag: minutes).
 */
export const FEW_TAGGED = 1_000

/** Whether the executions carrying any of these tags are at most FEW_TAGGED (the caller counts). */
export type FewTagged = (tags: readonly string[]) => boolean

const hasTag = (tags: readonly string[], negate = false, few = false): Clause =>
  few && !negate
    ? { sql: `"id" IN (SELECT "executionId" FROM "ExecutionTag" WHERE "tag" IN (${placeholders(tags.length)}))`, params: [...tags] }
    : {
        sql: `${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM "ExecutionTag" t WHERE t."executionId" = "Execution"."id" AND t."tag" IN (${placeholders(tags.length)}))`,
        params: [...tags],
      }

/** How many executions carry any of the tags, counted up to FEW_TAGGED + 1 (index only). */
export const fewTaggedSql = (tags: readonly string[]): Clause => ({
  sql: `SELECT count(*) AS n FROM (SELECT 1 FROM "ExecutionTag" WHERE "tag" IN (${placeholders(tags.length)}) LIMIT ${FEW_TAGGED + 1})`,
  params: [...tags],
})
const likeEscaped = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Executions by who runs them: `live` is the workflow versions live engine workers run now
 * (services/workers.ts); without it, none is.
 */
function runnerClause(kinds: readonly RunnerKind[], live: readonly string[]): Clause {
  const ors: Clause[] = []
  if (kinds.includes('service')) ors.push({ sql: '"workflowDefinitionId" IS NULL', params: [] })
  if (kinds.includes('engine')) ors.push(inList('workflowDefinitionId', live))
  if (kinds.includes('none')) {
    const notLive = inList('workflowDefinitionId', live, true)
    ors.push({ sql: `("workflowDefinitionId" IS NOT NULL AND ${notLive.sql})`, params: notLive.params })
  }
  return { sql: `(${ors.map((c) => c.sql).join(' OR ')})`, params: ors.flatMap((c) => c.params) }
}

/** `fewTagged` (a list or count over many rows) picks how a tag filter is looked up; without it, per execution. */
export function filterClauses(f: ListFilter, live: readonly string[] = [], fewTagged?: FewTagged): Clause[] {
  const out: Clause[] = []
  if (f.status?.length) out.push(inList('status', f.status))
  if (f.notStatus?.length) out.push(inList('status', f.notStatus, true))
  if (f.service?.length) out.push(inList('serviceId', f.service))
  if (f.notService?.length) out.push(inList('serviceId', f.notService, true))
  if (f.priority?.length) out.push(inList('priority', f.priority))
  if (f.notPriority?.length) out.push(inList('priority', f.notPriority, true))
  if (f.assigneeType?.length) out.push(inList('assigneeType', f.assigneeType))
  if (f.notAssigneeType?.length) out.push(inList('assigneeType', f.notAssigneeType, true))
  if (f.tag?.length) out.push(hasTag(f.tag, false, fewTagged?.(f.tag)))
  if (f.notTag?.length) out.push(hasTag(f.notTag, true))
  if (f.errorCode?.length) out.push(inList('errorCode', f.errorCode))
  if (f.errorGroup) out.push({ sql: '"errorFingerprint" = ?', params: [f.errorGroup] })
  if (f.createdFrom) out.push({ sql: '"createdAt" >= ?', params: [Date.parse(f.createdFrom)] })
  if (f.createdTo) out.push({ sql: '"createdAt" <= ?', params: [Date.parse(f.createdTo)] })
  if (f.costMin !== undefined) out.push({ sql: '"cost" >= ?', params: [f.costMin] })
  if (f.costMax !== undefined) out.push({ sql: '"cost" <= ?', params: [f.costMax] })
  if (f.tokensMin !== undefined) out.push({ sql: '"tokensUsed" >= ?', params: [f.tokensMin] })
  if (f.tokensMax !== undefined) out.push({ sql: '"tokensUsed" <= ?', params: [f.tokensMax] })
  if (f.correlationId) out.push({ sql: '"correlationId" = ?', params: [f.correlationId] })
  if (f.parentExecutionId) out.push({ sql: '"parentExecutionId" = ?', params: [f.parentExecutionId] })
  if (f.runner?.length) out.push(runnerClause(f.runner, live))
  if (f.stalled !== undefined)
    out.push({ sql: f.stalled ? '("status" = \'running\' AND "stalledAt" IS NOT NULL)' : 'NOT ("status" = \'running\' AND "stalledAt" IS NOT NULL)', params: [] })
  if (f.search) out.push(searchClause(f.search))
  return out
}

/**
 * A list search: part of the id, of the service's id or of its name (as the list shows it), or words of the error message. The message is
 * sealed at rest, so it is found by its blind index (security/blind-index.ts): every word of the
 * search must begin a word of the message ("timeo" finds "Timeout after 30 s"). Messages stored
 * before sealing are matched as text, as they were.
 */
function searchClause(search: string): Clause {
  const like = likeEscaped(search)
  const tokens = searchTokens(search)
  const sealed = tokens.length ? [`(${tokens.map(() => 'instr("errorTokens", ?) > 0').join(' AND ')})`] : []
  return {
    sql: `("id" LIKE ? ESCAPE '\\' OR "serviceId" LIKE ? ESCAPE '\\' OR "serviceId" IN (SELECT "id" FROM "Service" WHERE "name" LIKE ? ESCAPE '\\') OR ${[...sealed, `("errorTokens" IS NULL AND "errorMessage" NOT LIKE 'enc:v1:%' AND "errorMessage" LIKE ? ESCAPE '\\')`].join(' OR ')})`,
    params: [like, like, like, ...tokens.map((t) => ` ${t} `), like],
  }
}

const sqlValue = (v: QueryValue): unknown => (v instanceof Date ? v.getTime() : typeof v === 'boolean' ? (v ? 1 : 0) : v)

/** find() conditions; `$ne`/`$nin` also match rows where the field is absent, as in MongoDB. */
export function conditionClauses(conditions: readonly QueryCondition[]): Clause[] {
  return conditions.map((c): Clause => {
    const values = (Array.isArray(c.value) ? c.value : [c.value]).filter((v) => v !== null).map(sqlValue)
    if (c.kind === 'tag') return hasTag(values as string[], c.op === '$ne' || c.op === '$nin')
    const col = q(c.column)
    const v = Array.isArray(c.value) ? null : c.value
    switch (c.op) {
      case '$eq':
        return v === null ? { sql: `${col} IS NULL`, params: [] } : { sql: `${col} = ?`, params: [sqlValue(v)] }
      case '$ne':
        return v === null ? { sql: `${col} IS NOT NULL`, params: [] } : { sql: `(${col} != ? OR ${col} IS NULL)`, params: [sqlValue(v)] }
      case '$in':
        return inList(c.column, values)
      case '$nin': {
        const clause = inList(c.column, values, true)
        return { sql: `(${clause.sql} OR ${col} IS NULL)`, params: clause.params }
      }
      case '$gt':
        return { sql: `${col} > ?`, params: [sqlValue(v)] }
      case '$gte':
        return { sql: `${col} >= ?`, params: [sqlValue(v)] }
      case '$lt':
        return { sql: `${col} < ?`, params: [sqlValue(v)] }
      case '$lte':
        return { sql: `${col} <= ?`, params: [sqlValue(v)] }
    }
  })
}

/** Rows after a keyset cursor in (sort, id) order; written so the sort column's range uses its index. */
export function afterCursorClause(sort: SortField, order: 'asc' | 'desc', cursor: { v: number; id: string }): Clause {
  const col = q(sort)
  return order === 'desc'
    ? { sql: `${col} <= ? AND NOT (${col} = ? AND "id" >= ?)`, params: [cursor.v, cursor.v, cursor.id] }
    : { sql: `${col} >= ? AND NOT (${col} = ? AND "id" <= ?)`, params: [cursor.v, cursor.v, cursor.id] }
}

export function whereSql(clauses: readonly Clause[]): Clause {
  return clauses.length ? { sql: `WHERE ${clauses.map((c) => c.sql).join(' AND ')}`, params: clauses.flatMap((c) => c.params) } : { sql: '', params: [] }
}
