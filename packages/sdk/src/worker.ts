// A worker in a service's own process (the console's docs/workers.md): it registers the task
// types it serves, takes task instances up to its concurrency — pushed over its WebSocket, or
// claimed with an HTTP long poll where a WebSocket cannot connect — runs each
// handler with an abort signal that fires within a second of the task stopping (its execution
// paused or cancelled, its timeout, its lease taken over), renews each lease, and reports the
// output or the error with the lease token of its claim. The console orchestrates; the worker
// only runs handlers.
import type { Transport } from './http.js'
import { AuthenticationError, ConflictError, ConsoleError, ForbiddenError, NetworkError, RateLimitError, TaskStoppedError, type TaskStopReason } from './errors.js'
import { REFUSED_CLOSES, WorkerSocket } from './worker-socket.js'
import type { components } from './openapi.js'
import type { ExecutionHandle } from './executions.js'
import type { CodeWorkflow, TaskDefinitionInput, TaskDefinitions, WorkflowTemplates } from './definitions.js'

/** What a handler is given besides its input. */
export interface TaskContext {
  taskId: string
  executionId: string
  stepId: string
  /** 1 for the step's first attempt. */
  attempt: number
  /** Retries of the step before this attempt. */
  retryCount: number
  task: string
  version: string
  /** Fires when the task should stop; its `reason` is a TaskStoppedError saying why (paused, cancelled, execution-ended, timed-out, reassigned, worker-stopped). */
  signal: AbortSignal
  /** The execution it is a step of: log, progress, metrics, checkpoints. */
  execution: ExecutionHandle
  /** Seed 003's environment variables of its task definition (`executionConfig.environmentVariables`); empty when it has none. */
  env: Readonly<Record<string, string>>
}

export type TaskHandler = (input: any, ctx: TaskContext) => unknown // eslint-disable-line @typescript-eslint/no-explicit-any

/** An error a handler throws to fail its task with a code of the console's taxonomy. */
export class TaskError extends Error {
  override name = 'TaskError'
  constructor(
    readonly code: string,
    message: string,
    readonly options: { recoverable?: boolean; details?: Record<string, unknown> } = {},
  ) {
    super(message)
  }
}

export interface WorkerOptions {
  name?: string
  /** The worker's own version (what it was deployed as). */
  version?: string
  /**
   * The task types it serves: a handler, or a handler with the versions it serves and the
   * definition to register (a definition's version is served by default).
   */
  tasks?: Record<string, TaskHandler | { handler: TaskHandler; versions?: string[]; definition?: Omit<TaskDefinitionInput, 'id'> }>
  /** Workflows written in code (defineWorkflow): registered at start, their `run` steps served here. */
  workflows?: CodeWorkflow[]
  /** Tasks run at once (default 4). */
  concurrency?: number
  /**
   * How it speaks to the console: `websocket` (default; tasks are pushed, in Node) falls back to
   * `http` (long polls) when a WebSocket cannot connect, as behind a proxy that does not upgrade.
   */
  transport?: 'websocket' | 'http'
  /** How long an HTTP claim waits for a task when none is pending (default 20 s). */
  pollWaitMs?: number
  /** Called with what goes wrong outside a handler (a claim that failed, a report refused). */
  onError?: (error: unknown) => void
}

/** A task instance the console handed this worker. */
type Claimed = components['schemas']['ClaimedTask']

interface Running {
  claim: Claimed
  controller: AbortController
  done: Promise<void>
}

const errorBody = (error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error))
  const given = (e as { code?: unknown }).code
  const code = typeof given === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(given) ? given : 'SYSTEM_ERROR'
  const options = e instanceof TaskError ? e.options : {}
  return {
    code,
    // (Within what the console takes: a refused report would not end the task.)
    message: (e.message || 'the task handler failed').slice(0, 10_000),
    ...(options.recoverable !== undefined ? { recoverable: options.recoverable } : {}),
    ...(options.details ? { details: options.details } : {}),
    ...(e.stack ? { stack: e.stack.slice(0, 50_000) } : {}),
  }
}

export class Worker {
  /** Its id once started. */
  id: string | null = null
  private readonly running = new Map<string, Running>()
  private readonly lifetime = new AbortController()
  private signalsPoll: AbortController | null = null
  private slotFreed: () => void = () => {}
  private loops: Promise<void>[] = []
  private readonly handlers = new Map<string, TaskHandler>()
  private readonly served: { task: string; versions?: string[] }[] = []
  /** Its WebSocket while one is open (reports go over HTTP meanwhile otherwise). */
  private socket: WorkerSocket | null = null

