// The operations conventions (docs in README "Operations"): /api/health and /api/ready without a
// session, readiness failing for a missing migration, a missing database, an unreachable Redis or a
// shutdown; /metrics in Prometheus' text format behind its token; route templates that keep the
// label set small; a backup made while the database is open, restored elsewhere, with the key that
// opens its secrets and the log archives beside it.
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer, get as getHttp, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest'
import { openReader } from '@/server/db/reader'
import { createOpsHandler } from '@/server/http/ops'
import { createReadiness, shippedMigrations } from '@/server/ops/readiness'
import { createRouteTemplates } from '@/server/http/route-template'
import { appRouter } from '@/server/api/routers/root'
import { metrics } from '@/server/ops/metrics'
import { closeStreams, isDraining, onShutdown, resetShutdown, shutdown, sseShutdownFrames, trackStream } from '@/server/ops/shutdown'
import { backup, restore, withoutPassword } from '@/server/ops/backup'
import { keyringOf, openResults, useKeyring } from '@/server/security/crypto'
import { openApiDocument } from '@/server/rest/app'
import { queueSample } from '@/server/runtime'
import { endSpan, startSpan, startTracing, stopTracing } from '@/server/ops/trace'
import { operator, testServices } from './helpers'
import pg from 'pg'
import { ensureCatalog } from '@/server/built-in/install'
import { startPostgres, type LocalPostgres } from '../scripts/local-postgres'
import { openWriter } from '@/server/db/writer'
import { createExecutionService } from '@/server/services/executions'
import { createInProcessBus } from '@/server/events/bus'

const servers: Server[] = []
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))
afterEach(() => resetShutdown())

function copyOfTemplate(): string {
  const file = join(inject('testDir'), `${randomUUID()}.db`)
  copyFileSync(inject('templateDb'), file)
  return file
}

