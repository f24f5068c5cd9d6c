// Two console nodes on one PostgreSQL and Redis (cluster mode, docs/cluster.md), each with the demo
// worker it starts; one is killed with SIGKILL mid-flight (its demo worker with it). The survivor
// takes its executions over once their leases lapse, no step whose completion was committed runs
// again, and a watcher of the list feed on the survivor sees every event once, in commit order —
// those written by the node that died included. Webhooks registered through the API reach a
// receiver that verifies each delivery with standardwebhooks: every event the outbox holds is
// delivered, each attempt once across both nodes, and what the dead node had claimed is sent again
// by the survivor once its claim lapses.
import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import pg from 'pg'
import { Webhook } from 'standardwebhooks'
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
// Node A, node B, PostgreSQL, the webhook receiver, Redis (0: a free port), as CLUSTER_KILL_PORTS=a,b,pg,hook,redis.
const [PORT_A, PORT_B, PORT_PG, PORT_HOOK, PORT_REDIS] = (process.env.CLUSTER_KILL_PORTS ?? '3491,3492,55493,0,0').split(',').map(Number) as [
  number,
  number,
  number,
  number,
  number,
]
/** How long a delivery's send may take (the webhooks' `timeout`): a claim lasts this and a minute more (db/outbox.ts). */
const SEND_TIMEOUT_MS = 5_000

interface Receipt {
  /** The webhook-id header: the outbox row's id, the same on every attempt. */
  id: string
  service: string
  at: number
  /** The node whose process sent it (found from the connection's client end), `?` if none. */
  from: string
  event?: string
  executionId?: string
  /** Why verification failed, if it did. */
  invalid?: string
  status: number
  /** When it was answered; never, for a send whose node died first. */
  answeredAt?: number
  /** It arrived while the receiver held its answers (one that arrived in the same millisecond, just before, was answered). */
  held?: boolean
}

/** The pids of the processes under a console node (npx → node → …). */
function pidsUnder(node: ConsoleProcess): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => isUnder(pid, node))
}

/** Which node holds the client end of the loopback connection from `clientPort` to `serverPort` (/proc/net/tcp, then the processes' sockets). */
function senderOf(clientPort: number, serverPort: number, nodes: Map<string, number[]>): string {
  const hex = (p: number) => `:${p.toString(16).toUpperCase().padStart(4, '0')}`
  const row = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1]?.endsWith(hex(clientPort)) && f[2]?.endsWith(hex(serverPort)))
  if (!row) return '?'
  const socket = `socket:[${row[9]}]`
  for (const [name, pids] of nodes) {
    for (const pid of pids) {
      try {
        if (readdirSync(`/proc/${pid}/fd`).some((fd) => safeReadlink(`/proc/${pid}/fd/${fd}`) === socket)) return name
      } catch {
        // gone
      }
    }
  }
  return '?'
}

const safeReadlink = (path: string) => {
  try {
    return readlinkSync(path)
  } catch {
    return ''
  }
}

/**
 * A receiver of every service's webhook: verifies each delivery with that webhook's secret, notes
 * which node sent it, answers after a short while — or, while `hold` is on, not until it is
 * released (so the node about to die has sends in flight) — and answers 503 to the first attempt
 * of one delivery in four (so deliveries have second attempts).
 */
