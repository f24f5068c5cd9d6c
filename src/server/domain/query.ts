// Seed 001's find() query language: { field: value | { $in, $nin, $gt, $gte, $lt, $lte, $ne, $eq } }
// with dotted paths. Parsed here into checked conditions; the store turns them into SQL.

const QUERY_OPERATORS = ['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte'] as const
export type QueryOperator = (typeof QUERY_OPERATORS)[number]

type FieldKind = 'string' | 'number' | 'date' | 'boolean' | 'tag'

/** Queryable paths, the column behind each, and the kind of value it holds. */
const QUERY_FIELDS = {
  id: { column: 'id', kind: 'string' },
  $id: { column: 'id', kind: 'string' },
  status: { column: 'status', kind: 'string' },
  service: { column: 'serviceId', kind: 'string' },
  order: { column: 'orderId', kind: 'string' },
  priority: { column: 'priority', kind: 'string' },
  progress: { column: 'progress', kind: 'number' },
  tags: { column: 'tags', kind: 'tag' },
  correlationId: { column: 'correlationId', kind: 'string' },
  parentExecutionId: { column: 'parentExecutionId', kind: 'string' },
  rootExecutionId: { column: 'rootExecutionId', kind: 'string' },
  workflowTemplateVersionId: { column: 'workflowDefinitionId', kind: 'string' },
  'assignee.type': { column: 'assigneeType', kind: 'string' },
  'assignee.id': { column: 'assigneeId', kind: 'string' },
  'error.code': { column: 'errorCode', kind: 'string' },
  'error.step': { column: 'errorStep', kind: 'string' },
  'error.recoverable': { column: 'errorRecoverable', kind: 'boolean' },
  'error.retryCount': { column: 'errorRetryCount', kind: 'number' },
  'metadata.createdAt': { column: 'createdAt', kind: 'date' },
  'metadata.updatedAt': { column: 'updatedAt', kind: 'date' },
  'metadata.startedAt': { column: 'startedAt', kind: 'date' },
  'metadata.completedAt': { column: 'completedAt', kind: 'date' },
  'metadata.environment': { column: 'environment', kind: 'string' },
  'metadata.version': { column: 'appVersion', kind: 'string' },
  'metrics.startedAt': { column: 'startedAt', kind: 'date' },
  'metrics.completedAt': { column: 'completedAt', kind: 'date' },
  'metrics.duration': { column: 'durationMs', kind: 'number' },
  'metrics.tokensUsed': { column: 'tokensUsed', kind: 'number' },
  'metrics.promptTokens': { column: 'promptTokens', kind: 'number' },
  'metrics.completionTokens': { column: 'completionTokens', kind: 'number' },
  'metrics.modelCalls': { column: 'modelCalls', kind: 'number' },
  'metrics.cost': { column: 'cost', kind: 'number' },
  'metrics.apiCalls': { column: 'apiCalls', kind: 'number' },
  'metrics.retries': { column: 'retries', kind: 'number' },
  'metrics.stepsCompleted': { column: 'stepsCompleted', kind: 'number' },
  'metrics.stepsTotal': { column: 'stepsTotal', kind: 'number' },
  'metrics.qualityScore': { column: 'qualityScore', kind: 'number' },
  'metrics.errorRate': { column: 'errorRate', kind: 'number' },
} as const satisfies Record<string, { column: string; kind: FieldKind }>
export type QueryField = keyof typeof QUERY_FIELDS

export type QueryValue = string | number | boolean | Date | null
export interface QueryCondition {
  field: QueryField
  column: string
  kind: FieldKind
  op: QueryOperator
  value: QueryValue | QueryValue[]
}

export class QueryError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`)
    this.name = 'QueryError'
  }
}

function coerce(path: string, kind: FieldKind, raw: unknown): QueryValue {
  if (raw === null) return null
  switch (kind) {
    case 'string':
    case 'tag':
      if (typeof raw !== 'string') throw new QueryError(path, `expected a string, got ${JSON.stringify(raw)}`)
      return raw
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new QueryError(path, `expected a number, got ${JSON.stringify(raw)}`)
      return raw
    case 'boolean':
      if (typeof raw !== 'boolean') throw new QueryError(path, `expected true or false, got ${JSON.stringify(raw)}`)
      return raw
    case 'date': {
      const date = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : raw instanceof Date ? raw : null
      if (!date || Number.isNaN(date.getTime())) {
        throw new QueryError(path, `expected an ISO date such as 2025-10-26T10:00:00Z, got ${JSON.stringify(raw)}`)
      }
      return date
    }
  }
}

const RANGE_OPS: readonly QueryOperator[] = ['$gt', '$gte', '$lt', '$lte']

/** Parse a find() query into conditions (AND-ed), or throw a QueryError naming the bad path. */
export function parseQuery(query: Record<string, unknown>): QueryCondition[] {
  const conditions: QueryCondition[] = []
  for (const [path, spec] of Object.entries(query)) {
    // Own fields only: `constructor` or `toString` are not fields because every object has them.
    const field = Object.hasOwn(QUERY_FIELDS, path) ? QUERY_FIELDS[path as QueryField] : undefined
    if (!field) {
      throw new QueryError(path, `unknown field; allowed: ${Object.keys(QUERY_FIELDS).join(', ')}`)
    }
    const base = { field: path as QueryField, column: field.column, kind: field.kind }
    const isOperatorObject = spec !== null && typeof spec === 'object' && !Array.isArray(spec) && !(spec instanceof Date)
    if (!isOperatorObject) {
      conditions.push({ ...base, op: '$eq', value: coerce(path, field.kind, spec) })
      continue
    }
    const entries = Object.entries(spec as Record<string, unknown>)
    if (entries.length === 0) throw new QueryError(path, `empty operator object; allowed: ${QUERY_OPERATORS.join(', ')}`)
    for (const [op, raw] of entries) {
      if (!(QUERY_OPERATORS as readonly string[]).includes(op)) {
        throw new QueryError(`${path}.${op}`, `unknown operator; allowed: ${QUERY_OPERATORS.join(', ')}`)
      }
      const operator = op as QueryOperator
      if (operator === '$in' || operator === '$nin') {
        if (!Array.isArray(raw)) throw new QueryError(`${path}.${op}`, 'expected an array')
        if (raw.length > 1000) throw new QueryError(`${path}.${op}`, 'at most 1000 values')
        conditions.push({ ...base, op: operator, value: raw.map((v) => coerce(`${path}.${op}`, field.kind, v)) })
      } else {
        if (RANGE_OPS.includes(operator) && (field.kind === 'boolean' || field.kind === 'tag')) {
          throw new QueryError(`${path}.${op}`, `${field.kind} fields allow $eq, $ne, $in, $nin`)
        }
        const value = coerce(`${path}.${op}`, field.kind, raw)
        if (value === null && RANGE_OPS.includes(operator)) throw new QueryError(`${path}.${op}`, 'cannot compare with null')
        conditions.push({ ...base, op: operator, value })
      }
    }
  }
  return conditions
}
