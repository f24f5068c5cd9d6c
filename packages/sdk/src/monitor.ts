// Seed 002's monitor(executionId): an async iterable of ExecutionUpdates (status, progress with its
// estimate and phase, the running step, a metrics snapshot, the events and log lines since the
// previous update), read from the watch stream's monitor view (`?view=monitor`). Built on the
// watcher, so it reconnects after a drop or a console restart with the last update's event id and
// misses nothing. It ends when the execution ends (completed, failed, cancelled), when the caller
// breaks out of the loop or aborts its signal; a refusal (not found, a key revoked) is thrown.
import type { ConsoleError } from './errors.js'
import type { Transport } from './http.js'
import type { components } from './openapi.js'
import { ExecutionWatcher } from './watcher.js'

export type ExecutionUpdate = components['schemas']['ExecutionUpdate']
export type ExecutionProgress = components['schemas']['ExecutionProgress']

export interface MonitorOptions {
  /** Stops the monitor (the loop ends without an error). */
  signal?: AbortSignal
  /** Resume after this event id (an update's `eventId`). */
  lastEventId?: number
  /** End after the update that says the execution ended (default true). */
  untilEnded?: boolean
}

const ENDED = new Set(['completed', 'failed', 'cancelled'])

export class ExecutionMonitor implements AsyncIterable<ExecutionUpdate> {
  /** The event id the last update covered: a monitor from here misses nothing. */
  lastEventId: number | undefined

  constructor(
    private readonly transport: Transport,
    readonly executionId: string,
    private readonly options: MonitorOptions = {},
  ) {
    this.lastEventId = options.lastEventId
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ExecutionUpdate> {
    const { signal, untilEnded = true } = this.options
    if (signal?.aborted) return
    const watcher = new ExecutionWatcher(this.transport, this.executionId, { view: 'monitor', lastEventId: this.lastEventId })
    let refused: ConsoleError | undefined
    watcher.on('error', (error) => (refused = error))
    const stop = () => void watcher.close()
    signal?.addEventListener('abort', stop, { once: true })
    try {
      for await (const message of watcher) {
        const update = message as unknown as ExecutionUpdate
        if (update.type !== 'update') continue
        this.lastEventId = update.eventId
        yield update
        if (untilEnded && ENDED.has(update.status)) return
      }
      if (refused && !signal?.aborted) throw refused
    } finally {
      signal?.removeEventListener('abort', stop)
      await watcher.close()
    }
  }
}
