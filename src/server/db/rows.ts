// SQLite rows ⇄ the Prisma model types: times are epoch milliseconds, JSON is text, booleans 0/1.
import type { SqlValue } from './writer'

export const TABLES = {
  Execution: {
    dates: ['createdAt', 'updatedAt', 'startedAt', 'completedAt', 'errorAt', 'pausedAt', 'leaseExpiresAt', 'nextRunAt', 'reportedAt', 'stalledAt'],
    json: ['assignee', 'result', 'errorContext', 'retryPolicy', 'metadata', 'context', 'costBreakdown', 'apiCallsByService', 'stepDurations', 'customMetrics'],
    bools: ['errorRecoverable', 'progressReported'],
  },
  ExecutionStep: {
    dates: ['dueAt', 'startedAt', 'completedAt', 'failedAt', 'createdAt', 'updatedAt'],
    json: ['assignee', 'dependsOn', 'input', 'output', 'error', 'metadata'],
    bools: [],
  },
  ExecutionCheckpoint: { dates: ['createdAt'], json: ['state', 'metadata'], bools: [] },
  ExecutionEvent: { dates: ['createdAt'], json: ['data'], bools: [] },
  ExecutionLog: { dates: ['timestamp'], json: ['context'], bools: [] },
  Service: { dates: ['createdAt', 'updatedAt'], json: ['retryPolicy'], bools: [] },
  SavedView: { dates: ['createdAt', 'updatedAt'], json: [], bools: [] },
  Webhook: { dates: ['createdAt'], json: ['events', 'headers'], bools: ['enabled'] },
} as const

export type Table = keyof typeof TABLES

/** JSON shorter than this is parsed as the row is read; longer, when first touched. */
const EAGER_JSON_CHARS = 256

/** A raw row (any subset of columns) as the model type, converted in place (rows come fresh from SQLite). */
export function fromSql<T>(table: Table, raw: Record<string, unknown>): T {
  const kinds = TABLES[table]
  const row = raw
  for (const c of kinds.dates) {
    const v = row[c]
    if (v !== null && v !== undefined) row[c] = new Date(Number(v))
  }
  for (const c of kinds.bools) {
    const v = row[c]
    if (v !== null && v !== undefined) row[c] = v === 1 || v === 1n
  }
  // The write path loads whole rows but touches one or two of their JSON columns: small ones are
  // parsed at once (cheaper than a getter), large ones (a long batch's durations, big outputs)
  // only when read.
  for (const c of kinds.json) {
    const text = row[c]
    if (typeof text !== 'string') continue
    if (text.length < EAGER_JSON_CHARS) {
      row[c] = JSON.parse(text)
      continue
    }
    Object.defineProperty(row, c, {
      enumerable: true,
      configurable: true,
      get() {
        const value = JSON.parse(text)
        Object.defineProperty(row, c, { value, enumerable: true, configurable: true, writable: true })
        return value
      },
    })
  }
  return row as T
}

/** A value as SQLite stores it. */
export function toSql(value: unknown): SqlValue {
  if (value === undefined || value === null) return null
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'object') return JSON.stringify(value)
  return value as SqlValue
}