async function serve(handler: ReturnType<typeof createOpsHandler>): Promise<string> {
  const server = createServer((req, res) => {
    if (handler(req, res)) return
    res.writeHead(418).end()
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Prometheus' text format, line by line: comments, or `name{labels} value`. */
function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = []
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/i.exec(line)
    if (!m) throw new Error(`not Prometheus text format: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!
    samples.push({ name: m[1]!, labels, value: Number(m[3]) })
  }
  return samples
}

describe('readiness', () => {
  const migrations = shippedMigrations()

  it('is ready on a migrated database, and says what it checked', async () => {
    const ready = createReadiness({ reader: () => openReader(copyOfTemplate()), migrations })
    expect(migrations.length).toBeGreaterThan(0)
    expect(await ready()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', redis: 'not configured', archives: 'data folder' }, reasons: [], causes: [] })
  })

  it("checks the history of the reader's own database when not told which", async () => {
    // PostgreSQL has its own history (prisma/postgres/migrations): its names are not SQLite's.
    expect(shippedMigrations('postgres').length).toBeGreaterThan(0)
    expect(shippedMigrations('postgres')).not.toEqual(migrations)
    expect(await createReadiness({ reader: () => openReader(copyOfTemplate()) })()).toMatchObject({ ready: true, checks: { migrations: 'ok' } })
  })

  it('is not ready when a shipped migration is not applied, naming it', async () => {
    const file = copyOfTemplate()
    const last = migrations.at(-1)!
    const db = new Database(file)
    db.prepare('DELETE FROM "_prisma_migrations" WHERE "migration_name" = ?').run(last)
    db.close()
    const r = await createReadiness({ reader: () => openReader(file), migrations })()
    expect(r.ready).toBe(false)
    expect(r.checks.migrations).toBe(`1 of ${migrations.length} not applied`)
    expect(r.reasons.join('\n')).toContain(`migrations not applied: ${last}`)
  })

  it('is not ready without a database, with Redis not answering, or while shutting down', async () => {
    const missing = await createReadiness({ reader: () => openReader(join(inject('testDir'), 'nowhere', 'x.db')), migrations })()
    expect(missing).toMatchObject({ ready: false, checks: { database: 'unreachable' }, reasons: ["database: unreachable (the console's log says why)"] })
    expect(missing.causes).toEqual([expect.stringMatching(/^database: /)])
    const redis = await createReadiness({
      reader: () => openReader(copyOfTemplate()),
      migrations,
      pingRedis: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
    })()
    expect(redis).toMatchObject({
      ready: false,
      checks: { redis: 'unreachable' },
      reasons: ["redis: unreachable (the console's log says why)"],
      causes: ['redis: connect ECONNREFUSED 127.0.0.1:1'],
    })
    const draining = await createReadiness({ reader: () => openReader(copyOfTemplate()), migrations, draining: () => true })()
    expect(draining).toMatchObject({ ready: false, reasons: ['shutting down: no new traffic'] })
  })
})

describe('the operations endpoints', () => {
  it('answer health and readiness without a session, 503 with the reasons when not ready', async () => {
    let ready = true
    const base = await serve(
      createOpsHandler({
        readiness: async () =>
          ready ? { ready, checks: { database: 'ok' }, reasons: [], causes: [] } : { ready, checks: { database: 'unreachable' }, reasons: ['database: gone'], causes: [] },
      }),
    )
    const health = await fetch(`${base}/api/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    expect((await fetch(`${base}/api/ready`)).status).toBe(200)
    ready = false
    const notReady = await fetch(`${base}/api/ready`)
    expect(notReady.status).toBe(503)
    expect(await notReady.json()).toEqual({ status: 'not ready', reasons: ['database: gone'], checks: { database: 'unreachable' } })
    expect((await fetch(`${base}/api/health`, { method: 'POST' })).status).toBe(405)
    expect((await fetch(`${base}/api/executions`)).status).toBe(418) // anything else goes on
  })

  it('answer readiness to anyone without what the failing checks’ errors said: no address, bucket, path or user name', async () => {
    const secret = /10\.0\.3\.7|console-logs|\/srv\/console|postgres:\/\/|hunter2|alice/
    const base = await serve(
      createOpsHandler({
        readiness: createReadiness({
          reader: () => {
            throw new Error('password authentication failed for user "alice" (postgres://alice:hunter2@10.0.3.7:5432/console)')
          },
          migrations: [],
          pingRedis: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.3.7:6379')),
          checkArchives: () => Promise.reject(new Error('log archive store s3://console-logs/prod: reaching the bucket failed: ENOENT /srv/console/archive')),
        }),
      }),
    )
    const res = await fetch(`${base}/api/ready`)
    expect(res.status).toBe(503)
    const text = await res.text()
    expect(text).not.toMatch(secret)
    expect(JSON.parse(text)).toEqual({
      status: 'not ready',
      reasons: ["database: unreachable (the console's log says why)", "redis: unreachable (the console's log says why)"],
      checks: { database: 'unreachable', redis: 'unreachable', archives: 'unreachable' },
    })
    // A check that throws outside its own guard says no more.
    const broken = await serve(createOpsHandler({ readiness: () => Promise.reject(new Error('ENOENT: /srv/console/prisma/migrations')) }))
    const answer = await (await fetch(`${broken}/api/ready`)).text()
    expect(answer).not.toMatch(secret)
  })

  it('serve metrics in the Prometheus text format, behind the token when one is set, and to this host only when none is', async () => {
    metrics().httpRequests.inc({ method: 'GET', route: '/api/executions/{id}', status: '200' })
    metrics().commitBatchSize.observe(3)
    const token = 'a-metrics-token-of-enough-length'
    const base = await serve(createOpsHandler({ readiness: async () => ({ ready: true, checks: {}, reasons: [], causes: [] }), metricsToken: token }))
    const refused = await fetch(`${base}/metrics`)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('Bearer')
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `bearer ${token}` } })).status).toBe(200) // the scheme in any case
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const samples = parseExposition(await res.text())
    expect(samples.find((s) => s.name === 'console_http_requests_total' && s.labels.route === '/api/executions/{id}')?.value).toBeGreaterThanOrEqual(1)
    expect(samples.find((s) => s.name === 'console_commit_batch_size_count')?.value).toBeGreaterThanOrEqual(1)
    expect(samples.some((s) => s.name === 'console_process_resident_memory_bytes')).toBe(true)
    // Without a token, this host only: not a request a proxy on it brings in from elsewhere.
    const open = await serve(createOpsHandler({ readiness: async () => ({ ready: true, checks: {}, reasons: [], causes: [] }) }))
    expect((await fetch(`${open}/metrics`)).status).toBe(200)
    const proxies = [
      { 'x-forwarded-for': '203.0.113.7' },
      { forwarded: 'for=203.0.113.7' },
      { 'x-real-ip': '203.0.113.7' },
      { via: '1.1 nginx' },
      { 'x-forwarded-host': 'console.example.com' },
      { 'cf-connecting-ip': '203.0.113.7' },
      { 'true-client-ip': '203.0.113.7' },
      { 'x-original-forwarded-for': '203.0.113.7' }, // ingress-nginx
      { 'x-envoy-external-address': '203.0.113.7' }, // Envoy
      { 'x-proxyuser-ip': '203.0.113.7' },
      { 'x-azure-clientip': '203.0.113.7' }, // Azure Front Door
      { 'cf-connecting-ipv6': '2001:db8::7' },
    ] as Record<string, string>[]
    for (const proxied of proxies) {
      const through = await fetch(`${open}/metrics`, { headers: proxied })
      expect(through.status).toBe(401)
      expect((await through.json()).error.message).toMatch(/this host only unless METRICS_TOKEN is set/)
    }
    // The client's address as server.ts stamps it on every request is the console's own header, not a proxy's.
    expect((await fetch(`${open}/metrics`, { headers: { 'x-console-client-ip': '127.0.0.1' } })).status).toBe(200)
    // Nor a page of another site whose name was pointed at this host (DNS rebinding): its browser
    // connects from loopback, but asks for the site's own name.
    const asHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const { port } = new URL(open)
        getHttp({ host: '127.0.0.1', port, path: '/metrics', headers: { host } }, (res) => {
          res.resume()
          resolve(res.statusCode!)
        }).on('error', reject)
      })
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', 'localhost.evil.example']) expect(await asHost(host), host).toBe(401)
    for (const host of ['localhost:9464', '127.0.0.1', '[::1]:3000']) expect(await asHost(host), host).toBe(200)
  })

  it('report the queue by workflow, read at scrape time', async () => {
    const t = await testServices()
    await t.executions.create(operator, { service: 'sdr-service' })
    await t.executions.create(operator, { service: 'sdr-service' })
    const sample = queueSample(t.reader, Date.now() + 5_000)
    expect(sample).toEqual([{ workflow: '', depth: 2, oldestAgeSeconds: expect.any(Number) }])
    expect(sample[0]!.oldestAgeSeconds).toBeGreaterThanOrEqual(4)
  })
})

