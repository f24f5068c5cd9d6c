import Database from 'better-sqlite3'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { writeHistory } from '@/server/seed/history'
import { EXECUTION_STATUSES } from '@/server/domain/lifecycle'
import { ERROR_CODES } from '@/server/domain/errors'
import { openDb } from '@/server/db/client'
import { openReader } from '@/server/db/reader'
import { createQueryService } from '@/server/services/queries'

function seeded(name: string, executions: number, seed = 7) {
  const file = join(inject('testDir'), name)
  copyFileSync(inject('templateDb'), file)
  const db = new Database(file)
  const counts = writeHistory(db, { executions, days: 30, seed, now: Date.parse('2026-06-01T00:00:00Z'), logsPerExecution: 21, detailed: true })
  return { db, file, counts }
}

describe('the demo history', () => {
  it('covers every status, at least five services and the error taxonomy, with logs and steps', () => {
    const { db, counts } = seeded('history-a.db', 2000)
    const statuses = db.prepare('SELECT DISTINCT status FROM "Execution"').all().map((r) => (r as { status: string }).status)
    expect(new Set(statuses)).toEqual(new Set(EXECUTION_STATUSES))
    const services = (db.prepare('SELECT count(DISTINCT serviceId) AS n FROM "Execution"').get() as { n: number }).n
    expect(services).toBeGreaterThanOrEqual(5)
    const codes = db.prepare('SELECT DISTINCT errorCode FROM "Execution" WHERE errorCode IS NOT NULL').all().map((r) => (r as { errorCode: string }).errorCode)
    expect(codes.length).toBeGreaterThanOrEqual(10)
    expect(codes.every((c) => (ERROR_CODES as readonly string[]).includes(c))).toBe(true)
    expect(counts.logs).toBeGreaterThanOrEqual(2000 * 20)
    expect(counts.steps).toBeGreaterThan(2000 * 3)
    const span = db.prepare('SELECT max(createdAt) - min(createdAt) AS ms FROM "Execution"').get() as { ms: number }
    expect(span.ms).toBeGreaterThan(29 * 86_400_000)
    db.close()
  })

  it('is deterministic: the same seed writes the same executions', () => {
    const a = seeded('history-b.db', 300, 99)
    const b = seeded('history-c.db', 300, 99)
    const rows = (db: Database.Database) => db.prepare('SELECT id, status, serviceId, cost, errorMessage FROM "Execution" ORDER BY id').all()
    expect(rows(a.db)).toEqual(rows(b.db))
    a.db.close()
    b.db.close()
  })

  it('reads back through the services as seed 000 shapes', async () => {
    const { db: raw, file } = seeded('history-d.db', 200)
    raw.close()
    const db = await openDb(file)
    const queries = createQueryService(db, openReader(file))
    const failed = await queries.list({ status: ['failed'], sort: 'createdAt', order: 'desc', limit: 1 })
    const execution = await queries.get(failed.items[0]!.$id)
    expect(execution.error).toMatchObject({ code: expect.any(String), recoverable: expect.any(Boolean) })
    expect(execution.steps!.some((s) => s.status === 'failed')).toBe(true)
    const logs = await queries.logs(execution.$id, { limit: 500 })
    expect(logs.items.some((l) => l.level === 'error' && l.message === execution.error!.message)).toBe(true)
    await db.$disconnect()
  })
})
