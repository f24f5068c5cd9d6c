// The process-wide services: one database connection, one bus, one write path.
import { config } from './config'
import { dataDir } from './db/database-url.mjs'
import { getDb } from './db/client'
import { getReader } from './db/reader'
import { getWriter } from './db/writer'
import { createInProcessBus, createRedisBus, type EventBus } from './events/bus'
import { createLiveService, type LiveService } from './events/live'
import { createExecutionService, type ExecutionService } from './services/executions'
import { createIdempotencyStore, type IdempotencyStore } from './services/idempotency'
import { createLookups, type Lookups } from './services/lookups'
import { createMarketplace, type Marketplace } from './services/marketplace'
import { createQueryService, type QueryService } from './services/queries'
import { createCatalogService, type CatalogService } from './services/catalog'
import { createDefinitionService, type DefinitionService } from './services/definitions'
import { createTaskService, type TaskService } from './services/tasks'
import { createAlertService, type AlertService } from './services/alerts'
import { createResourceService, type ResourceService } from './services/resources'
import { createViewService, type ViewService } from './services/views'
import { createFailureService, type FailureService } from './services/failures'
import { createInbox, type Inbox } from './services/inbox'
import { createForecasts, type Forecasts } from './services/forecasts'
import { ServiceError } from './services/errors'
import { createProgressReader, type ProgressReader } from './services/progress'
import { createExecutionAlertService, type ExecutionAlertService } from './services/execution-alerts'
import { createRecoveryService, type RecoveryService } from './services/recovery'
import { createMonitor, type Monitor } from './events/monitor'
import { createAccessService, type AccessService } from './auth/access'
import { createLogArchive, type LogArchive } from './retention/logs'
import { archiveStoresFromConfig } from './retention/archive-store'
import type { Engine, StartOptions } from './engine/engine'
import type { ServiceExecution } from './domain/execution'
import type { RunnerDirectory } from './domain/runner'
import { createRunnerDirectory } from './services/workers'
import { createNotificationService, type NotificationService } from './notifications/service'
import { connectRateLimitRedis } from './ops/redis'

export interface AppServices {
  executions: ExecutionService
  /** Idempotency-Key on POSTs: the first request's answer for its retries. */
  idempotency: IdempotencyStore
  /** What executions refer to: services, orders, workflows, organisations (the SDK's relations). */
  lookups: Lookups
  /** Services, orders and customers (seed 001's marketplace), under the executions' tenancy rule. */
  marketplace: Marketplace
  queries: QueryService
  catalog: CatalogService
  /** Task definitions and workflow templates registered as data (docs/workflows.md). */
  definitions: DefinitionService
  /** Task instances and the workers that claim them (docs/workers.md). */
  tasks: TaskService
  bus: EventBus
  live: LiveService
  alerts: AlertService
  /** Resources steps hold while they run (docs/resources.md). */
  resources: ResourceService
  /** Saved list views, shared by the team. */
  views: ViewService
  /** Failure analytics and what operators decided about failure groups. */
  failures: FailureService
  /** The reviewer inbox: steps waiting on a person. */
  inbox: Inbox
  /** The completed runs a running execution's time and cost to finish are forecast from. */
  forecasts: Forecasts
  /** An execution's progress with an estimate (seed 002's ExecutionProgress). */
  progress: ProgressReader
  /** Seed 002's monitor(): the watch stream as ExecutionUpdates. */
  monitor: Monitor
  /** Per-execution alerts (seed 002's setAlert / removeAlert). */
  executionAlerts: ExecutionAlertService
  /** Recovery strategies registered at run time (seed 002's addRecoveryStrategy), applied by the engine and supervision. */
  recovery: RecoveryService
  workflows: WorkflowStarter
  /** Sign-in, API keys, rate limits and the audit trail. */
  access: AccessService
  /** The rate limits' Redis connection when several processes share one (REDIS_URL). */
  redis?: import('ioredis').Redis
  /** Log retention: moves old lines to compressed archives (on a timer, or when an admin asks). */
  retention: LogArchive
  /** What the engine workers run now, and workflow and service names: each execution's runner. */
  runners: () => RunnerDirectory
  /** Users' notification centres, watches, and organisations' notification channels (docs/notifications.md). */
  notifications: NotificationService
}

