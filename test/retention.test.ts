// Log retention: lines past the retention period move to compressed archive files and stay
// readable through the logs API, in order, with the same filters and cursor.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openWriter } from '@/server/db/writer'
import { createLogArchive } from '@/server/retention/logs'
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

    const archive = createLogArchive({ writer: openWriter(t.file), dataDir: t.dir, now: () => now })
    expect(archive.archive(30 * DAY)).toEqual({ executions: 1, lines: 3 })
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
    expect(archive.archive(30 * DAY)).toEqual({ executions: 0, lines: 0 }) // nothing left to move
  })
})
