// Seed 001's handlers across executions — `$.on.ServiceExecution.completed(async (execution) => …)`
// — on the console's feed of every execution you may see (GET /api/executions/watch). Each
// handler is given the execution as the console has it when the event arrives (read once per
// event, with its actions), and the event's message; handlers of one subscription run one at a
// time, in the events' order.
import type { Execution } from './executions.js'
import { ExecutionWatcher, type FeedFilter, type WatchMessage, type WatchOptions } from './watcher.js'
import type { Transport } from './http.js'

/** The events `on.ServiceExecution` takes, by seed 001's names, and the stored types they stand for. */
export const EXECUTION_EVENTS = {
  created: 'execution.created',
  started: 'execution.started',
  progress: 'execution.progress',
  paused: 'execution.paused',
  resumed: 'execution.resumed',
  completed: 'execution.completed',
  failed: 'execution.failed',
  cancelled: 'execution.cancelled',
  retry: 'execution.retry',
  stepStarted: 'execution.step.started',
  stepCompleted: 'execution.step.completed',
  stepFailed: 'execution.step.failed',
} as const
export type ExecutionEventName = keyof typeof EXECUTION_EVENTS

export type ExecutionEventHandler = (execution: Execution, message: WatchMessage) => unknown

/** A handler's subscription: `close()` ends it; `watcher` is its stream (its `error` and `reconnecting` events). */
export interface Subscription {
  readonly watcher: ExecutionWatcher
  close(): Promise<void>
}

export interface On {
  /** `on.ServiceExecution.started(handler, filter?)`: the handler for that event of every execution the filter matches. */
  ServiceExecution: { readonly [K in ExecutionEventName]: (handler: ExecutionEventHandler, filter?: FeedFilter, options?: Omit<WatchOptions, 'view'>) => Subscription }
}

export function executionEvents(transport: Transport, get: (id: string) => Promise<Execution>): On {
  const subscribe = (name: ExecutionEventName, handler: ExecutionEventHandler, filter: FeedFilter = {}, options: Omit<WatchOptions, 'view'> = {}): Subscription => {
    const type = EXECUTION_EVENTS[name]
    const watcher = new ExecutionWatcher(transport, '', options, filter)
    let queue = Promise.resolve()
    watcher.on('message', (message) => {
      if (message.event !== type) return
      queue = queue.then(async () => {
        try {
          await handler(await get(message.executionId), message)
        } catch (error) {
          // A handler's failure (or an execution gone since) is its own: reported, and the next event is handled.
          console.error(`on.ServiceExecution.${name}: the handler failed for ${message.executionId}`, error)
        }
      })
    })
    // A refusal that ends the subscription (a revoked key, a role taken away) is said, not silent,
    // unless the caller listens for it on `watcher`.
    watcher.on('error', (error) => {
      if (watcher.listenerCount('error') === 1) console.error(`on.ServiceExecution.${name}: the subscription ended`, error)
    })
    // Away too long to be replayed: it goes on from now; what came meanwhile was not handled.
    watcher.on('reset', ({ lastEventId }) => {
      if (watcher.listenerCount('reset') === 1)
        console.warn(`on.ServiceExecution.${name}: away too long to catch up after event ${lastEventId}; going on from now (list the executions again for what came meanwhile)`)
    })
    return { watcher, close: () => watcher.close() }
  }
  const ServiceExecution = Object.fromEntries(
    (Object.keys(EXECUTION_EVENTS) as ExecutionEventName[]).map((name) => [
      name,
      (handler: ExecutionEventHandler, filter?: FeedFilter, options?: Omit<WatchOptions, 'view'>) => subscribe(name, handler, filter, options),
    ]),
  ) as On['ServiceExecution']
  return { ServiceExecution }
}
