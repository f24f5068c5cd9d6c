// Several console processes on one database (REDIS_URL's mode), each with its own connection as
// a process has: a duty is carried out by one of them at a time and moves when its holder goes
// quiet or hands it back; every webhook delivery goes out from one of them per attempt.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { createInProcessBus } from '@/server/events/bus'
import { createExecutionService } from '@/server/services/executions'
import { openWriter } from '@/server/db/writer'
import { createWebhookDelivery } from '@/server/webhooks/delivery'
import { asDuty, createDutyHolder } from '@/server/ops/duties'
import { newWebhookSecret } from '@/server/services/ids'
import { readConfig } from '@/server/config'
import { createAccessService } from '@/server/auth/access'
import { openReader } from '@/server/db/reader'
import { connectRateLimitRedis } from '@/server/ops/redis'
import type { Principal } from '@/server/domain/access'
import { startRedis } from '../scripts/local-redis'
import { freshDatabase, operator } from './helpers'

const closers: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

/** A clock the test moves. */
function fakeClock(start = 1_800_000_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('duties', () => {
  it('are held by one process at a time, renewed by it, and taken over once its lease lapses', async () => {
    const { file } = await freshDatabase()
    const [wa, wb] = [openWriter(file), openWriter(file)]
    closers.push(
      () => wa.close(),
      () => wb.close(),
    )
    const clock = fakeClock()
    const a = createDutyHolder(wa, clock, 'node-a')
    const b = createDutyHolder(wb, clock, 'node-b')

    expect(a.hold('supervision', 10_000)).toBe(true)
    expect(b.hold('supervision', 10_000)).toBe(false) // A holds it
    expect(b.hold('retention', 10_000)).toBe(true) // another duty: free
    clock.advance(8_000)
    expect(a.hold('supervision', 10_000)).toBe(true) // renewed before it lapsed
    clock.advance(8_000)
    expect(b.hold('supervision', 10_000)).toBe(false) // still A's: renewed 8 s ago
    expect(a.holds('supervision')).toBe(true)

    // A goes quiet (killed): once its lease lapses, B takes the duty, and A no longer holds it.
    clock.advance(10_001)
    expect(b.hold('supervision', 10_000)).toBe(true)
    expect(a.hold('supervision', 10_000)).toBe(false)
    expect(a.holds('supervision')).toBe(false)
    expect(wa.get<{ owner: string }>('SELECT "owner" FROM "DutyLease" WHERE "name" = ?', ['supervision'])).toEqual({ owner: 'node-b' })

    // B shuts down: it hands its duties back, and A takes them at once.
    b.releaseAll()
    expect(a.hold('supervision', 10_000)).toBe(true)
    expect(a.hold('retention', 10_000)).toBe(true)
  })

  it('skip a round, instead of ending the process, while another process holds the database past its busy timeout', async () => {
    const { file } = await freshDatabase()
    const other = openWriter(file) // another console process in a long write (retention, re-sealing…)
    const mine = openWriter(file)
    closers.push(
      () => mine.close(),
      () => other.close(),
    )
    // SQLite: a write transaction. PostgreSQL: the leases' table locked by a transaction (a
    // duty's take-or-renew is one statement there, outside the writer lock).
    const hold = other.dialect === 'postgres' ? ['BEGIN', 'LOCK TABLE "DutyLease" IN EXCLUSIVE MODE'] : ['BEGIN IMMEDIATE']
    for (const statement of hold) other.run(statement, [])
    let ran = 0
    const round = asDuty(createDutyHolder(mine), 'tasks.sweep', 5_000, () => ran++)
    expect(() => round()).not.toThrow() // (runtime.ts calls it from setInterval: a throw would end the process)
    expect(ran).toBe(0)
    other.run('ROLLBACK', [])
    round()
    expect(ran).toBe(1)
  }, 20_000)

  it('run a round only in the process that holds them', async () => {
    const { file } = await freshDatabase()
    const [wa, wb] = [openWriter(file), openWriter(file)]
    closers.push(
      () => wa.close(),
      () => wb.close(),
    )
    const clock = fakeClock()
    const rounds: string[] = []
    const onA = asDuty(createDutyHolder(wa, clock, 'a'), 'alerts', 45_000, () => rounds.push('a'))
    const onB = asDuty(createDutyHolder(wb, clock, 'b'), 'alerts', 45_000, () => rounds.push('b'))
    for (let i = 0; i < 5; i++) {
      onA()
      onB()
      clock.advance(15_000)
    }
    expect(rounds).toEqual(['a', 'a', 'a', 'a', 'a'])
  })
})

describe('webhook deliveries from several processes', () => {
  it('are each sent once, by whichever process claims them first', async () => {
    const { file } = await freshDatabase()
    const received: { id: string; body: string; headers: Record<string, string> }[] = []
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), body, headers: req.headers as Record<string, string> })
        // A slow receiver: the other process looks again while these are in flight.
        setTimeout(() => res.writeHead(204).end(), 30)
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    closers.push(() => new Promise((r) => server.close(r)))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`

    // Three processes: one writes the events, all three deliver.
    const writers = [openWriter(file), openWriter(file), openWriter(file)]
    for (const w of writers) closers.push(() => w.close())
    const executions = createExecutionService({ writer: writers[0]!, bus: createInProcessBus(), allowPrivateWebhooks: true })
    const secret = newWebhookSecret()
    const ids: string[] = []
    for (let i = 0; i < 10; i++) {
      const e = await executions.create(operator, { service: 'sdr-service', webhooks: [{ url, events: ['execution.started', 'execution.cancelled'], secret }] })
      await executions.start(e.$id, operator)
      await executions.cancel(e.$id, operator)
      ids.push(e.$id)
    }
    const loops = writers.map((w) => createWebhookDelivery({ store: w, bus: createInProcessBus(), allowPrivate: true, pollMs: 5 }))
    for (const loop of loops) {
      loop.start()
      closers.push(() => loop.stop())
    }
    const deadline = Date.now() + 15_000
    while (writers[0]!.get<{ n: number }>(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "status" = 'succeeded'`)!.n < 20) {
      if (Date.now() > deadline) throw new Error('deliveries did not all succeed')
      await new Promise((r) => setTimeout(r, 20))
    }
    await new Promise((r) => setTimeout(r, 200)) // (a second send would have arrived by now)
    // Twenty deliveries, twenty requests: none sent twice, each verified by Standard Webhooks.
    expect(received).toHaveLength(20)
    expect(new Set(received.map((r) => r.id)).size).toBe(20)
    const verifier = new Webhook(secret)
    const events = received.map((r) => verifier.verify(r.body, r.headers) as { event: string; execution: { id: string } })
    for (const id of ids)
      expect(
        events
          .filter((e) => e.execution.id === id)
          .map((e) => e.event)
          .sort(),
      ).toEqual(['execution.cancelled', 'execution.started'])
    expect(writers[0]!.get<{ n: number }>(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "attempts" <> 1`)!.n).toBe(0)
  })
})

describe("API keys' rate limits in Redis", () => {
  it('fall back to the process’s own count, within a second, when Redis stops answering on an open connection', async () => {
    const redis = await startRedis()
    closers.push(() => redis.stop())
    closers.push(() => process.kill(redis.pid, 'SIGCONT'))
    const { db, file } = await freshDatabase()
    const client = await connectRateLimitRedis(redis.url)
    closers.push(() => client.disconnect())
    const access = createAccessService({ db, writer: openWriter(file), reader: openReader(file), redis: client, apiKeyRate: 100 })
    const key = { kind: 'api-key', id: 'key-1' } as unknown as Principal
    await access.admit(key) // Redis answers: counted there
    process.kill(redis.pid, 'SIGSTOP') // paused: the TCP connection stays open, nothing answers
    const outcome = await Promise.race([
      access.admit(key).then(
        () => 'admitted',
        (e: Error) => `refused: ${e.message}`,
      ),
      new Promise((r) => setTimeout(() => r('still waiting after 3 s'), 3_000)),
    ])
    expect(outcome).toBe('admitted')
  }, 20_000)
})

describe('configuration for several processes', () => {
  it('refuses REDIS_URL without a shared encryption key, naming what to set', () => {
    expect(() => readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/ENCRYPTION_KEY=.*must be set, or ENCRYPTION_KEY_FILE, when REDIS_URL is/)
    expect(() => readConfig({ REDIS_URL: 'redis://127.0.0.1:6379', ENCRYPTION_KEY_FILE: '/run/secrets/console-key' })).not.toThrow()
    expect(() => readConfig({})).not.toThrow() // one process: a key of its own is made on first start
  })
})
