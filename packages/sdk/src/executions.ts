// $.ServiceExecution as seed 001 writes it: create, get, list and find executions, and
// $.ServiceExecution[id] to drive one (start, pause, … log, reportMetrics, checkpoint), read it
// (`await $.ServiceExecution[id].status`), follow its relations (order, service, workflow,
// customer) and watch it. Executions answered are live objects: the console's ServiceExecution,
// with the same methods bound to it and its relations as awaitable references.
import type { Transport } from './http.js'
import type { components, operations } from './openapi.js'
import type { Lookups, Organization, Service, ServiceOrder, BusinessWorkflow } from './lookups.js'
import { ExecutionWatcher, type FeedFilter, type WatchOptions } from './watcher.js'
import { ExecutionMonitor, type ExecutionProgress, type MonitorOptions } from './monitor.js'
import { usageOf, type AllocatedResource, type ResourceRequirement, type ResourceUsage } from './resources.js'

type Schemas = components['schemas']
export type ServiceExecutionData = Schemas['ServiceExecution']
export type ExecutionStep = Schemas['ExecutionStep']
export type ExecutionLog = Schemas['ExecutionLog']
export type ExecutionMetrics = Schemas['ExecutionMetrics']
export type ExecutionCheckpoint = Schemas['ExecutionCheckpoint']
export type ExecutionResult = Schemas['ExecutionResult']
export type ExecutionErrorInput = Schemas['ExecutionErrorInput']
export type LogLine = Schemas['ExecutionLogInput']
type CreateBody = Schemas['CreateExecution']
/** Seed 000's PartialExecution: the fields of an execution a PUT changes (a status change goes through the lifecycle). */
export type PartialExecution = Schemas['UpdateExecution']
type BodyOf<O extends keyof operations> = operations[O] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never
export type CheckpointInput = BodyOf<'createExecutionCheckpoint'>
export type StartStepInput = BodyOf<'startExecutionStep'>
/** Seed 002's AlertCondition on one execution (`metric`, `operator`, `threshold`, `duration`; or `metric: 'status'` with `statuses`), a name and a webhook. */
export type AlertCondition = Schemas['ExecutionAlertInput']
export type ExecutionAlert = Schemas['ExecutionAlert']
/** Seed 002's Alert, as a setAlert callback receives it. */
export interface Alert {
  id: string
  executionId: string
  condition: ExecutionAlert['condition']
  triggered: Date
  value: number
  message: string
}

/** A related object: its id now, the object when awaited. */
export interface Reference<T> extends PromiseLike<T> {
  readonly $id: string
}

/** What create takes: the console's CreateExecution, with `order` and `service` also as objects or promises of them (`$.Service.get(id)`). */
export type ExecutionConfig = Omit<CreateBody, 'order' | 'service'> & {
  order?: string | { $id: string } | PromiseLike<{ $id: string }>
  service: string | { $id: string } | PromiseLike<{ $id: string }>
}

/** The filters of the executions list (status, service, priority, tags, search, …) as the console takes them. */
type ListQuery = NonNullable<operations['listExecutions']['parameters']['query']>
/** A list filter as the console takes it; a list field takes one value too (`{ status: 'running' }`). */
export type ExecutionFilter = { [K in Exclude<keyof ListQuery, 'query' | 'cursor'>]?: ListQuery[K] extends (infer U)[] | null | undefined ? U | U[] : ListQuery[K] }
/** A find() query: field paths with values or operators ($in $nin $gt $gte $lt $lte $ne). */
export type ExecutionQuery = Record<string, unknown>

/** An operator's precondition: refuse unless the execution is in one of these statuses (or at this version). */
export interface Precondition {
  expectedStatus?: ServiceExecutionData['status'] | ServiceExecutionData['status'][]
  expectedVersion?: number
}

/** Seed 002's ExecutionResult of one execution (`execution.report()`, `BusinessWorkflow.execute()`). */
export type ExecutionReport = components['schemas']['ExecutionReport']

