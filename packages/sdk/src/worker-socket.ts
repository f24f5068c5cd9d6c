// The worker's WebSocket to the console (`WS /api/workers/{id}/connect`): tasks and stops pushed
// as they happen, reports answered by id. One connection instead of a long poll and a handful of
// HTTP exchanges per task. Node only (the `ws` package sends the API key as a header); where it
// cannot connect, the worker speaks HTTP instead.
import { errorOf, NetworkError, type ConsoleError } from './errors.js'
import type { Transport } from './http.js'

/** What each refusal code is over HTTP, so a report refused here throws the error REST would. */
const STATUS_OF: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
}

/** Close codes after which reconnecting is pointless: the key or its rights are gone, or the worker is. */
export const REFUSED_CLOSES = new Set([4401, 4403, 4404, 4409])

interface Socket {
  readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  on(event: 'message', listener: (data: { toString(): string }) => void): void
  on(event: 'close', listener: (code: number, reason: { toString(): string }) => void): void
  on(event: 'error', listener: (error: Error) => void): void
  once(event: 'open', listener: () => void): void
  once(event: 'unexpected-response', listener: (req: unknown, res: { statusCode?: number }) => void): void
}

export interface SocketEvents {
  tasks(tasks: unknown[]): void
  stop(taskIds: string[], reasons: Record<string, string>): void
  /** A refusal of a frame that carried no id (the console could not read it). */
  refused(error: ConsoleError): void
  closed(code: number, reason: string): void
}

/** A connection that opened; `opened` rejects with why it did not (the HTTP status of a refused upgrade, or 0). */
export class WorkerSocket {
  private next = 1
  private readonly pending = new Map<number, { resolve: (ok: unknown) => void; reject: (error: unknown) => void; withRoom?: boolean }>()

  private constructor(private readonly ws: Socket) {}

  static async open(transport: Transport, workerId: string, events: SocketEvents): Promise<WorkerSocket> {
    const { WebSocket } = (await import('ws')) as unknown as { WebSocket: new (url: string, options: { headers: Record<string, string> }) => Socket }
    const url = transport.url(`/workers/${encodeURIComponent(workerId)}/connect`).replace(/^http/, 'ws')
    const ws = new WebSocket(url, { headers: transport.headersFor() })
    const socket = new WorkerSocket(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`the console refused the WebSocket (${res.statusCode})`), { status: res.statusCode ?? 0 })))
      ws.on('error', (error) => reject(Object.assign(error, { status: 0 })))
    })
    ws.on('message', (data) => socket.received(data.toString(), events))
    ws.on('close', (code, reason) => {
      for (const { reject } of socket.pending.values()) reject(new NetworkError(`the worker's connection closed (${code}) before the console answered`, null))
      socket.pending.clear()
      events.closed(code, reason.toString())
    })
    return socket
  }

  get open(): boolean {
    return this.ws.readyState === 1
  }

  /** Room for `max` more tasks: the console pushes them as they become pending. */
  claim(max: number) {
    if (this.open && max > 0) this.ws.send(JSON.stringify({ op: 'claim', max }))
  }

  /** A report, answered by the console as REST answers it (its refusal thrown as the same typed error). */
  request<T>(op: 'heartbeat' | 'complete' | 'fail', body: Record<string, unknown>): Promise<T> {
    if (!this.open) return Promise.reject(new NetworkError("the worker's connection is closed", null))
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (ok: unknown) => void, reject })
      this.ws.send(JSON.stringify({ op, id, ...body }))
    })
  }

  /**
   * A task's end that gives its slot back with it (`claim: 1`): answered with the room the console
   * took — 0 from a console that does not take room with reports, when the worker must send a
   * `claim` itself. A refusal is thrown with `room` on the error.
   */
  end(op: 'complete' | 'fail', body: Record<string, unknown>): Promise<{ room: number }> {
    if (!this.open) return Promise.reject(new NetworkError("the worker's connection is closed", null))
    const id = this.next++
    return new Promise<{ room: number }>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (ok: unknown) => void, reject, withRoom: true })
      this.ws.send(JSON.stringify({ op, id, ...body, claim: 1 }))
    })
  }

  close() {
    this.ws.close(1000, 'the worker stopped')
  }

  private received(text: string, events: SocketEvents) {
    let message: {
      type?: string
      re?: number
      ok?: unknown
      error?: { code: string; message: string; retryAfter?: number }
      tasks?: unknown[]
      room?: unknown
      reasons?: Record<string, string>
    }
    try {
      message = JSON.parse(text)
    } catch {
      return
    }
    if (message.type === 'tasks') return events.tasks(message.tasks ?? [])
    if (message.type === 'stop') return events.stop((message.tasks ?? []) as string[], message.reasons ?? {})
    const error = message.error
      ? errorOf(STATUS_OF[message.error.code] ?? 500, { error: message.error }, message.error.retryAfter !== undefined ? String(message.error.retryAfter) : null)
      : null
    // A report's answer may bring the next tasks (room it gave back, filled at once).
    if (message.tasks?.length) events.tasks(message.tasks)
    const waiting = message.re !== undefined ? this.pending.get(message.re) : undefined
    if (!waiting) return error ? events.refused(error) : undefined
    this.pending.delete(message.re!)
    const room = typeof message.room === 'number' ? message.room : 0
    if (error) waiting.reject(waiting.withRoom ? Object.assign(error, { room }) : error)
    else waiting.resolve(waiting.withRoom ? { room } : message.ok)
  }
}