describe('route templates', () => {
  const routes = createRouteTemplates(Object.keys(openApiDocument().paths ?? {}), join(inject('testDir'), 'no-build'), Object.keys(appRouter._def.procedures))

  it('name a request by its route, never its ids', () => {
    expect(routes.of('/api/executions/exe_123')).toBe('/api/executions/{id}')
    expect(routes.of('/api/executions/exe_123/steps/research/complete')).toBe('/api/executions/{id}/steps/{stepId}/complete')
    expect(routes.of('/api/executions/exe_9/watch')).toBe('/api/executions/{id}/watch')
    expect(routes.of('/api/executions')).toBe('/api/executions')
    expect(routes.of('/api/trpc/executions.list')).toBe('/api/trpc/executions.list')
    expect(routes.of('/api/trpc/executions.list,executions.get')).toBe('/api/trpc/{batch}')
    // Names of no procedure share one label: anyone may send them, and each would be a series for good.
    expect(new Set(Array.from({ length: 50 }, (_, i) => routes.of(`/api/trpc/made.up${i}`)))).toEqual(new Set(['/api/trpc/{unknown}']))
    expect(routes.of('/api/auth/sign-in/email')).toBe('/api/auth/{path}')
    expect(routes.of('/api/no/such/thing/42')).toBe('/api/{unknown}')
    expect(routes.of('/_next/static/chunks/abc.js')).toBe('/_next/{asset}')
    expect(routes.of('/metrics')).toBe('/metrics')
  })

  it('name pages by the build’s templates', () => {
    const dir = join(inject('testDir'), 'fake-next')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'app-path-routes-manifest.json'), JSON.stringify({ '/page': '/', '/executions/[id]/page': '/executions/[id]', '/executions/page': '/executions' }))
    const pages = createRouteTemplates([], dir)
    expect(pages.of('/executions/exe_1')).toBe('/executions/[id]')
    expect(pages.of('/executions')).toBe('/executions')
    expect(pages.of('/')).toBe('/')
    expect(pages.of('/wp-login.php')).toBe('{other}')
  })
})

