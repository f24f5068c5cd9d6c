// Log archives in an S3-compatible bucket (LOG_ARCHIVE_URL=s3://…): written by one node, read back
// through the logs API by it and by another node that has none of them on its disk; a store that
// is unreachable or refuses leaves the lines in the database and says why. Against a real S3
// protocol server (s3rver, in this process).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { openReader } from '@/server/db/reader'
import { createQueryService } from '@/server/services/queries'
import { createArchiveStores, createFolderStore, createS3Store, type S3StoreOptions } from '@/server/retention/archive-store'
import { createLogArchive } from '@/server/retention/logs'
import { createReadiness } from '@/server/ops/readiness'
import { readConfig } from '@/server/config'
import { operator, testServices } from './helpers'
import pino from 'pino'
import { setLog } from '@/server/ops/log'

const DAY = 86_400_000
const PORT = 4510
const NOTHING_LISTENS = 4511
const BUCKET = 'console-logs'
const s3 = (over: Partial<S3StoreOptions> = {}): S3StoreOptions => ({
  url: `s3://${BUCKET}/cluster-a`,
  endpoint: `http://127.0.0.1:${PORT}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  ...over,
})

let server: { run(): Promise<unknown>; close(): Promise<void> }
beforeAll(async () => {
  server = new S3rver({ port: PORT, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(inject('testDir'), 's3rver-')), configureBuckets: [{ name: BUCKET }] })
  await server.run()
})
afterAll(async () => {
  await server?.close()
})

/** An execution with three lines past a 30-day retention and one recent, at `now`. */
async function withOldLines(now: number) {
  const t = await testServices(() => new Date(now))
  const e = await t.executions.create(operator, { service: 'sdr-service' })
  const old = new Date(now - 45 * DAY).toISOString()
  await t.executions.log(e.$id, operator, [
    { level: 'info', message: 'old one', timestamp: old, step: 'research', context: { n: 1 } },
    { level: 'error', message: 'old failure', timestamp: old, step: 'send' },
    { level: 'info', message: 'recent one', timestamp: new Date(now - 2 * DAY).toISOString(), step: 'research' },
    { level: 'info', message: 'old two', timestamp: old, step: 'research' },
  ])
  return { t, id: e.$id }
}

describe('log archives in an S3 bucket', () => {
  it('are written to the bucket and read back by this node and by another one', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z')
    const { t, id } = await withOldLines(now)
    const before = (await t.queries.logs(id, { limit: 100 })).items

    const archives = createArchiveStores({ dataDir: t.dir, s3: s3() })
    const retention = createLogArchive({ writer: t.writer, archives, now: () => now })
    expect(await retention.archive(30 * DAY)).toEqual({ executions: 1, lines: 3 })
    expect(await t.db.executionLog.count({ where: { executionId: id } })).toBe(1)
    const [row] = await t.db.logArchive.findMany({ where: { executionId: id } })
    expect(row!.path).toMatch(new RegExp(`^s3://${BUCKET}/cluster-a/logs/.+\\.jsonl\\.gz$`))
    // In the bucket, not on this node's disk.
    expect(await archives.current.list()).toContain(row!.path)
    expect(existsSync(join(t.dir, 'archive')) && readdirSync(join(t.dir, 'archive'), { recursive: true }).some((f) => String(f).includes(id))).toBe(false)

    // This node's logs API: the same lines, in order, the archived ones marked, filters alike.
    const queries = createQueryService(t.db, t.reader, { archives })
    const after = (await queries.logs(id, { limit: 100 })).items
    expect(after.map((l) => [l.id, l.message, l.context])).toEqual(before.map((l) => [l.id, l.message, l.context]))
    expect(after.filter((l) => (l as { archived?: boolean }).archived).map((l) => l.message)).toEqual(['old one', 'old failure', 'old two'])
    expect((await queries.logs(id, { level: ['error'], limit: 100 })).items.map((l) => l.message)).toEqual(['old failure'])

    // Another node: its own connection and data folder (empty), the same database and bucket.
    const otherDir = mkdtempSync(join(inject('testDir'), 'node-b-'))
    const nodeB = createQueryService(t.db, openReader(t.file), { archives: createArchiveStores({ dataDir: otherDir, s3: s3() }) })
    const seenByB = (await nodeB.logs(id, { limit: 100 })).items
    expect(seenByB.map((l) => [l.id, l.message, l.context])).toEqual(before.map((l) => [l.id, l.message, l.context]))
    const page1 = await nodeB.logs(id, { limit: 2 })
    const page2 = await nodeB.logs(id, { limit: 2, after: page1.nextCursor! })
    expect([...page1.items, ...page2.items].map((l) => l.message)).toEqual(['old one', 'old failure', 'recent one', 'old two'])

    // A node configured without the bucket refuses rather than showing fewer lines; its log says where they are.
    const folderOnly = createQueryService(t.db, t.reader, { archives: createArchiveStores({ dataDir: otherDir }) })
    const lines: string[] = []
    setLog(pino({ level: 'error' }, { write: (line: string) => void lines.push(line) }))
    try {
      await expect(folderOnly.logs(id, { limit: 100 })).rejects.toThrow(/its archived log lines cannot be read: the log archive store is not available now/)
    } finally {
      setLog(undefined)
    }
    expect(lines.join('')).toMatch(/in a store this console is not configured for \(LOG_ARCHIVE_URL is not set/)

    expect(await retention.archive(30 * DAY)).toEqual({ executions: 0, lines: 0 }) // nothing left to move
  })

  it('leave the lines in the database, saying why, when the store is unreachable or refuses', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z')
    const { t, id } = await withOldLines(now)
    const lines = await t.db.executionLog.count({ where: { executionId: id } })
    const cases: [Partial<S3StoreOptions>, RegExp][] = [
      [
        { endpoint: `http://127.0.0.1:${NOTHING_LISTENS}` },
        /log archive store s3:\/\/console-logs\/cluster-a: writing s3:\/\/.+ failed: .*ECONNREFUSED.*\(the store is unreachable: is S3_ENDPOINT right/,
      ],
      // (s3rver checks the key id, not SigV4 signatures: an unknown key is the denial it can show.)
      [{ credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'S3RVER' } }, /failed: InvalidAccessKeyId.*\(access denied: check AWS_ACCESS_KEY_ID/],
      [{ url: 's3://no-such-bucket/x' }, /failed: NoSuchBucket.*\(the bucket does not exist/],
    ]
    for (const [over, message] of cases) {
      const retention = createLogArchive({ writer: t.writer, archives: createArchiveStores({ dataDir: t.dir, s3: s3(over) }), now: () => now })
      const failed = retention.archive(30 * DAY)
      await expect(failed).rejects.toThrow(message)
      await expect(failed).rejects.toThrow(/; the log lines stay in the database$/)
      expect(await t.db.executionLog.count({ where: { executionId: id } })).toBe(lines)
      expect(await t.db.logArchive.count({ where: { executionId: id } })).toBe(0)
    }
    // Once the store answers, the same run moves them.
    const retention = createLogArchive({ writer: t.writer, archives: createArchiveStores({ dataDir: t.dir, s3: s3() }), now: () => now })
    expect(await retention.archive(30 * DAY)).toEqual({ executions: 1, lines: 3 })
  }, 60_000)

  it('are reported by readiness when configured, without taking the node out of service when the bucket is down (every node shares it)', async () => {
    const t = await testServices()
    const ready = (store: ReturnType<typeof createS3Store>) => createReadiness({ reader: () => t.reader, migrations: [], checkArchives: store.check })()
    expect(await ready(createS3Store(s3()))).toMatchObject({ ready: true, checks: { archives: 'ok' } })
    const down = await ready(createS3Store(s3({ endpoint: `http://127.0.0.1:${NOTHING_LISTENS}` })))
    expect(down).toMatchObject({ ready: true, reasons: [], checks: { archives: 'unreachable' } })
    // What the store said is for the server's log: /api/ready answers anyone.
    expect(down.causes).toEqual([expect.stringMatching(/^archives: log archive store s3:\/\/console-logs\/cluster-a: (reaching the bucket failed|no answer within)/)])
  }, 30_000)
})

