// Seed 002's monitor(executionId): the execution's watch stream (events/live.ts: subscribe,
// replay after the cursor, go live) folded into ExecutionUpdates — its status, progress with an
// estimate, the running step, a metrics snapshot, and the events and log lines since the previous
// update. Updates are coalesced: at most one per `intervalMs` (a 1,000-step batch's burst of
// events is one update, not a thousand), each read once from the table however many events it
// covers. Each update's eventId is the last event it covers, so a client resumes after it with
// Last-Event-ID as on the plain watch. Used by `GET|WS /api/executions/:id/watch?view=monitor`
// and the SDK's monitor().
import type { Reader } from '../db/reader'
import { fromSql } from '../db/rows'
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { ExecutionUpdate } from '../domain/contracts'
import { serializeMetrics } from '../services/serialize'
import type { ProgressReader, ProgressRow } from '../services/progress'
import { notFound } from '../services/errors'
import type { LiveService, PreparedMessage } from './live'

/** At most one update this often (ms): the default of the stream. */
export const MONITOR_INTERVAL_MS = 250
const MAX_EVENTS = 50
const MAX_MESSAGES = 100

/** Seed 002's ExecutionEventType of the console's events, where it has one. */
const SEED_TYPE: Record<string, string> = {
  'execution.started': 'EXECUTION_STARTED',
  'execution.completed': 'EXECUTION_COMPLETED',
  'execution.failed': 'EXECUTION_FAILED',
  'execution.paused': 'EXECUTION_PAUSED',
  'execution.resumed': 'EXECUTION_RESUMED',
  'execution.cancelled': 'EXECUTION_CANCELLED',
  'execution.step.started': 'TASK_STARTED',
  'execution.step.completed': 'TASK_COMPLETED',
  'execution.step.failed': 'TASK_FAILED',
  'execution.checkpoint': 'CHECKPOINT_CREATED',
  'execution.recovery': 'RECOVERY_INITIATED',
  'execution.recovery.applied': 'RECOVERY_INITIATED',
  'execution.resource.allocated': 'RESOURCE_ALLOCATED',
  'execution.resource.released': 'RESOURCE_RELEASED',
}
/** Carried by `messages` and `progress` instead. */
const FOLDED = new Set(['execution.log', 'execution.progress'])
const LEVEL = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' } as const

function describe(m: Pick<PreparedMessage['message'], 'event' | 'step' | 'data' | 'status'>): string {
  const data = (m.data ?? {}) as Record<string, unknown>
  const step = m.step ? ` ${String(data.name ?? m.step)}` : ''
  switch (m.event) {
    case 'execution.step.started':
      return `step${step} started${typeof data.attempt === 'number' && data.attempt > 1 ? ` (attempt ${data.attempt})` : ''}`
    case 'execution.step.completed':
      return `step${step} completed${typeof data.duration === 'number' ? ` in ${data.duration} ms` : ''}`
    case 'execution.step.failed':
      return `step${step} failed: ${String((data.error as { message?: string } | undefined)?.message ?? 'error')}`
    case 'execution.failed':
      return `failed: ${String((data.error as { code?: string; message?: string } | undefined)?.message ?? '')}`
    case 'execution.alert':
      return `alert: ${String(data.message ?? data.alertId)}`
    case 'execution.cancelled':
      return `cancelled${data.reason ? `: ${String(data.reason)}` : ''}`
    default:
      return m.event.replace(/^execution\./, '').replace(/[._]/g, ' ') + (m.status ? ` (${m.status})` : '')
  }
}

/** An event as seed 002's ExecutionEvent says it (the monitor's updates, an execution's report). */
export function seedEventOf(m: Pick<PreparedMessage['message'], 'eventId' | 'event' | 'timestamp' | 'step' | 'status' | 'data'>): ExecutionUpdate['events'][number] {
  return {
    id: String(m.eventId),
    type: SEED_TYPE[m.event] ?? m.event.replace(/\./g, '_').toUpperCase(),
    event: m.event,
    timestamp: m.timestamp,
    ...(m.step ? { taskId: m.step } : {}),
    description: describe(m),
    ...(m.data !== undefined ? { data: m.data } : {}),
  }
}

/** Events a timeline leaves to the logs and the progress (seed 002 carries them as messages and progress). */
export const isFoldedEvent = (type: string) => FOLDED.has(type)