describe('streams on shutdown', () => {
  it('are ended with their retry hint, and counted while open', async () => {
    const closed: string[] = []
    const before = (await metrics().openStreams.get()).values.find((v) => v.labels.kind === 'sse')?.value ?? 0
    const untrack = trackStream('sse', () => closed.push('sse'))
    trackStream('websocket', () => closed.push('ws'))
    expect((await metrics().openStreams.get()).values.find((v) => v.labels.kind === 'sse')?.value).toBe(before + 1)
    untrack()
    expect(closeStreams()).toBe(1)
    expect(closed).toEqual(['ws'])
    expect(isDraining()).toBe(false)
    expect(sseShutdownFrames()).toMatch(/^retry: \d+\nevent: shutdown\ndata: \{.*\}\n\n$/)
  })
})

describe('backup and restore', () => {
  it('copy the database while it is open, with the key and the log archives, and put them back elsewhere', async () => {
    const dir = join(inject('testDir'), `backup-${randomUUID()}`)
    mkdirSync(dir)
    const key = randomBytes(32)
    const keyFile = join(dir, 'encryption.key')
    writeFileSync(keyFile, key.toString('base64') + '\n')
    useKeyring(keyringOf(key))
    const t = await testServices()
    const e = await t.executions.create(operator, { service: 'sdr-service', tags: ['backed-up'] })
    await t.executions.start(e.$id, operator)
    await t.executions.log(e.$id, operator, [{ level: 'info', message: 'an old line' }])
    await t.executions.complete(e.$id, operator, { success: true, output: { secret: 'SEALED-MARKER' }, summary: 'done' })
    // Log lines older than a millisecond move to an archive beside the database.
    await new Promise((r) => setTimeout(r, 5))
    expect((await t.services.retention.archive(1)).lines).toBe(1)
    // The console's writer stays open (and writes on) while the backup runs.
    const writing = t.executions.create(operator, { service: 'sdr-service' })
    const { folder, manifest } = await backup({ database: t.file, dataDir: t.dir, keyFile, outDir: join(dir, 'backups') })
    await writing
    // (Every archive file beside the database is copied: other tests' databases share this folder, so at least this one's.)
    const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((f) => (f.isDirectory() ? filesUnder(join(d, f.name)) : [f.name]))
    expect(manifest).toMatchObject({ format: 1, key: 'file', archives: filesUnder(join(folder, 'archive')).length })
    expect(manifest.archives).toBeGreaterThanOrEqual(1)
    expect(manifest.executions).toBeGreaterThanOrEqual(1)
    expect(readdirSync(folder).sort()).toEqual(['archive', 'console.db', 'encryption.key', 'manifest.json'])

    // Restored on another machine: its own (different) key is moved aside for the backup's.
    const target = join(dir, 'restored', 'data', 'console.db')
    const targetKey = join(dir, 'restored', 'config', 'encryption.key')
    mkdirSync(join(dir, 'restored', 'config'), { recursive: true })
    writeFileSync(targetKey, randomBytes(32).toString('base64'))
    const result = await restore({ folder, database: target, keyFile: targetKey })
    expect(result.keyRestored).toBe(true)
    expect(result.movedAside).toEqual([expect.stringContaining(`${targetKey}.before-restore-`)])
    expect(existsSync(join(dir, 'restored', 'data', 'archive', 'logs'))).toBe(true)

    const restored = new Database(target, { readonly: true })
    const row = restored.prepare('SELECT "result" FROM "Execution" WHERE "id" = ?').get(e.$id) as { result: string }
    const tags = restored.prepare('SELECT "tag" FROM "ExecutionTag" WHERE "executionId" = ?').all(e.$id)
    restored.close()
    expect(tags).toEqual([{ tag: 'backed-up' }])
    expect(row.result).not.toContain('SEALED-MARKER')
    // The restored key opens the restored secrets; another key does not.
    useKeyring(keyringOf(randomBytes(32)))
    expect(() => openResults(JSON.parse(row.result))).toThrow()
    useKeyring(keyringOf(Buffer.from(readFileSync(targetKey, 'utf8').trim(), 'base64')))
    expect(JSON.stringify(openResults(JSON.parse(row.result)))).toContain('SEALED-MARKER')
  })

  it('work as npm scripts', () => {
    const dir = join(inject('testDir'), `backup-cli-${randomUUID()}`)
    mkdirSync(dir)
    const file = copyOfTemplate()
    const env = { ...process.env, DATABASE_URL: `file:${file}`, ENCRYPTION_KEY_FILE: join(dir, 'key'), ENCRYPTION_KEY: '' }
    writeFileSync(join(dir, 'key'), randomBytes(32).toString('base64'))
    const made = spawnSync('npx', ['tsx', 'scripts/backup.ts', '--out', join(dir, 'out')], { env, encoding: 'utf8' })
    expect(made.status, made.stderr).toBe(0)
    const folder = /backup: (\S+)/.exec(made.stdout)![1]!
    const put = spawnSync('npx', ['tsx', 'scripts/restore.ts', folder], { env: { ...env, DATABASE_URL: `file:${join(dir, 'back', 'console.db')}` }, encoding: 'utf8' })
    expect(put.status, put.stderr).toBe(0)
    expect(put.stdout).toContain('restore:')
    expect(existsSync(join(dir, 'back', 'console.db'))).toBe(true)
    const usage = spawnSync('npx', ['tsx', 'scripts/restore.ts'], { env, encoding: 'utf8' })
    expect(usage.status).toBe(64)
  }, 60_000)
})

