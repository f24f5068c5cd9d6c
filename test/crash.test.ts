// Crash test: the console runs 60 workflow executions, is killed with SIGKILL mid-flight and
// started again. Every execution ends or goes on waiting for a person, no step whose
// completion was committed runs again, and nothing committed is lost.
import Database from 'better-sqlite3'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startConsole, type ConsoleProcess } from './console-process'

let server: ConsoleProcess | undefined
afterAll(() => server?.kill('SIGKILL'))

const MIX = ['sdr-outreach', 'crm-sync', 'account-research', 'content-generation', 'sdr-outreach', 'crm-sync']

describe('a crash of the console', () => {
  it('loses nothing committed and runs no completed step twice', async () => {
    const file = join(inject('testDir'), 'crash.db')
    copyFileSync(inject('templateDb'), file)
    const env = { ...process.env, DATABASE_URL: `file:${file}`, DEMO: 'off', DEMO_SPEED: '0.25', ENGINE_LEASE_MS: '2000', ENGINE_CONCURRENCY: '12' }
    server = await startConsole(env)

    const ids: string[] = []
    for (let i = 0; i < 60; i++) {
      const workflow = i % 25 === 0 ? 'batch-processing' : MIX[i % MIX.length]!
      const res = await server.fetch(`${server.base}/api/workflows/${workflow}/executions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { n: i }, tags: ['crash-test'] }),
      })
      expect(res.status).toBe(201)
      ids.push(((await res.json()) as { $id: string }).$id)
    }

    const db = new Database(file, { readonly: true })
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
    // Kill it mid-flight: some executions done, others with steps running.
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      const done = count(`SELECT count(*) AS n FROM "Execution" WHERE status IN ('completed', 'failed')`)
      const runningSteps = count(`SELECT count(*) AS n FROM "ExecutionStep" WHERE status = 'running' AND "type" = 'task'`)
      if (done >= 10 && runningSteps >= 3) break
      await new Promise((r) => setTimeout(r, 100))
    }
    await server.kill('SIGKILL')
    const before = {
      events: db.prepare('SELECT id, executionId, type, stepId FROM "ExecutionEvent" ORDER BY id').all() as {
        id: number
        executionId: string
        type: string
        stepId: string | null
      }[],
      logs: db.prepare('SELECT id, executionId, message FROM "ExecutionLog" ORDER BY id').all(),
      running: count(`SELECT count(*) AS n FROM "Execution" WHERE status = 'running' AND "leaseOwner" IS NOT NULL`),
    }
    expect(before.running).toBeGreaterThan(0)

    server = await startConsole(env)
    // Every execution ends, or waits only for a person's review.
    const settled = () => {
      const open = db
        .prepare(
          `SELECT e.id FROM "Execution" e WHERE e.status NOT IN ('completed', 'failed', 'cancelled')
             AND NOT (e.status = 'running' AND EXISTS (SELECT 1 FROM "ExecutionStep" s WHERE s.executionId = e.id AND s.status = 'running' AND s."type" = 'human'))`,
        )
        .all()
      return open.length === 0
    }
    const until = Date.now() + 180_000
    while (!settled() && Date.now() < until) await new Promise((r) => setTimeout(r, 500))
    expect(settled()).toBe(true)

    // Nothing committed before the kill is gone.
    const after = {
      events: db.prepare('SELECT id, executionId, type, stepId FROM "ExecutionEvent" WHERE id <= ? ORDER BY id').all(before.events.at(-1)!.id),
      logs: db.prepare('SELECT id, executionId, message FROM "ExecutionLog" WHERE id <= ? ORDER BY id').all((before.logs.at(-1) as { id: number }).id),
    }
    expect(after.events).toEqual(before.events)
    expect(after.logs).toEqual(before.logs)

    // No step whose completion was committed started again.
    const steps = db
      .prepare(`SELECT executionId, stepId, type, id FROM "ExecutionEvent" WHERE type IN ('execution.step.started', 'execution.step.completed') ORDER BY id`)
      .all() as { executionId: string; stepId: string; type: string }[]
    const completed = new Set<string>()
    for (const e of steps) {
      const key = `${e.executionId}/${e.stepId}`
      if (e.type === 'execution.step.started') expect(completed.has(key), `${key} started after it completed`).toBe(false)
      else {
        expect(completed.has(key), `${key} completed twice`).toBe(false)
        completed.add(key)
      }
    }
    // The restarted worker took over executions the killed one held.
    const restarted = db.prepare(`SELECT count(*) AS n FROM "ExecutionEvent" WHERE type = 'execution.step.started' AND json_extract(data, '$.restarted') = 1`).get() as {
      n: number
    }
    expect(restarted.n).toBeGreaterThan(0)
    const finished = count(`SELECT count(*) AS n FROM "Execution" WHERE status = 'completed'`)
    expect(finished).toBeGreaterThan(30)
    db.close()
  }, 400_000)
})
