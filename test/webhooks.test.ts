// Webhooks from the outbox: signed per Standard Webhooks (verified by the standardwebhooks
// library), retried until the receiver recovers, each event delivered once, 410 disables the
// endpoint, 429 waits for Retry-After, private destinations refused unless allowed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { createInProcessBus } from '@/server/events/bus'
import { createExecutionService } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { createWebhookDelivery } from '@/server/webhooks/delivery'
import { newWebhookSecret } from '@/server/services/ids'
import { freshDatabase, operator } from './helpers'

type Reply = (req: IncomingMessage, n: number) => { status: number; headers?: Record<string, string> }
const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

async function receiver(reply: Reply) {
  const received: { id: string; body: string; headers: Record<string, string>; status: number }[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const answer = reply(req, received.length + 1)
      received.push({ id: String(req.headers['webhook-id']), body, headers: req.headers as Record<string, string>, status: answer.status })
      res.writeHead(answer.status, answer.headers)
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(() => new Promise((r) => server.close(r)))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, received }
}

async function setup(allowPrivate = true) {
  const { db, file } = await freshDatabase()
  const writer = openWriter(file)
  const bus = createInProcessBus()
  const executions = createExecutionService({ writer, bus, allowPrivateWebhooks: true })
  const queries = createQueryService(db, openReader(file))
  const delivery = createWebhookDelivery({ store: writer, bus, allowPrivate, initialDelayMs: 20, maxDelayMs: 200, pollMs: 10 })
  delivery.start()
  closers.push(() => delivery.stop())
  const until = async (done: () => Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('condition not reached')
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  return { db, executions, queries, until }
}

describe('webhooks', () => {
  it('delivers every subscribed event once, signed, after the receiver recovers', async () => {
    const t = await setup()
    const hook = await receiver((_req, n) => ({ status: n <= 4 ? 503 : 204 }))
    const secret = newWebhookSecret()
    const e = await t.executions.create(operator, {
      service: 'sdr-service',
      steps: [{ id: 'send' }],
      webhooks: [{ url: hook.url, events: ['execution.started', 'execution.step.completed', 'execution.completed'], secret, retries: 10, headers: { 'x-team': 'growth' } }],
    })
    await t.executions.start(e.$id, operator)
    await t.executions.startStep(e.$id, operator, { id: 'send' })
    await t.executions.log(e.$id, operator, [{ level: 'info', message: 'not a webhook event' }])
    await t.executions.completeStep(e.$id, operator, 'send', { output: { sent: 1 } })
    await t.executions.complete(e.$id, operator, { success: true, output: { emails_sent: 1 }, summary: 'sent' })
    await t.until(async () => {
      const [w] = await t.queries.webhooks(e.$id)
      return w!.deliveries.length === 3 && w!.deliveries.every((d) => d.status === 'succeeded')
    })
    const verifier = new Webhook(secret)
    const succeeded = hook.received.filter((r) => r.status === 204)
    expect(succeeded.map((r) => (verifier.verify(r.body, r.headers) as { event: string }).event).sort()).toEqual(
      ['execution.completed', 'execution.started', 'execution.step.completed'],
    )
    expect(new Set(succeeded.map((r) => r.id)).size).toBe(3) // each event once
    for (const failed of hook.received.filter((r) => r.status === 503)) {
      expect(succeeded.map((r) => r.id)).toContain(failed.id) // retries keep their webhook-id
    }
    expect(succeeded.every((r) => r.headers['x-team'] === 'growth')).toBe(true)
    const completed = JSON.parse(succeeded.find((r) => r.body.includes('execution.completed'))!.body)
    expect(completed.execution).toMatchObject({ id: e.$id, status: 'completed', progress: 100, result: { summary: 'sent' } })
    const [w] = await t.queries.webhooks(e.$id)
    const attempts = w!.deliveries.flatMap((d) => d.attemptLog as { statusCode: number; latencyMs: number }[])
    expect(attempts).toHaveLength(hook.received.length)
    expect(attempts.filter((a) => a.statusCode === 503)).toHaveLength(4)
    expect(w!.secret).toBeUndefined()
  })

  it('disables an endpoint that answers 410 and waits as long as a 429 asks', async () => {
    const t = await setup()
    const gone = await receiver(() => ({ status: 410 }))
    let first429At = 0
    const busy = await receiver((_req, n) => {
      if (n === 1) {
        first429At = Date.now()
        return { status: 429, headers: { 'retry-after': '1' } }
      }
      return { status: 200 }
    })
    const e = await t.executions.create(operator, {
      service: 'sdr-service',
      webhooks: [
        { url: gone.url, events: ['execution.started', 'execution.completed'] },
        { url: busy.url, events: ['execution.started'] },
      ],
    })
    await t.executions.start(e.$id, operator)
    await t.until(async () => (await t.queries.webhooks(e.$id))[1]!.deliveries[0]?.status === 'succeeded', 5_000)
    expect(busy.received).toHaveLength(2)
    const retriedAfter = (await t.queries.webhooks(e.$id))[1]!.deliveries[0]!.attemptLog as { at: string }[]
    expect(Date.parse(retriedAfter[1]!.at) - first429At).toBeGreaterThanOrEqual(950)
    const [disabled] = await t.queries.webhooks(e.$id)
    expect(disabled!.enabled).toBe(false)
    expect(disabled!.deliveries[0]).toMatchObject({ status: 'failed', lastStatus: 410 })
    await t.executions.complete(e.$id, operator, { success: true, output: {}, summary: 'x' })
    await new Promise((r) => setTimeout(r, 300))
    // Nothing more is queued for, or sent to, a disabled endpoint.
    expect((await t.queries.webhooks(e.$id))[0]!.deliveries).toHaveLength(1)
    expect(gone.received).toHaveLength(1)
  })

  it('refuses private destinations unless allowed', async () => {
    const { db, file } = await freshDatabase()
    const strict = createExecutionService({ writer: openWriter(file), bus: createInProcessBus() })
    await expect(
      strict.create(operator, { service: 'sdr-service', webhooks: [{ url: 'http://127.0.0.1:9/hook', events: ['execution.started'] }] }),
    ).rejects.toMatchObject({ kind: 'BAD_REQUEST', field: 'webhooks.0.url' })
    expect(await db.execution.count()).toBe(0)
    const t = await setup(false)
    const hook = await receiver(() => ({ status: 200 }))
    const e = await t.executions.create(operator, { service: 'sdr-service', webhooks: [{ url: hook.url, events: ['execution.started'], retries: 1 }] })
    await t.executions.start(e.$id, operator)
    await t.until(async () => (await t.queries.webhooks(e.$id))[0]!.deliveries[0]?.status === 'failed')
    expect((await t.queries.webhooks(e.$id))[0]!.deliveries[0]!.lastError).toMatch(/loopback or private/)
    expect(hook.received).toHaveLength(0)
  })

  it('serves a service-level webhook from the outbox, also after the deliverer was down', async () => {
    const { db, file } = await freshDatabase()
    const writer = openWriter(file)
    const bus = createInProcessBus()
    const executions = createExecutionService({ writer, bus })
    const queries = createQueryService(db, openReader(file))
    const { createCatalogService } = await import('@/server/services/catalog')
    const hook = await receiver(() => ({ status: 200 }))
    const added = await createCatalogService(db, { allowPrivateWebhooks: true }).addServiceWebhook('sdr-service', { url: hook.url, events: ['execution.started', 'execution.cancelled'] })
    expect(added.secret).toMatch(/^whsec_/)
    // Events happen while no deliverer runs (a restart, say): they wait in the outbox.
    const e = await executions.start((await executions.create(operator, { service: 'sdr-service' })).$id, operator)
    await executions.cancel(e.$id, operator, { reason: 'stop' })
    await executions.start((await executions.create(operator, { service: 'content-service' })).$id, operator) // another service: not sent
    expect((await queries.webhooks(e.$id))[0]!.deliveries.map((d) => d.status)).toEqual(['pending', 'pending'])
    const delivery = createWebhookDelivery({ store: writer, bus, allowPrivate: true, pollMs: 10 })
    delivery.start()
    closers.push(() => delivery.stop())
    const deadline = Date.now() + 5_000
    while ((await queries.webhooks(e.$id))[0]!.deliveries.some((d) => d.status !== 'succeeded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const verifier = new Webhook(added.secret)
    expect(hook.received.map((r) => (verifier.verify(r.body, r.headers) as { event: string }).event)).toEqual(['execution.started', 'execution.cancelled'])
  })
})
