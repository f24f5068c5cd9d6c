import { copyFileSync, mkdtempSync } from 'node:fs'
import pg from 'pg'
import { dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { openDb, type Db } from '@/server/db/client'
import { isPostgresUrl } from '@/server/db/database-url.mjs'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { createDefinitionService } from '@/server/services/definitions'
import { createTaskService } from '@/server/services/tasks'
import { createInProcessBus, type CommittedEvent } from '@/server/events/bus'
import { createExecutionService, type Actor } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createIdempotencyStore } from '@/server/services/idempotency'
import { createLookups } from '@/server/services/lookups'
import { createMarketplace } from '@/server/services/marketplace'
import { createCatalogService } from '@/server/services/catalog'
import { createWorkflowStarter, type AppServices } from '@/server/context'
import type { Engine } from '@/server/engine/engine'
import { createLiveService } from '@/server/events/live'
import { createViewService } from '@/server/services/views'
import { createFailureService } from '@/server/services/failures'
import { createForecasts } from '@/server/services/forecasts'
import { createProgressReader } from '@/server/services/progress'
import { createExecutionAlertService } from '@/server/services/execution-alerts'
import { createMonitor } from '@/server/events/monitor'
import { createRecoveryService } from '@/server/services/recovery'
import { createInbox } from '@/server/services/inbox'
import { createResourceService } from '@/server/services/resources'
import { createAlertService } from '@/server/services/alerts'
import { createAccessService, type AccessService } from '@/server/auth/access'
import { createLogArchive } from '@/server/retention/logs'
import { createArchiveStores } from '@/server/retention/archive-store'
import { createRunnerDirectory } from '@/server/services/workers'
import type { Principal, Role } from '@/server/domain/access'
import { createNotificationService } from '@/server/notifications/service'

export const operator: Actor = { type: 'operator', id: 'test-operator' }