/** What one execution offers, by id, without reading it first. */
export interface ExecutionActions {
  readonly $id: string
  /** The execution as it is now. */
  get(): Promise<Execution>
  start(options?: Precondition): Promise<Execution>
  pause(options?: Precondition): Promise<Execution>
  resume(options?: Precondition): Promise<Execution>
  cancel(reason?: string, options?: Precondition): Promise<Execution>
  complete(result: ExecutionResult): Promise<Execution>
  fail(error: ExecutionErrorInput): Promise<Execution>
  retry(options?: Precondition & { runAt?: string }): Promise<Execution>
  /** A failed execution back to one of its checkpoints, then retried: what the checkpoint had finished is kept. */
  restoreCheckpoint(checkpointId: string, options?: Precondition): Promise<Execution>
  /** A new run of its workflow with its input, edited or not (its version unless another is named), linked to it. */
  replay(options?: { input?: Record<string, unknown>; version?: number }): Promise<Execution>
  /** A new run from `fromStep`: the steps before it carried over with their outputs, it and the rest run again. */
  rerun(fromStep: string): Promise<Execution>
  updateProgress(progress: number): Promise<Execution>
  /**
   * Seed 000's PartialExecution: changes the fields given (priority, tags, metadata, context,
   * assignee, timeout, retryPolicy, progress; a status through the lifecycle) in one PUT.
   * `expectedVersion` refuses with a ConflictError when it changed meanwhile.
   */
  update(changes: PartialExecution): Promise<Execution>
  /** Appends one line or a batch (one request; for a stream of lines see `logWriter`). */
  log(lines: LogLine | LogLine[]): Promise<{ count: number; firstId: number; lastId: number }>
  reportMetrics(metrics: Schemas['MetricsReport']): Promise<Execution>
  /** Saves the service's state as a checkpoint; with none given, the console takes one now from the steps (seed 002's createCheckpoint). */
  checkpoint(checkpoint?: CheckpointInput): Promise<Execution>
  heartbeat(): Promise<Execution>
  startStep(step: StartStepInput): Promise<Execution>
  completeStep(stepId: string, input?: { output?: unknown; metadata?: Record<string, unknown> }): Promise<Execution>
  failStep(stepId: string, error: ExecutionErrorInput): Promise<Execution>
  skipStep(stepId: string, input?: { reason?: string; disabled?: boolean }): Promise<Execution>
  /** Watches its events live (reconnecting after a drop or a restart without gaps or repeats). */
  watch(options?: WatchOptions): ExecutionWatcher
  /** Seed 002's monitor(): `for await (const update of execution.monitor())` — ExecutionUpdates until it ends, you break, or `signal` aborts. */
  monitor(options?: MonitorOptions): ExecutionMonitor
  /** Seed 002's ExecutionProgress now: percentage, tasks, estimatedTimeRemaining (ms) and currentPhase. (`progress` is the awaitable 0–100 number.) */
  getProgress(): Promise<ExecutionProgress>
  /**
   * Seed 002's ExecutionResult (getResult): its status in the seed's names (`consoleStatus` beside
   * it), result or error, metrics, the resources it held and its timeline, in one answer.
   */
  report(): Promise<ExecutionReport>
  /**
   * Seed 002's setAlert: the console stores and evaluates the condition (it fires once, even with
   * no client listening: an execution.alert event on the timeline, and a webhook when given).
   * With `callback`, this client also watches the execution and calls it when the alert fires.
   * Answers the alert's id.
   */
  setAlert(condition: AlertCondition, callback?: (alert: Alert) => void): Promise<string>
  /** Removes an alert (and stops its callback's watch). */
  removeAlert(alertId: string): Promise<void>
  /** Its alerts, armed and fired. */
  alerts(): Promise<ExecutionAlert[]>
  /**
   * Seed 002's allocateResources: the resources a step of this execution (default "execution")
   * needs, all at once; resolves once they are allocated — waiting by priority while they are
   * short — with what it holds (`r.id` for releaseResources). `signal` stops the wait.
   */
  allocateResources(requirements: ResourceRequirement[], options?: { step?: string; signal?: AbortSignal }): Promise<AllocatedResource[]>
  /** Seed 002's releaseResources: what the step holds (only these resource ids, when given), released as used. */
  releaseResources(resourceIds?: string[], options?: { step?: string }): Promise<void>
}

