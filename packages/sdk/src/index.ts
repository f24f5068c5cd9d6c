// The execution console's client: `createClient({ url, apiKey })` returns `$`, with
// $.ServiceExecution as seed 001 writes it, the lookups its relations use, and helpers for a
// worker reporting from a long job. Types come from the console's OpenAPI document (openapi.ts).
import { Transport, type TransportOptions } from './http.js'
import { serviceExecutions, type Execution, type ExecutionReport, type ServiceExecutionApi, type ServiceExecutionData, type LogLine } from './executions.js'
import type { ExecutionWatcher } from './watcher.js'
import type { components } from './openapi.js'
import {
  lookups,
  marketplace,
  type Collection,
  type BusinessWorkflow,
  type Customer,
  type CustomerFilter,
  type CustomerInput,
  type Listed,
  type Organization,
  type ServiceOrder,
  type ServiceOrderFilter,
  type ServiceOrderInput,
  type Services,
} from './lookups.js'
import { LogWriter, type LogWriterOptions } from './log-writer.js'
import { ProgressReporter } from './progress.js'
import { taskDefinitions, workflowTemplates, type TaskDefinitions, type WorkflowTemplates } from './definitions.js'
import { Worker, type WorkerOptions } from './worker.js'
import { recoveryStrategies, type RecoveryStrategies } from './recovery.js'
import { notificationChannels, notifications, type NotificationChannels, type Notifications } from './notifications.js'
import { resources, type Resources } from './resources.js'
import { executionEvents, type On } from './on.js'

export type ClientOptions = TransportOptions

/** Seed 002's engine methods for recovery strategies: addRecoveryStrategy, removeRecoveryStrategy, listRecoveryStrategies (recovery.ts). */
export interface Client extends RecoveryStrategies {
  ServiceExecution: ServiceExecutionApi
  /** The catalog: `get`, `list` (everyone), `create` (admins). */
  Service: Services
  /** Service orders (seed 001): `get`, `list`, `iterate`, `create` — yours as customer or as the service's provider. */
  ServiceOrder: Listed<ServiceOrder, ServiceOrderInput, ServiceOrderFilter>
  /** Customers: your own, those you registered, those that ordered your services. */
  Customer: Listed<Customer, CustomerInput, CustomerFilter>
  /** Workflow definitions, and runs of them on the console's engine. */
  BusinessWorkflow: Collection<BusinessWorkflow> & {
    /** Starts a run of a workflow's newest version (its key): queued, the engine starts it by priority and age. */
    start(workflow: string, options?: components['schemas']['StartWorkflow']): Promise<Execution>
    /**
     * Seed 002's execute(plan): starts a run as `start` does and resolves once it has ended —
     * completed, failed (a retry its policy schedules comes later, as another attempt) or
     * cancelled — with its report (seed 002's ExecutionResult). `signal` stops the wait, not the run.
     */
    execute(workflow: string, options?: components['schemas']['StartWorkflow'] & { signal?: AbortSignal }): Promise<ExecutionReport>
  }
  Organization: Collection<Organization>
  /** Batched, backpressured log lines of one execution. */
  logWriter(executionId: string, options?: LogWriterOptions): LogWriter
  /** Progress of one execution, coalesced to one request per `intervalMs` (default 500). */
  progressReporter(executionId: string, intervalMs?: number): ProgressReporter
  /** Task definitions (seed 003): versioned, immutable once registered. */
  TaskDefinition: TaskDefinitions
  /** Workflow templates (seed 004): versioned definitions as data. */
  WorkflowTemplate: WorkflowTemplates
  /** A worker serving task types in this process; `start()` it. */
  worker(options: WorkerOptions): Worker
  /** The signed-in user's notification centre (an API key has none: 403). */
  Notification: Notifications
  /** Organisations' notification channels: email and Slack-compatible webhooks (admins). */
  NotificationChannel: NotificationChannels
  /** Resources steps hold while they run (GPU slots, tokens per minute, a team's seats): readers list, admins change. */
  Resource: Resources
  /** Seed 001's handlers across executions: `$.on.ServiceExecution.completed(async (execution) => …)`, each a live feed until closed. */
  on: On
}

export function createClient(options: ClientOptions): Client {
  const transport = new Transport(options)
  const find = lookups(transport)
  const { api: ServiceExecution, live } = serviceExecutions(transport, find)
  return {
    ServiceExecution,
    ...marketplace(transport, find),
    BusinessWorkflow: {
      get: find.workflow,
      start: async (workflow, options = {}) =>
        live(await transport.request<ServiceExecutionData>('POST', `/workflows/${encodeURIComponent(workflow)}/executions`, { body: options })),
      execute: async (workflow, { signal, ...options } = {}) => {
        const execution = ServiceExecution[(await transport.request<ServiceExecutionData>('POST', `/workflows/${encodeURIComponent(workflow)}/executions`, { body: options })).$id]!
        await untilEnded(execution.watch(), signal)
        return execution.report()
      },
    },
    Organization: { get: find.organization },
    logWriter: (executionId, writerOptions) => new LogWriter((lines: LogLine[]) => ServiceExecution[executionId]!.log(lines), writerOptions),
    progressReporter: (executionId, intervalMs) => new ProgressReporter((progress) => ServiceExecution[executionId]!.updateProgress(progress), intervalMs),
    TaskDefinition: taskDefinitions(transport),
    WorkflowTemplate: workflowTemplates(transport),
    ...recoveryStrategies(transport),
    Resource: resources(transport),
    worker: (workerOptions) => new Worker(transport, (id) => ServiceExecution[id]!, { tasks: taskDefinitions(transport), templates: workflowTemplates(transport) }, workerOptions),
    Notification: notifications(transport),
    NotificationChannel: notificationChannels(transport),
    on: executionEvents(transport, (id) => ServiceExecution.get(id)),
  }
}

