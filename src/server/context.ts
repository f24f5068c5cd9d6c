// The process-wide services: one database connection, one bus, one write path.
import { getDb } from './db/client'
import { getReader } from './db/reader'
import { createInProcessBus, type EventBus } from './events/bus'
import { createExecutionService, type ExecutionService } from './services/executions'
import { createQueryService, type QueryService } from './services/queries'
import { createCatalogService, type CatalogService } from './services/catalog'

export interface AppServices {
  executions: ExecutionService
  queries: QueryService
  catalog: CatalogService
  bus: EventBus
}

const globalForServices = globalThis as unknown as { __consoleServices?: Promise<AppServices> }

export function getServices(): Promise<AppServices> {
  globalForServices.__consoleServices ??= (async () => {
    const db = await getDb()
    const bus = createInProcessBus()
    return {
      executions: createExecutionService({ db, bus }),
      queries: createQueryService(db, getReader()),
      catalog: createCatalogService(db),
      bus,
    }
  })()
  return globalForServices.__consoleServices
}
