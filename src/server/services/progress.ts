// An execution's progress with an estimate (domain/progress.ts), read for the API, the SDK and the
// monitor stream: its row, its running steps, and the forecast from the same workflow's completed
// runs (services/forecasts.ts). The history behind the forecast is read at most once a minute per
// execution (up to 500 runs each time): a monitor stream asks on every update.
import type { Reader } from '../db/reader'
import { visibleSql } from '../domain/access'
import { forecast as forecastOf, type ForecastHistory } from '../domain/forecast'
import { progressOf, type ExecutionProgress } from '../domain/progress'
import type { Forecasts } from './forecasts'
import { notFound } from './errors'
import { hasEnded } from '../domain/lifecycle'
import { resourceWaitOf } from './resources'

const HISTORY_TTL_MS = 60_000
const HISTORIES_KEPT = 1_000
/** Running steps read for the phase: a fan-out of a thousand needs only its first few names. */
const RUNNING_READ = 5

export interface ProgressRow {
  id: string
  status: string
  progress: number
  stepsCompleted: number
  stepsTotal: number
  retries: number
  nextRunAt: number | null
  stalledAt: number | null
  startedAt: number | null
  pausedAt: number | null
  cost: number
}

export function createProgressReader(deps: { reader: Reader; forecasts: Forecasts; now?: () => number }) {
  const now = deps.now ?? Date.now
  const histories = new Map<string, { at: number; history: ForecastHistory }>()

  function historyOf(executionId: string): ForecastHistory {
    const at = now()
    const kept = histories.get(executionId)
    if (kept && at - kept.at < HISTORY_TTL_MS) return kept.history
    // (The execution's visibility was checked when its row was read: the history is the console's own read.)
    const history = deps.forecasts.historyOf(executionId)
    histories.delete(executionId)
    histories.set(executionId, { at, history })
    if (histories.size > HISTORIES_KEPT) histories.delete(histories.keys().next().value!)
    return history
  }

  function row(executionId: string, organizations?: readonly string[]): ProgressRow {
    const scope = organizations ? visibleSql(organizations) : { sql: '1', params: [] }
    const found = deps.reader.get<ProgressRow>(
      `SELECT "id", "status", "progress", "stepsCompleted", "stepsTotal", "retries", "nextRunAt", "stalledAt", "startedAt", "pausedAt", "cost"
       FROM "Execution" WHERE "id" = ? AND ${scope.sql}`,
      [executionId, ...scope.params],
    )
    if (!found) throw notFound('execution', executionId) // (another organisation's is not found either)
    return found
  }

  /** Its running steps, first few by position. */
  function running(executionId: string) {
    return deps.reader
      .all<{ name: string; type: string | null; assigneeType: string | null }>(
        `SELECT "name", "type", "assigneeType" FROM "ExecutionStep" WHERE "executionId" = ? AND "status" = 'running' ORDER BY "position" LIMIT ${RUNNING_READ}`,
        [executionId],
      )
      .map((s) => ({ name: s.name, human: s.type === 'human' || s.assigneeType === 'human' }))
  }

  /** The progress of a row already read (the monitor stream reads it with the rest of its snapshot). */
  function ofRow(r: ProgressRow, steps = running(r.id)): ExecutionProgress {
    let forecast = null
    if (!hasEnded(r.status)) {
      // A paused execution's clock stands still: elapsed as of the pause (as the page's forecast).
      const until = r.status === 'paused' && r.pausedAt !== null ? r.pausedAt : now()
      const elapsedMs = r.startedAt === null ? 0 : Math.max(0, until - r.startedAt)
      forecast = forecastOf(historyOf(r.id), {
        elapsedMs,
        cost: r.cost,
        stepsCompleted: r.stepsCompleted,
        stepsTotal: r.stepsTotal,
        progress: r.progress,
        awaitingPerson: steps.some((s) => s.human),
      })
    }
    // (Only a running execution waits for resources: an ended or paused one has released them.)
    const resourceWait = r.status === 'running' ? resourceWaitOf(deps.reader, r.id) : null
    return progressOf({ ...r, running: steps, forecast, resourceWait })
  }

  return {
    /** The progress of an execution `organizations` may see (not found otherwise). */
    of: (executionId: string, organizations?: readonly string[]) => ofRow(row(executionId, organizations)),
    ofRow,
    running,
    row,
  }
}

export type ProgressReader = ReturnType<typeof createProgressReader>
