// Cluster mode on a real PostgreSQL (docs/cluster.md): two nodes — each with its own Writer (its
// own connections), execution service, bus and engine — share one database.
// The queue: a due read claims what it returns (FOR UPDATE SKIP LOCKED + the lease in one
// statement), so the nodes take different executions; a change that makes work due wakes the
// other node by NOTIFY.
// The ordered feed: events in commit order, (xid, id) below the watermark, whatever ids they took.
import { spawnSync } from 'node:child_process'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type LocalPostgres } from '../scripts/local-postgres'
import { openDb } from '@/server/db/client'
import { openWriter, type Writer } from '@/server/db/writer'
import { listen, QUEUE_CHANNEL } from '@/server/db/postgres/notify'
import { toPostgres } from '@/server/db/postgres/dialect'
import { createInProcessBus } from '@/server/events/bus'
import { createExecutionService } from '@/server/services/executions'
import { createEngine, type Engine } from '@/server/engine/engine'
import { createQueueStore } from '@/server/engine/queue-store'
import { openReader, type Reader } from '@/server/db/reader'
import { createDutyHolder } from '@/server/ops/duties'
import { createLiveService, type PreparedMessage } from '@/server/events/live'
import { setLog } from '@/server/ops/log'
import pino from 'pino'
import { defineWorkflow } from '@/server/engine/workflow'

const ran: { executionId: string; node: string }[] = []
const wf = defineWorkflow({
  id: 'cluster-job',
  version: 1,
  name: 'Cluster job',
  service: 'batch-processing-service',
  steps: [{ id: 'work', assignee: 'system', handler: async (ctx) => void ran.push({ executionId: ctx.executionId, node: String(ctx.__context__?.node ?? '') }) }],
})

let server: LocalPostgres
const writers: (Writer | Reader)[] = []
let engines: Engine[] = []

/** A node of the cluster: its own connections, bus and execution service. */
function node() {
  const writer = openWriter(server.url)
  writers.push(writer)
  const bus = createInProcessBus()
  return { writer, bus, executions: createExecutionService({ writer, bus }) }
}

function engineOn(n: ReturnType<typeof node>, workerId: string, options: { pollMs: number; listens: boolean; concurrency?: number }) {
  const engine = createEngine({
    store: n.writer,
    executions: n.executions,
    bus: n.bus,
    workflows: [wf],
    workerId,
    concurrency: options.concurrency ?? 4,
    pollMs: options.pollMs,
    wakeUps: options.listens
      ? (wake) => {
          const listener = listen(server.url, QUEUE_CHANNEL, wake)
          return () => void listener.close()
        }
      : undefined,
  })
  engines.push(engine)
  return engine
}

const query = async <T>(sql: string, params: unknown[] = []) => {
  const client = new pg.Client({ connectionString: server.url })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as T[]
  } finally {
    await client.end()
  }
}

async function until(done: () => Promise<boolean>, limitMs = 20_000) {
  const end = Date.now() + limitMs
  while (!(await done())) {
    if (Date.now() > end) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

beforeAll(async () => {
  server = await startPostgres({ port: 55491 })
  const migrated = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
    env: { ...process.env, DATABASE_URL: server.url },
    encoding: 'utf8',
  })
  if (migrated.status !== 0) throw new Error(migrated.stderr)
  const db = await openDb(server.url)
  const at = new Date()
  await db.organization.create({ data: { id: 'org-provider', name: 'Provider', createdAt: at } })
  await db.service.create({ data: { id: 'batch-processing-service', name: 'batch', providerId: 'org-provider', createdAt: at, updatedAt: at } })
  await db.$disconnect()
}, 120_000)

afterEach(async () => {
  for (const e of engines) await e.stop()
  engines = []
  await query(`DELETE FROM "Execution"`)
  ran.length = 0
})

afterAll(async () => {
  for (const w of writers) w.close()
  await server?.stop()
})

