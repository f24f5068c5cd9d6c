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
    expect(succeeded.map((r) => (verifier.verify(r.body, r.headers) as { event: string }).event).sort()).toEqual([
      'execution.completed',
      'execution.started',
      'execution.step.completed',
    ])
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
    await expect(strict.create(operator, { service: 'sdr-service', webhooks: [{ url: 'http://127.0.0.1:9/hook', events: ['execution.started'] }] })).rejects.toMatchObject({
      kind: 'BAD_REQUEST',
      field: 'webhooks.0.url',
    })
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
    const added = await createCatalogService(db, openReader(file), { allowPrivateWebhooks: true }).addServiceWebhook('sdr-service', {
      url: hook.url,
      events: ['execution.started', 'execution.cancelled'],
    })
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

describe('where webhooks may go', () => {
  it('counts every spelling of a non-public address as one: mapped, compatible, NAT64, 6to4, Teredo, decimal, hex, octal', async () => {
    const { isPrivateAddress, isPrivateHost } = await import('@/server/domain/network')
    const inside = [
      '127.0.0.1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '169.254.169.254',
      '::7f00:1',
      '64:ff9b::7f00:1',
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '10.1.2.3',
      '100.64.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '224.0.0.1',
      '255.255.255.255',
      '0.0.0.0',
    ]
    for (const a of inside) expect(isPrivateAddress(a), a).toBe(true)
    for (const a of ['8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) expect(isPrivateAddress(a), a).toBe(false)
    // The URL parser spells these as an address; each is refused by its host.
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://localhost./',
      'http://LOCALHOST/',
    ]) {
      expect(isPrivateHost(new URL(url).hostname), url).toBe(true)
    }
    expect(isPrivateHost('hooks.example.com')).toBe(false)
  })

  it('connects only to the address it checked: a name that resolves inside is refused at connection time, and nothing reaches the receiver', async () => {
    const { postGuarded } = await import('@/server/webhooks/send')
    const hook = await receiver(() => ({ status: 200 }))
    const port = new URL(hook.url).port
    const send = (url: string, allowPrivate = false) => postGuarded({ url, headers: {}, body: '{}', signal: AbortSignal.timeout(2_000), allowPrivate })
    // `vm`, this machine's name, and localhost spelled with a trailing dot both resolve to 127.0.0.1.
    const { hostname } = await import('node:os')
    for (const url of [
      `http://localhost.:${port}/hook`,
      `http://${hostname()}:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://[::ffff:7f00:1]:${port}/hook`,
      `http://2130706433:${port}/hook`,
    ]) {
      await expect(send(url), url).rejects.toThrow(/private address|loopback or private/)
    }
    expect(hook.received).toHaveLength(0)
    expect((await send(hook.url, true)).status).toBe(200) // allowed where told to
    // A redirect is an answer, not an instruction.
    const redirect = await receiver(() => ({ status: 302, headers: { location: hook.url } }))
    expect((await send(redirect.url, true)).status).toBe(302)
    expect(hook.received).toHaveLength(1)
  })

  it('refuses a secret signing would fail on, and records a delivery that fails before sending against it alone, never holding up another endpoint', async () => {
    const t = await setup()
    const { createExecutionSchema } = await import('@/server/domain/schemas')
    for (const secret of ['not base64!', 'whsec_c2hvcnQ=', 'secret456']) {
      const parsed = createExecutionSchema.safeParse({ service: 'sdr-service', webhooks: [{ url: 'https://hooks.example.com/x', events: ['execution.started'], secret }] })
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['webhooks', 0, 'secret'], message: 'a Standard Webhooks secret: whsec_ followed by base64 of 24 to 64 random bytes' })
    }
    // Written by an earlier version, before secrets were checked: 150 deliveries that cannot be signed.
    const { db } = t
    const broken = await t.executions.create(operator, { service: 'sdr-service', webhooks: [{ url: 'https://hooks.example.com/x', events: ['execution.progress'], retries: 0 }] })
    const { seal } = await import('@/server/security/crypto')
    await db.webhook.updateMany({ where: { executionId: broken.$id }, data: { secret: seal('not base64!') } })
    await t.executions.start(broken.$id, operator)
    for (let i = 0; i < 150; i++) await t.executions.updateProgress(broken.$id, operator, i % 100)
    const hook = await receiver(() => ({ status: 200 }))
    const fine = await t.executions.create(operator, { service: 'sdr-service', webhooks: [{ url: hook.url, events: ['execution.started'] }] })
    await t.executions.start(fine.$id, operator)
    await t.until(async () => hook.received.length === 1)
    await t.until(async () => (await db.webhookDelivery.count({ where: { status: 'pending' } })) === 0)
    const failed = (await t.queries.webhooks(broken.$id))[0]!.deliveries
    expect(failed).toHaveLength(150)
    expect(failed.every((d) => d.status === 'failed' && d.attempts === 1 && /base64|secret/i.test(d.lastError ?? ''))).toBe(true)
  })
})
