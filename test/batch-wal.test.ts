// The batch-wal VFS (native/batch-wal.c) writes a commit's log frames in one write, and the log
// still reads exactly as if every frame had been written on its own: by other connections,
// after transactions larger than the page cache (frames spilled, read back and rewritten in
// place), after a rollback, and after a crash that leaves the log to be recovered.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { batchWalStats, loadBatchWal } from '@/server/db/batch-wal'
import { openWriter } from '@/server/db/writer'
import { forgetConfig } from '@/server/config'

// Opt-in: this file turns it on, for itself and the processes it starts (the test command builds it).
process.env.BATCH_WAL = 'on'
forgetConfig()
;(globalThis as { __batchWal?: boolean }).__batchWal = undefined

/** Frames in the log, from the WAL index (-shm) header. */
const walFrames = (file: string) => readFileSync(`${file}-shm`).readUInt32LE(16)

function freshWriter() {
  const file = join(inject('testDir'), `${randomUUID()}.db`)
  const writer = openWriter(file)
  writer.run('CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL, n INTEGER NOT NULL)')
  writer.run('CREATE INDEX note_body ON note (body)')
  writer.run('CREATE INDEX note_n ON note (n, body)')
  return { file, writer }
}

const readAll = (file: string, { readonly = true } = {}) => {
  const reader = new Database(file, { readonly })
  try {
    return {
      integrity: reader.pragma('integrity_check', { simple: true }),
      count: reader.prepare('SELECT count(*) FROM note').pluck().get(),
      sum: reader.prepare('SELECT coalesce(sum(n), 0) FROM note').pluck().get(),
    }
  } finally {
    reader.close()
  }
}

describe('batch-wal', () => {
  it('is built and in use by the writer', () => {
    expect(loadBatchWal()).toBe(true)
  })

  it('writes a commit of many pages to the log in one write, and another connection reads it at once', () => {
    const { file, writer } = freshWriter()
    const framesBefore = walFrames(file)
    const before = batchWalStats()
    writer.transaction(() => {
      for (let i = 0; i < 150; i++) writer.run('INSERT INTO note (body, n) VALUES (?, ?)', [`note ${i} ${randomUUID()}`.padEnd(300, '.'), i])
    })
    const after = batchWalStats()
    const frames = walFrames(file) - framesBefore
    expect(frames).toBeGreaterThan(40) // a table and two indexes of 300-byte rows: many pages
    expect(after.requested - before.requested).toBe(2 * frames) // SQLite asks for a header and a page each
    // One write of up to 124 KiB each: a 2 KiB-page frame is 2,072 bytes (4 KiB: 4,120).
    const bytes = frames * (24 + writer.get<{ page_size: number }>('PRAGMA page_size')!.page_size)
    expect(after.written - before.written).toBe(Math.ceil(bytes / (124 * 1024)))
    expect(readAll(file)).toEqual({ integrity: 'ok', count: 150, sum: (149 * 150) / 2 })
    writer.close()
  })

  it('commits a transaction larger than the page cache, and forgets one rolled back', () => {
    const { file, writer } = freshWriter()
    // A tiny cache: pages are written to the log before the commit, read back, and written again.
    writer.run('PRAGMA cache_size = 8')
    writer.transaction(() => {
      for (let i = 0; i < 2_000; i++) writer.run('INSERT INTO note (body, n) VALUES (?, ?)', [`note ${i}`.padEnd(200, '.'), i])
      writer.run('UPDATE note SET n = n + 1, body = body || ?', ['!'])
    })
    const committed = { integrity: 'ok', count: 2_000, sum: (1_999 * 2_000) / 2 + 2_000 }
    expect(readAll(file)).toEqual(committed)

    expect(() =>
      writer.transaction(() => {
        for (let i = 0; i < 2_000; i++) writer.run('INSERT INTO note (body, n) VALUES (?, ?)', [`lost ${i}`.padEnd(200, '.'), 1_000_000])
        throw new Error('refused')
      }),
    ).toThrow('refused')
    expect(readAll(file)).toEqual(committed)

    writer.transaction(() => writer.run('INSERT INTO note (body, n) VALUES (?, ?)', ['after the rollback', 7]))
    expect(readAll(file)).toEqual({ ...committed, count: 2_001, sum: committed.sum + 7 })
    writer.close()
  })

  it('leaves a log that recovers after the process is killed', () => {
    const file = join(inject('testDir'), `${randomUUID()}.db`)
    // A child process commits through the VFS with no checkpoints and is killed: everything is
    // in the log alone. Without the WAL index (-shm), SQLite rebuilds it by reading the log.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import Database from 'better-sqlite3'
         import { loadBatchWal } from './src/server/db/batch-wal.ts'
         if (!loadBatchWal()) process.exit(3)
         const db = new Database(${JSON.stringify(file)})
         db.pragma('journal_mode = WAL')
         db.pragma('synchronous = NORMAL')
         db.pragma('wal_autocheckpoint = 0')
         db.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL, n INTEGER NOT NULL); CREATE INDEX note_n ON note (n, body)')
         const insert = db.prepare('INSERT INTO note (body, n) VALUES (?, ?)')
         for (let i = 0; i < 500; i++) db.transaction(() => insert.run('note '.padEnd(300, '.'), i))()
         process.kill(process.pid, 'SIGKILL')`,
      ],
      { encoding: 'utf8' },
    )
    expect(child.signal, child.stderr).toBe('SIGKILL')
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(500 * 2_000)
    rmSync(`${file}-shm`)
    expect(readAll(file, { readonly: false })).toEqual({ integrity: 'ok', count: 500, sum: (499 * 500) / 2 })
  })
})