  constructor(
    private readonly transport: Transport,
    private readonly execution: (id: string) => ExecutionHandle,
    private readonly registry: { tasks: TaskDefinitions; templates: WorkflowTemplates },
    private readonly options: WorkerOptions,
  ) {
    for (const [task, entry] of Object.entries(options.tasks ?? {})) {
      const handler = typeof entry === 'function' ? entry : entry.handler
      const versions = typeof entry === 'function' ? undefined : (entry.versions ?? (entry.definition ? [entry.definition.version] : undefined))
      this.handlers.set(task, handler)
      this.served.push({ task, ...(versions ? { versions } : {}) })
    }
    for (const workflow of options.workflows ?? [])
      for (const { definition, handler } of workflow.tasks) {
        this.handlers.set(definition.id, handler)
        this.served.push({ task: definition.id, versions: [definition.version] })
      }
  }

  private get concurrency() {
    return this.options.concurrency ?? 4
  }

  /** Registers its definitions, workflows and itself, then claims and runs tasks until stopped. */
  async start(): Promise<void> {
    for (const [task, entry] of Object.entries(this.options.tasks ?? {}))
      if (typeof entry !== 'function' && entry.definition) await this.registry.tasks.register({ ...entry.definition, id: task } as TaskDefinitionInput)
    for (const workflow of this.options.workflows ?? []) {
      for (const { definition } of workflow.tasks) await this.registry.tasks.register(definition)
      await this.registry.templates.register(workflow.template)
    }
    const hostname = await machineName()
    const registered = await this.transport.request<{ id: string }>('POST', '/workers', {
      body: {
        name: this.options.name ?? 'worker',
        version: this.options.version ?? '0.0.0',
        tasks: this.served,
        concurrency: this.concurrency,
        ...(hostname ? { hostname } : {}),
      },
    })
    this.id = registered.id
    this.loops = [this.serve()]
  }

  /** Stops claiming, lets running handlers finish (up to `graceMs`, default 10 s), then aborts them and says it stopped. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.lifetime.signal.aborted) return
    this.lifetime.abort()
    this.slotFreed()
    const deadline = Date.now() + graceMs
    while (this.running.size && Date.now() < deadline)
      await Promise.race([Promise.allSettled([...this.running.values()].map((r) => r.done)), new Promise((r) => setTimeout(r, 100))])
    for (const r of this.running.values()) r.controller.abort(new TaskStoppedError('worker-stopped'))
    this.signalsPoll?.abort()
    this.socket?.close()
    this.slotFreed()
    await Promise.allSettled(this.loops)
    if (this.id) await this.transport.request('POST', `/workers/${this.id}/stop`).catch(() => {})
  }

  private report(error: unknown) {
    if (this.options.onError) this.options.onError(error)
    else console.error('worker:', error)
  }

  private async serve() {
    if (this.options.transport !== 'http' && (await this.serveOverSocket()) === 'stopped') return
    await Promise.all([this.claimLoop(), this.signalsLoop()])
  }

  /** Stops its handlers of these tasks: the console said they stopped. */
  private stopTasks(ids: string[], reasons: Record<string, string> = {}) {
    for (const id of ids) {
      const running = this.running.get(id)
      if (running) running.controller.abort(new TaskStoppedError(stopReasonOf(reasons[id])))
      else {
        // A stop can overtake its task (handed in the same commit as a pause): it is not run when it comes.
        this.stoppedEarly.add(id)
        if (this.stoppedEarly.size > 1_000) this.stoppedEarly.delete(this.stoppedEarly.values().next().value!)
      }
    }
  }
  private readonly stoppedEarly = new Set<string>()

