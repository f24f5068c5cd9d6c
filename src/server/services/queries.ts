// Reads: one execution, lists with filters and keyset pagination, find() with seed 001's
// operators, logs, events, metrics, checkpoints and analytics.
import type { Execution as ExecutionRow, Prisma } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import { parseQuery, type QueryCondition, type QueryValue } from '../domain/query'
import type { ExecutionMetrics, ServiceExecution } from '../domain/execution'
import type { ListFilter, SORT_FIELDS } from '../domain/schemas'
import { badRequest, notFound, toServiceError } from './errors'
import {
  serializeCheckpoint,
  serializeEvent,
  serializeExecution,
  serializeLog,
  serializeMetrics,
  serializeStep,
  type SerializedEvent,
} from './serialize'

type SortField = (typeof SORT_FIELDS)[number]
type Where = Prisma.ExecutionWhereInput

export async function readExecution(
  db: Db,
  id: string,
  include: { steps?: boolean; checkpoints?: boolean; webhooks?: boolean } = {},
): Promise<ServiceExecution> {
  const row = await db.execution.findUnique({
    where: { id },
    include: {
      tags: { select: { tag: true } },
      steps: include.steps ? { orderBy: { position: 'asc' } } : false,
      children: include.steps ? { select: { id: true, parentStepId: true } } : false,
      checkpoints: include.checkpoints ? { orderBy: { createdAt: 'desc' }, take: 20 } : false,
      webhooks: include.webhooks ?? false,
    },
  })
  if (!row) throw notFound('execution', id)
  return serializeExecution(row)
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

const sortValue = (row: Record<SortField, Date | number>, sort: SortField): number => {
  const v = row[sort]
  return v instanceof Date ? v.getTime() : v
}

/** Rows after the cursor in (sort, id) order: `sort <= v AND NOT (sort = v AND id >= cursorId)` for desc. */
function afterCursor(sort: SortField, order: 'asc' | 'desc', cursor: Cursor): Where {
  const value = sort === 'createdAt' || sort === 'updatedAt' ? new Date(cursor.v) : cursor.v
  return order === 'desc'
    ? { AND: [{ [sort]: { lte: value } }, { NOT: { [sort]: value, id: { gte: cursor.id } } }] }
    : { AND: [{ [sort]: { gte: value } }, { NOT: { [sort]: value, id: { lte: cursor.id } } }] }
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * Columns a list row shows. The large JSON (result, context, error context and stack, retry
 * policy, metric breakdowns) stays for the detail view: mapping it for 50 rows would double
 * the cost of every list page.
 */
export const LIST_COLUMNS = {
  id: true, orderId: true, serviceId: true, status: true, progress: true, priority: true,
  assigneeType: true, assigneeId: true, assignee: true,
  errorCode: true, errorMessage: true, errorStep: true, errorRecoverable: true, errorRetryCount: true, errorAt: true,
  timeoutMs: true, cancelReason: true, createdAt: true, updatedAt: true, startedAt: true, completedAt: true,
  environment: true, appVersion: true, correlationId: true, parentExecutionId: true, rootExecutionId: true,
  workflowDefinitionId: true, version: true, durationMs: true, pausedMs: true, pausedAt: true,
  tokensUsed: true, promptTokens: true, completionTokens: true, modelCalls: true, cost: true, apiCalls: true,
  retries: true, retryDurationMs: true, stepsCompleted: true, stepsTotal: true, qualityScore: true, errorRate: true,
} as const satisfies Prisma.ExecutionSelect

async function page(
  db: Db,
  where: Where,
  sort: SortField,
  order: 'asc' | 'desc',
  limit: number,
  cursor: string | undefined,
): Promise<Page<ServiceExecution>> {
  const conditions: Where[] = [where]
  if (cursor) conditions.push(afterCursor(sort, order, decodeCursor(cursor)))
  const rows = await db.execution.findMany({
    where: { AND: conditions },
    orderBy: [{ [sort]: order }, { id: order }],
    take: limit + 1,
    select: { ...LIST_COLUMNS, tags: { select: { tag: true } } },
  })
  const more = rows.length > limit
  const items = more ? rows.slice(0, limit) : rows
  const last = items.at(-1)
  return {
    // The columns left out serialize as absent fields.
    items: items.map((row) => serializeExecution(row as typeof row & ExecutionRow)),
    nextCursor: more && last ? encodeCursor({ v: sortValue(last as never, sort), id: last.id }) : null,
  }
}

// ---- list filters -------------------------------------------------------------------------

export function filterToWhere(f: ListFilter): Where {
  const and: Where[] = []
  if (f.status?.length) and.push({ status: { in: f.status } })
  if (f.notStatus?.length) and.push({ status: { notIn: f.notStatus } })
  if (f.service?.length) and.push({ serviceId: { in: f.service } })
  if (f.notService?.length) and.push({ serviceId: { notIn: f.notService } })
  if (f.priority?.length) and.push({ priority: { in: f.priority } })
  if (f.assigneeType?.length) and.push({ assigneeType: { in: f.assigneeType } })
  if (f.tag?.length) and.push({ tags: { some: { tag: { in: f.tag } } } })
  if (f.notTag?.length) and.push({ tags: { none: { tag: { in: f.notTag } } } })
  if (f.errorCode?.length) and.push({ errorCode: { in: f.errorCode } })
  if (f.createdFrom) and.push({ createdAt: { gte: new Date(f.createdFrom) } })
  if (f.createdTo) and.push({ createdAt: { lte: new Date(f.createdTo) } })
  if (f.costMin !== undefined) and.push({ cost: { gte: f.costMin } })
  if (f.costMax !== undefined) and.push({ cost: { lte: f.costMax } })
  if (f.tokensMin !== undefined) and.push({ tokensUsed: { gte: f.tokensMin } })
  if (f.tokensMax !== undefined) and.push({ tokensUsed: { lte: f.tokensMax } })
  if (f.correlationId) and.push({ correlationId: f.correlationId })
  if (f.parentExecutionId) and.push({ parentExecutionId: f.parentExecutionId })
  if (f.search) {
    const q = f.search
    and.push({ OR: [{ id: { contains: q } }, { serviceId: { contains: q } }, { errorMessage: { contains: q } }] })
  }
  return and.length ? { AND: and } : {}
}

/** find() conditions → Prisma where. `$ne`/`$nin` also match rows where the field is absent, as in MongoDB. */
export function conditionsToWhere(conditions: QueryCondition[]): Where {
  const and: Where[] = conditions.map((c): Where => {
    if (c.kind === 'tag') {
      const values = (Array.isArray(c.value) ? c.value : [c.value]) as string[]
      const positive = c.op === '$eq' || c.op === '$in'
      return positive ? { tags: { some: { tag: { in: values } } } } : { tags: { none: { tag: { in: values } } } }
    }
    const col = c.column
    const v = c.value as QueryValue & QueryValue[]
    switch (c.op) {
      case '$eq':
        return { [col]: v }
      case '$ne':
        return v === null ? { NOT: { [col]: null } } : { OR: [{ [col]: { not: v } }, { [col]: null }] }
      case '$in':
        return { [col]: { in: v.filter((x) => x !== null) } }
      case '$nin':
        return { OR: [{ [col]: { notIn: v.filter((x) => x !== null) } }, { [col]: null }] }
      case '$gt':
        return { [col]: { gt: v } }
      case '$gte':
        return { [col]: { gte: v } }
      case '$lt':
        return { [col]: { lt: v } }
      case '$lte':
        return { [col]: { lte: v } }
    }
  })
  return and.length ? { AND: and } : {}
}

export function createQueryService(db: Db) {
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args)
      } catch (error) {
        throw toServiceError(error)
      }
    }

  async function requireExecution(id: string) {
    const row = await db.execution.findUnique({ where: { id }, select: { id: true } })
    if (!row) throw notFound('execution', id)
  }

  return {
    get: guarded((id: string) => readExecution(db, id, { steps: true, checkpoints: true, webhooks: true })),

    list: guarded(
      (input: ListFilter & { sort: SortField; order: 'asc' | 'desc'; limit: number; cursor?: string }) =>
        page(db, filterToWhere(input), input.sort, input.order, input.limit, input.cursor),
    ),

    /** Count of what a filter matches (for "cancel all 1,204 matching" confirmations). */
    count: guarded((filter: ListFilter) => db.execution.count({ where: filterToWhere(filter) })),

    find: guarded(
      async (input: { query: Record<string, unknown>; sort: SortField; order: 'asc' | 'desc'; limit: number; cursor?: string }) =>
        page(db, conditionsToWhere(parseQuery(input.query)), input.sort, input.order, input.limit, input.cursor),
    ),

    steps: guarded(async (id: string) => {
      await requireExecution(id)
      const [steps, children] = await Promise.all([
        db.executionStep.findMany({ where: { executionId: id }, orderBy: { position: 'asc' } }),
        db.execution.findMany({ where: { parentExecutionId: id }, select: { id: true, parentStepId: true } }),
      ])
      return steps.map((s) => serializeStep(s, children.filter((c) => c.parentStepId === s.stepId).map((c) => c.id)))
    }),

    logs: guarded(
      async (id: string, q: { level?: string[]; step?: string[]; search?: string; after?: number; limit: number }) => {
        await requireExecution(id)
        const rows = await db.executionLog.findMany({
          where: {
            executionId: id,
            ...(q.level?.length ? { level: { in: q.level } } : {}),
            ...(q.step?.length ? { step: { in: q.step } } : {}),
            ...(q.search ? { message: { contains: q.search } } : {}),
            ...(q.after !== undefined ? { id: { gt: q.after } } : {}),
          },
          orderBy: { id: 'asc' },
          take: q.limit + 1,
        })
        const more = rows.length > q.limit
        const items = (more ? rows.slice(0, q.limit) : rows).map(serializeLog)
        return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null }
      },
    ),

    events: guarded(async (id: string, q: { after?: number; limit: number }): Promise<{ items: SerializedEvent[]; nextCursor: number | null }> => {
      await requireExecution(id)
      const rows = await db.executionEvent.findMany({
        where: { executionId: id, ...(q.after !== undefined ? { id: { gt: q.after } } : {}) },
        orderBy: { id: 'asc' },
        take: q.limit + 1,
      })
      const more = rows.length > q.limit
      const items = (more ? rows.slice(0, q.limit) : rows).map(serializeEvent)
      return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null }
    }),

    metrics: guarded(async (id: string): Promise<ExecutionMetrics> => {
      const row = await db.execution.findUnique({ where: { id } })
      if (!row) throw notFound('execution', id)
      return serializeMetrics(row)
    }),

    checkpoints: guarded(async (id: string) => {
      await requireExecution(id)
      const rows = await db.executionCheckpoint.findMany({ where: { executionId: id }, orderBy: { createdAt: 'desc' }, take: 100 })
      return rows.map(serializeCheckpoint)
    }),

    analytics: guarded((input: { service?: string; from?: string; to?: string }) => analyticsSummary(db, input)),

  }
}

