// Live streams of execution events for subscriptions (tRPC over SSE, REST SSE, WebSocket).
// A stream subscribes to the bus first, replays what the client missed from the event table,
// then goes on live — skipping what the replay already sent — so a client that reconnects with
// its last event id misses nothing and sees nothing twice.
import type { Reader } from '../db/reader'
import { fromSql } from '../db/rows'
import type { ExecutionEvent as EventRow } from '@/generated/prisma/client'
import type { CommittedEvent, EventBus } from './bus'
import { openEventData } from '../security/crypto'
import { serializeLog } from '../services/serialize'
import { ServiceError } from '../services/errors'
import { logger } from '../ops/log'
import type { ExecutionLog as LogRow } from '@/generated/prisma/client'
import type { z } from 'zod'
import type { WATCH_TYPES, watchMessageSchema } from '../domain/contracts'

/** The watcher's message kinds and messages: the output contract's (domain/contracts.ts). */
export type WatchType = (typeof WATCH_TYPES)[number]
export type WatchMessage = z.infer<typeof watchMessageSchema>

const TYPE_OF: Record<string, WatchType> = {
  'execution.progress': 'progress',
  'execution.started': 'status_changed',
  'execution.paused': 'status_changed',
  'execution.resumed': 'status_changed',
  'execution.retry': 'status_changed',
  'execution.completed': 'completed',
  'execution.failed': 'failed',
  'execution.cancelled': 'cancelled',
  'execution.step.started': 'step.started',
  'execution.step.completed': 'step.completed',
  'execution.step.failed': 'step.failed',
  'execution.log': 'log',
}

const REPLAY_PAGE = 500
/** Events kept for a client that reads slower than they come; past this it is cut off and reconnects. */
const MAX_BUFFERED = 10_000
/**
 * Log lines a watch message carries: a batch of 5,000 lines to 2,000 watchers would otherwise be
 * 10,000,000 lines in flight. The rest are read from the logs API.
 */
const MAX_LOG_LINES_IN_MESSAGE = 100
/** How far behind a feed may resume: past this it is told to list afresh (replaying the whole table stalled the server). */
export const MAX_FEED_REPLAY = 10_000

/** A message and its JSON, made once per event however many subscribers it goes to. */
export interface PreparedMessage {
  message: WatchMessage
  json: string
  /** The Server-Sent Events frame (id, event, data), encoded. */
  frame: Uint8Array
}

const encoder = new TextEncoder()

/** An event's place in the ordered feed: its transaction's id, then its own. */
interface FeedPosition {
  xid: number
  id: number
}
/**
 * How soon the ordered feed looks again while a running transaction holds committed events back
 * (doubling up to FEED_RETRY_MAX_MS while it still does): the bus may say nothing more once it ends.
 */
const FEED_RETRY_MS = 20
const FEED_RETRY_MAX_MS = 1_000
/**
 * Held back this long, a feed says by what (once a minute at most, for every feed of the process):
 * a transaction left open anywhere on the server — another database's included — stalls every feed.
 */
const FEED_HELD_WARN_MS = 10_000