  /**
   * Serves over a WebSocket, reconnecting when it drops (tasks it runs meanwhile report over
   * HTTP); 'unavailable' when the first one never opened — the worker then speaks HTTP.
   */
  private async serveOverSocket(): Promise<'stopped' | 'unavailable'> {
    const signal = this.lifetime.signal
    let opened = false
    for (let failures = 0; !signal.aborted;) {
      let closed = (_: { code: number; reason: string }) => {}
      const ended = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve))
      try {
        this.socket = await WorkerSocket.open(this.transport, this.id!, {
          tasks: (tasks) => {
            for (const claim of tasks) this.run(claim as Claimed)
          },
          stop: (ids, reasons) => this.stopTasks(ids, reasons),
          refused: (error) => this.report(error),
          closed: (code, reason) => closed({ code, reason }),
        })
      } catch (error) {
        const status = (error as { status?: number }).status
        if (status === 401 || status === 403) {
          this.report(error)
          void this.stop(0)
          return 'stopped'
        }
        if (!opened) return 'unavailable'
        failures += 1
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** failures)))
        continue
      }
      opened = true
      failures = 0
      if (signal.aborted) this.socket.close()
      else this.socket.claim(this.concurrency - this.running.size)
      const { code, reason } = await ended
      this.socket = null
      // Its key revoked, its rights or its registration gone: nothing it may claim or report any more.
      if (REFUSED_CLOSES.has(code)) {
        this.report(new ConsoleError(`the console closed the worker's connection: ${reason || code}`, code - 4000, 'CLOSED'))
        void this.stop(0)
        return 'stopped'
      }
    }
    return 'stopped'
  }

  private async claimLoop() {
    const signal = this.lifetime.signal
    while (!signal.aborted) {
      const free = this.concurrency - this.running.size
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve))
        continue
      }
      try {
        // Claimed as RUNNING: this worker starts what it claims at once.
        const claimed = await this.transport.request<Claimed[]>('POST', `/workers/${this.id}/claim`, {
          body: { max: free, waitMs: this.options.pollWaitMs ?? 20_000, start: true },
          signal,
        })
        for (const claim of claimed) this.run(claim)
      } catch (error) {
        if (signal.aborted) break
        this.report(error)
        // Its key revoked or its rights taken away: nothing it may claim or report any more.
        if (error instanceof AuthenticationError || error instanceof ForbiddenError) {
          void this.stop(0)
          break
        }
        await new Promise((r) => setTimeout(r, 1_000))
      }
    }
  }

  /** A long poll for tasks to stop: the console answers when one this worker holds stops. */
  private async signalsLoop() {
    const signal = this.lifetime.signal
    let since: number | undefined
    this.signalsPoll = new AbortController()
    while (!signal.aborted || this.running.size) {
      try {
        const { stop, reasons, cursor } = await this.transport.request<{ stop: string[]; reasons?: Record<string, string>; cursor: number }>(
          'POST',
          `/workers/${this.id}/signals`,
          {
            body: { since, waitMs: 20_000 },
            signal: this.signalsPoll.signal,
            idempotent: true,
          },
        )
        since = cursor
        this.stopTasks(stop, reasons)
      } catch (error) {
        if (this.signalsPoll.signal.aborted) break
        this.report(error)
        await new Promise((r) => setTimeout(r, 1_000))
      }
    }
  }

  private run(claim: Claimed) {
    if (this.stoppedEarly.delete(claim.taskId)) {
      if (!this.lifetime.signal.aborted) this.socket?.claim(1) // its room, unused
      return
    }
    const controller = new AbortController()
    const entry: Running = { claim, controller, done: Promise.resolve() }
    this.running.set(claim.taskId, entry)
    entry.done = this.execute(claim, controller).then(
      (roomGivenOn) => this.freed(claim, roomGivenOn),
      () => this.freed(claim, null),
    )
  }

  /** Its slot is free: room again, which the console may fill — unless the report already said so on this connection. */
  private freed(claim: Claimed, roomGivenOn: WorkerSocket | null) {
    this.running.delete(claim.taskId)
    this.slotFreed()
    if (!this.lifetime.signal.aborted && this.socket !== roomGivenOn) this.socket?.claim(1)
  }

  /** Runs the handler and reports its end; the connection the report gave the slot's room back on, if any. */
  private async execute(claim: Claimed, controller: AbortController): Promise<WorkerSocket | null> {
    const lease = { leaseToken: claim.leaseToken }
    const handler = this.handlers.get(claim.task)
    const beat = setInterval(
      () =>
        void (
          this.socket?.open
            ? this.socket.request<{ stop: boolean }>('heartbeat', { taskId: claim.taskId, ...lease })
            : this.transport.request<{ stop: boolean }>('POST', `/tasks/${claim.taskId}/heartbeat`, { body: lease, idempotent: true })
        )
          .then((r) => r.stop && controller.abort(new TaskStoppedError('stopped')))
          .catch((error) => this.report(error)),
      Math.max(1_000, Math.floor(claim.leaseMs / 3)),
    )
    let outcome: { output: unknown } | { error: unknown }
    try {
      if (!handler) throw new TaskError('CONFIGURATION_ERROR', `this worker has no handler for task ${claim.task}`, { recoverable: false })
      const context: TaskContext = {
        taskId: claim.taskId,
        executionId: claim.executionId,
        stepId: claim.stepId,
        attempt: claim.attempt,
        retryCount: claim.retryCount,
        task: claim.task,
        version: claim.version,
        signal: controller.signal,
        execution: this.execution(claim.executionId),
        env: Object.freeze({ ...claim.environment }),
      }
      const output = await Promise.race([
        Promise.resolve().then(() => handler(claim.input, context)),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })),
      ])
      outcome = { output: output === undefined ? null : output }
    } catch (error) {
      outcome = { error }
    } finally {
      clearInterval(beat)
    }
    // Stopped by the console: the task is no longer this worker's to report on.
    if (controller.signal.aborted) return null
    return this.deliver(
      claim,
      'output' in outcome ? { path: 'complete', body: { ...lease, output: outcome.output } } : { path: 'fail', body: { ...lease, error: errorBody(outcome.error) } },
    )
  }

  /**
   * Reports a task's end until the console takes it: across a dropped connection or a console
   * that restarts (reports are safe to repeat by their lease token), until the console says the
   * task is no longer this worker's (its lease lapsed meanwhile: another worker runs it again).
   * A report that cannot be sent is never turned into the task's failure.
   */
  private async deliver(claim: Claimed, report: { path: 'complete' | 'fail'; body: Record<string, unknown> }): Promise<WorkerSocket | null> {
    // Over the socket, the first report on it also gives the slot's room back (`claim`) — not
    // once the worker is stopping: the console may answer it with the next task, the step its
    // result started. The console says whether it took the room; if not, `freed` claims it.
    let roomGivenOn: WorkerSocket | null = null
    let asked: WorkerSocket | null = null
    const took = (socket: WorkerSocket, room: unknown) => {
      if (typeof room === 'number' && room > 0) roomGivenOn = socket
    }
    for (let attempt = 0; ; attempt++) {
      const socket = this.socket?.open ? this.socket : null
      try {
        if (socket && !asked && !this.lifetime.signal.aborted) {
          asked = socket
          took(socket, (await socket.end(report.path, { taskId: claim.taskId, ...report.body })).room)
        } else if (socket) await socket.request(report.path, { taskId: claim.taskId, ...report.body })
        else await this.transport.request('POST', `/tasks/${claim.taskId}/${report.path}`, { body: report.body, idempotent: true })
        return roomGivenOn
      } catch (error) {
        if (socket && asked === socket) took(socket, (error as { room?: unknown }).room)
        // The task stopped or went to another worker before its result came: nothing to do (not an error of this worker's).
        if (error instanceof ConflictError) return roomGivenOn
        const retryable = error instanceof NetworkError || error instanceof RateLimitError || (error instanceof ConsoleError && error.status >= 500)
        if (!retryable || (this.lifetime.signal.aborted && attempt > 3)) {
          this.report(error)
          return roomGivenOn
        }
        const wait = error instanceof RateLimitError ? error.retryAfter * 1_000 : Math.min(5_000, 500 * 2 ** attempt)
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }
}

/** The machine's name for the Workers page: HOSTNAME when set (containers), else the OS's (shells rarely export HOSTNAME). */
async function machineName(): Promise<string | undefined> {
  if (typeof process === 'undefined') return undefined // (not Node: a browser or an edge runtime)
  if (process.env?.HOSTNAME) return process.env.HOSTNAME
  try {
    return (await import('node:os')).hostname() || undefined
  } catch {
    return undefined
  }
}

const STOP_REASONS: ReadonlySet<string> = new Set<TaskStopReason>(['paused', 'cancelled', 'execution-ended', 'timed-out', 'reassigned'])
/** The console's reason, or 'stopped' from an older console that sends none. */
const stopReasonOf = (reason: string | undefined): TaskStopReason => (reason && STOP_REASONS.has(reason) ? (reason as TaskStopReason) : 'stopped')
