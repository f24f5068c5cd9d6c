// LISTEN/NOTIFY for the engine's queue on PostgreSQL (docs/cluster.md, "The queue"): a change that
// makes work due sends `NOTIFY` in its own transaction (delivered at COMMIT, dropped on ROLLBACK),
// and every node's scheduler listens on a connection of its own — async, in the main thread,
// outside the worker's synchronous ones — so a node hears work written by another within a round
// trip instead of on its next poll. Polling stays the fallback: a notification lost while the
// listener reconnects is found by the next poll.
import pg from 'pg'
import type { CommittedEvent } from '../../events/bus'
import { logger } from '../../ops/log'

/** The channel the queue's wake-ups go on. */
export const QUEUE_CHANNEL = 'console_queue'

/** The statement a transaction runs to wake every node's scheduler at its COMMIT (one per transaction: PostgreSQL folds repeats). */
export const NOTIFY_QUEUE_SQL = `SELECT pg_notify('${QUEUE_CHANNEL}', '')`

/** Events after which an execution is due for a scheduler: queued, resumed, retried, handed to the engine. */
export function makesWorkDue(event: Pick<CommittedEvent, 'type' | 'status' | 'data'>): boolean {
  switch (event.type) {
    case 'execution.created':
      return (event.data as { queued?: unknown } | null)?.queued !== false
    case 'execution.resumed':
    case 'execution.retry':
      return true
    case 'execution.started':
      return event.status === 'starting'
    default:
      return false
  }
}

export interface Listener {
  close(): Promise<void>
}

/** Calls `onNotify` on every notification of `channel`; reconnects after `retryMs` when the connection drops. */
export function listen(url: string, channel: string, onNotify: () => void, retryMs = 1_000): Listener {
  let client: pg.Client | undefined
  let closed = false
  let timer: NodeJS.Timeout | undefined
  const log = logger('postgres')

  const connect = async () => {
    if (closed) return
    const c = new pg.Client({ connectionString: url })
    client = c
    const retry = (error?: unknown) => {
      if (client !== c) return
      client = undefined
      void c.end().catch(() => {})
      if (closed) return
      if (error) log.warn({ err: error }, `LISTEN ${channel}: connection lost; polling until it is back`)
      timer = setTimeout(() => void connect(), retryMs)
      timer.unref()
    }
    c.on('error', retry)
    c.on('end', () => retry())
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify()
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${channel}`)
      // Work made due while no one listened: looked for now.
      onNotify()
    } catch (error) {
      retry(error)
    }
  }
  void connect()

  return {
    async close() {
      closed = true
      clearTimeout(timer)
      const c = client
      client = undefined
      await c?.end().catch(() => {})
    },
  }
}