export function createMonitor(deps: { reader: Reader; live: LiveService; progress: ProgressReader }) {
  /** What an update says of the execution now: one read of its row and of its running steps. */
  function snapshot(executionId: string): Omit<ExecutionUpdate, 'type' | 'eventId' | 'events' | 'messages' | 'messagesTruncated'> {
    const raw = deps.reader.get<Record<string, unknown>>('SELECT * FROM "Execution" WHERE "id" = ?', [executionId])
    if (!raw) throw notFound('execution', executionId)
    const running = deps.progress.running(executionId)
    const progress = deps.progress.ofRow(raw as unknown as ProgressRow, running)
    const row = fromSql<ExecutionRow>('Execution', raw)
    return {
      executionId,
      timestamp: new Date().toISOString(),
      status: row.status as ExecutionUpdate['status'],
      progress,
      ...(running[0] ? { currentTask: running[0].name } : {}),
      metrics: serializeMetrics(row),
    }
  }

  function updateOf(executionId: string, eventId: number, batch: readonly PreparedMessage[]): ExecutionUpdate {
    const events: ExecutionUpdate['events'] = []
    const messages: ExecutionUpdate['messages'] = []
    let truncated = false
    for (const { message: m } of batch) {
      if (m.logs) {
        for (const line of m.logs) {
          if (messages.length >= MAX_MESSAGES) {
            truncated = true
            break
          }
          messages.push({
            level: LEVEL[line.level],
            message: line.message,
            timestamp: line.timestamp,
            ...(line.step ? { taskId: line.step } : {}),
            ...(line.context ? { context: line.context } : {}),
          })
        }
        if (m.logsTruncated) truncated = true
      }
      if (FOLDED.has(m.event)) continue
      events.push(seedEventOf(m))
    }
    return {
      type: 'update',
      eventId,
      ...snapshot(executionId),
      events: events.slice(-MAX_EVENTS),
      messages,
      ...(truncated ? { messagesTruncated: true } : {}),
    }
  }

  /**
   * Updates of one execution: the first at once (unless resuming: then the first covers what was
   * missed), then one for the events that came in each interval, until `signal` aborts. The caller
   * has checked that its principal may see the execution.
   */
  async function* updates(options: { executionId: string; lastEventId: number | null; signal: AbortSignal; intervalMs?: number }): AsyncGenerator<ExecutionUpdate> {
    const { executionId, signal } = options
    const intervalMs = options.intervalMs ?? MONITOR_INTERVAL_MS
    const resuming = options.lastEventId !== null
    let cursor = options.lastEventId ?? deps.live.lastEventIdOf(executionId)
    if (!resuming) yield updateOf(executionId, cursor, [])
    // The events arrive in `buffer` as the live stream hands them over; each update takes them all.
    const buffer: PreparedMessage[] = []
    let wake = null as (() => void) | null
    let ended = false
    let failure: unknown
    // Ended with the caller's signal, or when the caller stops taking updates.
    const stopped = new AbortController()
    const pump = (async () => {
      try {
        for await (const prepared of deps.live.events({ executionId, lastEventId: cursor, signal: AbortSignal.any([signal, stopped.signal]) })) {
          buffer.push(prepared)
          wake?.()
        }
      } catch (error) {
        failure = error
      } finally {
        ended = true
        wake?.()
      }
    })()
    let last = 0
    try {
      for (;;) {
        while (!buffer.length && !ended) await new Promise<void>((resolve) => (wake = resolve))
        wake = null
        if (!buffer.length) break
        // A burst that keeps coming is taken once an interval.
        const wait = last + intervalMs - Date.now()
        if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait))
        // An update tells the execution as it is now: it covers every event committed so far (a
        // replay hands them over one turn at a time), so its status never runs ahead of its events.
        for (let turns = 0; turns < 100 && !ended && buffer.length && buffer.at(-1)!.message.eventId < deps.live.lastEventIdOf(executionId); turns++) {
          await new Promise((resolve) => setImmediate(resolve))
        }
        if (signal.aborted || !buffer.length) break
        const batch = buffer.splice(0)
        cursor = batch.at(-1)!.message.eventId
        yield updateOf(executionId, cursor, batch)
        last = Date.now()
      }
    } finally {
      stopped.abort()
      await pump
    }
    if (failure) throw failure
  }

  return { updates, snapshot }
}

export type Monitor = ReturnType<typeof createMonitor>
