// The write-ahead log is copied back into the database file by the checkpoint thread, not by the
// writer's commits: after a burst of commits well under the writer's own threshold, the log is
// backfilled all the same, and everything committed reads back.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { inject, describe, expect, it } from 'vitest'
import { openWriter } from '@/server/db/writer'
import { WRITER_AUTOCHECKPOINT_PAGES } from '@/server/db/checkpointer'

/** Frames in the log and frames already copied into the database, from the WAL index (-shm). */
function walProgress(file: string) {
  const shm = readFileSync(`${file}-shm`)
  // The index header holds mxFrame at byte 16; the checkpoint info after its two copies (at 96) nBackfill.
  return { frames: shm.readUInt32LE(16), backfilled: shm.readUInt32LE(96) }
}

describe('checkpoints', () => {
  it('copy the log into the database file on a thread of their own', async () => {
    const file = join(inject('testDir'), `${randomUUID()}.db`)
    const writer = openWriter(file)
    writer.run('CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
    for (let i = 0; i < 300; i++) writer.transaction(() => writer.run('INSERT INTO note (body) VALUES (?)', [`note ${i} `.padEnd(2000, '.')]))
    const written = walProgress(file).frames
    expect(written).toBeGreaterThan(300)
    expect(written).toBeLessThan(WRITER_AUTOCHECKPOINT_PAGES) // the writer has not checkpointed by itself

    const deadline = Date.now() + 10_000
    while (walProgress(file).backfilled < written && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(walProgress(file).backfilled).toBeGreaterThanOrEqual(written)

    writer.close()
    const reader = new Database(file, { readonly: true })
    expect(reader.prepare('SELECT count(*) AS n FROM note').get()).toEqual({ n: 300 })
    reader.close()
  })
})
