import Database from 'better-sqlite3'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { ensureCatalog, upgradeDemoHistory } from '@/server/built-in/install'
import { writeHistory } from '@/server/demo/history'
import { open } from '@/server/security/crypto'
import { EXECUTION_STATUSES } from '@/server/domain/lifecycle'
import { ERROR_CODES } from '@/server/domain/errors'
import { openDb } from '@/server/db/client'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { freshDatabase } from './helpers'
import { createQueryService } from '@/server/services/queries'
import { createArchiveStores } from '@/server/retention/archive-store'
import { demoWorkflows } from '../examples/demo-worker/workflows'

const NOW = Date.parse('2026-06-01T00:00:00Z')

function seeded(name: string, executions: number, seed = 7) {
  const file = join(inject('testDir'), name)
  copyFileSync(inject('templateDb'), file)
  const db = new Database(file)
  const counts = writeHistory(db, { executions, days: 30, seed, now: NOW, logsPerExecution: 21, detailed: true })
  return { db, file, counts }
}

describe('the demo history', () => {
  it('covers every status, at least five services and the error taxonomy, with logs and steps', () => {
    const { db, counts } = seeded('history-a.db', 2000)
    const statuses = db
      .prepare('SELECT DISTINCT status FROM "Execution"')
      .all()
      .map((r) => (r as { status: string }).status)
    expect(new Set(statuses)).toEqual(new Set(EXECUTION_STATUSES))
    const services = (db.prepare('SELECT count(DISTINCT serviceId) AS n FROM "Execution"').get() as { n: number }).n
    expect(services).toBeGreaterThanOrEqual(5)
    const codes = db
      .prepare('SELECT DISTINCT errorCode FROM "Execution" WHERE errorCode IS NOT NULL')
      .all()
      .map((r) => (r as { errorCode: string }).errorCode)
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
    // The message is sealed (a fresh IV each time): compared opened.
    const rows = (db: Database.Database) =>
      (db.prepare('SELECT id, status, serviceId, cost, errorMessage FROM "Execution" ORDER BY id').all() as { errorMessage: string | null }[]).map((r) => ({
        ...r,
        errorMessage: open(r.errorMessage),
      }))
    expect(rows(a.db)).toEqual(rows(b.db))
    a.db.close()
    b.db.close()
  })

  it('reads back through the services as seed 000 shapes', async () => {
    const { db: raw, file } = seeded('history-d.db', 200)
    raw.close()
    const db = await openDb(file)
    const queries = createQueryService(db, openReader(file))
    await expectAFailedExecutionReadable(queries)
    await db.$disconnect()
  })

  it('is a history the demo could have made: each execution a run of a demo workflow (or the outside service), its steps as the workflow has them', () => {
    const { db } = seeded('history-e.db', 1500, 11)
    // The demo worker's workflows, by key: the seeded versions are the ones its templates fill.
    const workflows = new Map(demoWorkflows().map((w) => [w.template.id, w.template]))
    const executions = db.prepare('SELECT id, serviceId, workflowDefinitionId FROM "Execution"').all() as { id: string; serviceId: string; workflowDefinitionId: string | null }[]
    const stepsOf = db.prepare('SELECT stepId, name FROM "ExecutionStep" WHERE executionId = ? ORDER BY position')
    let outside = 0
    for (const e of executions) {
      const steps = stepsOf.all(e.id) as { stepId: string; name: string }[]
      expect(new Set(steps.map((s) => s.name)).size).toBe(steps.length) // no step name twice
      if (e.workflowDefinitionId === null) {
        expect(e.serviceId).toBe('support-triage-service')
        outside += 1
        continue
      }
      const workflow = workflows.get(e.workflowDefinitionId.split('@')[0]!)
      expect(workflow, `${e.id} is a run of ${e.workflowDefinitionId}, which the demo worker serves`).toBeDefined()
      expect(workflow!.service).toBe(e.serviceId)
      expect(steps.map((s) => [s.stepId, s.name])).toEqual(workflow!.steps.map((s) => [s.id, s.name ?? s.id]))
    }
    expect(outside).toBeGreaterThan(0)
    db.close()
  })

  it('tells one consistent story per execution: log lines inside their steps, one retry line per retry, under way only within the timeout', () => {
    const { db } = seeded('history-f.db', 1500, 13)
    const executions = db.prepare('SELECT id, status, startedAt, completedAt, timeoutMs, retries, createdAt FROM "Execution"').all() as {
      id: string
      status: string
      startedAt: number | null
      completedAt: number | null
      timeoutMs: number
      retries: number
      createdAt: number
    }[]
    const steps = db.prepare('SELECT stepId, startedAt, completedAt, failedAt FROM "ExecutionStep" WHERE executionId = ?')
    const firstStart = db.prepare(`SELECT stepId, min(createdAt) AS at FROM "ExecutionEvent" WHERE executionId = ? AND type = 'execution.step.started' GROUP BY stepId`)
    const logs = db.prepare('SELECT timestamp, level, message, step FROM "ExecutionLog" WHERE executionId = ?')
    const retryEvents = db.prepare(`SELECT count(*) AS n FROM "ExecutionEvent" WHERE executionId = ? AND type = 'execution.retry'`)
    let retried = 0
    for (const e of executions) {
      const started = new Map((firstStart.all(e.id) as { stepId: string; at: number }[]).map((r) => [r.stepId, r.at]))
      const ends = new Map(
        (steps.all(e.id) as { stepId: string; startedAt: number | null; completedAt: number | null; failedAt: number | null }[]).map((s) => [
          s.stepId,
          s.completedAt ?? s.failedAt ?? NOW,
        ]),
      )
      const lines = (logs.all(e.id) as { timestamp: number; level: string; message: string; step: string | null }[]).map((l) => ({ ...l, message: open(l.message) as string }))
      for (const line of lines) {
        if (!line.step) continue
        expect(started.has(line.step), `${e.id}: a line of ${line.step}, which never started`).toBe(true)
        expect(line.timestamp).toBeGreaterThanOrEqual(started.get(line.step)!)
        expect(line.timestamp).toBeLessThanOrEqual(ends.get(line.step)!)
      }
      const retryLines = lines.filter((l) => l.message.startsWith('Retrying after')).map((l) => Number(/attempt (\d+)\//.exec(l.message)![1]))
      expect(retryLines.sort()).toEqual(Array.from({ length: e.retries }, (_, i) => i + 1))
      expect((retryEvents.get(e.id) as { n: number }).n).toBe(e.retries)
      if (e.retries) retried += 1
      if (['running', 'paused', 'queued', 'starting', 'retry'].includes(e.status)) expect(e.createdAt + e.timeoutMs).toBeGreaterThan(NOW)
      if (e.completedAt !== null) expect(e.completedAt).toBeLessThanOrEqual(NOW)
    }
    expect(retried).toBeGreaterThan(10)
    db.close()
  })

  it('moves executions of an earlier version’s demo workflows to the workflows that run them now, once', () => {
    const file = join(inject('testDir'), 'history-old.db')
    copyFileSync(inject('templateDb'), file)
    const db = new Database(file)
    ensureCatalog(db, NOW)
    const oldWorkflow = db.prepare('INSERT INTO "WorkflowDefinition" (id, key, version, name, serviceId, definition, createdAt) VALUES (?, ?, 1, ?, ?, ?, ?)')
    const order = db.prepare('INSERT INTO "Order" (id, serviceId, customerId, status, createdAt) VALUES (?, ?, ?, ?, ?)')
    const execution = db.prepare(
      'INSERT INTO "Execution" (id, orderId, serviceId, status, correlationId, workflowDefinitionId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const step = db.prepare('INSERT INTO "ExecutionStep" (id, executionId, stepId, name, position, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0, ?, ?)')
    const old = [
      ['sdr@1', 'sdr-service', 'research-lead-1'],
      ['support-triage@1', 'support-triage-service', 'classify'],
      ['batch-processing@1', 'batch-processing-service', 'process-batch-1'],
      ['batch-processing@1', 'batch-processing-service', 'item-1'],
    ] as const
    old.forEach(([workflow, service, stepId], i) => {
      if (!db.prepare('SELECT 1 FROM "WorkflowDefinition" WHERE id = ?').get(workflow)) oldWorkflow.run(workflow, workflow.split('@')[0], workflow, service, '{}', NOW)
      order.run(`o${i}`, service, 'org-customer-1', 'confirmed', NOW)
      execution.run(`e${i}`, `o${i}`, service, 'failed', `c${i}`, workflow, NOW, NOW)
      step.run(`s${i}`, `e${i}`, stepId, stepId, NOW, NOW)
    })
    expect(upgradeDemoHistory(db)).toBe(3)
    const workflowOf = (id: string) => (db.prepare('SELECT workflowDefinitionId AS w FROM "Execution" WHERE id = ?').get(id) as { w: string | null }).w
    expect(['e0', 'e1', 'e2', 'e3'].map(workflowOf)).toEqual(['sdr-outreach@1', null, 'nightly-import@1', 'batch-processing@1'])
    expect(db.prepare(`SELECT id FROM "WorkflowDefinition" WHERE id IN ('sdr@1', 'support-triage@1')`).all()).toEqual([])
    expect(upgradeDemoHistory(db)).toBe(0)
    db.close()
  })

  // Under TEST_DATABASE=postgres freshDatabase() is a PostgreSQL database: the history goes
  // through the Writer's dialect there, and must read back as the SQLite history of the same seed.
  it('is written through the write path’s connection on the database the console runs on, the same history as on SQLite', async () => {
    const { db, file, dir } = await freshDatabase()
    const writer = openWriter(file)
    const reader = openReader(file)
    const options = { executions: 400, days: 30, seed: 23, now: NOW, logsPerExecution: 21, detailed: true }
    const counts = writeHistory(writer, options)
    const sqlite = seeded('history-same.db', 400, 23)
    expect(counts).toEqual(sqlite.counts)

    // Row for row as SQLite has them (sealed values opened: each seal has a fresh IV).
    const sqliteReader = openReader(sqlite.file)
    const executions = (r: typeof reader) =>
      r
        .all<Record<string, unknown>>(
          'SELECT "id", "status", "serviceId", "workflowDefinitionId", "progress", "cost", "createdAt", "startedAt", "completedAt", "errorRecoverable", "errorMessage", "version", "nextRunAt" FROM "Execution" ORDER BY "id"',
          [],
        )
        .map((e) => ({ ...e, errorMessage: open(e.errorMessage) }))
    const onDatabase = executions(reader)
    expect(onDatabase).toHaveLength(400)
    expect(onDatabase).toEqual(executions(sqliteReader))
    const events = (r: typeof reader) => r.all('SELECT "executionId", "type", "stepId", "status", "createdAt" FROM "ExecutionEvent" ORDER BY "id"', [])
    expect(events(reader)).toEqual(events(sqliteReader))
    const tallies = (r: typeof reader) => ({
      steps: r.all('SELECT "status", count(*) AS "n" FROM "ExecutionStep" GROUP BY "status" ORDER BY "status"', []),
      logs: r.all('SELECT "level", count(*) AS "n", min("timestamp") AS "first" FROM "ExecutionLog" GROUP BY "level" ORDER BY "level"', []),
      tags: r.all('SELECT "tag", count(*) AS "n" FROM "ExecutionTag" GROUP BY "tag" ORDER BY "tag"', []),
      checkpoints: r.all('SELECT "id", "step", "createdAt" FROM "ExecutionCheckpoint" ORDER BY "id"', []),
    })
    expect(tallies(reader)).toEqual(tallies(sqliteReader))

    // What an operator opens: the list, a failed execution with its steps and its logs.
    const queries = createQueryService(db, reader, { archives: createArchiveStores({ dataDir: dir }) })
    await expectAFailedExecutionReadable(queries)

    // Seeding again with --if-empty (a second console starting) writes nothing.
    expect(writeHistory(writer, { ...options, seed: 24, ifEmpty: true })).toMatchObject({ executions: 0, existing: 400 })
    expect(reader.get<{ n: number }>('SELECT count(*) AS "n" FROM "Execution"', [])).toEqual({ n: 400 })
    sqliteReader.close()
    sqlite.db.close()
    writer.close()
    reader.close()
    await db.$disconnect()
  }, 120_000)
})

/** What an operator opens: the newest failed execution, with its failed step and the error in its logs. */
async function expectAFailedExecutionReadable(queries: ReturnType<typeof createQueryService>) {
  const failed = await queries.list({ status: ['failed'], sort: 'createdAt', order: 'desc', limit: 1 })
  const execution = await queries.get(failed.items[0]!.$id)
  expect(execution.error).toMatchObject({ code: expect.any(String), recoverable: expect.any(Boolean) })
  expect(execution.steps!.some((s) => s.status === 'failed')).toBe(true)
  const logs = await queries.logs(execution.$id, { limit: 500 })
  expect(logs.items.some((l) => l.level === 'error' && l.message === execution.error!.message)).toBe(true)
}
