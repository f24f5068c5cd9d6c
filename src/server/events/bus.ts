// Publishes committed execution events to live listeners. The in-process bus is the default;
// a shared bus (Redis pub/sub) can implement the same interface for several processes.
import { logger } from '../ops/log'
import { EventEmitter } from 'node:events'
import { connectRedis } from '../ops/redis'

export interface CommittedEvent {
  id: number
  executionId: string
  type: string
  stepId: string | null
  actorType: string
  actorId: string
  status: string | null
  data: unknown
  createdAt: Date
  /** The execution's version after the change that appended it (not stored: live events only). */
  version?: number
}

export interface EventBus {
  /**
   * True when events reach listeners in the order of their ids (one process, one writer).
   * Through Redis, another process's event can arrive after a later local one: listeners then
   * read the event table from their cursor instead of trusting the arrival order.
   */
  readonly ordered: boolean
  /** Called only after the transaction that wrote the events has committed. */
  publish(events: readonly CommittedEvent[]): void
  subscribe(listener: (event: CommittedEvent) => void): () => void
}

export function createInProcessBus(): EventBus {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(0)
  return {
    ordered: true,
    publish(events) {
      for (const event of events) emitter.emit('event', event)
    },
    subscribe(listener) {
      emitter.on('event', listener)
      return () => emitter.off('event', listener)
    },
  }
}

/**
 * A bus shared by several server processes through Redis pub/sub. Events are handed to local
 * listeners at once and published for the others; each process skips its own messages.
 */
export async function createRedisBus(url: string): Promise<EventBus & { close(): Promise<void> }> {
  const channel = 'execution-console:events'
  const origin = `${process.pid}-${Math.random().toString(36).slice(2)}`
  const local = createInProcessBus()
  // Once up, a lost connection is retried for as long as it takes (events wait in the queue).
  const publisher = await connectRedis(url, 'the live-event bus', { maxRetriesPerRequest: null })
  const subscriber = await connectRedis(url, 'the live-event bus', { maxRetriesPerRequest: null }).catch((error) => {
    publisher.disconnect()
    throw error
  })
  await subscriber.subscribe(channel)
  subscriber.on('message', (_channel, text: string) => {
    const message = JSON.parse(text) as { origin: string; events: (Omit<CommittedEvent, 'createdAt'> & { createdAt: string })[] }
    if (message.origin === origin) return
    local.publish(message.events.map((e) => ({ ...e, createdAt: new Date(e.createdAt) })))
  })
  return {
    ordered: false,
    publish(events) {
      if (!events.length) return
      local.publish(events)
      publisher.publish(channel, JSON.stringify({ origin, events })).catch((error) => logger('bus').error({ err: error }, 'event bus: publishing to Redis failed'))
    },
    subscribe: local.subscribe,
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()])
    },
  }
}
