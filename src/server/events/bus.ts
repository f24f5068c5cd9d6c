// Publishes committed execution events to live listeners. The in-process bus is the default;
// a shared bus (Redis pub/sub) can implement the same interface for several processes.
import { EventEmitter } from 'node:events'

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
}

export interface EventBus {
  /** Called only after the transaction that wrote the events has committed. */
  publish(events: readonly CommittedEvent[]): void
  subscribe(listener: (event: CommittedEvent) => void): () => void
}

export function createInProcessBus(): EventBus {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(0)
  return {
    publish(events) {
      for (const event of events) emitter.emit('event', event)
    },
    subscribe(listener) {
      emitter.on('event', listener)
      return () => emitter.off('event', listener)
    },
  }
}