/** Starts workflow runs on the engine of this process. */
export interface WorkflowStarter {
  start(workflow: string, options: StartOptions): Promise<ServiceExecution>
}

export function createWorkflowStarter(engine: () => Engine | null | undefined): WorkflowStarter {
  return {
    start(workflow, options) {
      const running = engine()
      if (!running) throw new ServiceError('UNAVAILABLE', 'the engine is not running in this process (ENGINE=off); start the console with the engine on')
      return running.startWorkflow(workflow, options)
    },
  }
}

const globalForEngine = globalThis as unknown as { __consoleEngine?: Engine }

/** The runtime hands its engine to the API once it has started. */
export function attachEngine(engine: Engine) {
  globalForEngine.__consoleEngine = engine
}

const globalForServices = globalThis as unknown as { __consoleServices?: Promise<AppServices> }

export function getServices(): Promise<AppServices> {
  globalForServices.__consoleServices ??= (async () => {
    const db = await getDb()
    // Several processes share live events through Redis when REDIS_URL is set.
    const { REDIS_URL, WEBHOOK_ALLOW_PRIVATE, TASK_LEASE_MS } = config()
    const bus = REDIS_URL ? await createRedisBus(REDIS_URL) : createInProcessBus()
    // The API keys' rate limits, counted in Redis across processes (falling back to each process's own count).
    const redis = REDIS_URL ? await connectRateLimitRedis(REDIS_URL) : undefined
    const runners = createRunnerDirectory(getReader())
    const executions = createExecutionService({ writer: getWriter(), bus, allowPrivateWebhooks: WEBHOOK_ALLOW_PRIVATE, runners })
    // Log archives: the data folder, or the bucket LOG_ARCHIVE_URL names (every node reads it alike).
    const archives = archiveStoresFromConfig(config(), dataDir())
    const queries = createQueryService(db, getReader(), { archives, runners })
    const forecasts = createForecasts(getReader())
    const live = createLiveService({ reader: getReader(), bus })
    const progress = createProgressReader({ reader: getReader(), forecasts })
    return {
      executions,
      idempotency: createIdempotencyStore(getWriter()),
      lookups: createLookups(getReader()),
      marketplace: createMarketplace(db, getReader()),
      queries,
      catalog: createCatalogService(db, getReader(), { allowPrivateWebhooks: WEBHOOK_ALLOW_PRIVATE }),
      definitions: createDefinitionService(getWriter()),
      tasks: createTaskService({
        writer: getWriter(),
        executions,
        bus,
        leaseMs: TASK_LEASE_MS,
        readExecution: (id, organizations) => queries.get(id, organizations),
        planAfter: (executionId, stepId, output) => globalForEngine.__consoleEngine?.planAfterTask(executionId, stepId, output) ?? { next: [] },
      }),
      bus,
      live,
      alerts: createAlertService({ writer: getWriter(), runners }),
      resources: createResourceService({ writer: getWriter() }),
      views: createViewService(db, getReader()),
      failures: createFailureService({ reader: getReader(), writer: getWriter() }),
      inbox: createInbox(getReader()),
      forecasts,
      progress,
      monitor: createMonitor({ reader: getReader(), live, progress }),
      executionAlerts: createExecutionAlertService({ writer: getWriter(), executions, allowPrivateWebhooks: WEBHOOK_ALLOW_PRIVATE }),
      recovery: createRecoveryService({ writer: getWriter() }),
      workflows: createWorkflowStarter(() => globalForEngine.__consoleEngine),
      access: createAccessService({ db, writer: getWriter(), reader: getReader(), redis }),
      redis,
      retention: createLogArchive({ writer: getWriter(), archives }),
      runners,
      notifications: createNotificationService({ writer: getWriter(), allowPrivate: WEBHOOK_ALLOW_PRIVATE }),
    }
  })()
  return globalForServices.__consoleServices
}