/** $.ServiceExecution[id]: actions, and properties read when awaited. */
export interface ExecutionHandle extends ExecutionActions {
  readonly status: Promise<ServiceExecutionData['status']>
  readonly progress: Promise<number>
  readonly result: Promise<ExecutionResult | undefined>
  readonly metrics: Promise<ExecutionMetrics>
  /** Seed 000's ExecutionSummary: id, status, progress, startedAt, completedAt, duration (ms), success. */
  readonly summary: Promise<ExecutionSummary>
  /** Seed 002's ResourceUsage[]: each allocation of its steps, its times as Dates. */
  readonly resourceUsage: Promise<ResourceUsage[]>
  readonly logs: Promise<ExecutionLog[]>
  readonly steps: Promise<ExecutionStep[]>
  readonly checkpoints: Promise<ExecutionCheckpoint[]>
  readonly order: Promise<ServiceOrder>
  readonly service: Promise<Service>
  readonly workflow: Promise<BusinessWorkflow | null>
  readonly customer: Promise<Organization>
}

/** An execution as the console answered it, with its actions and its relations. */
export type Execution = Omit<ServiceExecutionData, 'order' | 'service'> &
  ExecutionActions & {
    readonly order: Reference<ServiceOrder>
    readonly service: Reference<Service>
    /** Its workflow definition (null when no workflow runs it); `$id` its workflowTemplateVersionId. */
    readonly workflow: PromiseLike<BusinessWorkflow | null> & { readonly $id: string | null }
    /** The customer of its order. */
    readonly customer: PromiseLike<Organization>
  }

export interface ServiceExecutionCollection {
  create(config: ExecutionConfig): Promise<Execution>
  get(id: string): Promise<Execution>
  /** One page of executions, newest first (at most `limit`, 50 by default). */
  list(filter?: ExecutionFilter): Promise<Execution[]>
  /** Every execution the filter matches, page after page. */
  iterate(filter?: ExecutionFilter): AsyncIterable<Execution>
  /**
   * The events of every execution the filter matches (of the organisations you may see), live from
   * now — or after `options.lastEventId` — as one stream: `on(type, handler)` or iterate; each
   * message names its execution. Reconnects with the last event id, missing nothing.
   */
  watchAll(filter?: FeedFilter, options?: Omit<WatchOptions, 'view'>): ExecutionWatcher
  /** Executions matching a query: `{ status: 'failed' }`, `{ 'metrics.cost': { $gt: 1 } }`, `{ 'metadata.createdAt': { $gte, $lte } }`. */
  find(query: ExecutionQuery, options?: { limit?: number }): Promise<Execution[]>
  /** Seed 000's ExecutionWithRelations: the execution with its order, service, workflow and customer as objects, in one request. */
  withRelations(id: string): Promise<ExecutionWithRelations>
  /**
   * Seed 001 Example 12's figures, counted by the console over every execution you see (not one
   * page): total, by status, successRate, averageDuration (ms), totalCost and failures by error
   * code, for a service, a workflow (key or key@version) and a creation time range.
   */
  analytics(filter?: AnalyticsFilter): Promise<AnalyticsSummary>
  /** The same figures, one row per service or per workflow version. */
  analyticsBy(by: 'service' | 'workflow', filter?: AnalyticsFilter): Promise<AnalyticsBreakdown>
}

