// Seed 001's webhook event names (its example 11: status_changed, completed, failed; its watcher's
// progress, step.started, …) are taken as aliases of the console's event names wherever a webhook
// is made — REST, tRPC, the SDK; an execution's and a service's — stored as the console's names,
// and heard as those; an unknown name is refused naming what is allowed.
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, ValidationError } from '@execution-console/sdk'
import { createWebhookDelivery } from '@/server/webhooks/delivery'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { principal, startRestServer, until } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
})
afterAll(async () => api.close())

const STATUS_CHANGES = ['execution.started', 'execution.paused', 'execution.resumed', 'execution.completed', 'execution.failed', 'execution.cancelled', 'execution.retry']
const seedHook = { url: 'https://api.example.com/webhooks/execution', events: ['status_changed', 'completed', 'failed'], headers: { Authorization: 'Bearer token123' } }

const deliveredTypes = async (webhookId: string) =>
  api.reader
    .all<{ type: string }>('SELECT e."type" AS type FROM "WebhookDelivery" d JOIN "ExecutionEvent" e ON e."id" = d."eventId" WHERE d."webhookId" = ? ORDER BY e."id"', [webhookId])
    .map((r) => r.type)

describe("seed 001's webhook event names", () => {
  it("creates seed 001's example 11 over REST, stores the console's names and queues deliveries by them", async () => {
    const created = await api.call('POST', '/executions', {
      order: 'order-id',
      service: 'sdr-service',
      status: 'queued',
      webhooks: [seedHook, { url: 'https://slack.com/api/webhooks/abc123', events: ['completed', 'failed'] }],
    })
    expect(created.status).toBe(201)
    const id = created.body.$id as string
    const [first, second] = created.body.webhooks as { events: string[] }[]
    expect(first!.events).toEqual(STATUS_CHANGES)
    expect(second!.events).toEqual(['execution.completed', 'execution.failed'])

    await api.call('POST', `/executions/${id}/start`)
    await api.call('POST', `/executions/${id}/progress`, { progress: 30 })
    await api.call('POST', `/executions/${id}/pause`)
    await api.call('POST', `/executions/${id}/resume`)
    await api.call('POST', `/executions/${id}/complete`, { success: true, output: {}, summary: 'done' })

    const hooks = (await api.call('GET', `/executions/${id}/webhooks`)).body as { id: string; url: string; events: string[] }[]
    const [statusHook, slackHook] = [hooks.find((h) => h.url === seedHook.url)!, hooks.find((h) => h.url.includes('slack'))!]
    expect(statusHook.events).toEqual(STATUS_CHANGES)
    expect(await deliveredTypes(statusHook.id)).toEqual(['execution.started', 'execution.paused', 'execution.resumed', 'execution.completed'])
    expect(await deliveredTypes(slackHook.id)).toEqual(['execution.completed'])
  })

  it('refuses an unknown name with 400, listing the names and aliases allowed, and writes nothing', async () => {
    const before = await api.db.execution.count()
    const res = await api.call('POST', '/executions', { service: 'sdr-service', webhooks: [{ url: 'https://api.example.com/h', events: ['completed', 'finished'] }] })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe('webhooks.0.events.1')
    expect(res.body.error.message).toContain('"finished"')
    expect(res.body.error.message).toContain('execution.completed')
    expect(res.body.error.message).toContain('status_changed')
    expect(await api.db.execution.count()).toBe(before)

    const service = await api.call('POST', '/services/sdr-service/webhooks', { url: 'https://api.example.com/h', events: ['status-changed'] })
    expect(service.status).toBe(400)
    expect(service.body.error.message).toMatch(/unknown event "status-changed"; allowed: execution\.created.*status_changed/)
    expect(await api.db.webhook.count({ where: { serviceId: 'sdr-service' } })).toBe(0)
  })

  it("delivers a service webhook subscribed by seed 001's names (REST) the console's events they stand for", async () => {
    const received: string[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push((JSON.parse(body) as { event: string }).event)
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const delivery = createWebhookDelivery({ store: api.writer, bus: api.bus, allowPrivate: true, initialDelayMs: 20, maxDelayMs: 200, pollMs: 10 })
    delivery.start()
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
      const hook = await api.call('POST', '/services/content-service/webhooks', { url, events: ['failed', 'progress', 'step.completed'] })
      expect(hook.status).toBe(201)
      expect(hook.body.events).toEqual(['execution.progress', 'execution.failed', 'execution.step.completed'])

      const { body } = await api.call('POST', '/executions', { service: 'content-service', steps: [{ id: 'draft' }] })
      await api.call('POST', `/executions/${body.$id}/start`)
      await api.call('POST', `/executions/${body.$id}/steps`, { id: 'draft' })
      await api.call('POST', `/executions/${body.$id}/steps/draft/complete`, { output: { words: 800 } })
      await api.call('POST', `/executions/${body.$id}/progress`, { progress: 60 })
      await api.call('POST', `/executions/${body.$id}/fail`, { code: 'MODEL_ERROR', message: 'the model refused', recoverable: false, retryCount: 0 })
      const heard = await until(
        () => [...received],
        (r) => r.includes('execution.failed'),
      )
      expect(heard).toContain('execution.step.completed')
      expect(heard).toContain('execution.progress')
      expect(heard.every((e) => ['execution.progress', 'execution.failed', 'execution.step.completed'].includes(e))).toBe(true)
    } finally {
      await delivery.stop()
      await new Promise((r) => server.close(r))
    }
  })

  it('takes the aliases over tRPC, for a service and for an execution', async () => {
    const trpc = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'alias-admin')))
    const hook = await trpc.services.addWebhook({ serviceId: 'integration-service', webhook: { url: 'https://api.example.com/t', events: ['cancelled', 'status_changed'] } })
    expect(hook.events).toEqual(STATUS_CHANGES)
    const execution = await trpc.executions.create({ service: 'integration-service', webhooks: [{ url: 'https://api.example.com/t', events: ['step.failed', 'created'] }] })
    expect(execution.webhooks?.[0]?.events).toEqual(['execution.created', 'execution.step.failed'])
    await expect(trpc.services.addWebhook({ serviceId: 'integration-service', webhook: { url: 'https://api.example.com/t', events: ['done' as never] } })).rejects.toThrow(
      /unknown event "done"; allowed: .*status_changed/,
    )
  })

  it("takes seed 001's example 11 through the SDK as written", async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({
      order: 'order-id-sdk',
      service: 'sdr-service',
      status: 'queued',
      webhooks: [
        {
          url: 'https://api.example.com/webhooks/execution',
          events: ['status_changed', 'completed', 'failed'],
          headers: { Authorization: 'Bearer token123', 'X-Webhook-Secret': 'secret456' },
        },
        { url: 'https://slack.com/api/webhooks/abc123', events: ['completed', 'failed'] },
      ],
    })
    expect(execution.webhooks?.map((w) => w.events)).toEqual([STATUS_CHANGES, ['execution.completed', 'execution.failed']])
    const refused = await $.ServiceExecution.create({ service: 'sdr-service', webhooks: [{ url: 'https://a.example.com', events: ['finished' as never] }] }).catch(
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).field).toBe('webhooks.0.events.0')
  })
})