describe('backup and restore on PostgreSQL', () => {
  let server: LocalPostgres | undefined
  afterAll(async () => {
    await server?.stop()
  })
  /** A server with the migrated template database: the run's (TEST_DATABASE=postgres) or one of this suite's own. */
  async function templateServer(): Promise<string> {
    const url = inject('templatePostgres')
    if (url) return url
    server = await startPostgres({ database: 'template_console' })
    const migrated = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
      env: { ...process.env, DATABASE_URL: server.url },
      encoding: 'utf8',
    })
    if (migrated.status !== 0) throw new Error(migrated.stderr)
    return server.url
  }

  it('npm run backup dumps the database with pg_dump beside the key and the archives; npm run restore puts it into an empty database', async () => {
    const template = await templateServer()
    const at = (name: string) => template.replace(/\/[^/]+$/, `/${name}`)
    const [source, target] = [`bk_${randomUUID().slice(0, 8)}`, `rs_${randomUUID().slice(0, 8)}`]
    const admin = new pg.Client({ connectionString: at('postgres') })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${source} TEMPLATE template_console`)
    await admin.query(`CREATE DATABASE ${target}`) // empty, as a new server's would be
    await admin.end()

    const dir = join(inject('testDir'), `pg-backup-${randomUUID()}`)
    mkdirSync(join(dir, 'data', 'archive', 'logs'), { recursive: true })
    writeFileSync(join(dir, 'data', 'archive', 'logs', 'old.jsonl'), '{}\n')
    const key = randomBytes(32)
    writeFileSync(join(dir, 'key'), key.toString('base64'))
    useKeyring(keyringOf(key))
    const writer = openWriter(at(source))
    ensureCatalog(writer, Date.now()) // the services, as the console writes them at start
    const executions = createExecutionService({ writer, bus: createInProcessBus() })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const e = await executions.create(operator, { service: 'sdr-service', tags: ['backed-up'] })
      await executions.start(e.$id, operator)
      await executions.complete(e.$id, operator, { success: true, output: { secret: 'SEALED-MARKER' }, summary: 'done' })
      ids.push(e.$id)
    }
    writer.close()

    const env = { ...process.env, DATABASE_URL: at(source), ENCRYPTION_KEY_FILE: join(dir, 'key'), ENCRYPTION_KEY: '', DATA_DIR: join(dir, 'data') }
    const made = spawnSync('npx', ['tsx', 'scripts/backup.ts', '--out', join(dir, 'out')], { env, encoding: 'utf8' })
    expect(made.status, made.stderr).toBe(0)
    const folder = /backup: (\S+)/.exec(made.stdout)![1]!
    expect(readdirSync(folder).sort()).toEqual(['archive', 'console.dump', 'encryption.key', 'manifest.json'])
    expect(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ kind: 'postgres', database: 'console.dump', key: 'file', executions: 3, archives: 1 })

    // Restored on another machine: another key of its own, another data folder.
    writeFileSync(join(dir, 'other-key'), randomBytes(32).toString('base64'))
    const elsewhere = { ...env, DATABASE_URL: at(target), ENCRYPTION_KEY_FILE: join(dir, 'other-key'), DATA_DIR: join(dir, 'data2') }
    const put = spawnSync('npx', ['tsx', 'scripts/restore.ts', folder], { env: elsewhere, encoding: 'utf8' })
    expect(put.status, put.stderr).toBe(0)
    expect(readFileSync(join(dir, 'other-key'), 'utf8').trim()).toBe(key.toString('base64')) // the backup's key, the other moved aside
    expect(existsSync(join(dir, 'data2', 'archive', 'logs', 'old.jsonl'))).toBe(true)
    const reader = openReader(at(target))
    const rows = reader.all<{ id: string; result: string }>('SELECT "id", "result" FROM "Execution" ORDER BY "id"', [])
    expect(rows.map((r) => r.id)).toEqual([...ids].sort())
    expect(reader.all('SELECT "tag" FROM "ExecutionTag" WHERE "executionId" = ?', [ids[0]])).toEqual([{ tag: 'backed-up' }])
    expect(reader.get<{ n: number }>('SELECT count(*) AS "n" FROM "_prisma_migrations"', [])!.n).toBe(shippedMigrations('postgres').length)
    reader.close()
    expect(rows[0]!.result).not.toContain('SEALED-MARKER')
    useKeyring(keyringOf(Buffer.from(readFileSync(join(dir, 'other-key'), 'utf8').trim(), 'base64')))
    expect(JSON.stringify(openResults(JSON.parse(rows[0]!.result)))).toContain('SEALED-MARKER')

    // Again into the same database: refused, naming why, and nothing changed.
    const again = spawnSync('npx', ['tsx', 'scripts/restore.ts', folder], { env: elsewhere, encoding: 'utf8' })
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/restore: the database .* is not empty \(\d+ tables: .*\): restore into an empty database/)

    // The password never on pg_dump's command line (any user of the machine reads it there): in PGPASSWORD.
    // (The test server trusts local connections, so any password connects.)
    const seen = join(dir, 'pg_dump-saw')
    const fake = join(dir, 'fake-pg_dump')
    writeFileSync(
      fake,
      `#!/bin/sh\nprintf '%s\\n' "$@" > ${seen}.args\nprintf '%s' "$PGPASSWORD" > ${seen}.env\nfor a in "$@"; do case "$a" in --file=*) : > "\${a#--file=}";; esac; done\n`,
      { mode: 0o755 },
    )
    const url = new URL(at(source))
    url.password = 'p@ss-s3cret'
    const withPassword = url.toString()
    await backup({ database: withPassword, dataDir: join(dir, 'data'), outDir: join(dir, 'fake-out'), findTool: () => fake })
    expect(readFileSync(`${seen}.args`, 'utf8')).not.toContain('s3cret')
    expect(readFileSync(`${seen}.args`, 'utf8')).toContain(`--dbname=${withoutPassword(withPassword)}`)
    expect(readFileSync(`${seen}.env`, 'utf8')).toBe('p@ss-s3cret')
  }, 120_000)

  it('says what to install when pg_dump is missing, and leaves no folder behind', async () => {
    const dir = join(inject('testDir'), `pg-nodump-${randomUUID()}`)
    await expect(backup({ database: 'postgres://console@127.0.0.1:1/console', outDir: dir, findTool: () => undefined })).rejects.toThrow(
      /pg_dump is not installed: .*apt-get install -y postgresql-client/,
    )
    expect(existsSync(dir)).toBe(false)
  })
})