describe('the engine queue on PostgreSQL, two nodes', () => {
  it('a due read claims what it returns: the second node gets the rest, and rows locked elsewhere are skipped, not waited for', async () => {
    const a = node()
    const b = node()
    const creator = engineOn(a, 'creator', { pollMs: 60_000, listens: false })
    const ids: string[] = []
    for (let i = 0; i < 15; i++) ids.push((await creator.startWorkflow('cluster-job')).$id) // not started: queued
    const storeOf = (n: ReturnType<typeof node>) => createQueueStore({ writer: n.writer, read: n.executions.read, now: () => Date.now() })
    const [storeA, storeB] = [storeOf(a), storeOf(b)]
    expect(storeA.claimedOnRead).toBe(true)
    expect(await storeA.read(() => storeA.due([], { workerId: 'node-a', leaseMs: 30_000 }).queued('normal', 5))).toEqual([]) // no workflow registered yet
    const readsA = storeA.due([wf.id + '@1'], { workerId: 'node-a', leaseMs: 30_000 })
    const readsB = storeB.due([wf.id + '@1'], { workerId: 'node-b', leaseMs: 30_000 })

    // Another transaction holds the lock on the three oldest (as a node's claim in flight would).
    const locker = new pg.Client({ connectionString: server.url })
    await locker.connect()
    await locker.query('BEGIN')
    const locked = (await locker.query(`SELECT "id" FROM "Execution" ORDER BY "createdAt", "id" LIMIT 3 FOR UPDATE`)).rows.map((r) => r.id as string)
    const [claimedA, claimedB] = await Promise.all([storeA.read(() => readsA.queued('normal', 8)), storeB.read(() => readsB.queued('normal', 8))])
    await locker.query('ROLLBACK')
    await locker.end()

    const gotA = claimedA.map((c) => c.id)
    const gotB = claimedB.map((c) => c.id)
    expect(gotA).toHaveLength(8)
    expect(gotB).toHaveLength(4) // 15 - 3 locked - 8 claimed by A
    expect(gotA.filter((id) => gotB.includes(id))).toEqual([])
    expect([...gotA, ...gotB].filter((id) => locked.includes(id))).toEqual([])
    const leases = await query<{ id: string; leaseOwner: string | null }>(`SELECT "id", "leaseOwner" FROM "Execution"`)
    const owner = new Map(leases.map((l) => [l.id, l.leaseOwner]))
    for (const id of gotA) expect(owner.get(id)).toBe('node-a')
    for (const id of gotB) expect(owner.get(id)).toBe('node-b')
    for (const id of locked) expect(owner.get(id)).toBeNull()
    // Oldest first, as the queue promises.
    expect(gotA).toEqual(ids.filter((id) => gotA.includes(id)))
  })

  it('two engines on one database run every queued execution once, each on one node', async () => {
    const a = node()
    const b = node()
    const engineA = engineOn(a, 'node-a', { pollMs: 50, listens: true, concurrency: 3 })
    const engineB = engineOn(b, 'node-b', { pollMs: 50, listens: true, concurrency: 3 })
    const ids: string[] = []
    for (let i = 0; i < 24; i++) ids.push((await engineA.startWorkflow('cluster-job', { context: { node: 'x' } })).$id)
    await Promise.all([engineA.start(), engineB.start()])
    await until(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Execution" WHERE "status" = 'completed'`))[0]!.n === 24)
    expect(ran.map((r) => r.executionId).sort()).toEqual([...ids].sort()) // each handler once
    const started = await query<{ executionId: string; actorId: string }>(
      `SELECT "executionId", "actorId" FROM "ExecutionEvent" WHERE "type" = 'execution.started' AND "status" = 'running'`,
    )
    expect(started.map((s) => s.executionId).sort()).toEqual([...ids].sort()) // each begun once
    const byNode = new Set(started.map((s) => s.actorId))
    expect(byNode).toEqual(new Set(['node-a', 'node-b'])) // both nodes took work
  })

  it('a node hears work another node queued at its COMMIT (LISTEN/NOTIFY), long before its next poll', async () => {
    const a = node()
    const b = node()
    const writerSide = engineOn(a, 'api-node', { pollMs: 600_000, listens: false }) // never started: it only queues
    const worker = engineOn(b, 'worker-node', { pollMs: 600_000, listens: true })
    await worker.start()
    await new Promise((r) => setTimeout(r, 300)) // its first look is done; the next poll is ten minutes away
    const started = Date.now()
    const { $id } = await writerSide.startWorkflow('cluster-job')
    await until(async () => ran.some((r) => r.executionId === $id), 5_000)
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})

/** A node's live feed over one execution of the cluster job, the SQL that adds an event to it, and its bus's announcement of one. */
async function feedOverOneExecution(heldWarnMs?: number) {
  const n = node()
  const reader = openReader(server.url)
  writers.push(reader)
  const live = createLiveService({ reader, bus: n.bus, heldWarnMs })
  const creator = engineOn(n, 'creator', { pollMs: 60_000, listens: false })
  const { $id: executionId } = await creator.startWorkflow('cluster-job')
  const insert = `INSERT INTO "ExecutionEvent" ("executionId", "type", "actorType", "actorId", "createdAt") VALUES ($1, 'execution.progress', 'system', 'test', now()) RETURNING "id"`
  const announce = (id: number) =>
    n.bus.publish([{ id, executionId, type: 'execution.progress', stepId: null, actorType: 'system', actorId: 'test', status: null, data: null, createdAt: new Date() }])
  return { live, executionId, insert, announce }
}

describe('the ordered feed on PostgreSQL', () => {
  it('an event whose transaction took a lower id but commits later is still sent, after those before it, and nothing twice', async () => {
    const { live, executionId, insert, announce } = await feedOverOneExecution()
    const start = live.lastEventId()
    expect(start).toBeGreaterThan(0)

    // Node 1's transaction takes the lower id and stays open; node 2 takes the next and commits.
    const slow = new pg.Client({ connectionString: server.url })
    await slow.connect()
    await slow.query('BEGIN')
    const low = Number((await slow.query(insert, [executionId])).rows[0].id)
    const high = Number((await query<{ id: number }>(insert, [executionId]))[0]!.id)
    expect(high).toBeGreaterThan(low)
    // The fresh feed starts below the running transaction, not past its id.
    expect(live.lastEventId()).toBeLessThan(low)

    const got: number[] = []
    const stop = new AbortController()
    const feeding = (async () => {
      for await (const m of live.events({ lastEventId: start, signal: stop.signal }) as AsyncGenerator<PreparedMessage>) got.push(m.message.eventId)
    })()
    announce(high) // as node 2's bus would
    await new Promise((r) => setTimeout(r, 300))
    expect(got).toEqual([]) // held back while node 1's older transaction runs: a cursor past `high` would skip `low`
    await slow.query('COMMIT')
    await slow.end()
    await until(async () => got.length >= 2, 5_000)
    await new Promise((r) => setTimeout(r, 100))
    expect(got).toEqual([low, high])

    // A client resuming from either event gets exactly what came after it.
    const resumed = async (after: number) => {
      const seen: number[] = []
      const stopped = new AbortController()
      const reading = (async () => {
        for await (const m of live.events({ lastEventId: after, signal: stopped.signal }) as AsyncGenerator<PreparedMessage>) seen.push(m.message.eventId)
      })()
      await new Promise((r) => setTimeout(r, 200))
      stopped.abort()
      announce(high) // wakes it to see the abort
      await reading
      return seen
    }
    expect(await resumed(low)).toEqual([high])
    expect(await resumed(high)).toEqual([])
    stop.abort()
    announce(high)
    await feeding
  })

  it('sends events a transaction elsewhere on the server held back once it ends, though the bus says nothing more; says which one holds it back', async () => {
    const { live, executionId, insert } = await feedOverOneExecution(200)
    const lines: string[] = []
    setLog(pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }))
    const from = live.lastEventIdOf(executionId)
    // Another client's transaction (in any database: the watermark is the server's) stays open while
    // two events commit and are announced before the feed subscribes: after that, the bus is quiet.
    const other = new pg.Client({ connectionString: server.url })
    await other.connect()
    await other.query('BEGIN')
    await other.query('SELECT pg_current_xact_id()')
    const first = Number((await query<{ id: number }>(insert, [executionId]))[0]!.id)
    const second = Number((await query<{ id: number }>(insert, [executionId]))[0]!.id)
    const got: number[] = []
    const stop = new AbortController()
    const feeding = (async () => {
      for await (const m of live.events({ lastEventId: from, signal: stop.signal }) as AsyncGenerator<PreparedMessage>) got.push(m.message.eventId)
    })()
    await until(async () => lines.length > 0, 5_000)
    expect(got).toEqual([]) // held back below the open transaction
    // The operator is told by what: the transaction's process and database, not its SQL.
    const { pid } = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
    const warning = JSON.parse(lines[0]!) as { msg: string; holder: { pid: number; database: string } }
    expect(warning.holder).toMatchObject({ pid, database: expect.any(String) })
    expect(warning.msg).toMatch(new RegExp(`^feeds held back \\d+ s by a transaction open \\d+ s \\(pid ${pid}, database \\S+, idle in transaction\\)`))
    setLog(undefined)
    await other.query('COMMIT')
    await other.end()
    await until(async () => got.length >= 2, 5_000)
    expect(got).toEqual([first, second])
    stop.abort()
    await feeding
  })
})

describe('a fresh feed on PostgreSQL', () => {
  it("starts after everything committed when it starts, though a transaction held open elsewhere keeps the watermark behind, and still sends that transaction's events", async () => {
    const { live, executionId, insert, announce } = await feedOverOneExecution()
    // Another node's transaction stays open (the watermark stays below it) while later ones commit.
    const slow = new pg.Client({ connectionString: server.url })
    await slow.connect()
    await slow.query('BEGIN')
    const held = Number((await slow.query(insert, [executionId])).rows[0].id)
    const before = Number((await query<{ id: number }>(insert, [executionId]))[0]!.id)

    const got: number[] = []
    const stop = new AbortController()
    const feeding = (async () => {
      for await (const m of live.events({ lastEventId: live.lastEventId(), fresh: true, signal: stop.signal }) as AsyncGenerator<PreparedMessage>) got.push(m.message.eventId)
    })()
    await new Promise((r) => setTimeout(r, 200))
    const after = Number((await query<{ id: number }>(insert, [executionId]))[0]!.id)
    announce(after)
    await slow.query('COMMIT')
    await slow.end()
    announce(held)
    await until(async () => got.length >= 2, 5_000)
    await new Promise((r) => setTimeout(r, 200))
    // `before` was committed when the feed started: not sent (it was, when the feed started at the newest event below the watermark).
    expect(got).not.toContain(before)
    expect(got.sort((a, b) => a - b)).toEqual([held, after])
    stop.abort()
    announce(after)
    await feeding
  })
  it('is not refused as too far behind while more events than a feed replays commit above a transaction held open elsewhere', async () => {
    const { live, executionId, insert, announce } = await feedOverOneExecution()
    const { MAX_FEED_REPLAY } = await import('@/server/events/live')
    const slow = new pg.Client({ connectionString: server.url })
    await slow.connect()
    await slow.query('BEGIN')
    const held = Number((await slow.query(insert, [executionId])).rows[0].id)
    // More events than a replay reads commit above it: the watermark (a fresh feed's start) stays below them all.
    await query(
      `INSERT INTO "ExecutionEvent" ("executionId", "type", "actorType", "actorId", "createdAt") SELECT $1, 'execution.progress', 'system', 'test', now() FROM generate_series(1, ${MAX_FEED_REPLAY + 5})`,
      [executionId],
    )
    // A client's cursor that far back is refused (it would replay too much) ...
    expect(() => live.checkFeedResume(live.lastEventId())).toThrow(/too far behind/)
    // ... but a feed with no cursor starts from now, whatever the watermark says.
    const got: number[] = []
    const stop = new AbortController()
    const feeding = (async () => {
      for await (const m of live.events({ lastEventId: live.lastEventId(), fresh: true, signal: stop.signal }) as AsyncGenerator<PreparedMessage>) got.push(m.message.eventId)
    })()
    await new Promise((r) => setTimeout(r, 200))
    await slow.query('COMMIT')
    await slow.end()
    announce(held)
    await until(async () => got.length >= 1, 5_000)
    await new Promise((r) => setTimeout(r, 200))
    expect(got).toEqual([held])
    stop.abort()
    announce(held)
    await feeding
  })
})

describe('singleton duties on PostgreSQL', () => {
  it('one node holds a duty; the other takes it when it is given back or lapses', async () => {
    let now = Date.now()
    const clock = { now: () => now }
    const a = createDutyHolder(node().writer, clock, 'node-a')
    const b = createDutyHolder(node().writer, clock, 'node-b')
    expect(a.hold('alerts', 10_000)).toBe(true)
    expect(b.hold('alerts', 10_000)).toBe(false) // held elsewhere: this node skips the round
    now += 6_000
    expect(a.hold('alerts', 10_000)).toBe(true) // renewed past half its time
    now += 9_000
    expect(b.hold('alerts', 10_000)).toBe(false) // the renewal keeps it
    a.release('alerts') // shutdown: given back at once
    expect(b.hold('alerts', 10_000)).toBe(true)
    expect(a.hold('alerts', 10_000)).toBe(false)
    now += 10_001 // b died without giving it back: its lease lapses
    expect(a.hold('alerts', 10_000)).toBe(true)
    expect((await query<{ owner: string }>(`SELECT "owner" FROM "DutyLease" WHERE "name" = 'alerts'`))[0]!.owner).toBe('node-a')
  })
})

describe('the dialect, for what the console met on PostgreSQL', () => {
  it("reads SQLite's LIMIT -1 written into the SQL as no limit", () => {
    expect(toPostgres('SELECT * FROM "S" ORDER BY "p" LIMIT -1 OFFSET 5')).toBe('SELECT * FROM "S" ORDER BY "p" LIMIT ALL OFFSET 5')
  })
})
