// A worker's log lines from a long job: written in batches (one request per batch, flushed when
// it is full or has waited `flushMs`), with a bound on what waits in memory. When the console
// is slower than the job, `write` makes the job wait (backpressure) instead of growing without
// bound or dropping lines.
import type { LogLine } from './executions.js'

export interface LogWriterOptions {
  /** Lines per request (default 500; the console takes up to 5,000). */
  batchSize?: number
  /** The longest a line waits before its batch is sent (default 1 s). */
  flushMs?: number
  /** Lines that may wait in memory before `write` waits for the console (default 10,000). */
  maxBuffered?: number
  /** Called when a batch could not be sent after the transport's retries; the lines are dropped. Without it, flush() and close() reject with the error. */
  onError?: (error: unknown, lines: LogLine[]) => void
}

export class LogWriter {
  private buffer: LogLine[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private sending: Promise<void> = Promise.resolve()
  private inFlight = 0
  private readonly waiters: (() => void)[] = []
  private closed = false
  /** A batch's failure not yet reported (when there is no onError). */
  private failure: unknown
  private readonly batchSize: number
  private readonly flushMs: number
  private readonly maxBuffered: number

  constructor(
    private readonly send: (lines: LogLine[]) => Promise<unknown>,
    private readonly options: LogWriterOptions = {},
  ) {
    this.batchSize = Math.min(5_000, Math.max(1, options.batchSize ?? 500))
    this.flushMs = options.flushMs ?? 1_000
    this.maxBuffered = Math.max(this.batchSize, options.maxBuffered ?? 10_000)
  }

  /** Lines waiting to be sent, and being sent. */
  get pending(): number {
    return this.buffer.length + this.inFlight
  }

  /** Queues a line (a string is an info line); resolves at once unless too much waits already. */
  async write(line: LogLine | string): Promise<void> {
    if (this.closed) throw new Error('the log writer is closed')
    this.buffer.push(typeof line === 'string' ? { level: 'info', message: line } : line)
    if (this.buffer.length >= this.batchSize) this.flushBatch()
    else this.timer ??= setTimeout(() => this.flushBatch(), this.flushMs)
    while (this.pending > this.maxBuffered) await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  debug = (message: string, context?: Record<string, unknown>) => this.write({ level: 'debug', message, ...(context ? { context } : {}) })
  info = (message: string, context?: Record<string, unknown>) => this.write({ level: 'info', message, ...(context ? { context } : {}) })
  warn = (message: string, context?: Record<string, unknown>) => this.write({ level: 'warn', message, ...(context ? { context } : {}) })
  error = (message: string, context?: Record<string, unknown>) => this.write({ level: 'error', message, ...(context ? { context } : {}) })

  /** Sends everything queued; resolves when the console has it. */
  async flush(): Promise<void> {
    while (this.buffer.length) this.flushBatch()
    await this.sending
    const failure = this.failure
    this.failure = undefined
    if (failure !== undefined) throw failure
  }

  /** Flushes and refuses further lines. */
  async close(): Promise<void> {
    this.closed = true
    await this.flush()
  }

  /** Sends the next batch after the ones before it (lines keep their order). */
  private flushBatch() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const lines = this.buffer.splice(0, this.batchSize)
    if (!lines.length) return
    this.inFlight += lines.length
    this.sending = this.sending
      .then(async () => {
        await this.send(lines)
      })
      .catch((error: unknown) => {
        if (this.options.onError) this.options.onError(error, lines)
        else this.failure ??= error
      })
      .finally(() => {
        this.inFlight -= lines.length
        while (this.waiters.length && this.pending <= this.maxBuffered) this.waiters.shift()!()
      })
    if (this.buffer.length && !this.timer) this.timer = setTimeout(() => this.flushBatch(), this.flushMs)
  }
}
