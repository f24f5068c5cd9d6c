// Crash test: the console runs 60 workflow executions — the demo's, their steps run by the demo
// worker it starts, and a team's template run by a worker of the team's in another process — is
// killed with SIGKILL mid-flight (its demo worker with it, as a machine going down) and started
// again on the same port. Every execution ends or goes on waiting for a person, no step whose
// completion was committed runs again, nothing committed is lost, the team's worker, still
// running, goes on, and the tasks the killed demo worker held go to the new one.
import { spawn, type ChildProcess } from 'node:child_process'
import Database from 'better-sqlite3'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startConsole, type ConsoleProcess } from './console-process'
import { freePort } from '../scripts/local-redis'
import { expectNoStepRerun } from './no-rerun'

let server: ConsoleProcess | undefined
let worker: ChildProcess | undefined
afterAll(() => {
  worker?.kill('SIGKILL')
  return server?.kill('SIGKILL')
})

const MIX = ['sdr-outreach', 'crm-sync', 'account-research', 'content-generation', 'sdr-outreach', 'crm-sync']

describe('a crash of the console', () => {
  it('loses nothing committed and runs no completed step twice', async () => {
    const file = join(inject('testDir'), 'crash.db')
    copyFileSync(inject('templateDb'), file)
    // The demo worker serves the demo's workflows and starts none of its own.
    const env = { ...process.env, DATABASE_URL: `file:${file}`, DEMO: 'on', DEMO_RATE: '0', DEMO_SPEED: '0.25', ENGINE_LEASE_MS: '2000', ENGINE_CONCURRENCY: '12' }
    const port = await freePort()
    server = await startConsole(env, port)
    const demoWorkerLive = async () => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
        const workers = (await (await server!.fetch(`${server!.base}/api/workers`)).json()) as { $id: string; name: string; live: boolean; stoppedAt: string | null }[]
        const demo = workers.find((w) => w.name === 'demo-worker' && w.live && !w.stoppedAt)
        if (demo) return demo.$id
      }
      throw new Error('the demo worker did not connect within 60 s')
    }
    const firstDemoWorker = await demoWorkerLive()

    // A team's workflow run by a worker of its own: three task steps, a worker-scope key.
    const provider = ((await (await server.fetch(`${server.base}/api/services/batch-processing-service`)).json()) as { provider: string }).provider
    const post = async (path: string, body: unknown) => {
      const res = await server!.fetch(`${server!.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300)
      return res.json() as Promise<Record<string, unknown>>
    }
    await post('/api/task-definitions', { id: 'crash-step', version: '1.0.0', name: 'A step of the crash test', timeout: 60_000, organizationId: provider })
    await post('/api/workflow-templates', {
      id: 'remote-crash',
      name: 'Run by a worker',
      service: 'batch-processing-service',
      steps: ['one', 'two', 'three'].map((id) => ({ id, type: 'task', task: 'crash-step' })),
    })
    const key = (
      (await post('/api/trpc/apiKeys.create', { json: { name: 'crash worker', organizationId: provider, scope: 'worker' } })) as { result: { data: { json: { key: string } } } }
    ).result.data.json.key
    const config = { url: server.base, apiKey: key, name: 'crash worker', concurrency: 4, tasks: { 'crash-step': { behaviour: 'sleep:300' } } }
    worker = spawn(process.execPath, ['--import', 'tsx', 'test/worker-process/worker.ts'], {
      env: { ...process.env, WORKER_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve) => worker!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))

    const ids: string[] = []
    for (let i = 0; i < 60; i++) {
      const workflow = i % 25 === 0 ? 'batch-processing' : i % 4 === 1 ? 'remote-crash' : MIX[i % MIX.length]!
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
      const remoteTasks = count(`SELECT count(*) AS n FROM "TaskInstance" WHERE status = 'RUNNING'`)
      const demoTasks = count(`SELECT count(*) AS n FROM "TaskInstance" WHERE status = 'RUNNING' AND "executorId" = '${firstDemoWorker}'`)
      if (done >= 10 && runningSteps >= 3 && remoteTasks >= 1 && demoTasks >= 1) break
      await new Promise((r) => setTimeout(r, 100))
    }
    await server.kill('SIGKILL')
    const heldByDemo = db.prepare(`SELECT id FROM "TaskInstance" WHERE status IN ('ASSIGNED', 'RUNNING') AND "executorId" = ?`).all(firstDemoWorker) as { id: string }[]
    expect(heldByDemo.length).toBeGreaterThan(0)
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

    // Started again where the worker looks for it: it goes on without being told.
    server = await startConsole(env, port)
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
    // (What is still open, should it fail: each execution's workflow, status and unfinished steps.)
    const open = () =>
      db
        .prepare(
          `SELECT e.id, e."workflowDefinitionId" AS workflow, e.status, (SELECT group_concat(s."stepId" || ':' || s.status, ' ') FROM "ExecutionStep" s WHERE s."executionId" = e.id AND s.status NOT IN ('completed', 'skipped')) AS steps
             FROM "Execution" e WHERE e.status NOT IN ('completed', 'failed', 'cancelled') LIMIT 20`,
        )
        .all()
    const held = () =>
      db
        .prepare(
          `SELECT a."executionId", a."stepId", a.status, r.type FROM "ResourceAllocation" a JOIN "Resource" r ON r.id = a."resourceId" WHERE a.status != 'released' LIMIT 20`,
        )
        .all()
    expect(settled(), JSON.stringify({ open: open(), held: held() })).toBe(true)

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
    expectNoStepRerun(steps)
    // The tasks the killed demo worker held are not left hanging: once their leases lapsed they went
    // to the demo worker the console started again, which completed or failed them (the killed one
    // could report nothing) — or the console cancelled them, their execution having ended otherwise.
    const taken = db.prepare(`SELECT status, "executorId" FROM "TaskInstance" WHERE id = ?`)
    for (const { id } of heldByDemo) {
      const task = taken.get(id) as { status: string; executorId: string }
      if (task.status !== 'CANCELLED')
        expect(task, id).toMatchObject({ status: expect.stringMatching(/^(COMPLETED|FAILED)$/), executorId: expect.not.stringMatching(firstDemoWorker) })
    }
    const finished = count(`SELECT count(*) AS n FROM "Execution" WHERE status = 'completed'`)
    expect(finished).toBeGreaterThan(30)
    // The worker's executions all completed, each step once.
    const remote = count(`SELECT count(*) AS n FROM "Execution" WHERE status = 'completed' AND "workflowDefinitionId" LIKE 'remote-crash@%'`)
    expect(remote).toBe(ids.filter((_, i) => i % 25 !== 0 && i % 4 === 1).length)
    expect(count(`SELECT count(*) AS n FROM "TaskInstance" WHERE status = 'COMPLETED' AND "taskKey" = 'crash-step'`)).toBe(remote * 3)
    db.close()
  }, 400_000)
})