export type AnalyticsSummary = Schemas['AnalyticsSummary']
export type AnalyticsBreakdown = Schemas['AnalyticsBreakdown']
/** Which executions analytics counts: a service, a workflow (key or key@version), created from/to (ISO 8601, or Dates). */
export interface AnalyticsFilter {
  service?: string
  workflow?: string
  from?: string | Date
  to?: string | Date
}

/** Seed 000's lightweight summary of an execution. */
export type ExecutionSummary = components['schemas']['ExecutionSummary']

/** An execution with its order, service, workflow (null when none) and customer populated. */
export type ExecutionWithRelations = components['schemas']['ExecutionWithRelations']

/** $.ServiceExecution: the collection, and any execution by id. */
export type ServiceExecutionApi = ServiceExecutionCollection & { readonly [id: string]: ExecutionHandle }

/** Properties that are the collection's (or that tools look up on any object), never an execution id. */
const COLLECTION_KEYS = new Set([
  'create',
  'get',
  'list',
  'iterate',
  'watchAll',
  'find',
  'withRelations',
  'analytics',
  'analyticsBy',
  'then',
  'toJSON',
  'toString',
  'valueOf',
  'inspect',
  'constructor',
  '$$typeof',
  'asymmetricMatch',
  'nodeType',
])

/** $.ServiceExecution, and how an execution the console answered becomes a live one (with its actions and relations). */
export function serviceExecutions(transport: Transport, lookups: Lookups): { api: ServiceExecutionApi; live: (data: ServiceExecutionData) => Execution } {
  const path = (id: string, rest = '') => `/executions/${encodeURIComponent(id)}${rest}`
  const post = (id: string, rest: string, body: unknown = {}) => transport.request<ServiceExecutionData>('POST', path(id, rest), { body }).then(live)
  const read = (id: string) => transport.request<ServiceExecutionData>('GET', path(id))

  function actions(id: string): ExecutionActions {
    return {
      $id: id,
      get: () => read(id).then(live),
      start: (options) => post(id, '/start', options),
      pause: (options) => post(id, '/pause', options),
      resume: (options) => post(id, '/resume', options),
      cancel: (reason, options) => post(id, '/cancel', { ...options, ...(reason !== undefined ? { reason } : {}) }),
      complete: (result) => post(id, '/complete', result),
      fail: (error) => post(id, '/fail', error),
      retry: (options) => post(id, '/retry', options),
      restoreCheckpoint: (checkpointId, options) => post(id, `/checkpoints/${encodeURIComponent(checkpointId)}/restore`, options),
      replay: (options) => post(id, '/replay', options),
      rerun: (fromStep) => post(id, '/rerun', { fromStep }),
      updateProgress: (progress) => post(id, '/progress', { progress }),
      update: (changes) => transport.request<ServiceExecutionData>('PUT', path(id), { body: changes }).then(live),
      log: (lines) => transport.request('POST', path(id, '/logs'), { body: Array.isArray(lines) ? { logs: lines } : lines }),
      reportMetrics: (metrics) => post(id, '/metrics', metrics),
      checkpoint: (checkpoint = {}) => post(id, '/checkpoints', checkpoint),
      heartbeat: () => post(id, '/heartbeat'),
      startStep: (step) => post(id, '/steps', step),
      completeStep: (stepId, input = {}) => post(id, `/steps/${encodeURIComponent(stepId)}/complete`, input),
      failStep: (stepId, error) => post(id, `/steps/${encodeURIComponent(stepId)}/fail`, { error }),
      allocateResources: async (requirements, options = {}) => {
        for (;;) {
          options.signal?.throwIfAborted()
          const answer = await transport.request<components['schemas']['ResourceAllocation']>('POST', path(id, '/resources/allocate'), {
            body: { requirements, wait: 20_000, ...(options.step ? { step: options.step } : {}) },
          })
          if (answer.status === 'allocated') return answer.resources
        }
      },
      releaseResources: async (resourceIds, options = {}) => {
        await transport.request('POST', path(id, '/resources/release'), { body: { ...(resourceIds ? { resourceIds } : {}), ...(options.step ? { step: options.step } : {}) } })
      },
      skipStep: (stepId, input = {}) => post(id, `/steps/${encodeURIComponent(stepId)}/skip`, input),
      watch: (options) => new ExecutionWatcher(transport, id, options),
      monitor: (options) => new ExecutionMonitor(transport, id, options),
      getProgress: () => transport.request<ExecutionProgress>('GET', path(id, '/progress')),
      report: () => transport.request<ExecutionReport>('GET', path(id, '/report')),
      setAlert: (condition, callback) => setAlert(id, condition, callback),
      async removeAlert(alertId) {
        await callbacks.get(alertId)?.close()
        callbacks.delete(alertId)
        await transport.request('DELETE', path(id, `/alerts/${encodeURIComponent(alertId)}`))
      },
      alerts: () => transport.request<ExecutionAlert[]>('GET', path(id, '/alerts')),
    }
  }

  /** The watches of setAlert callbacks, by alert id (removeAlert closes one). */
  const callbacks = new Map<string, ExecutionWatcher>()

  /**
   * The alert is the console's (evaluated server-side: silence and duration need its clock and
   * its table, and a client that is away must not miss a firing); a callback rides on the watch
   * stream, opened before the alert is set so that a condition that holds at once is heard too.
   */
  async function setAlert(id: string, condition: AlertCondition, callback?: (alert: Alert) => void): Promise<string> {
    if (!callback) return (await transport.request<ExecutionAlert>('POST', path(id, '/alerts'), { body: condition })).id
    const watcher = new ExecutionWatcher(transport, id)
    await new Promise<void>((resolve, reject) => {
      watcher.on('state', () => resolve())
      watcher.on('error', reject)
    })
    let alert: ExecutionAlert
    try {
      alert = await transport.request<ExecutionAlert>('POST', path(id, '/alerts'), { body: condition })
    } catch (error) {
      await watcher.close()
      throw error
    }
    callbacks.set(alert.id, watcher)
    const done = () => {
      callbacks.delete(alert.id)
      void watcher.close()
    }
    watcher.on('message', (message) => {
      const data = (message.data ?? {}) as { alertId?: string; value?: number; message?: string }
      if (message.event === 'execution.alert' && data.alertId === alert.id) {
        done()
        callback({ id: alert.id, executionId: id, condition: alert.condition, triggered: new Date(message.timestamp), value: data.value ?? 0, message: data.message ?? '' })
      } else if (message.type === 'completed' || message.type === 'failed' || message.type === 'cancelled') {
        // An ended execution's last events are measured as they commit: a firing comes within moments, or not at all.
        setTimeout(() => callbacks.get(alert.id) === watcher && done(), 5_000).unref?.()
      }
    })
    return alert.id
  }

  /** The console's answer as a live execution. */
  function live(data: ServiceExecutionData): Execution {
    const execution = { ...data, ...actions(data.$id) } as Record<string, unknown>
    // Read when awaited, each time (a relation can change: an order's status); JSON shows the id.
    const reference = <T>(id: string | null, load: () => Promise<T>) => ({
      $id: id,
      then: <A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, fail?: ((reason: unknown) => B | PromiseLike<B>) | null) => load().then(ok, fail),
      toJSON: () => id,
      toString: () => String(id),
    })
    const workflowId = data.workflowTemplateVersionId ?? null
    execution.order = reference(data.order, () => lookups.order(data.order))
    execution.service = reference(data.service, () => lookups.service(data.service))
    execution.workflow = reference(workflowId, () => (workflowId ? lookups.workflow(workflowId) : Promise.resolve(null)))
    execution.customer = { then: reference(null, () => lookups.order(data.order).then((order) => lookups.organization(order.customer))).then }
    return execution as unknown as Execution
  }

  function handle(id: string): ExecutionHandle {
    const base = actions(id)
    const field = <T>(pick: (e: ServiceExecutionData) => T) => read(id).then(pick)
    return Object.defineProperties(base, {
      status: { get: () => field((e) => e.status) },
      progress: { get: () => field((e) => e.progress) },
      result: { get: () => field((e) => e.result) },
      metrics: { get: () => transport.request('GET', path(id, '/metrics')) },
      summary: { get: () => transport.request('GET', path(id, '/summary')) },
      resourceUsage: { get: () => transport.request<components['schemas']['ResourceUsage'][]>('GET', path(id, '/resources')).then(usageOf) },
      logs: { get: () => transport.request<{ items: ExecutionLog[] }>('GET', path(id, '/logs'), { query: { latest: true } }).then((page) => page.items) },
      steps: { get: () => transport.request('GET', path(id, '/steps')) },
      checkpoints: { get: () => transport.request('GET', path(id, '/checkpoints')) },
      order: { get: () => field((e) => e.order).then((orderId) => lookups.order(orderId)) },
      service: { get: () => field((e) => e.service).then((serviceId) => lookups.service(serviceId)) },
      workflow: { get: () => field((e) => e.workflowTemplateVersionId).then((w) => (w ? lookups.workflow(w) : null)) },
      customer: {
        get: () =>
          field((e) => e.order)
            .then((orderId) => lookups.order(orderId))
            .then((order) => lookups.organization(order.customer)),
      },
    }) as ExecutionHandle
  }

  const toId = async (value: string | { $id: string } | PromiseLike<{ $id: string }> | undefined) => {
    const resolved = await value
    return resolved === undefined ? undefined : typeof resolved === 'string' ? resolved : resolved.$id
  }

  const collection: ServiceExecutionCollection = {
    async create(config) {
      const [order, service] = await Promise.all([toId(config.order), toId(config.service)])
      const body = { ...config, service: service!, ...(order !== undefined ? { order } : {}) }
      return live(await transport.request<ServiceExecutionData>('POST', '/executions', { body }))
    },
    get: (id) => read(id).then(live),
    async list(filter = {}) {
      const page = await transport.request<{ items: ServiceExecutionData[] }>('GET', '/executions', { query: filter as RequestQuery })
      return page.items.map(live)
    },
    async *iterate(filter = {}) {
      let cursor: string | undefined
      do {
        const page = await transport.request<{ items: ServiceExecutionData[]; nextCursor: string | null }>('GET', '/executions', { query: { ...(filter as RequestQuery), cursor } })
        for (const item of page.items) yield live(item)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
    },
    watchAll: (filter = {}, options = {}) => new ExecutionWatcher(transport, '', options, filter),
    async find(query, options = {}) {
      const page = await transport.request<{ items: ServiceExecutionData[] }>('GET', '/executions', { query: { query: JSON.stringify(query), limit: options.limit } })
      return page.items.map(live)
    },
    withRelations: (id) => transport.request<ExecutionWithRelations>('GET', path(id, '/relations')),
    analytics: (filter = {}) => transport.request<AnalyticsSummary>('GET', '/analytics/summary', { query: analyticsQuery(filter) }),
    analyticsBy: (by, filter = {}) => transport.request<AnalyticsBreakdown>('GET', '/analytics/breakdown', { query: { ...analyticsQuery(filter), by } }),
  }

  const api = new Proxy(collection, {
    get(target, property, receiver) {
      if (typeof property !== 'string' || COLLECTION_KEYS.has(property)) return Reflect.get(target, property, receiver)
      return handle(property)
    },
  }) as ServiceExecutionApi
  return { api, live }
}

type RequestQuery = Record<string, string | number | boolean | readonly string[] | undefined>

function analyticsQuery(filter: AnalyticsFilter): RequestQuery {
  const iso = (d: string | Date | undefined) => (d instanceof Date ? d.toISOString() : d)
  return { service: filter.service, workflow: filter.workflow, from: iso(filter.from), to: iso(filter.to) }
}
