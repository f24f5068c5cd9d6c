// An execution's watch stream (GET /api/executions/:id/watch, Server-Sent Events) as seed 001's
// ExecutionWatcher: `on(type, handler)`, `close()`, and an async iterator. A dropped connection
// or a restarted console is reconnected to with the last event id seen, so the console replays
// what was missed: nothing is lost and nothing is seen twice.
import { createParser } from 'eventsource-parser'
import { ConsoleError, errorOf, RateLimitError } from './errors.js'
import { parseBody, type Transport } from './http.js'
import type { components, operations } from './openapi.js'

export type WatchMessage = components['schemas']['WatchMessage']
type FeedQuery = NonNullable<operations['watchExecutions']['parameters']['query']>
/** Which executions a feed follows: the list's filter (status, service, tag, …); a list field takes one value too. */
export type FeedFilter = { [K in Exclude<keyof FeedQuery, 'lastEventId'>]?: FeedQuery[K] extends (infer U)[] | null | undefined ? U | U[] : FeedQuery[K] }
export type ServiceExecution = components['schemas']['ServiceExecution']
type Step = components['schemas']['ExecutionStep']

/** What each event hands its handlers (as seed 001's examples use them). */
export interface WatchEvents {
  /** The progress, 0–100. */
  progress: number
  /** The new status. */
  status_changed: string
  'step.started': { id: string; name: string; attempt?: number; message: WatchMessage }
  'step.completed': { id: string; name: string; duration?: number; message: WatchMessage }
  'step.failed': { id: string; name: string; error?: unknown; message: WatchMessage }
  /** The lines of a log batch. */
  log: components['schemas']['ExecutionLog'][]
  /** The execution's result. */
  completed: { success?: boolean; summary?: string; message: WatchMessage }
  /** The error it failed with. */
  failed: { code?: string; message?: string; step?: string; recoverable?: boolean; retryCount?: number }
  cancelled: { reason?: string }
  /** Every message, as the console sent it. */
  message: WatchMessage
  /** The execution as it was when the stream began (not sent when resuming). */
  state: ServiceExecution
  /** The console answered: from now on every event reaches this watcher (after a reconnect too). */
  open: { lastEventId?: number }
  /** The connection dropped; it is being opened again after `delay` ms. */
  reconnecting: { attempt: number; delay: number; error: unknown }
  /**
   * A feed (`watchAll`, `on`) was away longer than the console replays (409: more than 10,000
   * events of the console since `lastEventId`): it goes on from now. What came meanwhile is not
   * delivered — list the executions again to catch up.
   */
  reset: { lastEventId: number; error: ConsoleError }
  /** The watch ended for good: refused (not found, no longer allowed) or closed. */
  error: ConsoleError
}

export interface WatchOptions {
  /** Resume after this event id (as a reconnect does). */
  lastEventId?: number
  /** Reconnect when the connection drops (default true). */
  reconnect?: boolean
  /** The longest wait between reconnects, in ms (default 10 s). */
  maxReconnectDelayMs?: number
  /** `monitor`: seed 002's ExecutionUpdates instead of each event (what `monitor()` reads). */
  view?: 'events' | 'monitor'
}

type Handler<K extends keyof WatchEvents> = (value: WatchEvents[K]) => void

/** Messages kept for a lagging iterator before the stream stops being read (the console then holds them, or replays them on reconnect). */
const MAX_QUEUED = 1_000

export class ExecutionWatcher implements AsyncIterable<WatchMessage> {
  /** The id of the last event received: a new watch from here misses nothing. */
  lastEventId: number | undefined
  private readonly handlers = new Map<keyof WatchEvents, Set<Handler<never>>>()
  private readonly controller = new AbortController()
  private closed = false
  /** Messages waiting for an iterator, and iterators waiting for a message. */
  private readonly queue: WatchMessage[] = []
  private readonly waiting: ((result: IteratorResult<WatchMessage>) => void)[] = []
  private readonly done: Promise<void>

  /**
   * `executionId`: the execution watched. `feed`: instead, every execution this list filter matches
   * (`GET /api/executions/watch`; `executionId` is then '' and each message names its own).
   */
  constructor(
    private readonly transport: Transport,
    readonly executionId: string,
    private readonly options: WatchOptions = {},
    private readonly feed?: FeedFilter,
  ) {
    this.lastEventId = options.lastEventId
    this.done = this.run()
  }

