// What runners report besides changes: log lines and metrics. Telemetry: it leaves the
// execution's version alone (docs/api.md), and log lines are stored sealed.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { LogInput, MetricsReport } from '../../domain/schemas'
import { seal, sealJson } from '../../security/crypto'
import { increment } from './tables'
import type { Change, EventToAppend, Tx } from './tx'

export type LogWritten = { count: number; firstId: number; lastId: number }

/** Inserts log lines (inside the caller's transaction); their `execution.log` event names their id range. */
export function appendLogLines(tx: Tx, id: string, at: Date, lines: LogInput[]): { value: LogWritten; event: EventToAppend } {
  // SQLite expands one JSON parameter into the rows (bench/log-ingest.ts).
  const rows = lines.map((l) => [
    l.timestamp ? Date.parse(l.timestamp) : at.getTime(),
    l.level,
    seal(l.message),
    l.step ?? null,
    sealJson(l.context),
    l.metadata?.source ?? null,
    l.metadata?.component ?? null,
    l.metadata?.traceId ?? null,
    l.metadata?.spanId ?? null,
  ])
  const { firstId, lastId } = tx.w.dialect === 'postgres' ? insertLogsPostgres(tx, id, rows) : insertLogsSqlite(tx, id, rows)
  const levels: Record<string, number> = {}
  for (const l of lines) levels[l.level] = (levels[l.level] ?? 0) + 1
  return {
    value: { count: lines.length, firstId, lastId },
    event: { executionId: id, type: 'execution.log', data: { count: lines.length, firstId, lastId, levels } },
  }
}

const LOG_COLUMNS = `"executionId", "timestamp", "level", "message", "step", "context", "source", "component", "traceId", "spanId"`

function insertLogsSqlite(tx: Tx, id: string, rows: unknown[][]) {
  const { lastInsertRowid } = tx.w.run(
    `INSERT INTO "ExecutionLog" (${LOG_COLUMNS})
     SELECT ?, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8 FROM json_each(?)`,
    [id, JSON.stringify(rows)],
  )
  // One transaction writes at a time, so the rows of this batch have consecutive ids.
  const lastId = Number(lastInsertRowid)
  return { firstId: lastId - rows.length + 1, lastId }
}

/** PostgreSQL: the time from milliseconds, the context as JSON, and the ids the insert took. */
function insertLogsPostgres(tx: Tx, id: string, rows: unknown[][]) {
  const ids = tx.w.all<{ id: number }>(
    `INSERT INTO "ExecutionLog" (${LOG_COLUMNS})
     SELECT ?, to_timestamp((value->>0)::float8 / 1000) AT TIME ZONE 'UTC', value->>1, value->>2, value->>3, (value->>4)::jsonb, value->>5, value->>6, value->>7, value->>8
     FROM json_each(?) RETURNING "id"`,
    [id, JSON.stringify(rows)],
  )
  let firstId = Infinity
  let lastId = -Infinity
  for (const r of ids) {
    firstId = Math.min(firstId, r.id)
    lastId = Math.max(lastId, r.id)
  }
  return { firstId, lastId }
}

/**
 * Log lines are a report of whoever runs the execution: they end a silence. Returns the
 * stall_cleared event when there was one to end.
 */
export function logIsReport(tx: Tx, id: string, at: Date, stalledAt: number | null): EventToAppend | undefined {
  tx.w.run(`UPDATE "Execution" SET "reportedAt" = ?${stalledAt !== null ? ', "stalledAt" = NULL' : ''} WHERE "id" = ?`, [at.getTime(), id])
  return stalledAt === null ? undefined : { executionId: id, type: 'execution.stall_cleared', data: { stalledAt: new Date(stalledAt).toISOString() } }
}

/** Adds one report's counts to the execution's (cost, tokens, calls), merges its breakdowns and custom metrics. */
export function metricsChange(row: Pick<ExecutionRow, 'costBreakdown' | 'apiCallsByService' | 'customMetrics'>, report: MetricsReport): Change {
  const add = (a: Record<string, number> | null, b: Record<string, number | undefined> | undefined) => {
    if (!b) return undefined
    const out: Record<string, number> = { ...(a ?? {}) }
    for (const [k, v] of Object.entries(b)) out[k] = (Object.hasOwn(out, k) ? out[k]! : 0) + (v ?? 0)
    return out
  }
  const tokens = report.tokensUsed ?? (report.promptTokens ?? 0) + (report.completionTokens ?? 0)
  return {
    data: {
      tokensUsed: increment(tokens),
      promptTokens: increment(report.promptTokens ?? 0),
      completionTokens: increment(report.completionTokens ?? 0),
      modelCalls: increment(report.modelCalls ?? 0),
      cost: increment(report.cost ?? Object.values(report.costBreakdown ?? {}).reduce((s: number, v) => s + (v ?? 0), 0)),
      apiCalls: increment(report.apiCalls ?? Object.values(report.apiCallsByService ?? {}).reduce((s, v) => s + v, 0)),
      costBreakdown: add(row.costBreakdown as Record<string, number> | null, report.costBreakdown),
      apiCallsByService: add(row.apiCallsByService as Record<string, number> | null, report.apiCallsByService),
      customMetrics: report.custom ? { ...((row.customMetrics as object | null) ?? {}), ...report.custom } : undefined,
      qualityScore: report.qualityScore,
      errorRate: report.errorRate,
    },
    events: [{ type: 'execution.metrics', data: report }],
    bumpVersion: false,
  }
}
