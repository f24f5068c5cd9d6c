// `GET /api/executions/:id/watch` as Server-Sent Events, served at the Node http level: one bus
// subscription per watched execution writes each event's prepared frame to every subscriber's
// response, with no per-subscriber async machinery (bench/sse-fanout.ts). A subscriber that
// sends Last-Event-ID gets what it missed from the event table first, then live events.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppServices } from '../context'
import type { CommittedEvent } from './bus'
import { headersOf } from '../auth/request'
import { decodedPath, openGate } from '../http/gate'
import type { Scope } from '../http/scope'
import { ANSWERS, errorBody, refusalOf } from '../http/errors'
import { feedQuery, queryOf, watchQuery } from '../rest/query-string'
import { listFilterSchema } from '../domain/schemas'
import { logger } from '../ops/log'
import { ServiceError } from '../services/errors'
import { isDraining, RECONNECT_AFTER_MS, sseShutdownFrames, trackStream } from '../ops/shutdown'

/**
 * The last frame of a stream its principal was let out of (a key revoked, a session ended, a role
 * taken away): why, as the HTTP refusal of a reconnect would say it, so a client stops there.
 */
function endedFrame(reason: unknown): string {
  const refusal = ServiceError.is(reason) ? reason : null
  if (!refusal) return ''
  return `event: ended\ndata: ${JSON.stringify({ type: 'ended', status: ANSWERS[refusal.kind].http, ...errorBody(refusal) })}\n\n`
}

const WATCH_PATH = /^\/api\/executions\/([^/]+)\/watch$/
/** The feed: every execution a list filter matches (`GET /api/executions/watch`). */
const FEED_PATH = '/api/executions/watch'
/**
 * A client this far behind is cut off; it reconnects with its last event id and catches up.
 * (Bounded so that thousands of slow watchers cannot hold gigabytes between them.)
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024

/** The watched execution's id as it stands in the path (still percent-encoded), or null for another path. */
function watchedExecution(req: IncomingMessage): string | null {
  if (req.method !== 'GET') return null
  const match = WATCH_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname)
  return match ? match[1]! : null
}

/** A JSON answer (a refusal) instead of a stream. */
function answerJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** Answers a refusal as the REST API does (status, body, Retry-After); rethrows anything else. */
function answerRefusal(res: ServerResponse, error: unknown) {
  const refusal = refusalOf(error)
  if (!refusal) throw error
  answerJson(res, ANSWERS[refusal.kind].http, errorBody(refusal), refusal.retryAfter !== undefined ? { 'retry-after': String(refusal.retryAfter) } : {})
}

/** Where a stream resumes: after Last-Event-ID (or `?lastEventId=`), or null for from now. */
function resumePoint(req: IncomingMessage, fromQuery: string | undefined): number | null {
  const resumeFrom = (req.headers['last-event-id'] as string | undefined) ?? fromQuery
  if (resumeFrom === undefined) return null
  if (!/^\d+$/.test(resumeFrom)) throw new ServiceError('BAD_REQUEST', 'Last-Event-ID: expected an event id (a whole number)', 'Last-Event-ID')
  return Number(resumeFrom)
}

/**
 * Lets a stream's reader in through the front door, as every transport is — unless the console
 * is shutting down: a client that still reaches this process is told to come back (or go elsewhere).
 */
async function admitReader(services: AppServices, req: IncomingMessage, res: ServerResponse): Promise<Scope> {
  if (isDraining()) throw new ServiceError('UNAVAILABLE', 'the console is restarting; reconnect shortly', undefined, Math.ceil(RECONNECT_AFTER_MS / 1000))
  const gate = await openGate(services, {
    method: 'GET',
    url: `http://localhost${req.url ?? '/'}`,
    headers: headersOf(req),
    setCookie: (cookie) => res.appendHeader('set-cookie', cookie),
  })
  return gate.admit('read')
}

/**
 * Calls `fn` once the answer closes or its connection does — at once if either already has. (The
 * answer to a pipelined request, queued behind another on its connection, never says 'close'.)
 */
