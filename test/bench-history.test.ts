// bench:list compares the databases on the same rows: the SQLite history copied into PostgreSQL
// (bench/lib.ts, postgresHistory). A copy that dropped, shifted or mistyped values (times are ms on
// SQLite, timestamps there; booleans 0/1; JSON as text) would compare two different histories —
// so the list pages, a tag filter and the analytics must read the same through the service
// layer on both, and a re-seeded SQLite history must be copied again.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { historyDatabase, postgresHistory, type PostgresHistory } from '../bench/lib'
import { openDb, type Db } from '@/server/db/client'
import { openReader, type Reader } from '@/server/db/reader'
import { createQueryService } from '@/server/services/queries'

const EXECUTIONS = 300
let history: PostgresHistory
const opened: { db: Db; reader: Reader }[] = []

async function service(target: string) {
  const db = await openDb(target)
  const reader = openReader(target)
  opened.push({ db, reader })
  return createQueryService(db, reader)
}

beforeAll(async () => {
  // A fresh pair, so the copy itself is under test (not a folder an earlier run left).
  for (const suffix of ['', '-wal', '-shm']) rmSync(join('.bench', `history-${EXECUTIONS}.db${suffix}`), { force: true })
  rmSync(join('.bench', `postgres-history-${EXECUTIONS}`), { recursive: true, force: true })
  history = await postgresHistory(EXECUTIONS)
}, 180_000)

afterAll(async () => {
  for (const { db, reader } of opened) {
    reader.close()
    await db.$disconnect()
  }
  await history?.stop()
})

describe('bench:list history on PostgreSQL', () => {
  it('reads the same list pages, tag filter and analytics as the SQLite history it was copied from', async () => {
    const sqlite = await service(historyDatabase(EXECUTIONS))
    const postgres = await service(history.url)
    const pages = [
      { sort: 'createdAt' as const, order: 'desc' as const, limit: 50 },
      { status: ['failed' as const], service: ['sdr-service'], sort: 'createdAt' as const, order: 'desc' as const, limit: 50 },
      { tag: ['production'], sort: 'createdAt' as const, order: 'desc' as const, limit: 50 },
      { sort: 'cost' as const, order: 'asc' as const, limit: 20 },
    ]
    for (const input of pages) {
      const [a, b] = [await sqlite.list(input), await postgres.list(input)]
      expect(a.items.length).toBeGreaterThan(0)
      expect(b).toEqual(a)
    }
    const all = await sqlite.list({ sort: 'createdAt', order: 'desc', limit: 500 })
    expect(all.items).toHaveLength(EXECUTIONS)
    expect((await postgres.list({ sort: 'createdAt', order: 'desc', limit: 500 })).items).toEqual(all.items)
    const range = { from: new Date(Date.now() - 40 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() }
    for (const service of ['sdr-service', 'content-service']) {
      const figures = await sqlite.analytics({ service, ...range })
      expect(figures.total).toBeGreaterThan(0)
      expect(await postgres.analytics({ service, ...range })).toEqual(figures)
    }
  })

  it('copies the history again when the SQLite one was seeded again', async () => {
    const page = { sort: 'createdAt' as const, order: 'desc' as const, limit: 50 }
    const before = await (await service(history.url)).list(page)
    await history.stop()
    for (const suffix of ['', '-wal', '-shm']) rmSync(join('.bench', `history-${EXECUTIONS}.db${suffix}`), { force: true })
    history = await postgresHistory(EXECUTIONS)
    const reseeded = await (await service(historyDatabase(EXECUTIONS))).list(page)
    expect(reseeded.items[0]!.$id).not.toBe(before.items[0]!.$id)
    expect(await (await service(history.url)).list(page)).toEqual(reseeded)
  }, 180_000)
})
