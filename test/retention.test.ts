// Log retention: lines past the retention period move to compressed archive files and stay
// readable through the logs API, in order, with the same filters and cursor.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openWriter } from '@/server/db/writer'
import { createLogArchive } from '@/server/retention/logs'
import { createArchiveStores } from '@/server/retention/archive-store'
import { operator, testServices } from './helpers'

const DAY = 86_400_000

describe('log retention', () => {
  it('archives old lines to compressed files that the logs API still reads', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z')
    const t = await testServices(() => new Date(now))
    const e = await t.executions.create(operator, { service: 'sdr-service' })
    const old = new Date(now - 45 * DAY).toISOString()
    const recent = new Date(now - 2 * DAY).toISOString()
    await t.executions.log(e.$id, operator, [
      { level: 'info', message: 'old one', timestamp: old, step: 'research', context: { n: 1 } },
      { level: 'error', message: 'old failure', timestamp: old, step: 'send' },
      { level: 'info', message: 'recent one', timestamp: recent, step: 'research' },
      { level: 'info', message: 'old two', timestamp: old, step: 'research' },
    ])
    const before = (await t.queries.logs(e.$id, { limit: 100 })).items

    const archive = createLogArchive({ writer: openWriter(t.file), archives: t.services.retention.archives, now: () => now })
    expect(await archive.archive(30 * DAY)).toEqual({ executions: 1, lines: 3 })
    expect(await t.db.executionLog.count({ where: { executionId: e.$id } })).toBe(1)
    const [stored] = await t.db.logArchive.findMany({ where: { executionId: e.$id } })
    expect(existsSync(join(t.dir, stored!.path))).toBe(true)
    expect(stored!.path.endsWith('.jsonl.gz')).toBe(true)

    const after = (await t.queries.logs(e.$id, { limit: 100 })).items
    expect(after.map((l) => [l.id, l.message, l.context])).toEqual(before.map((l) => [l.id, l.message, l.context]))
    expect(after.filter((l) => (l as { archived?: boolean }).archived).map((l) => l.message)).toEqual(['old one', 'old failure', 'old two'])
    expect((await t.queries.logs(e.$id, { level: ['error'], limit: 100 })).items.map((l) => l.message)).toEqual(['old failure'])
    expect((await t.queries.logs(e.$id, { step: ['research'], search: 'ONE', limit: 100 })).items.map((l) => l.message)).toEqual(['old one', 'recent one'])
    const page1 = await t.queries.logs(e.$id, { limit: 2 })
    const page2 = await t.queries.logs(e.$id, { limit: 2, after: page1.nextCursor! })
    expect([...page1.items, ...page2.items].map((l) => l.message)).toEqual(['old one', 'old failure', 'recent one', 'old two'])
    expect(await archive.archive(30 * DAY)).toEqual({ executions: 0, lines: 0 }) // nothing left to move
  })

  it('reads only the archives a page needs: none for a tail the database holds, the newest first paging back, the oldest first paging on', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z')
    const t = await testServices(() => new Date(now))
    const e = await t.executions.create(operator, { service: 'sdr-service' })
    const archive = createLogArchive({ writer: openWriter(t.file), archives: t.services.retention.archives, now: () => now })
    // Three archives of five lines each (three runs, a week apart), then five recent lines.
    for (const batch of ['a', 'b', 'c']) {
      await t.executions.log(
        e.$id,
        operator,
        [1, 2, 3, 4, 5].map((n) => ({ level: 'info', message: `${batch}${n}`, timestamp: new Date(now - 40 * DAY).toISOString() })),
      )
      expect(await archive.archive(30 * DAY)).toEqual({ executions: 1, lines: 5 })
      now += 7 * DAY
    }
    await t.executions.log(
      e.$id,
      operator,
      [1, 2, 3, 4, 5].map((n) => ({ level: 'info', message: `d${n}`, timestamp: new Date(now).toISOString() })),
    )
    expect(await t.db.logArchive.count({ where: { executionId: e.$id } })).toBe(3)
    // Count the archives read.
    const archives = t.services.retention.archives
    const of = archives.of.bind(archives)
    let reads = 0
    archives.of = (location) => {
      const store = of(location)
      return Object.assign(Object.create(store) as typeof store, { get: (at: string) => (reads++, store.get(at)) })
    }
    const read = async (q: { limit: number; latest?: boolean; before?: number; after?: number; level?: string[] }) => {
      reads = 0
      const page = await t.queries.logs(e.$id, q)
      return { messages: page.items.map((l) => l.message), reads, page }
    }
    expect(await read({ latest: true, limit: 3 })).toMatchObject({ messages: ['d3', 'd4', 'd5'], reads: 0 })
    expect(await read({ latest: true, limit: 8 })).toMatchObject({ messages: ['c3', 'c4', 'c5', 'd1', 'd2', 'd3', 'd4', 'd5'], reads: 1 })
    // Paging back through it all: every line once, in order, each page reading at most two archives.
    const all: string[] = []
    let before: number | undefined
    for (;;) {
      const { messages, reads: n, page } = await read({ latest: true, limit: 4, ...(before !== undefined ? { before } : {}) })
      expect(n).toBeLessThanOrEqual(2)
      all.unshift(...messages)
      if (page.olderCursor === null) break
      before = page.olderCursor
    }
    const every = ['a', 'b', 'c', 'd'].flatMap((b) => [1, 2, 3, 4, 5].map((n) => `${b}${n}`))
    expect(all).toEqual(every)
    // From the start: the oldest archive alone for a short page; a filter that keeps nothing reads on to the end.
    expect(await read({ limit: 3 })).toMatchObject({ messages: ['a1', 'a2', 'a3'], reads: 1 })
    expect(await read({ limit: 3, after: 5 })).toMatchObject({ reads: 1 })
    expect(await read({ limit: 100 })).toMatchObject({ messages: every, reads: 3 })
    expect(await read({ limit: 3, level: ['error'] })).toMatchObject({ messages: [], reads: 3 })
  })

  it("does not delete a line committed in the archive's id range while the archive was being written", async () => {
    const now = Date.parse('2026-06-01T00:00:00Z')
    const t = await testServices(() => new Date(now))
    const e = await t.executions.create(operator, { service: 'sdr-service' })
    const old = new Date(now - 45 * DAY).toISOString()
    await t.executions.log(
      e.$id,
      operator,
      ['a', 'b', 'c'].map((message) => ({ level: 'info', message, timestamp: old })),
    )
    // The middle line stands for one whose id was taken before the archive run read the lines and
    // that committed while the archive was written (PostgreSQL's ids are not commit order).
    const [, late] = t.writer.all<Record<string, unknown>>('SELECT * FROM "ExecutionLog" WHERE "executionId" = ? ORDER BY "id"', [e.$id])
    t.writer.run('DELETE FROM "ExecutionLog" WHERE "id" = ?', [late!.id])
    const archives = createArchiveStores({ dataDir: t.dir })
    const put = archives.current.put
    archives.current.put = async (location, data) => {
      await put(location, data)
      const columns = Object.keys(late!)
      t.writer.run(`INSERT INTO "ExecutionLog" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(late!))
    }
    const archive = createLogArchive({ writer: openWriter(t.file), archives, now: () => now })
    expect(await archive.archive(30 * DAY)).toEqual({ executions: 0, lines: 0 }) // left for the next run, whole
    expect(await t.db.executionLog.count({ where: { executionId: e.$id } })).toBe(3)
    expect(await archives.current.list(`logs/${e.$id}/`)).toEqual([]) // the archive no row points to is removed
    archives.current.put = put
    expect(await archive.archive(30 * DAY)).toEqual({ executions: 1, lines: 3 })
    expect((await t.queries.logs(e.$id, { limit: 10 })).items.map((l) => l.message)).toEqual(['a', 'b', 'c'])
  })
})

describe('a log archive store that fails, as API callers meet it', () => {
  it('tells a reader and an archiving admin what failed, never the folder, bucket or file; the detail is for the server log', async () => {
    const { rmSync, writeFileSync } = await import('node:fs')
    const { startRestServer } = await import('./helpers')
    const api = await startRestServer()
    try {
      const logged = async () => {
        const e = await api.executions.create({ ...operator, organizations: ['org-provider'] } as never, { service: 'sdr-service' })
        await api.executions.log(e.$id, operator, [{ level: 'info', message: 'old line', timestamp: '2020-01-01T00:00:00Z' }])
        return e.$id
      }
      const id = await logged()
      expect(await api.call('POST', '/trpc/retention.archiveLogs', { json: { olderThanDays: 30 } }).then((r) => r.status)).toBe(200)
      // (Only this execution's archives: the data folder is shared with other tests.)
      rmSync(join(api.dir, 'archive', 'logs', id), { recursive: true })
      const read = await api.call('GET', `/executions/${id}/logs`)
      expect(read.status).toBe(503)
      expect(read.body.error.message).toBe(
        `execution ${id}: its archived log lines cannot be read: the log archive store is not available now (the console's log says why); try again later`,
      )
      expect(JSON.stringify(read.body)).not.toContain(api.dir)
      // An archive run that cannot write: a file where the execution's folder should be.
      writeFileSync(join(api.dir, 'archive', 'logs', await logged()), 'not a folder')
      const run = await api.call('POST', '/trpc/retention.archiveLogs', { json: { olderThanDays: 30 } })
      expect(run.status).toBe(503)
      expect(run.body.error.json.message).toMatch(/^archiving log lines failed; they stay in the database: the log archive store is not available now/)
      expect(JSON.stringify(run.body.error.json.message)).not.toContain(api.dir)
    } finally {
      await api.close()
    }
  })

  it('answers a damaged archive as an internal error over tRPC as over REST, without what the error said', async () => {
    const { readdirSync, writeFileSync } = await import('node:fs')
    const { startRestServer } = await import('./helpers')
    const api = await startRestServer()
    try {
      const e = await api.executions.create({ ...operator, organizations: ['org-provider'] } as never, { service: 'sdr-service' })
      await api.executions.log(e.$id, operator, [{ level: 'info', message: 'old line', timestamp: '2020-01-01T00:00:00Z' }])
      expect((await api.call('POST', '/trpc/retention.archiveLogs', { json: { olderThanDays: 30 } })).status).toBe(200)
      const folder = join(api.dir, 'archive', 'logs', e.$id)
      for (const f of readdirSync(folder)) writeFileSync(join(folder, f), 'not gzip')
      const rest = await api.call('GET', `/executions/${e.$id}/logs`)
      expect(rest).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error; see the server log' } } })
      const trpc = await fetch(`${api.base}/trpc/executions.logs?input=${encodeURIComponent(JSON.stringify({ json: { id: e.$id } }))}`, { headers: api.admin })
      expect(trpc.status).toBe(500)
      expect(((await trpc.json()) as { error: { json: { message: string } } }).error.json.message).toBe('internal error; see the server log')
    } finally {
      await api.close()
    }
  })
})
