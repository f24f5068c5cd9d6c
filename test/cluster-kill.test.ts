// Two console nodes on one PostgreSQL and Redis (cluster mode, docs/cluster.md), each with the demo
// worker it starts; one is killed with SIGKILL mid-flight (its demo worker with it). The survivor
// takes its executions over once their leases lapse, no step whose completion was committed runs
// again, and a watcher of the list feed on the survivor sees every event once, in commit order —
// those written by the node that died included.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startPostgres, type LocalPostgres } from '../scripts/local-postgres'
import { startRedis } from '../scripts/local-redis'
import { startConsole, type ConsoleProcess } from './console-process'
import { expectNoStepRerun } from './no-rerun'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  while (cleanup.length) await cleanup.pop()!().catch(() => {})
})

const MIX = ['sdr-outreach', 'crm-sync', 'account-research', 'content-generation', 'batch-processing']

/** The ids of a tRPC subscription's events (SSE `id:` lines), read until `signal` aborts. */
function watchFeed(node: ConsoleProcess, signal: AbortSignal) {
  const ids: number[] = []
  const done = (async () => {
    const input = encodeURIComponent(JSON.stringify({ json: {} }))
    const res = await fetch(`${node.base}/api/trpc/executions.feed?input=${input}`, { headers: { ...node.headers, accept: 'text/event-stream' }, signal })
    if (!res.ok) throw new Error(`feed: ${res.status} ${await res.text()}`)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffered = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffered += decoder.decode(value, { stream: true })
        const lines = buffered.split('\n')
        buffered = lines.pop()!
        for (const line of lines) if (line.startsWith('id: ') || line.startsWith('id:')) ids.push(Number(line.slice(3).trim()))
      }
    } catch (error) {
      if (!signal.aborted) throw error
    }
  })()
  return { ids, done }
}

describe('a cluster of two nodes', () => {
  it('survives the loss of one: executions taken over, no completed step rerun, the feed on the survivor whole and in order', async () => {
    const server: LocalPostgres = await startPostgres({ port: 55493 })
    cleanup.push(() => server.stop())
    const migrated = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
      env: { ...process.env, DATABASE_URL: server.url },
      encoding: 'utf8',
    })
    if (migrated.status !== 0) throw new Error(migrated.stderr)
    const redis = await startRedis()
    cleanup.push(() => redis.stop())
    const db = new pg.Client({ connectionString: server.url })
    await db.connect()
    cleanup.push(() => db.end())
    const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n)

    const env = {
      ...process.env,
      DATABASE_URL: server.url,
      REDIS_URL: redis.url,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO: 'on',
      DEMO_RATE: '0',
      DEMO_SPEED: '0.25',
      ENGINE_LEASE_MS: '2000',
      ENGINE_CONCURRENCY: '6',
    }
    // One after the other: the first start creates the admin.
    const a = await startConsole(env, 3491)
    cleanup.push(() => a.kill('SIGKILL'))
    const b = await startConsole(env, 3492)
    cleanup.push(() => b.kill('SIGKILL'))
    // Both demo workers have registered the demo's workflows.
    for (const deadline = Date.now() + 60_000; (await count(`SELECT count(*) AS n FROM "EngineWorker" WHERE "stoppedAt" IS NULL`)) < 2;) {
      if (Date.now() > deadline) throw new Error('the two engines did not register within 60 s')
      await new Promise((r) => setTimeout(r, 250))
    }
    await new Promise((r) => setTimeout(r, 3_000))

    const stopWatching = new AbortController()
    const watcher = watchFeed(b, stopWatching.signal)
    cleanup.push(async () => stopWatching.abort())
    await new Promise((r) => setTimeout(r, 1_000))
    const firstEvent = await count(`SELECT coalesce(max("id"), 0) AS n FROM "ExecutionEvent"`)

    for (let i = 0; i < 30; i++) {
      const via = i % 2 ? b : a
      const res = await via.fetch(`${via.base}/api/workflows/${MIX[i % MIX.length]}/executions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { n: i }, tags: ['cluster-kill'] }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
    }
    // Mid-flight: both nodes run executions, some are done; A is the one to die.
    const engineOf = async (node: ConsoleProcess) => {
      const rows = (await db.query(`SELECT "id", "pid" FROM "EngineWorker" WHERE "stoppedAt" IS NULL`)).rows as { id: string; pid: number }[]
      return rows.find((r) => isUnder(r.pid, node))?.id
    }
    const victim = await engineOf(a)
    expect(victim, "A's engine").toBeDefined()
    const heldBy = async (owner: string) => count(`SELECT count(*) AS n FROM "Execution" WHERE "status" = 'running' AND "leaseOwner" = $1`, [owner])
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const done = await count(`SELECT count(*) AS n FROM "Execution" WHERE "status" IN ('completed', 'failed')`)
      if (done >= 3 && (await heldBy(victim!)) > 0) break
    }
    expect(await heldBy(victim!), 'executions A holds when it dies').toBeGreaterThan(0)
    const dying = a
    const survivor = b
    await dying.kill('SIGKILL')

    // Everything ends on the survivor, or waits only for a person's review.
    const open = () =>
      count(`SELECT count(*) AS n FROM "Execution" e WHERE e."status" NOT IN ('completed', 'failed', 'cancelled')
               AND NOT (e."status" = 'running' AND EXISTS (SELECT 1 FROM "ExecutionStep" s WHERE s."executionId" = e."id" AND s."status" = 'running' AND s."type" = 'human'))`)
    for (const deadline = Date.now() + 240_000; (await open()) > 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 500))
    expect(await open()).toBe(0)
    expect(await count(`SELECT count(*) AS n FROM "ExecutionEvent" WHERE "type" = 'execution.started' AND "actorId" = $1`, [victim])).toBeGreaterThan(0)

    // No step whose completion was committed started again.
    const steps = (
      await db.query(`SELECT "executionId", "stepId", "type" FROM "ExecutionEvent" WHERE "type" IN ('execution.step.started', 'execution.step.completed') ORDER BY "xid", "id"`)
    ).rows as { executionId: string; stepId: string; type: string }[]
    expectNoStepRerun(steps)

    // The survivor's feed: every event since it began, once, in commit order.
    const expected = async () => (await db.query(`SELECT "id" FROM "ExecutionEvent" WHERE "id" > $1 ORDER BY "xid", "id"`, [firstEvent])).rows.map((r) => Number(r.id))
    for (const deadline = Date.now() + 10_000; watcher.ids.length < (await expected()).length && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 200))
    const seen = watcher.ids.filter((id) => id > firstEvent)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(await expected())
    expect(survivor.child.exitCode).toBeNull()
  }, 480_000)
})

/** Whether `pid` runs under the console process `node` (npx → node → …). */
function isUnder(pid: number, node: ConsoleProcess): boolean {
  for (let p = pid, i = 0; p > 1 && i < 10; i++) {
    if (p === node.child.pid) return true
    try {
      p = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])
    } catch {
      return false
    }
  }
  return false
}