async function webhookReceiver(port: number, closing: (() => Promise<unknown>)[]) {
  const secrets = new Map<string, string>()
  const nodes = new Map<string, number[]>()
  const receipts: Receipt[] = []
  const refused = new Set<string>()
  const held: (() => void)[] = []
  let hold = false
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const service = decodeURIComponent((req.url ?? '').split('/')[2] ?? '')
      const id = String(req.headers['webhook-id'])
      const receipt: Receipt = { id, service, at: Date.now(), status: 200, from: senders.get(req.socket) ?? senderOf(req.socket.remotePort!, actualPort, nodes) }
      try {
        const payload = new Webhook(secrets.get(service) ?? 'whsec_' + Buffer.alloc(24).toString('base64')).verify(body, req.headers as Record<string, string>) as {
          event: string
          execution: { id: string }
        }
        receipt.event = payload.event
        receipt.executionId = payload.execution.id
      } catch (error) {
        receipt.invalid = (error as Error).message
      }
      if (!refused.has(id) && parseInt(id.replace(/[^0-9a-f]/gi, '').slice(-2) || '0', 16) % 4 === 0) {
        refused.add(id)
        receipt.status = 503
      }
      receipts.push(receipt)
      const answer = () => {
        if (res.destroyed || req.socket.destroyed) return // its node died waiting
        res.writeHead(receipt.status)
        res.end()
        receipt.answeredAt = Date.now()
      }
      receipt.held = hold
      if (hold) held.push(answer)
      else setTimeout(answer, 200 + Math.random() * 400)
    })
  })
  // A connection's sender is read when it opens: by the time a request on it ends, the node that
  // sent it may be dead and its sockets gone from /proc (the receipt's sender was then unknown).
  const senders = new WeakMap<object, string>()
  server.on('connection', (socket) => {
    const sender = senderOf(socket.remotePort!, actualPort, nodes)
    if (sender !== '?') senders.set(socket, sender) // (else read again at each request)
  })
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  const actualPort = (server.address() as { port: number }).port
  closing.push(
    () =>
      new Promise((r) => {
        server.close(r)
        server.closeAllConnections() // the nodes' keep-alive connections
      }),
  )
  return {
    url: `http://127.0.0.1:${actualPort}`,
    secrets,
    receipts,
    /** Names the nodes whose sends to tell apart. */
    know(name: string, node: ConsoleProcess) {
      nodes.set(name, pidsUnder(node))
    },
    hold() {
      hold = true
    },
    release() {
      hold = false
      while (held.length) held.shift()!()
    },
  }
}

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
    const server: LocalPostgres = await startPostgres({ port: PORT_PG })
    cleanup.push(() => server.stop())
    const migrated = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
      env: { ...process.env, DATABASE_URL: server.url },
      encoding: 'utf8',
    })
    if (migrated.status !== 0) throw new Error(migrated.stderr)
    const redis = await startRedis({ port: PORT_REDIS || undefined })
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
      WEBHOOK_ALLOW_PRIVATE: 'on', // the receiver is on loopback
    }
    // One after the other: the first start creates the admin.
    const a = await startConsole(env, PORT_A)
    cleanup.push(() => a.kill('SIGKILL'))
    const b = await startConsole(env, PORT_B)
    cleanup.push(() => b.kill('SIGKILL'))
    // Both demo workers have registered the demo's workflows.
    for (const deadline = Date.now() + 60_000; (await count(`SELECT count(*) AS n FROM "EngineWorker" WHERE "stoppedAt" IS NULL`)) < 2;) {
      if (Date.now() > deadline) throw new Error('the two engines did not register within 60 s')
      await new Promise((r) => setTimeout(r, 250))
    }
    await new Promise((r) => setTimeout(r, 3_000))

    // An integrator subscribes to every event of the services these workflows belong to, through the API.
    const hooks = await webhookReceiver(PORT_HOOK, cleanup)
    const services = (await db.query(`SELECT DISTINCT "serviceId" AS id FROM "WorkflowDefinition" WHERE "key" = ANY($1) AND "serviceId" IS NOT NULL`, [MIX])).rows.map((r) =>
      String(r.id),
    )
    expect(services.length).toBeGreaterThan(0)
    for (const [i, service] of services.entries()) {
      const via = i % 2 ? b : a
      const res = await via.fetch(`${via.base}/api/services/${encodeURIComponent(service)}/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `${hooks.url}/hook/${encodeURIComponent(service)}`,
          events: ['status_changed'],
          retries: 10,
          timeout: SEND_TIMEOUT_MS,
        }),
      })
      expect(res.status, await res.clone().text()).toBe(201)
      hooks.secrets.set(service, ((await res.json()) as { secret: string }).secret)
    }
    hooks.know('a', a)
    hooks.know('b', b)

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
    // From now on the receiver answers no one until A is dead, so A dies with sends in flight: it
    // is killed as soon as one of its sends waits (they time out after SEND_TIMEOUT_MS).
    hooks.hold()
    for (const deadline = Date.now() + 30_000; !hooks.receipts.some((r) => r.from === 'a' && r.held) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20))
    const killedAt = Date.now()
    await dying.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 500)) // the receiver sees A's connections close
    // From here nothing of A's can arrive. (Sends A made between killedAt and its death, already
    // on their way, may still be read after killedAt: they were A's while it lived.)
    const goneAt = Date.now()
    hooks.release()

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

    // Every event the outbox holds for the webhooks is delivered: the dead node's claims lapse
    // (a minute and the send's timeout) and the survivor sends them again.
    const outbox = async () =>
      (
        await db.query(
          `SELECT d."id", d."webhookId", d."eventId", d."status", d."attempts", d."attemptLog", e."type", e."executionId", w."serviceId"
             FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId" JOIN "ExecutionEvent" e ON e."id" = d."eventId"`,
        )
      ).rows as {
        id: string
        webhookId: string
        eventId: number
        status: string
        attempts: number
        attemptLog: string | { at: string; statusCode?: number }[]
        type: string
        executionId: string
        serviceId: string
      }[]
    for (const deadline = Date.now() + 180_000; (await outbox()).some((d) => d.status !== 'succeeded') && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 1_000))
    const rows = await outbox()
    expect(rows.length).toBeGreaterThan(30)
    // The outbox holds a delivery for every event a webhook hears (written with the event, by either node).
    const heard = (
      await db.query(
        `SELECT w."id" AS webhook, e."id" AS event FROM "ExecutionEvent" e JOIN "Execution" x ON x."id" = e."executionId" JOIN "Webhook" w ON w."serviceId" = x."serviceId"
          WHERE e."id" > $1 AND w."events"::jsonb @> jsonb_build_array(e."type")`,
        [firstEvent],
      )
    ).rows.map((r) => `${r.webhook}:${r.event}`)
    expect(
      rows
        .filter((d) => d.eventId > firstEvent)
        .map((d) => `${d.webhookId}:${d.eventId}`)
        .sort(),
    ).toEqual(heard.sort())
    expect(rows.filter((d) => d.status !== 'succeeded').map((d) => [d.id, d.status, d.attempts])).toEqual([])
    // Signed as Standard Webhooks say, each with its own webhook's secret, and carrying its own event.
    expect(hooks.receipts.filter((r) => r.invalid)).toEqual([])
    const byId = new Map<string, Receipt[]>()
    for (const r of hooks.receipts) byId.set(r.id, [...(byId.get(r.id) ?? []), r])
    const unknown = [...byId.keys()].filter((id) => !rows.some((d) => d.id === id))
    expect(unknown, 'deliveries received that the outbox does not hold').toEqual([])
    // Each receipt's sender is known: A until it died, B after.
    expect(hooks.receipts.filter((r) => r.from === '?')).toEqual([])
    expect(hooks.receipts.filter((r) => r.at > goneAt && r.from !== 'b')).toEqual([])
    for (const d of rows) {
      const got = byId.get(d.id) ?? []
      expect(got.every((r) => r.event === d.type && r.executionId === d.executionId && r.service === d.serviceId)).toBe(true)
      expect(
        got.some((r) => r.status === 200 && r.answeredAt !== undefined),
        `delivery ${d.id} answered 2xx`,
      ).toBe(true)
      // Each recorded attempt reached the receiver once. One more may have: a send of the node that
      // died, made before the kill and never recorded.
      const log = (typeof d.attemptLog === 'string' ? JSON.parse(d.attemptLog) : d.attemptLog) as { at: string }[]
      expect(log).toHaveLength(d.attempts)
      const extra = got.length - d.attempts
      expect(extra, `receipts of ${d.id} beyond its ${d.attempts} recorded attempts`).toBeGreaterThanOrEqual(0)
      expect(extra, `receipts of ${d.id} beyond its ${d.attempts} recorded attempts`).toBeLessThanOrEqual(1)
      if (extra === 1) expect(got.some((r) => r.from === 'a')).toBe(true)
    }
    // What A had claimed and was sending when it died — never answered, never recorded — the
    // survivor sent again, once, only after the claim lapsed (a minute and the send's timeout).
    // (Those that arrived once the receiver held its answers: a time taken before holding also took
    // one that arrived in that same millisecond just before, and was answered — a CI run failed so.)
    const inFlightAtKill = hooks.receipts.filter((r) => r.from === 'a' && r.held)
    expect(inFlightAtKill.every((r) => r.answeredAt === undefined)).toBe(true)
    expect(inFlightAtKill.length, "A's sends in flight when it died").toBeGreaterThan(0)
    for (const lost of inFlightAtKill) {
      const d = rows.find((row) => row.id === lost.id)!
      const log = (typeof d.attemptLog === 'string' ? JSON.parse(d.attemptLog) : d.attemptLog) as { at: string }[]
      expect((byId.get(d.id) ?? []).length - d.attempts, `${d.id}: A's send is not recorded`).toBe(1)
      const resent = (byId.get(d.id) ?? []).filter((r) => r.at > lost.at)
      expect(resent.length, `${d.id} sent again`).toBeGreaterThan(0)
      expect(resent.every((r) => r.from === 'b')).toBe(true)
      expect(resent[0]!.at - lost.at, `${d.id} sent again only after the claim lapsed`).toBeGreaterThanOrEqual(60_000)
      expect(Date.parse(log.at(-1)!.at)).toBeGreaterThan(killedAt)
    }
    expect(
      rows.some((d) => d.attempts > 1),
      'deliveries with a second attempt',
    ).toBe(true)
    console.info(
      `webhooks: ${rows.length} deliveries, ${hooks.receipts.length} sends received (${hooks.receipts.filter((r) => r.from === 'a').length} from A), ${rows.filter((d) => d.attempts > 1).length} with a second attempt, ${inFlightAtKill.length} in flight on A when it died`,
    )
    expect(survivor.child.exitCode).toBeNull()
  }, 600_000)
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