  on<K extends keyof WatchEvents>(type: K, handler: Handler<K>): this {
    let set = this.handlers.get(type)
    if (!set) this.handlers.set(type, (set = new Set()))
    set.add(handler as Handler<never>)
    return this
  }

  off<K extends keyof WatchEvents>(type: K, handler: Handler<K>): this {
    this.handlers.get(type)?.delete(handler as Handler<never>)
    return this
  }

  /** How many handlers listen for `type`. */
  listenerCount(type: keyof WatchEvents): number {
    return this.handlers.get(type)?.size ?? 0
  }

  /** Stops watching; resolves once the connection is closed. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true
      this.controller.abort()
      this.resumeReading?.()
      for (const resolve of this.waiting.splice(0)) resolve({ value: undefined, done: true })
    }
    await this.done
  }

  /** Seed 001's name for close(). */
  stop(): Promise<void> {
    return this.close()
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchMessage> {
    this.iterators++
    return {
      next: () => {
        const value = this.queue.shift()
        if (this.queue.length < MAX_QUEUED) this.resumeReading?.()
        if (value) return Promise.resolve({ value, done: false })
        if (this.closed) return Promise.resolve({ value: undefined, done: true })
        return new Promise((resolve) => this.waiting.push(resolve))
      },
      return: async () => {
        await this.close()
        return { value: undefined, done: true }
      },
    }
  }

  private emit<K extends keyof WatchEvents>(type: K, value: WatchEvents[K]) {
    for (const handler of this.handlers.get(type) ?? []) {
      try {
        ;(handler as Handler<K>)(value)
      } catch (error) {
        // A handler's failure is its own: reported, and the stream goes on (a throw here would end a Node process).
        console.error(`execution watcher: a '${String(type)}' handler failed`, error)
      }
    }
  }

  private deliver(message: WatchMessage) {
    this.lastEventId = message.eventId
    const waiter = this.waiting.shift()
    if (waiter) waiter({ value: message, done: false })
    else {
      this.queue.push(message)
      // Until an iterator is made, the newest MAX_QUEUED are kept for it (handlers are not held up);
      // once one iterates, a full queue holds the reading instead (see read).
      if (this.iterators === 0 && this.queue.length > MAX_QUEUED) this.queue.shift()
    }
    this.emit('message', message)
    const data = (message.data ?? {}) as Record<string, unknown>
    const step = () => ({ id: message.step ?? '', name: String(data.name ?? message.step ?? ''), message })
    switch (message.type) {
      case 'progress':
        if (message.progress !== undefined) this.emit('progress', message.progress)
        break
      case 'status_changed':
        if (message.status) this.emit('status_changed', message.status)
        break
      case 'step.started':
        this.emit('step.started', { ...step(), attempt: data.attempt as number | undefined })
        break
      case 'step.completed':
        this.emit('step.completed', { ...step(), duration: data.duration as number | undefined })
        break
      case 'step.failed':
        this.emit('step.failed', { ...step(), error: data.error })
        break
      case 'log':
        this.emit('log', message.logs ?? [])
        break
      case 'completed':
        this.emit('completed', { success: data.success as boolean | undefined, summary: data.summary as string | undefined, message })
        this.emit('status_changed', 'completed')
        break
      case 'failed':
        this.emit('failed', (data.error ?? {}) as WatchEvents['failed'])
        this.emit('status_changed', 'failed')
        break
      case 'cancelled':
        this.emit('cancelled', { reason: data.reason as string | undefined })
        this.emit('status_changed', 'cancelled')
        break
    }
  }

  /** The ending of an execution that ended before it was watched, told as its ending event would be. */
  private deliverEnding(execution: ServiceExecution, eventId: number) {
    const status = execution.status
    if (status !== 'completed' && status !== 'failed' && status !== 'cancelled') return
    const error = execution.error as { message?: string } | undefined
    const data = status === 'completed' ? execution.result : status === 'failed' ? { error } : { reason: error?.message }
    this.deliver({
      type: status,
      event: `execution.${status}`,
      eventId,
      executionId: execution.$id,
      timestamp: String(execution.metrics?.completedAt ?? new Date().toISOString()),
      actor: { type: 'system', id: 'console' },
      status,
      data,
    })
  }

  /** Why the console ended the stream for good (its `ended` frame): said as an error, not reconnected. */
  private endedBy: ConsoleError | undefined
  /** Iterators made: messages not yet asked for are kept for them (see deliver). */
  private iterators = 0
  /** Set while reading waits for a lagging iterator to catch up. */
  private resumeReading: (() => void) | undefined

  private async run(): Promise<void> {
    const signal = this.controller.signal
    for (let attempt = 0; !this.closed;) {
      try {
        const headers = this.transport.headersFor({ accept: 'text/event-stream', ...(this.lastEventId !== undefined ? { 'last-event-id': String(this.lastEventId) } : {}) })
        const url = this.feed
          ? this.transport.url('/executions/watch', this.feed)
          : this.transport.url(`/executions/${encodeURIComponent(this.executionId)}/watch`, this.options.view === 'monitor' ? { view: 'monitor' } : undefined)
        const response = await this.transport.fetch(url, { headers, signal })
        if (!response.ok) {
          const text = await response.text()
          const error = errorOf(response.status, parseBody(text), response.headers.get('retry-after'))
          // A feed too far behind to replay goes on from now (a fresh feed is never refused so), saying so.
          if (this.feed && response.status === 409 && this.lastEventId !== undefined) {
            const lastEventId = this.lastEventId
            this.lastEventId = undefined
            this.emit('reset', { lastEventId, error })
            continue
          }
          // A refusal other than the rate is final: not found, no longer allowed.
          if (response.status !== 429 && response.status < 500) {
            this.emit('error', error)
            break
          }
          throw error
        }
        attempt = 0
        this.emit('open', { lastEventId: this.lastEventId })
        await this.read(response.body!)
        if (this.closed) break
        if (this.endedBy) {
          this.emit('error', this.endedBy)
          break
        }
        throw new Error('the console closed the stream')
      } catch (error) {
        if (this.closed || signal.aborted) break
        if (this.options.reconnect === false) {
          this.emit('error', error instanceof ConsoleError ? error : new ConsoleError(String((error as Error).message ?? error), 0, 'NETWORK'))
          break
        }
        attempt++
        const backoff = Math.min(this.options.maxReconnectDelayMs ?? 10_000, 250 * 2 ** Math.min(attempt - 1, 6)) + Math.random() * 100
        // Past the key's rate: not before the console says (Retry-After).
        const delay = error instanceof RateLimitError ? Math.max(backoff, error.retryAfter * 1000) : backoff
        this.emit('reconnecting', { attempt, delay, error })
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay)
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
        })
      }
    }
    this.closed = true
    for (const resolve of this.waiting.splice(0)) resolve({ value: undefined, done: true })
  }

  /** Reads SSE frames until the stream ends. */
  private async read(body: ReadableStream<Uint8Array>) {
    const parser = createParser({
      onEvent: (event) => {
        // The console is shutting down: the stream ends next and is reconnected to (another node
        // behind the same address, or this one once it is back) with the last event id.
        if (event.event === 'shutdown') return
        // Its key was revoked, its session ended or its role taken away: why, and no reconnect.
        if (event.event === 'ended') {
          const { status, ...body } = JSON.parse(event.data) as { status?: number }
          this.endedBy = errorOf(status ?? 401, body, null)
          return
        }
        // A feed's position with no event for this watcher (its start, events its filter skipped):
        // where a reconnect resumes, so nothing that comes meanwhile is missed.
        if (event.event === 'cursor') {
          if (event.id) this.lastEventId = Number(event.id)
          return
        }
        const data = JSON.parse(event.data) as Record<string, unknown>
        if (event.event === 'state') {
          // A first stream (not a resumed one, which replays what it missed) of an execution that
          // has already ended would otherwise never tell its 'completed', 'failed' or 'cancelled'.
          const fresh = this.lastEventId === undefined
          if (event.id) this.lastEventId = Number(event.id)
          const execution = data.execution as ServiceExecution
          this.emit('state', execution)
          if (fresh && event.id) this.deliverEnding(execution, Number(event.id))
          return
        }
        this.deliver(data as unknown as WatchMessage)
      },
    })
    const decoder = new TextDecoder()
    const reader = body.getReader()
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        parser.feed(decoder.decode(value, { stream: true }))
        // Back-pressure: an iterator that lags stops the reading, not the memory.
        while (this.iterators > 0 && this.queue.length >= MAX_QUEUED && !this.closed) await new Promise<void>((resolve) => (this.resumeReading = resolve))
        this.resumeReading = undefined
      }
    } finally {
      reader.releaseLock()
    }
  }
}

export type { Step }