function whenGone(req: IncomingMessage, res: ServerResponse, fn: () => void): void {
  let called = false
  const once = () => {
    if (called) return
    called = true
    res.off('close', once)
    req.socket.off('close', once)
    fn()
  }
  if (res.closed || req.socket.destroyed) return once()
  res.once('close', once)
  req.socket.once('close', once)
}

/** Whether the client has gone (while its stream was being let in, say). */
const gone = (req: IncomingMessage, res: ServerResponse) => res.closed || req.socket.destroyed

/**
 * Counts a stream against its principal's limit (http/stream-quota.ts) until its client goes — at
 * once if it already has (one gone while it was let in would otherwise hold its place).
 */
function holdWhileOpen(scope: Scope, req: IncomingMessage, res: ServerResponse): () => void {
  const release = scope.holdStream()
  whenGone(req, res, release)
  return release
}

interface Subscriber {
  res: ServerResponse
  cursor: number
}

function createSseHub(getServices: () => Promise<AppServices>) {
  const watched = new Map<string, Set<Subscriber>>()
  let listening = false
  const ping = new TextEncoder().encode(': ping\n\n')
  setInterval(() => {
    for (const subscribers of watched.values()) for (const s of subscribers) s.res.write(ping)
  }, 15_000).unref()

  function deliver(services: AppServices, event: CommittedEvent) {
    const subscribers = watched.get(event.executionId)
    if (!subscribers) return
    if (!services.bus.ordered) return catchUp(services, event.executionId, subscribers)
    const { frame } = services.live.prepare(event)
    for (const s of subscribers) {
      if (event.id <= s.cursor) continue
      s.cursor = event.id
      write(s, frame)
    }
  }

  /** Across processes the event table is the order: each cursor reads what it has not sent yet. */
  function catchUp(services: AppServices, executionId: string, subscribers: Set<Subscriber>) {
    const byCursor = new Map<number, Subscriber[]>()
    for (const s of subscribers) byCursor.set(s.cursor, [...(byCursor.get(s.cursor) ?? []), s])
    for (const [from, group] of byCursor) {
      for (const event of services.live.replay(executionId, from)) {
        const { frame } = services.live.prepare(event)
        for (const s of group) {
          s.cursor = event.id
          write(s, frame)
        }
      }
    }
  }

  function write(s: Subscriber, frame: Uint8Array) {
    s.res.write(frame)
    if (s.res.writableLength > MAX_BUFFERED_BYTES) s.res.destroy()
  }

  return async function serve(req: IncomingMessage, res: ServerResponse, encodedId: string) {
    const services = await getServices()
    let resumeFrom: number | null
    let state: unknown
    let cursor: number
    let executionId: string
    let scope: Scope
    let release = () => {}
    try {
      // The query as every REST route reads it: an unknown or repeated parameter is refused naming it.
      const query = watchQuery.safeParse(queryOf(req.url ?? '/'))
      if (!query.success) throw refusalOf(query.error, 'query')
      resumeFrom = resumePoint(req, query.data.lastEventId)
      if (query.data.view === 'monitor') return await serveMonitor(services, req, res, encodedId, resumeFrom)
      executionId = watchedId(encodedId)
      scope = await admitReader(services, req, res)
      release = holdWhileOpen(scope, req, res)
      // The id first, then the state: a change in between is in the state and replayed too.
      cursor = resumeFrom === null ? services.live.lastEventIdOf(executionId) : services.live.resumePoint(resumeFrom)
      state = await scope.reads.watch(executionId)
    } catch (error) {
      release()
      return answerRefusal(res, error)
    }
    if (gone(req, res)) return // (its place already given back)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    // Sent now: a client resuming with nothing new would otherwise wait for the head until the first event or ping (15 s).
    res.flushHeaders()
    if (resumeFrom === null) res.write(`id: ${cursor}\nevent: state\ndata: ${JSON.stringify({ type: 'state', execution: state })}\n\n`)
    // Replay and joining happen in one synchronous stretch: no live event can slip between them.
    const subscriber: Subscriber = { res, cursor }
    for (const event of services.live.replay(executionId, subscriber.cursor)) {
      subscriber.cursor = event.id
      res.write(services.live.prepare(event).frame)
    }
    if (!listening) {
      listening = true
      services.bus.subscribe((event) => deliver(services, event))
    }
    let subscribers = watched.get(executionId)
    if (!subscribers) watched.set(executionId, (subscribers = new Set()))
    subscribers.add(subscriber)
    // Ended when its principal is let out (a key revoked, a session signed out, a role taken away).
    const closed = new AbortController()
    const admitted = scope.whileAdmitted(closed.signal)
    // (Not after shutdown ended it already: a second end with a frame would throw write-after-end.)
    admitted.addEventListener('abort', () => void (res.writableEnded || res.end(endedFrame(admitted.reason))), { once: true })
    // On shutdown: the reconnect delay and a last event, then the end (ops/shutdown.ts).
    const untrack = trackStream('sse', () => res.end(sseShutdownFrames()))
    whenGone(req, res, () => {
      untrack()
      closed.abort()
      subscribers.delete(subscriber)
      if (!subscribers.size && watched.get(executionId) === subscribers) watched.delete(executionId)
    })
  }
}