/** A database of the test's own: a copy of the template, or under TEST_DATABASE=postgres a PostgreSQL database made from it. */
async function copyOfTemplate(): Promise<string> {
  const template = inject('templatePostgres')
  if (!template) {
    const file = join(inject('testDir'), `${randomUUID()}.db`)
    copyFileSync(inject('templateDb'), file)
    return file
  }
  const name = `test_${randomUUID().replaceAll('-', '')}`
  const client = new pg.Client({ connectionString: template.replace(/\/[^/]+$/, '/postgres') })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template_console`)
  } finally {
    await client.end()
  }
  return template.replace(/\/[^/]+$/, `/${name}`)
}

/**
 * A migrated database of its own, with the seed 001 services registered: `file` is what
 * openWriter/openReader/openDb take (a SQLite path or a postgres:// URL), `dir` a folder of its own.
 */
export async function freshDatabase(): Promise<{ db: Db; file: string; dir: string }> {
  const file = await copyOfTemplate()
  const dir = isPostgresUrl(file) ? mkdtempSync(join(inject('testDir'), 'pg-')) : dirname(file)
  const db = await openDb(file)
  const at = new Date()
  await db.organization.create({ data: { id: 'org-provider', name: 'Provider', createdAt: at } })
  for (const id of ['sdr-service', 'content-service', 'integration-service', 'batch-processing-service']) {
    await db.service.create({ data: { id, name: id, providerId: 'org-provider', createdAt: at, updatedAt: at } })
  }
  return { db, file, dir }
}

export async function testServices(now?: () => Date, options: { apiKeyRate?: number; taskLeaseMs?: number } = {}) {
  const { db, file, dir } = await freshDatabase()
  const bus = createInProcessBus()
  const published: CommittedEvent[] = []
  bus.subscribe((e) => published.push(e))
  const writer = openWriter(file)
  const reader = openReader(file)
  const runners = createRunnerDirectory(reader, now ? () => now().getTime() : undefined)
  const executions = createExecutionService({ writer, bus, now, runners })
  const archives = createArchiveStores({ dataDir: dir })
  const queries = createQueryService(db, reader, { archives, runners })
  const access = createAccessService({ db, writer, reader, now, apiKeyRate: options.apiKeyRate ?? 1_000_000 })
  // The engine a test starts, as the runtime attaches its own (attachEngine below).
  let engine: Engine | null = null
  const live = createLiveService({ reader, bus })
  const forecasts = createForecasts(reader, now)
  const progress = createProgressReader({ reader, forecasts, now: now ? () => now().getTime() : undefined })
  const services: AppServices = {
    executions,
    idempotency: createIdempotencyStore(writer, now ? () => now().getTime() : undefined),
    lookups: createLookups(reader),
    marketplace: createMarketplace(db, reader, now ? () => now().getTime() : undefined),
    queries,
    catalog: createCatalogService(db, reader, { allowPrivateWebhooks: true }),
    definitions: createDefinitionService(writer, now ? () => now().getTime() : undefined),
    tasks: createTaskService({
      writer,
      executions,
      bus,
      leaseMs: options.taskLeaseMs,
      now: now ? () => now().getTime() : undefined,
      readExecution: (id, organizations) => queries.get(id, organizations),
      planAfter: (executionId, stepId, output) => engine?.planAfterTask(executionId, stepId, output) ?? { next: [] },
    }),
    bus,
    live,
    alerts: createAlertService({ writer, now, runners }),
    resources: createResourceService({ writer, now }),
    views: createViewService(db, reader),
    failures: createFailureService({ reader, writer, now }),
    inbox: createInbox(reader, now ? () => now().getTime() : undefined),
    forecasts,
    progress,
    monitor: createMonitor({ reader, live, progress }),
    executionAlerts: createExecutionAlertService({ writer, executions, now: now ? () => now().getTime() : undefined, allowPrivateWebhooks: true }),
    recovery: createRecoveryService({ writer, now: now ? () => now().getTime() : undefined }),
    workflows: createWorkflowStarter(() => null),
    access,
    retention: createLogArchive({ writer, archives, now: now ? () => now().getTime() : undefined }),
    runners,
    notifications: createNotificationService({ writer, now: now ? () => now().getTime() : undefined, allowPrivate: true }),
  }
  /** The test's engine runs workflows for the API and plans the steps workers' results start, as the runtime's does. */
  const attachEngine = (attached: Engine) => {
    engine = attached
    services.workflows = createWorkflowStarter(() => engine)
  }
  return { db, file, dir, bus, published, executions, queries, services, access, writer, reader, attachEngine }
}

/** A principal as the request layer would resolve it: a user of `role` in `organizations`. */
export function principal(role: Role = 'admin', organizations: string[] = ['org-provider'], id = `user-${role}`): Principal {
  return { kind: 'user', id, name: `${id}@test.local`, role, organizations, ip: '127.0.0.1', userAgent: 'vitest' }
}

/** Creates a user and signs in through Better Auth: the headers a browser of theirs would send. */
export async function signedIn(access: AccessService, origin: string, user: { role: Role; organizations: string[]; email?: string }) {
  const email = user.email ?? `${user.role}-${randomUUID().slice(0, 8)}@test.local`
  const password = 'correct horse battery'
  await access.users.create({ email, name: email, password, role: user.role, organizations: user.organizations }, null)
  const res = await access.auth.api.signInEmail({ body: { email, password }, headers: new Headers({ origin, host: new URL(origin).host }), asResponse: true })
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return { cookie, origin }
}

/** The REST API on a real HTTP port, over a fresh database. */
export async function startRestServer(options: { apiKeyRate?: number; taskLeaseMs?: number } = {}) {
  const { getRequestListener } = await import('@hono/node-server')
  const { createServer } = await import('node:http')
  const { createRestApp } = await import('@/server/rest/app')
  const { withWatchStream } = await import('@/server/events/sse')
  const s = await testServices(undefined, options)
  const app = createRestApp(async () => s.services)
  // As the console serves it: the REST app, and the watch stream at the Node level.
  const { stampClientIp } = await import('@/server/auth/request')
  // tRPC as the console's route handler serves it (src/app/api/trpc), by these services.
  const { trpcHandler } = await import('@/server/api/handler')
  const trpc = trpcHandler(async () => s.services)
  const both = (req: Request) => (new URL(req.url).pathname.startsWith('/api/trpc/') ? trpc(req) : app.fetch(req))
  const handler = withWatchStream(getRequestListener(both), async () => s.services)
  const server = createServer((req, res) => {
    stampClientIp(req)
    handler(req, res)
  })
  const { createUpgradeHandler } = await import('@/server/http/upgrades')
  server.on(
    'upgrade',
    createUpgradeHandler(async () => s.services),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  const origin = `http://127.0.0.1:${address.port}`
  const base = `${origin}/api`
  // By default an admin of the provider organisation, signed in as a browser would be.
  const admin = await signedIn(s.access, origin, { role: 'admin', organizations: ['org-provider'] })
  async function call(method: string, path: string, body?: unknown, raw?: string, as: Record<string, string> = admin) {
    const res = await fetch(base + path, {
      method,
      headers: { ...as, ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  return {
    ...s,
    base,
    origin,
    admin,
    call,
    close: async () => {
      await new Promise((r) => server.close(r))
      await s.db.$disconnect()
    },
  }
}

/** Asks `what` until `ok` says yes or `ms` pass; the last answer either way. */
export async function until<T>(what: () => Promise<T> | T, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await what()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** One Server-Sent Events frame (the text between blank lines) as its fields; null for a comment or a frame without data. */
export function sseFrame<T = unknown>(block: string): { id: string; event: string; data: T } | null {
  const fields = Object.fromEntries(
    block
      .split('\n')
      .filter((l) => l && !l.startsWith(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  )
  return fields.data ? { id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) as T } : null
}

/** The complete frames at the front of an SSE text buffer, each handed to `take`; returns what is left (a frame still arriving). */
export function takeSseFrames<T = unknown>(buffer: string, take: (frame: { id: string; event: string; data: T }) => void): string {
  let rest = buffer
  let cut: number
  while ((cut = rest.indexOf('\n\n')) >= 0) {
    const frame = sseFrame<T>(rest.slice(0, cut))
    rest = rest.slice(cut + 2)
    if (frame) take(frame)
  }
  return rest
}