export function createLiveService({ reader, bus, heldWarnMs = FEED_HELD_WARN_MS }: { reader: Reader; bus: EventBus; heldWarnMs?: number }) {
  // The bus hands every subscriber the same event object: prepare each once.
  const prepared = new WeakMap<CommittedEvent, PreparedMessage>()
  function prepare(e: CommittedEvent): PreparedMessage {
    let p = prepared.get(e)
    if (!p) {
      const message = toMessage(e)
      const json = JSON.stringify(message)
      p = { message, json, frame: encoder.encode(`id: ${message.eventId}\nevent: ${message.type}\ndata: ${json}\n\n`) }
      prepared.set(e, p)
    }
    return p
  }

  function toMessage(e: CommittedEvent): WatchMessage {
    const data = (e.data ?? undefined) as Record<string, unknown> | undefined
    const message: WatchMessage = {
      type: TYPE_OF[e.type] ?? 'event',
      eventId: e.id,
      executionId: e.executionId,
      event: e.type,
      timestamp: e.createdAt.toISOString(),
      actor: { type: e.actorType, id: e.actorId },
      status: e.status ?? undefined,
      step: e.stepId ?? undefined,
      data,
    }
    if (e.version !== undefined) message.version = e.version
    if (e.type === 'execution.progress' && typeof data?.progress === 'number') message.progress = data.progress
    if (e.type === 'execution.log' && typeof data?.firstId === 'number' && typeof data.lastId === 'number') {
      message.logs = reader
        .all<Record<string, unknown>>(`SELECT * FROM "ExecutionLog" WHERE "executionId" = ? AND "id" BETWEEN ? AND ? ORDER BY "id" LIMIT ${MAX_LOG_LINES_IN_MESSAGE}`, [
          e.executionId,
          data.firstId,
          data.lastId,
        ])
        .map((raw) => serializeLog(fromSql<LogRow>('ExecutionLog', raw)))
      if (data.lastId - data.firstId + 1 > MAX_LOG_LINES_IN_MESSAGE) message.logsTruncated = true
    }
    return message
  }

  /** An event as stored, its sealed parts opened (a live one never was sealed: see appendEvents). */
  function storedEvent(raw: Record<string, unknown>): CommittedEvent {
    const row = fromSql<EventRow>('ExecutionEvent', raw)
    return { ...row, data: openEventData(row.data) } as unknown as CommittedEvent
  }

  /** One page of committed events after `after`: of one execution, of those `where` matches, or all. */
  function replayPage(executionId: string | undefined, after: number, where?: { sql: string; params: unknown[] }): CommittedEvent[] {
    const rows = executionId
      ? reader.all<Record<string, unknown>>(`SELECT * FROM "ExecutionEvent" WHERE "executionId" = ? AND "id" > ? ORDER BY "id" LIMIT ${REPLAY_PAGE}`, [executionId, after])
      : where
        ? reader.all<Record<string, unknown>>(
            `SELECT e.* FROM "ExecutionEvent" e WHERE e."id" > ? AND EXISTS (SELECT 1 FROM "Execution" WHERE "Execution"."id" = e."executionId" AND ${where.sql}) ORDER BY e."id" LIMIT ${REPLAY_PAGE}`,
            [after, ...where.params],
          )
        : reader.all<Record<string, unknown>>(`SELECT * FROM "ExecutionEvent" WHERE "id" > ? ORDER BY "id" LIMIT ${REPLAY_PAGE}`, [after])
    return rows.map(storedEvent)
  }

  /**
   * The committed events of one execution (or all) after `after`, in id order, read a page at a
   * time until caught up. Synchronous: a caller that does not yield between events reads and then
   * joins the live stream with nothing slipping in between.
   */
  function* replay(executionId: string | undefined, after: number): Generator<CommittedEvent> {
    let cursor = after
    for (;;) {
      const rows = executionId
        ? reader.all<Record<string, unknown>>(`SELECT * FROM "ExecutionEvent" WHERE "executionId" = ? AND "id" > ? ORDER BY "id" LIMIT ${REPLAY_PAGE}`, [executionId, cursor])
        : reader.all<Record<string, unknown>>(`SELECT * FROM "ExecutionEvent" WHERE "id" > ? ORDER BY "id" LIMIT ${REPLAY_PAGE}`, [cursor])
      for (const raw of rows) {
        const event = storedEvent(raw)
        cursor = event.id
        yield event
      }
      if (rows.length < REPLAY_PAGE) return
    }
  }

  // ---- the ordered feed (PostgreSQL: docs/cluster.md, "Watch events across nodes") -----------
  // Ids from a sequence are not commit order across transactions: a feed reads only events whose
  // transaction is older than every one still running (below the watermark), in (xid, id) order.
  // A client's cursor stays an event id: the event's (xid, id) is its place in that order.
  const orderedFeed = reader.dialect === 'postgres'
  /** Above every event id (ExecutionEvent.id is an int4 on PostgreSQL). */
  const MAX_EVENT_ID = 2_147_483_647
  /** Every transaction below it has ended: its events are committed (or never will be). */
  const WATERMARK = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`
  const BELOW_WATERMARK = `e."xid" < ${WATERMARK}`

  let heldWarnedAt = 0
  /** Logs which transaction holds the feeds back: the oldest running (its pid, database, state, age; not its SQL). */
  function warnHeldBack(heldMs: number): void {
    const now = Date.now()
    if (now - heldWarnedAt < 60_000) return
    heldWarnedAt = now
    const oldest = reader.get<{ pid: number; database: string | null; state: string | null; application: string | null; seconds: number | null }>(
      `SELECT "pid", "datname" AS "database", "state", "application_name" AS "application", extract(epoch FROM now() - "xact_start")::int AS "seconds"
       FROM pg_stat_activity WHERE "backend_xid" IS NOT NULL ORDER BY age("backend_xid") DESC LIMIT 1`,
      [],
    )
    logger('watch').warn(
      { heldMs, holder: oldest ?? null },
      oldest
        ? `feeds held back ${Math.round(heldMs / 1000)} s by a transaction open ${oldest.seconds ?? '?'} s (pid ${oldest.pid}, database ${oldest.database ?? '?'}, ${oldest.state ?? 'state unknown'}): events committed after it wait until it ends`
        : `feeds held back ${Math.round(heldMs / 1000)} s by a transaction on the server (not one this role may see in pg_stat_activity)`,
    )
  }

  /** Where a feed resumes after event `after`: that event's place in (xid, id) order. */
  function feedPosition(after: number): FeedPosition {
    if (after <= 0) return { xid: -1, id: 0 }
    const at = reader.get<{ xid: number | null }>('SELECT "xid" FROM "ExecutionEvent" WHERE "id" = ?', [after])
    if (at?.xid != null) return { xid: at.xid, id: after }
    // The event is gone (retention): from the transaction of the first event after it.
    const next = reader.get<{ xid: number | null }>('SELECT "xid" FROM "ExecutionEvent" WHERE "id" > ? ORDER BY "id" LIMIT 1', [after])
    return { xid: next?.xid ?? reader.get<{ w: number }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "w"', [])!.w, id: after }
  }

  /**
   * Where a fresh feed starts: after every transaction committed now. No one (xid, id) place says
   * that while others run — the transactions between the snapshot's xmin and xmax are some
   * committed, some not — so it starts at xmin and skips what the snapshot already sees (a start
   * at the newest event below the watermark replayed everything committed above it).
   */
  function freshFeedStart(): { position: FeedPosition; seen: string } {
    const seen = reader.get<{ s: string }>('SELECT pg_current_snapshot()::text AS "s"', [])!.s
    return { position: { xid: Number(seen.split(':')[0]) - 1, id: MAX_EVENT_ID }, seen }
  }

  /**
   * One page of the ordered feed after `from`, below the watermark (of those `where` matches, or
   * all; none a fresh feed's start already saw), and whether committed events after it are still
   * held back by a transaction running (an event at or above the watermark: rows below it are all
   * read in order, so such a one is unread) — in one statement, one snapshot.
   */
  function feedPage(
    from: FeedPosition,
    where?: { sql: string; params: unknown[] },
    seen?: string,
  ): { page: { event: CommittedEvent; at: FeedPosition }[]; heldBack: boolean; watermark: number } {
    const matching = where ? ` AND EXISTS (SELECT 1 FROM "Execution" WHERE "Execution"."id" = e."executionId" AND ${where.sql})` : ''
    const unseen = seen ? ` AND NOT pg_visible_in_snapshot(e."xid"::text::xid8, ?::pg_snapshot)` : ''
    const rows = reader.all<Record<string, unknown>>(
      `SELECT w."feedWatermark", w."feedNewestXid", e.* FROM (SELECT ${WATERMARK} AS "feedWatermark", (SELECT max("xid") FROM "ExecutionEvent") AS "feedNewestXid") w
       LEFT JOIN LATERAL (SELECT * FROM "ExecutionEvent" e WHERE (e."xid", e."id") > (?, ?) AND e."xid" < w."feedWatermark"${unseen}${matching} ORDER BY e."xid", e."id" LIMIT ${REPLAY_PAGE}) e ON true
       ORDER BY e."xid", e."id"`,
      [from.xid, from.id, ...(seen ? [seen] : []), ...(where?.params ?? [])],
    )
    const first = rows[0]!
    const heldBack = first.feedNewestXid != null && Number(first.feedNewestXid) >= Number(first.feedWatermark)
    const page = rows
      .filter((row) => row.id != null)
      .map(({ feedWatermark: _w, feedNewestXid: _n, ...raw }) => ({ event: storedEvent(raw), at: { xid: Number(raw.xid), id: Number(raw.id) } }))
    return { page, heldBack, watermark: Number(first.feedWatermark) }
  }

  /**
   * The feed of all executions in commit order: replay from the table, then on each bus event (a
   * signal that something changed, from any node) read the table again after the position. While
   * a running transaction holds committed events back it looks again shortly, bus or no bus: the
   * events may have been announced before the feed subscribed, or the transaction be another
   * database's on the same server (the watermark is the server's).
   */
  async function* feedInOrder(options: {
    lastEventId: number
    fresh?: boolean
    signal: AbortSignal
    accept: (event: CommittedEvent) => boolean
    replayWhere?: { sql: string; params: unknown[] }
  }): AsyncGenerator<PreparedMessage> {
    const { signal, accept } = options
    let wake: (() => void) | null = null
    // The bus only wakes the feed: it reads the table, so a slow reader buffers nothing. `announced`
    // says something came since the last read began (perhaps while a consumer held a `yield`).
    let announced = true
    const unsubscribe = bus.subscribe(() => {
      announced = true
      wake?.()
    })
    const onAbort = () => wake?.()
    signal.addEventListener('abort', onAbort)
    try {
      const start = options.fresh ? freshFeedStart() : null
      let position = start?.position ?? feedPosition(options.lastEventId)
      // The replay filters in SQL; after it, every event is read and `accept` decides.
      let where = options.replayWhere
      let retryMs = 0
      /** The watermark events were last held back below, and since when it has not moved (one transaction open all along). */
      let held = { watermark: -1, since: 0 }
      for (;;) {
        let progressed = false
        let heldBack = false
        let watermark = -1
        // A pass the bus woke: what it announced may be held back, so looked for again soon.
        const woken = announced
        announced = false
        for (;;) {
          const read = feedPage(position, where, start?.seen)
          const { page } = read
          heldBack = read.heldBack
          watermark = read.watermark
          for (const { event, at } of page) {
            position = at
            progressed = true
            if (where || accept(event)) yield prepare(event)
            if (signal.aborted) return
          }
          if (page.length < REPLAY_PAGE) break
          await new Promise((resolve) => setImmediate(resolve))
        }
        where = undefined
        if (signal.aborted) return
        if (!heldBack) held = { watermark: -1, since: 0 }
        else if (watermark !== held.watermark) held = { watermark, since: Date.now() }
        else if (Date.now() - held.since >= heldWarnMs) warnHeldBack(Date.now() - held.since)
        if (announced) continue
        retryMs = !heldBack ? 0 : progressed || woken || !retryMs ? FEED_RETRY_MS : Math.min(retryMs * 2, FEED_RETRY_MAX_MS)
        let timer: NodeJS.Timeout | undefined
        await new Promise<void>((resolve) => {
          wake = resolve
          if (retryMs) timer = setTimeout(resolve, retryMs)
        })
        clearTimeout(timer)
        wake = null
        if (signal.aborted) return
      }
    } finally {
      unsubscribe()
      signal.removeEventListener('abort', onAbort)
    }
  }

  /** Refuses a feed resumed further back than it replays (CONFLICT, saying to list again). */
  function checkFeedResume(after: number): void {
    // Counted to the newest id taken (not the newest below the watermark, which any transaction
    // on the server holds back): how many events a replay would read.
    const behind = newestEventId() - after
    if (behind > MAX_FEED_REPLAY) {
      throw new ServiceError(
        'CONFLICT',
        // Not how far: with the id sent it would tell any organisation the console's newest event id.
        `lastEventId: too far behind; a feed replays at most ${MAX_FEED_REPLAY} events: list the executions again and subscribe without lastEventId`,
        'lastEventId',
      )
    }
  }

  /**
   * Events of one execution (or of all, for feeds) after `lastEventId`, then live ones, until
   * `signal` aborts. `accept` filters (a feed's filter); skipped events still advance the cursor.
   */
  async function* events(options: {
    executionId?: string
    lastEventId: number
    signal: AbortSignal
    accept?: (event: CommittedEvent) => boolean
    /** A feed's filter as a condition on "Execution": its replay reads only matching events, in SQL. */
    replayWhere?: { sql: string; params: unknown[] }
    /** A feed with no client cursor: from now (on PostgreSQL, after every transaction committed now). */
    fresh?: boolean
  }): AsyncGenerator<PreparedMessage> {
    const { executionId, signal, accept = () => true } = options
    // A fresh feed starts from now: only a client's cursor can be too far behind to replay.
    if (!executionId && !options.fresh) checkFeedResume(options.lastEventId)
    if (!executionId && orderedFeed) {
      yield* feedInOrder({ lastEventId: options.lastEventId, fresh: options.fresh, signal, accept, replayWhere: options.replayWhere })
      return
    }
    const live: CommittedEvent[] = []
    let wake: (() => void) | null = null
    let overflow = false
    const unsubscribe = bus.subscribe((event) => {
      if (executionId && event.executionId !== executionId) return
      if (live.length >= MAX_BUFFERED) overflow = true
      else live.push(event)
      wake?.()
    })
    const onAbort = () => wake?.()
    signal.addEventListener('abort', onAbort)
    try {
      let cursor = options.lastEventId
      // Replay from the table until caught up, a page at a time with a turn of the event loop
      // between pages (a long replay must not hold up everyone else); live events that arrive
      // meanwhile wait in `live`, and those the replay also read are skipped by the cursor.
      for (;;) {
        const page = replayPage(executionId, cursor, options.replayWhere)
        for (const event of page) {
          cursor = event.id
          if (options.replayWhere || accept(event)) yield prepare(event)
          if (signal.aborted) return
        }
        if (page.length < REPLAY_PAGE) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      for (;;) {
        if (signal.aborted) return
        if (overflow) throw new Error('the client reads events slower than they come; reconnect with the last event id')
        const next = live.shift()
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve))
          wake = null
          continue
        }
        if (next.id <= cursor) continue // already sent by the replay
        if (!bus.ordered) {
          // Another process's event may come after a later local one: the table is the order.
          live.length = 0
          for (const event of replay(executionId, cursor)) {
            cursor = event.id
            if (accept(event)) yield prepare(event)
          }
          continue
        }
        cursor = next.id
        if (accept(next)) yield prepare(next)
      }
    } finally {
      unsubscribe()
      signal.removeEventListener('abort', onAbort)
    }
  }

  /** The id of an execution's newest event (0 when none): where a fresh watcher starts. */
  function lastEventIdOf(executionId: string): number {
    return reader.get<{ id: number | null }>('SELECT max("id") AS id FROM "ExecutionEvent" WHERE "executionId" = ?', [executionId])?.id ?? 0
  }

  /** The newest event id of all (0 when none): where a fresh feed starts. */
  function lastEventId(): number {
    // PostgreSQL: the newest below the watermark — an event of a transaction still running may
    // take a lower id than one already committed, and must come after a fresh feed's start.
    if (orderedFeed) return reader.get<{ id: number | null }>(`SELECT max(e."id") AS id FROM "ExecutionEvent" e WHERE ${BELOW_WATERMARK}`, [])?.id ?? 0
    return reader.get<{ id: number | null }>('SELECT max("id") AS id FROM "ExecutionEvent"', [])?.id ?? 0
  }

  /**
   * A client's resume point (Last-Event-ID, lastEventId), refused when no event has that id yet:
   * the events to come would take ids below it and be skipped, so the stream would stay open and
   * say nothing (a forged id, or one past 2^53 that Number() rounded). The newest id is not told.
   */
  function resumePoint(lastEventId: number): number {
    const newest = newestEventId()
    if (!Number.isSafeInteger(lastEventId) || lastEventId > newest) {
      throw new ServiceError('BAD_REQUEST', 'lastEventId: no event has this id; resume after an event id the stream sent, or without one (from now)', 'lastEventId')
    }
    return lastEventId
  }

  /**
   * The newest event id among the latest MAX_FEED_REPLAY of executions `visible` matches (a
   * condition on "Execution"), or null: where a fresh feed of that caller may say it starts. It
   * tells the caller only of an event it may see — not the console's newest id, nor how busy it
   * is — and a resume from it replays exactly what came after (the events in between are not the
   * caller's). None among the latest: a resume from anything older would be refused anyway.
   */
  function newestVisibleEventId(visible: { sql: string; params: unknown[] }): number | null {
    const below = orderedFeed ? ` WHERE ${BELOW_WATERMARK}` : ''
    const row = reader.get<{ id: number | null }>(
      `SELECT max(e."id") AS "id" FROM (SELECT e."id", e."executionId" FROM "ExecutionEvent" e${below} ORDER BY e."id" DESC LIMIT ${MAX_FEED_REPLAY}) e
       WHERE EXISTS (SELECT 1 FROM "Execution" WHERE "Execution"."id" = e."executionId" AND ${visible.sql})`,
      visible.params,
    )
    return row?.id == null ? null : Number(row.id)
  }

  /** The newest event id of all, committed or not yet below the watermark (0 when none). */
  function newestEventId(): number {
    return reader.get<{ id: number | null }>('SELECT max("id") AS id FROM "ExecutionEvent"', [])?.id ?? 0
  }

  /** Whether an execution matches a list filter's WHERE clause (ending in `"id" = ?`). */
  function matches(whereSql: string, params: unknown[]): boolean {
    return reader.get(`SELECT 1 AS hit FROM "Execution" ${whereSql}`, params) !== undefined
  }

  return { events, replay, prepare, lastEventIdOf, lastEventId, newestVisibleEventId, resumePoint, matches, checkFeedResume }
}

export type LiveService = ReturnType<typeof createLiveService>
