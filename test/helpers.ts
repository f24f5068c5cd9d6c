import { copyFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { openDb, type Db } from '@/server/db/client'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { createInProcessBus, type CommittedEvent } from '@/server/events/bus'
import { createExecutionService, type Actor } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createCatalogService } from '@/server/services/catalog'
import { createWorkflowStarter, type AppServices } from '@/server/context'
import { createLiveService } from '@/server/events/live'
import { createAlertService } from '@/server/services/alerts'

export const operator: Actor = { type: 'operator', id: 'test-operator' }

/** A migrated SQLite file of its own, with the seed 001 services registered. */
export async function freshDatabase(): Promise<{ db: Db; file: string }> {
  const file = join(inject('testDir'), `${randomUUID()}.db`)
  copyFileSync(inject('templateDb'), file)
  const db = await openDb(file)
  const at = new Date()
  await db.organization.create({ data: { id: 'org-provider', name: 'Provider', createdAt: at } })
  for (const id of ['sdr-service', 'content-service', 'integration-service', 'batch-processing-service']) {
    await db.service.create({ data: { id, name: id, providerId: 'org-provider', createdAt: at, updatedAt: at } })
  }
  return { db, file }
}

export async function testServices(now?: () => Date) {
  const { db, file } = await freshDatabase()
  const bus = createInProcessBus()
  const published: CommittedEvent[] = []
  bus.subscribe((e) => published.push(e))
  const writer = openWriter(file)
  const executions = createExecutionService({ writer, bus, now })
  const reader = openReader(file)
  const queries = createQueryService(db, reader, { dataDir: dirname(file) })
  const services: AppServices = {
    executions,
    queries,
    catalog: createCatalogService(db, { allowPrivateWebhooks: true }),
    bus,
    live: createLiveService({ reader, bus }),
    alerts: createAlertService({ writer, now }),
    workflows: createWorkflowStarter(() => null),
  }
  return { db, file, bus, published, executions, queries, services }
}

/** The REST API on a real HTTP port, over a fresh database. */
export async function startRestServer() {
  const { getRequestListener } = await import('@hono/node-server')
  const { createServer } = await import('node:http')
  const { createRestApp } = await import('@/server/rest/app')
  const { withWatchStream } = await import('@/server/events/sse')
  const s = await testServices()
  const app = createRestApp(async () => s.services)
  // As the console serves it: the REST app, and the watch stream at the Node level.
  const server = createServer(withWatchStream(getRequestListener(app.fetch), async () => s.services))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  const base = `http://127.0.0.1:${address.port}/api`
  async function call(method: string, path: string, body?: unknown, raw?: string) {
    const res = await fetch(base + path, {
      method,
      headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  return {
    ...s,
    base,
    call,
    close: async () => {
      await new Promise((r) => server.close(r))
      await s.db.$disconnect()
    },
  }
}