/**
 * `?view=monitor`: seed 002's ExecutionUpdates (events/monitor.ts), one generator per subscriber
 * — updates are coalesced and few, unlike the plain watch's frames that the hub shares.
 */
async function serveMonitor(services: AppServices, req: IncomingMessage, res: ServerResponse, encodedId: string, resumeFrom: number | null) {
  const closed = new AbortController()
  let untrack = () => {}
  let release = () => {}
  whenGone(req, res, () => {
    untrack()
    closed.abort()
  })
  let updates: AsyncGenerator<{ eventId: number }>
  let first: IteratorResult<{ eventId: number }>
  try {
    const executionId = watchedId(encodedId)
    const scope = await admitReader(services, req, res)
    release = holdWhileOpen(scope, req, res)
    updates = scope.live.monitor(executionId, resumeFrom, closed.signal)
    // The first update (or the refusal) before the answer's head: a refusal is an HTTP answer.
    first = await updates.next()
  } catch (error) {
    release()
    return answerRefusal(res, error)
  }
  if (closed.signal.aborted) return void updates.return(undefined).catch(() => {}) // gone while it was let in
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' })
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000)
  ping.unref()
  untrack = trackStream('sse-monitor', () => {
    res.write(sseShutdownFrames())
    closed.abort()
  })
  try {
    for (let next = first; !next.done; next = await updates.next()) {
      res.write(`id: ${next.value.eventId}\nevent: update\ndata: ${JSON.stringify(next.value)}\n\n`)
      if (res.writableLength > MAX_BUFFERED_BYTES) return void res.destroy()
    }
  } catch (error) {
    // Ended by its principal being let out (it says why), or a failure: the stream ends; a client reconnects with its last id.
    if (!refusalOf(error) && !closed.signal.aborted) logger('watch').error({ err: error }, 'monitor stream failed')
    else if (!closed.signal.aborted) res.write(endedFrame(error))
  } finally {
    clearInterval(ping)
    closed.abort()
    res.end()
  }
}

/**
 * `GET /api/executions/watch`: the events of every execution the caller may see that the list's
 * filter (its query parameters) matches, as the watch stream frames them, from now or after
 * Last-Event-ID (at most MAX_FEED_REPLAY events back: further is refused, saying to list again).
 * One generator per subscriber (scope.live.feed), written as fast as the client reads.
 */
