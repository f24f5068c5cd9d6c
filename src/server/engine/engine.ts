// The engine: a durable queue on the database and the runner of workflow definitions.
// Every change it makes goes through the execution service — the same write path as an
// operator's — so the timeline, live views and webhooks see the engine as they see anyone. Its
// own statements (due executions, leases, the reads of a run) are the queue store's.
//
//   scheduler.ts    definitions, starts, due executions, ticks, heartbeats, bus wake-ups
//   runner.ts       one execution: launch, steps in order, children, timeout, parking
//   step.ts         one step: handler, retries, recovery strategies, log buffer
//   queue-store.ts  every SQL statement the engine runs
import { setMaxListeners } from 'node:events'
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { EventBus } from '../events/bus'
import type { Actor } from '../domain/actor'
import { createSlots } from './slots'
import type { AfterTask } from '../services/executions/tasks'
import type { ExecutionService } from '../services/executions'
import { systemClock, type Clock } from '../lib/clock'
import { compileDefinitions } from './definitions'
import { createQueueStore, type QueueStoreOptions } from './queue-store'
import { createRunner, type Run } from './runner'
import { createScheduler } from './scheduler'
import { createResourceGate } from './resources'
import type { WorkflowDefinition } from './workflow'
import type { EngineRecovery } from './recovery'

export type { StartOptions } from './scheduler'

export interface EngineOptions {
  /** The write path's connection; the engine reads through it too (committed data, no round trip). */
  store: QueueStoreOptions['writer']
  executions: ExecutionService
  bus: EventBus
  workflows: WorkflowDefinition[]
  clock?: Clock
  workerId?: string
  /** Executions run at once by this worker. */
  concurrency?: number
  /** A worker that stops heartbeating loses its executions after this long. */
  leaseMs?: number
  /** How often the queue is looked at when nothing wakes the scheduler sooner. */
  pollMs?: number
  /** Automatic checkpoints of a running execution (default 15 minutes). */
  checkpointEveryMs?: number
  random?: () => number
  /** Run-time recovery strategies of the organisations (services/recovery.ts); none: only the workflows' own. */
  recovery?: EngineRecovery
  /**
   * Wake-ups from outside the bus that work may be due (PostgreSQL's LISTEN, db/postgres/notify.ts):
   * given the scheduler's wake, returns how to stop. Polling goes on either way.
   */
  wakeUps?: (wake: () => void) => () => void
  /** Executions under one root at most (children.ts, MAX_TREE by default). */
  maxTree?: number
}

export function createEngine(options: EngineOptions) {
  const { executions, bus, workflows } = options
  const clock = options.clock ?? systemClock
  const workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
  const concurrency = options.concurrency ?? 8
  const leaseMs = options.leaseMs ?? 30_000
  const pollMs = options.pollMs ?? 250
  const checkpointEveryMs = options.checkpointEveryMs ?? 15 * 60_000
  const random = options.random ?? Math.random
  const actor: Actor = { type: 'engine', id: workerId }
  const queue = createQueueStore({ writer: options.store, read: executions.read, now: () => clock.now() })
  const definitions = compileDefinitions(workflows)
  const active = new Map<string, Run>()
  const slots = createSlots(concurrency, active)
  const resources = createResourceGate({ executions, queue, clock, actor, bus })
  const lifetime = new AbortController()
  setMaxListeners(0, lifetime.signal) // every run and sleep listens to it

  // The runner starts children and frees slots through the scheduler; the scheduler launches runs.
  const runner = createRunner({
    executions,
    queue,
    definitions,
    clock,
    workerId,
    actor,
    leaseMs,
    pollMs,
    checkpointEveryMs,
    random,
    active,
    slots,
    resources,
    lifetime: lifetime.signal,
    startWorkflow: (workflow, start) => scheduler.startWorkflow(workflow, start),
    kick: () => scheduler.kick(),
    recovery: options.recovery,
    maxTree: options.maxTree,
    startFallback: async (workflow, start) => ({ id: (await scheduler.startWorkflow(workflow, start)).$id }),
  })
  const scheduler = createScheduler({
    executions,
    queue,
    bus,
    workflows,
    definitions,
    clock,
    workerId,
    actor,
    concurrency,
    leaseMs,
    pollMs,
    active,
    slots,
    lifetime,
    launch: runner.launch,
    wakeUps: options.wakeUps,
  })

  return {
    workerId,
    startWorkflow: scheduler.startWorkflow,
    /** Registers the definitions and starts scheduling. */
    start: scheduler.start,
    /** Interrupts running handlers and releases every lease so another worker can go on. */
    stop: async () => {
      await scheduler.stop()
      resources.stop()
    },
    tick: scheduler.tick,
    /** The task steps to start with a worker's result for this step, when this engine drives its execution now (else none: its run does). */
    planAfterTask: (executionId: string, stepId: string, output: unknown): AfterTask => active.get(executionId)?.planAfter?.(stepId, output) ?? { next: [] },
    get active() {
      return [...active.keys()]
    },
  }
}

export type Engine = ReturnType<typeof createEngine>