describe('the archive stores', () => {
  it.each([
    ['a folder', () => createFolderStore(mkdtempSync(join(inject('testDir'), 'archives-')))],
    ['an S3 bucket', () => createS3Store(s3({ url: `s3://${BUCKET}/contract-${Date.now()}` }))],
  ])('put, get, list and delete archives alike: %s', async (_, make) => {
    const store = make()
    const a = store.locate('logs/ex_1/1-3.jsonl.gz')
    const b = store.locate('logs/ex_2/4-9.jsonl.gz')
    expect(store.holds(a)).toBe(true)
    await store.put(a, Buffer.from('first'))
    await store.put(b, Buffer.from('second'))
    await store.put(a, Buffer.from('first, again')) // written again in place (key re-sealing)
    expect((await store.get(a)).toString()).toBe('first, again')
    expect(await store.list()).toEqual([a, b])
    expect(await store.list('logs/ex_2/')).toEqual([b])
    await store.delete(a)
    expect(await store.list()).toEqual([b])
    await expect(store.get(a)).rejects.toThrow(/^log archive store .+: reading .+ failed: /)
  })

  it('are chosen by LOG_ARCHIVE_URL, checked at start', () => {
    expect(readConfig({ LOG_ARCHIVE_URL: 's3://console-logs/prod', S3_ENDPOINT: 'http://minio:9000' })).toMatchObject({
      LOG_ARCHIVE_URL: 's3://console-logs/prod',
      S3_ENDPOINT: 'http://minio:9000',
    })
    expect(() => readConfig({ LOG_ARCHIVE_URL: '/var/archives' })).toThrow(/LOG_ARCHIVE_URL="\/var\/archives": must be s3:\/\/bucket or s3:\/\/bucket\/prefix/)
    expect(() => readConfig({ LOG_ARCHIVE_URL: 's3://Bad_Bucket' })).toThrow(/must be s3:\/\/bucket/)
    expect(() => readConfig({ S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT="minio:9000": must be an http:\/\/ or https:\/\/ URL/)
    expect(() => readConfig({ AWS_ACCESS_KEY_ID: 'AKIA' })).toThrow(/AWS_SECRET_ACCESS_KEY=.*must be set with the other/)
    expect(() => readConfig({ AWS_SECRET_ACCESS_KEY: 'very-secret-value' })).toThrow(/AWS_ACCESS_KEY_ID="": must be set with the other/)
    expect(() => readConfig({ AWS_SECRET_ACCESS_KEY: 'very-secret-value', AWS_ACCESS_KEY_ID: 'AKIA', S3_ENDPOINT: 'x' })).not.toThrow(/very-secret/)
  })
})