export type QueryService = ReturnType<typeof createQueryService>

export interface AnalyticsSummary {
  service: string | null
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

/** Totals by status, average duration, cost and the error-code distribution for a service and time range. */
export async function analyticsSummary(db: Db, input: { service?: string; from?: string; to?: string }): Promise<AnalyticsSummary> {
  const where: Where = {
    ...(input.service ? { serviceId: input.service } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: new Date(input.from) } : {}), ...(input.to ? { lte: new Date(input.to) } : {}) } }
      : {}),
  }
  const [byStatus, errors] = await Promise.all([
    db.execution.groupBy({ by: ['status'], where, _count: { _all: true }, _sum: { cost: true, durationMs: true } }),
    db.execution.groupBy({ by: ['errorCode'], where: { ...where, status: 'failed' }, _count: { _all: true } }),
  ])
  const statuses: Record<string, number> = {}
  let total = 0
  let totalCost = 0
  let durationSum = 0
  let durationCount = 0
  for (const g of byStatus) {
    statuses[g.status] = g._count._all
    total += g._count._all
    totalCost += g._sum.cost ?? 0
    if (g.status === 'completed') {
      durationSum += g._sum.durationMs ?? 0
      durationCount += g._count._all
    }
  }
  const completed = statuses.completed ?? 0
  const failed = statuses.failed ?? 0
  const finished = completed + failed + (statuses.cancelled ?? 0)
  const errorCodes: Record<string, number> = {}
  for (const e of errors) if (e.errorCode) errorCodes[e.errorCode] = e._count._all
  return {
    service: input.service ?? null,
    from: input.from ?? null,
    to: input.to ?? null,
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