describe('traces', () => {
  it('are no-ops without an endpoint, and sent over OTLP/HTTP with one', async () => {
    expect(await startTracing(undefined, 'x')).toBe(false)
    expect(startSpan('nothing').isRecording()).toBe(false)
    const received: { path: string; bytes: number }[] = []
    const collector = createServer((req, res) => {
      let bytes = 0
      req.on('data', (c: Buffer) => (bytes += c.length))
      req.on('end', () => {
        received.push({ path: req.url ?? '', bytes })
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      })
    })
    servers.push(collector)
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r))
    expect(await startTracing(`http://127.0.0.1:${(collector.address() as AddressInfo).port}`, 'console-test')).toBe(true)
    const span = startSpan('engine.step', { 'execution.id': 'exe_1', 'step.id': 'research' })
    expect(span.isRecording()).toBe(true)
    endSpan(span, undefined, { 'step.outcome': 'finished' })
    await stopTracing() // flushes what is batched
    expect(received).toEqual([{ path: '/v1/traces', bytes: expect.any(Number) }])
    expect(received[0]!.bytes).toBeGreaterThan(50)
  })
})

describe('the shutdown sequence', () => {
  const fakeServer = () => {
    const calls: string[] = []
    const server = { close: () => calls.push('close'), closeIdleConnections: () => calls.push('idle'), closeAllConnections: () => calls.push('all') }
    return { server: server as unknown as Server, calls }
  }

  it('closes, ends streams, stops the runtime while requests finish, then flushes and exits 0', async () => {
    const { server, calls } = fakeServer()
    let inFlight = 1
    trackStream('sse', () => calls.push('stream'))
    onShutdown('runtime', 'engine', async () => {
      calls.push('runtime')
      await new Promise((r) => setTimeout(r, 50))
      inFlight = 0 // the request finished meanwhile
    })
    onShutdown('flush', 'database', () => void calls.push('flush'))
    const code = await new Promise<number>((resolve) => void shutdown({ server, inFlight: () => inFlight, timeoutMs: 5_000, exit: resolve }))
    expect(code).toBe(0)
    expect(isDraining()).toBe(true)
    expect(calls).toEqual(['close', 'idle', 'stream', 'runtime', 'all', 'flush'])
  })

  it('cuts requests still open near the deadline, and exits 1 if a part hangs past it', async () => {
    const cut = fakeServer()
    const started = Date.now()
    expect(await new Promise<number>((resolve) => void shutdown({ server: cut.server, inFlight: () => 1, timeoutMs: 800, exit: resolve }))).toBe(0)
    expect(Date.now() - started).toBeLessThan(800)
    expect(cut.calls).toContain('all')
    resetShutdown()
    const hung = fakeServer()
    onShutdown('flush', 'stuck', () => new Promise<void>(() => {}))
    const codes: number[] = []
    void shutdown({ server: hung.server, inFlight: () => 0, timeoutMs: 300, exit: (c) => void codes.push(c) })
    await new Promise((r) => setTimeout(r, 500))
    expect(codes).toEqual([1])
  })
})