async function serveFeed(getServices: () => Promise<AppServices>, req: IncomingMessage, res: ServerResponse) {
  const services = await getServices()
  const closed = new AbortController()
  let untrack = () => {}
  let release = () => {}
  whenGone(req, res, () => {
    untrack()
    closed.abort()
  })
  let feed: AsyncGenerator<{ frame: Uint8Array }>
  // A fresh feed's start (scope.live.feed, onStart): sent as its first frame, so a client that has
  // had no event of its own yet still reconnects where it began rather than from the moment it reconnects.
  let start = 0
  try {
    // The query as the list reads it: an unknown or repeated parameter is refused naming it.
    const query = feedQuery.safeParse(queryOf(req.url ?? '/'))
    if (!query.success) throw refusalOf(query.error, 'query')
    const { lastEventId, ...fields } = query.data
    const filter = listFilterSchema.safeParse(fields)
    if (!filter.success) throw refusalOf(filter.error, 'query')
    const resumeFrom = resumePoint(req, lastEventId)
    const scope = await admitReader(services, req, res)
    release = holdWhileOpen(scope, req, res)
    // A resume point no event has (400) and one too far behind (409) are answers of their own, before the stream's head.
    if (resumeFrom !== null) services.live.checkFeedResume(services.live.resumePoint(resumeFrom))
    // Its principal let out (a key revoked, a role taken away) ends it, even while it waits on a client that stopped reading.
    const admitted = scope.whileAdmitted(closed.signal)
    admitted.addEventListener(
      'abort',
      () => {
        // (Before the abort: a client that stopped reading gets no frame, and is cut off below.)
        if (res.headersSent && !res.writableNeedDrain && !res.writableEnded) res.write(endedFrame(admitted.reason))
        closed.abort()
      },
      { once: true },
    )
    feed = scope.live.feed(filter.data, resumeFrom, admitted, (id) => (start = id))
  } catch (error) {
    release()
    return answerRefusal(res, error)
  }
  if (closed.signal.aborted) return // gone while it was let in (the feed has not started)
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' })
  // A comment at once: the client knows it is subscribed before the first event comes.
  res.write(': subscribed\n\n')
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000)
  ping.unref()
  untrack = trackStream('sse-feed', () => {
    res.write(sseShutdownFrames())
    closed.abort()
  })
  try {
    // The feed runs to its first wait now: its start is known, and told before any event.
    const first = feed.next()
    if (start > 0) res.write(`id: ${start}\nevent: cursor\ndata: {"eventId":${start}}\n\n`)
    for (let next = await first; !next.done; next = await feed.next()) {
      // Written as fast as the client reads: a slow one holds its own feed back, not the server's memory.
      // A client that stops reading is waited for until its stream is ended (a revoked key, shutdown).
      if (!res.write(next.value.frame)) await writable(res, closed.signal)
      if (closed.signal.aborted) break
    }
  } catch (error) {
    // Ended by its principal being let out, or a failure: the stream ends; a client reconnects with its last id.
    if (!refusalOf(error) && !closed.signal.aborted) logger('watch').error({ err: error }, 'feed stream failed')
  } finally {
    clearInterval(ping)
    closed.abort()
    void feed.return(undefined).catch(() => {})
    // A client that stopped reading keeps no socket and buffered frames once its stream has ended.
    if (res.writableNeedDrain) res.destroy()
    else res.end()
  }
}

/** Until `res` drains, closes or `signal` aborts; the listeners go with the wait (a long stream stalls many times). */
function writable(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      signal.removeEventListener('abort', done)
      resolve()
    }
    res.once('drain', done)
    res.once('close', done)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** The watched execution's id from the path, held to the REST routes' 200 characters (a longer one was echoed back in the 404). */
function watchedId(encoded: string): string {
  const id = decodedPath(encoded)
  if (id.length > 200) throw new ServiceError('BAD_REQUEST', `id: at most 200 characters; got ${id.length}`, 'id')
  return id
}

/** A Node request listener that serves the watch stream itself and hands everything else on. */
export function withWatchStream(
  next: (req: IncomingMessage, res: ServerResponse) => unknown,
  getServices: () => Promise<AppServices>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = createSseHub(getServices)
  return (req, res) => {
    if (req.method === 'GET' && new URL(req.url ?? '/', 'http://localhost').pathname === FEED_PATH) {
      return void serveFeed(getServices, req, res).catch((error) => {
        logger('watch').error({ err: error, path: req.url?.slice(0, 200) }, 'feed stream failed')
        if (!res.headersSent) res.writeHead(500).end()
        else res.destroy()
      })
    }
    const executionId = watchedExecution(req)
    if (!executionId) return void next(req, res)
    serve(req, res, executionId).catch((error) => {
      logger('watch').error({ err: error, path: req.url?.slice(0, 200) }, 'watch stream failed')
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  }
}
