// The history a running execution's forecast is drawn from (domain/forecast.ts): how long the
// same workflow's completed runs took and what they cost, the newest 500 of the last 30 days.
// The same workflow version's runs when there are enough of them, else the workflow's (every
// version); the service's only for executions no workflow runs (another workflow of the same
// service is other work: a nightly import says nothing of a demo batch).
import type { Reader } from '../db/reader'
import { visibleSql } from '../domain/access'
import { MIN_RUNS, type ForecastHistory } from '../domain/forecast'
import { notFound } from './errors'

/** A request's organisations (undefined: the console's own reads, every organisation). */
type Access = readonly string[] | undefined

const DAYS = 30
const RUNS = 500

export function createForecasts(reader: Reader, now: () => Date = () => new Date()) {
  return {
    historyOf(executionId: string, organizations?: Access): ForecastHistory {
      const scope = organizations ? visibleSql(organizations) : { sql: '1', params: [] }
      const own = reader.get<{ serviceId: string; workflow: string | null }>(
        `SELECT "serviceId", "workflowDefinitionId" AS workflow FROM "Execution" WHERE "id" = ? AND ${scope.sql}`,
        [executionId, ...scope.params],
      )
      if (!own) throw notFound('execution', executionId) // (another organisation's is not found either)
      // (status, serviceId, createdAt) is an index: the newest completed runs of the service, in order.
      // A workflow's versions are its ids from "key@" up to (not including) "keyA" ('A' follows '@').
      const runs = (which: { sql: string; params: string[] }) =>
        reader.all<{ duration: number; cost: number }>(
          `SELECT "completedAt" - "startedAt" AS duration, "cost" FROM "Execution"
           WHERE "status" = 'completed' AND "serviceId" = ? AND "createdAt" >= ? AND "startedAt" IS NOT NULL AND "completedAt" IS NOT NULL
             ${which.sql} AND "id" <> ? AND ${scope.sql}
           ORDER BY "createdAt" DESC LIMIT ${RUNS}`,
          [own.serviceId, now().getTime() - DAYS * 86_400_000, ...which.params, executionId, ...scope.params],
        )
      let basis: ForecastHistory['basis'] = 'service'
      let chosen: { duration: number; cost: number }[]
      if (own.workflow) {
        const key = own.workflow.slice(0, Math.max(0, own.workflow.lastIndexOf('@')))
        chosen = runs({ sql: 'AND "workflowDefinitionId" = ?', params: [own.workflow] })
        basis = 'workflow version'
        if (chosen.length < MIN_RUNS && key) {
          chosen = runs({ sql: 'AND "workflowDefinitionId" >= ? AND "workflowDefinitionId" < ?', params: [`${key}@`, `${key}A`] })
          basis = 'workflow'
        }
      } else chosen = runs({ sql: '', params: [] })
      const ascending = (values: number[]) => values.filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b)
      return { durations: ascending(chosen.map((r) => r.duration)), costs: ascending(chosen.map((r) => r.cost)), days: DAYS, basis }
    },
  }
}

export type Forecasts = ReturnType<typeof createForecasts>