/** Resolves once the watched execution has ended (an ending before the watch began is told too); closes the watcher. */
async function untilEnded(watcher: ExecutionWatcher, signal?: AbortSignal): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      for (const ending of ['completed', 'failed', 'cancelled'] as const) watcher.on(ending, () => resolve())
      watcher.on('error', reject)
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  } finally {
    await watcher.close()
  }
}

/** The client `$` and `on` stand for, made from the environment when first used. */
let environmentClient: Client | undefined
function fromEnvironment(): Client {
  if (!environmentClient) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
    if (!env.CONSOLE_URL)
      throw new Error('`$` and `on` use the console at CONSOLE_URL with the key in CONSOLE_API_KEY: set them, or make a client with createClient({ url, apiKey })')
    environmentClient = createClient({ url: env.CONSOLE_URL, apiKey: env.CONSOLE_API_KEY })
  }
  return environmentClient
}

/** Seed 001's `$` (`$.ServiceExecution.create(…)`): the client of the console at CONSOLE_URL, with CONSOLE_API_KEY, made when first used. */
export const $: Client = new Proxy({} as Client, { get: (_, property) => Reflect.get(fromEnvironment(), property) })
/** Seed 001's `on` (`on.ServiceExecution.completed(async (execution) => …)`) on that client. */
export const on: On = new Proxy({} as On, { get: (_, property) => Reflect.get(fromEnvironment().on, property) })

export * from './errors.js'
export { isExecutionComplete, isExecutionFailed, isExecutionRunning, canRetry, isRetryableError, type RetryableError, type RetryBudget, type WithStatus } from './guards.js'
export type {
  ExecutionStep,
  ExecutionLog,
  ExecutionMetrics,
  ExecutionCheckpoint,
  ExecutionResult,
  ServiceExecutionData,
  Execution,
  ExecutionHandle,
  ExecutionActions,
  ExecutionConfig,
  PartialExecution,
  AnalyticsFilter,
  AnalyticsSummary,
  AnalyticsBreakdown,
  ExecutionWithRelations,
  ExecutionSummary,
  ExecutionFilter,
  ExecutionQuery,
  Reference,
  LogLine,
  ServiceExecutionApi,
  ServiceExecutionCollection,
  Precondition,
  AlertCondition,
  ExecutionAlert,
  Alert,
  ExecutionReport,
} from './executions.js'
export type {
  Service,
  ServiceOrder,
  BusinessWorkflow,
  Organization,
  Customer,
  CustomerInput,
  CustomerFilter,
  ServiceInput,
  ServiceOrderInput,
  ServiceOrderFilter,
  Page,
  Listed,
  Services,
} from './lookups.js'
export { ExecutionWatcher, type FeedFilter, type WatchEvents, type WatchMessage, type WatchOptions } from './watcher.js'
export { EXECUTION_EVENTS, type ExecutionEventName, type ExecutionEventHandler, type On, type Subscription } from './on.js'
export { ExecutionMonitor, type ExecutionUpdate, type ExecutionProgress, type MonitorOptions } from './monitor.js'
export { LogWriter, type LogWriterOptions } from './log-writer.js'
export { ProgressReporter } from './progress.js'
export {
  RecoveryAction,
  type RecoveryResult,
  type RecoveryStrategy,
  type RecoveryStrategies,
  type RecoveryStrategyData,
  type RecoveryStrategyInput,
  type RecoveryStrategyPatch,
} from './recovery.js'
export type { AllocatedResource, Resource, ResourceInput, ResourceUsage, ResourceUsageSeries, ResourceRequirement, Resources } from './resources.js'
export { Worker, TaskError, type WorkerOptions, type TaskContext, type TaskHandler } from './worker.js'
export {
  defineWorkflow,
  type CodeWorkflow,
  type CodeStep,
  type TaskDefinition,
  type TaskDefinitionInput,
  type WorkflowTemplate,
  type WorkflowTemplateInput,
  type WorkflowTemplateStep,
} from './definitions.js'
export type {
  Notification,
  NotificationChannel,
  NotificationChannelInput,
  NotificationChannelPatch,
  NotificationDelivery,
  Notifications,
  NotificationChannels,
} from './notifications.js'
export type { components, paths, operations } from './openapi.js'
