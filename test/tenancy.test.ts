// Tenancy beyond executions: alert rules and alerts, saved views, failure-group decisions, the
// audit trail, roles (per organisation), services and retention each belong to an organisation
// and are seen and changed only by its members — as another organisation's admin, operator and
// viewer would try.
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { principal, signedIn, startRestServer, operator } from './helpers'

type Server = Awaited<ReturnType<typeof startRestServer>>
let api: Server
const as = (role: 'viewer' | 'operator' | 'admin', org: string, id = `${role}-${org}`) => createCaller(contextFor(api.services, principal(role, [org], id)))

/** An execution of `customer` (its provider is org-provider, which A and B are not), failed with `code`. */
async function failedOf(customer: string, code = 'API_TIMEOUT') {
  const e = await api.executions.create({ ...operator, organizations: [customer] }, { service: 'sdr-service', status: 'running' })
  await api.executions.fail(e.$id, operator, { code, message: `External API timeout after 30 seconds (${customer})`, step: 'fetch' })
  return e.$id
}

beforeAll(async () => {
  api = await startRestServer()
  for (const id of ['org-a', 'org-b']) await api.db.organization.create({ data: { id, name: id, createdAt: new Date() } })
}, 60_000)
afterAll(async () => api.close())

describe('alert rules and alerts', () => {
  it('belong to an organisation: seen by its members, changed by its admins, measuring its executions only', async () => {
    await failedOf('org-a')
    await failedOf('org-b')
    await failedOf('org-b')
    const rule = await as('admin', 'org-a').alerts.createRule({ name: 'A failing', metric: 'failures', operator: 'gte', threshold: 1, webhookUrl: 'https://hooks.example.com/a' })
    expect(rule.organizationId).toBe('org-a')
    expect(await as('viewer', 'org-b').alerts.rules()).toEqual([])
    await expect(as('admin', 'org-b').alerts.setRuleEnabled({ id: rule.id, enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(as('admin', 'org-b').alerts.deleteRule({ id: rule.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(as('admin', 'org-b').alerts.createRule({ name: 'x', metric: 'failures', operator: 'gt', threshold: 0, organizationId: 'org-a' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    expect((await as('viewer', 'org-a').alerts.rules()).map((r) => r.id)).toEqual([rule.id])

    await api.services.alerts.evaluate()
    const [alert] = await as('viewer', 'org-a').alerts.list({})
    expect(alert).toMatchObject({ ruleId: rule.id, value: 1 }) // A's failure, not B's two
    expect(await as('viewer', 'org-b').alerts.list({})).toEqual([])
    await expect(as('operator', 'org-b').alerts.acknowledge({ id: alert!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(as('viewer', 'org-b').alerts.history({ id: alert!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await as('operator', 'org-a').alerts.acknowledge({ id: alert!.id })).status).toBe('acknowledged')
  })

  it('refuses a private webhook address, and sends alerts from the outbox — signed, retried, never following a redirect', async () => {
    await expect(
      as('admin', 'org-a').alerts.createRule({ name: 'inside', metric: 'failures', operator: 'gt', threshold: 0, webhookUrl: 'http://[::ffff:127.0.0.1]:9/x' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/webhookUrl: a loopback or private address/),
    })
    const { createAlertService } = await import('@/server/services/alerts')
    const { createWebhookDelivery } = await import('@/server/webhooks/delivery')
    const received: { body: string; headers: Record<string, string> }[] = []
    const redirected: string[] = []
    const listen = (handler: Parameters<typeof createServer>[1]) =>
      new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
        const server = createServer(handler)
        server.listen(0, '127.0.0.1', () =>
          resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => new Promise((r) => server.close(() => r())) }),
        )
      })
    const inner = await listen((req, res) => {
      redirected.push(req.url ?? '')
      res.end()
    })
    let calls = 0
    const hook = await listen((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        calls += 1
        if (calls === 1) {
          res.writeHead(302, { location: inner.url }) // a redirect to an internal port: an answer, not an instruction
          return res.end()
        }
        received.push({ body, headers: req.headers as Record<string, string> })
        res.end()
      })
    })
    const alerts = createAlertService({ writer: api.writer, allowPrivateWebhooks: true })
    const rule = alerts.createRule({ name: 'B queue', metric: 'queue_depth', operator: 'gte', threshold: 1, webhookUrl: hook.url }, 'org-b')
    await api.executions.create({ ...operator, organizations: ['org-b'] }, { service: 'sdr-service' })
    const { fired } = await alerts.evaluate()
    const mine = fired.filter((id) => api.writer.get('SELECT 1 AS x FROM "Alert" WHERE "id" = ? AND "ruleId" = ?', [id, rule.id]))
    expect(mine).toHaveLength(1)
    // In the outbox with the alert, before anything is sent.
    expect(await api.db.webhookDelivery.count({ where: { webhook: { alertRuleId: rule.id } } })).toBe(1)
    const delivery = createWebhookDelivery({ store: api.writer, bus: api.bus, allowPrivate: true, initialDelayMs: 10, maxDelayMs: 20, pollMs: 10 })
    delivery.start()
    const deadline = Date.now() + 5_000
    while (!received.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await delivery.stop()
    await Promise.all([hook.close(), inner.close()])
    expect(redirected).toEqual([])
    const payload = new Webhook(rule.webhookSecret!).verify(received[0]!.body, received[0]!.headers) as { event: string; alert: { ruleId: string } }
    expect(payload).toMatchObject({ event: 'alert.fired', alert: { ruleId: rule.id } })
  })
})

describe('saved views and failure-group decisions', () => {
  it('keeps each organisation’s views to itself: the same name is two views, and another’s cannot be replaced or removed', async () => {
    const a = await as('operator', 'org-a').views.save({ name: 'Failed SDR', query: 'status=failed' })
    const b = await as('operator', 'org-b').views.save({ name: 'Failed SDR', query: 'status=failed&service=x' })
    expect(a.id).not.toBe(b.id)
    expect((await as('viewer', 'org-a').views.list()).map((v) => v.query)).toEqual(['status=failed'])
    await expect(as('operator', 'org-b').views.remove({ id: a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await as('viewer', 'org-a').views.list()).map((v) => v.id)).toEqual([a.id])
  })

  it('keeps each organisation’s decisions about a failure group to itself, and who made them', async () => {
    await failedOf('org-a', 'SERVICE_UNAVAILABLE')
    await failedOf('org-b', 'SERVICE_UNAVAILABLE')
    const groupOf = async (org: string) => (await as('viewer', org).analytics.failures({})).groups.find((g) => g.errorCode === 'SERVICE_UNAVAILABLE')!
    const { fingerprint } = await groupOf('org-a')
    await as('operator', 'org-a', 'alice').analytics.decide({ fingerprint, state: 'resolved' })
    expect(await groupOf('org-a')).toMatchObject({ state: 'resolved', changedBy: 'alice@test.local' })
    const inB = await groupOf('org-b')
    expect(inB.state).toBe('open')
    expect(JSON.stringify(inB)).not.toContain('alice')
    // An execution's "why it failed" card: its own organisation's counts and decisions, nothing for another.
    const failedInA = await failedOf('org-a', 'SERVICE_UNAVAILABLE')
    expect(await as('viewer', 'org-a').analytics.groupOf({ executionId: failedInA })).toMatchObject({ count: 2, state: 'reopened', changedBy: 'alice@test.local' }) // (it recurred after alice resolved it)
    await expect(as('viewer', 'org-b').analytics.groupOf({ executionId: failedInA })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('the reviewer inbox', () => {
  it('lists the steps waiting on a person in the caller’s organisations only, soonest due first, filtered by service and assignee', async () => {
    const waiting = async (customer: string, service: string, reviewer: string, dueInMs: number) => {
      const e = await api.executions.create({ ...operator, organizations: [customer] }, { service, status: 'running', steps: [{ id: 'review', type: 'human' }] })
      await api.executions.startStep(e.$id, operator, {
        id: 'review',
        type: 'human',
        assignee: { type: 'human', id: reviewer, name: reviewer },
        dueAt: new Date(Date.now() + dueInMs).toISOString(),
      })
      return e.$id
    }
    const later = await waiting('org-a', 'content-service', 'rita', 3_600_000)
    const sooner = await waiting('org-a', 'integration-service', 'sam', 60_000)
    const elsewhere = await waiting('org-b', 'content-service', 'rita', 1_000)
    const inA = await as('viewer', 'org-a').inbox({})
    const ids = inA.items.map((i) => i.executionId)
    expect(ids).toEqual(expect.arrayContaining([sooner, later]))
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later))
    expect(ids).not.toContain(elsewhere)
    expect(inA.assignees).toEqual(expect.arrayContaining(['rita', 'sam']))
    expect((await as('viewer', 'org-a').inbox({ assignee: 'rita' })).items.map((i) => i.executionId)).toContain(later)
    expect((await as('viewer', 'org-a').inbox({ assignee: 'rita' })).items.map((i) => i.executionId)).not.toContain(sooner)
    expect((await as('viewer', 'org-a').inbox({ service: 'integration-service' })).items.map((i) => i.executionId)).toEqual([sooner])
    expect((await as('viewer', 'org-b').inbox({})).items.map((i) => i.executionId)).toEqual([elsewhere])
    // A step completed leaves it.
    await api.executions.completeStep(sooner, operator, 'review', { output: { approved: true } })
    expect((await as('viewer', 'org-a').inbox({})).items.map((i) => i.executionId)).not.toContain(sooner)
  })
})

describe('the audit trail', () => {
  it('shows an admin only what concerns its organisations: not another’s sign-ins, users or keys', async () => {
    await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-b'], email: 'bob-viewer@b.test' })
    await as('admin', 'org-b').apiKeys.create({ name: 'b worker', organizationId: 'org-b', scope: 'write' })
    await as('admin', 'org-b').users.create({ email: 'new-b@b.test', name: 'New B', password: 'long enough pass', role: 'viewer', organizations: ['org-b'] })
    const seenByA = JSON.stringify((await as('admin', 'org-a').audit.list({ limit: 500 })).items)
    for (const secret of ['bob-viewer@b.test', 'new-b@b.test', 'b worker', 'org-b']) expect(seenByA).not.toContain(secret)
    const seenByB = JSON.stringify((await as('admin', 'org-b').audit.list({ limit: 500 })).items)
    for (const own of ['bob-viewer@b.test', 'new-b@b.test', 'apiKey.created']) expect(seenByB).toContain(own)
  })
})

describe('roles are per organisation', () => {
  it('an admin of A changes a shared user’s role in A only, and that user then may read but not change A’s executions', async () => {
    const shared = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-a', 'org-b'], email: 'shared@ab.test' })
    const user = (await api.db.user.findUnique({ where: { email: 'shared@ab.test' } }))!
    const changed = await as('admin', 'org-a').users.setRole({ id: user.id, role: 'viewer' })
    expect(changed).toMatchObject({ role: 'viewer', organizations: ['org-a'] })
    const roles = await api.db.membership.findMany({ where: { userId: user.id }, orderBy: { organizationId: 'asc' } })
    expect(roles.map((m) => [m.organizationId, m.role])).toEqual([
      ['org-a', 'viewer'],
      ['org-b', 'admin'],
    ])

    const inA = (await api.call('POST', '/executions', { service: 'sdr-service', customer: 'org-a' }, undefined, shared)).body
    expect(inA.error.code).toBe('BAD_REQUEST') // it may not create for A any more
    const execA = (await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })).$id
    const execB = (await api.executions.create({ ...operator, organizations: ['org-b'] }, { service: 'sdr-service', status: 'running' })).$id
    expect((await api.call('GET', `/executions/${execA}`, undefined, undefined, shared)).status).toBe(200)
    const refused = await api.call('POST', `/executions/${execA}/pause`, {}, undefined, shared)
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toMatch(/lets you read it, not change it/)
    expect((await api.call('POST', `/executions/${execB}/pause`, {}, undefined, shared)).status).toBe(200)
    // Nor may it administer A: its keys and users are B's only.
    const keys = await api.call('GET', '/audit', undefined, undefined, shared)
    expect(keys.status).toBe(200)
    expect(JSON.stringify(keys.body.items)).not.toContain(execA)
  })

  it('creates a service only for an organisation its admin administers, and archives only its organisations’ logs', async () => {
    await expect(as('admin', 'org-a').services.create({ id: 'a-svc', name: 'A service', providerId: 'org-b' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await as('admin', 'org-a').services.create({ id: 'a-svc', name: 'A service' })).providerId).toBe('org-a')
    const logged = async (org: string) => {
      const e = await api.executions.create({ ...operator, organizations: [org] }, { service: 'sdr-service' })
      await api.executions.log(e.$id, operator, [{ level: 'info', message: 'old line', timestamp: '2020-01-01T00:00:00Z' }])
      return e.$id
    }
    const [a, b] = [await logged('org-a'), await logged('org-b')]
    await as('admin', 'org-a').retention.archiveLogs({ olderThanDays: 30 })
    expect(await api.db.executionLog.count({ where: { executionId: a } })).toBe(0)
    expect(await api.db.executionLog.count({ where: { executionId: b } })).toBe(1)
  })
})

describe('the forecast of a running execution', () => {
  it('is drawn from the completed runs of the same service that the caller’s organisations see, never another’s', async () => {
    const run = async (customer: string, cost: number) => {
      const e = await api.executions.create({ ...operator, organizations: [customer] }, { service: 'content-service', status: 'running' })
      await api.executions.reportMetrics(e.$id, operator, { cost })
      await api.executions.complete(e.$id, operator, { success: true, output: {}, summary: 'done' })
      return e.$id
    }
    for (let i = 0; i < 6; i++) await run('org-a', 0.5)
    for (let i = 0; i < 3; i++) await run('org-b', 9)
    const running = await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'content-service', status: 'running' })
    const history = await as('viewer', 'org-a').analytics.forecastHistory({ executionId: running.$id })
    expect(history.durations).toHaveLength(6)
    expect(history.costs).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) // (not org-b's 9s)
    expect(history).toMatchObject({ basis: 'service', days: 30 })
    await expect(as('viewer', 'org-b').analytics.forecastHistory({ executionId: running.$id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('orders and customers (seed 001’s marketplace)', () => {
  it('are seen by the same rule in code and in SQL: a customer by its people, its provider, and who registered it', async () => {
    const { canSeeCustomer, customerVisibleSql } = await import('@/server/domain/access')
    const at = new Date()
    await api.db.organization.create({ data: { id: 'org-registered', name: 'Registered by A', registeredById: 'org-a', createdAt: at } })
    await api.db.organization.create({ data: { id: 'org-lonely', name: 'No orders', createdAt: at } })
    await api.db.service.create({ data: { id: 'a-offer', name: 'A offers', providerId: 'org-a', createdAt: at, updatedAt: at } })
    await api.db.order.create({ data: { id: 'order-b-from-a', serviceId: 'a-offer', customerId: 'org-b', createdAt: at } })
    const customers = ['org-a', 'org-b', 'org-registered', 'org-lonely', 'org-provider']
    for (const orgs of [['org-a'], ['org-b'], ['org-provider'], ['org-a', 'org-b'], [], ['org-nobody']]) {
      for (const id of customers) {
        const row = api.reader.get<{ registeredById: string | null }>('SELECT "registeredById" FROM "Organization" WHERE "id" = ?', [id])!
        const providers = api.reader
          .all<{ p: string }>(
            'SELECT DISTINCT s."providerId" AS p FROM "Order" o JOIN "Service" s ON s."id" = o."serviceId" WHERE o."customerId" = ? AND s."providerId" IS NOT NULL',
            [id],
          )
          .map((r) => r.p)
        const inCode = canSeeCustomer(orgs, { id, registeredById: row.registeredById, providersOfItsOrders: providers })
        const rule = customerVisibleSql(orgs, 'c')
        const inSql = api.reader.get(`SELECT 1 AS hit FROM "Organization" c WHERE c."id" = ? AND ${rule.sql}`, [id, ...rule.params]) !== undefined
        expect(inSql, `${id} seen by ${orgs.join(',') || 'nobody'}`).toBe(inCode)
      }
    }
    expect(canSeeCustomer(['org-a'], { id: 'org-registered', registeredById: 'org-a', providersOfItsOrders: [] })).toBe(true)
    expect(canSeeCustomer(['org-b'], { id: 'org-registered', registeredById: 'org-a', providersOfItsOrders: [] })).toBe(false)
    expect(canSeeCustomer(['org-a'], { id: 'org-b', registeredById: null, providersOfItsOrders: ['org-a'] })).toBe(true)
  })

  it('answers another organisation’s order or customer as not found, over REST', async () => {
    const b = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-b'] })
    const provider = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-provider'] })
    // B's order of A's service: A and B see it; the console's main provider does not.
    expect((await api.call('GET', '/orders/order-b-from-a', undefined, undefined, b)).status).toBe(200)
    expect((await api.call('GET', '/orders/order-b-from-a', undefined, undefined, provider)).status).toBe(404)
    expect((await api.call('GET', '/customers/org-registered', undefined, undefined, b)).status).toBe(404)
    expect((await api.call('GET', '/customers/org-lonely', undefined, undefined, b)).status).toBe(404)
    expect((await api.call('GET', '/orders?service=a-offer', undefined, undefined, provider)).body.items).toEqual([])
    expect((await api.call('GET', '/orders?service=a-offer', undefined, undefined, b)).body.items.map((o: { $id: string }) => o.$id)).toEqual(['order-b-from-a'])
  })
})

describe('open streams of a member removed from an organisation', () => {
  it('end once the membership that let them see the execution is gone, though another membership remains', async () => {
    const { forgetConfig } = await import('@/server/config')
    process.env.STREAM_RECHECK_MS = '200'
    forgetConfig()
    try {
      const e = await api.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })
      const member = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-a', 'org-b'] })
      const userId = (await api.db.user.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id
      const res = await fetch(`${api.base}/executions/${e.$id}/watch`, { headers: { ...member, accept: 'text/event-stream' } })
      expect(res.status).toBe(200)
      const reader = res.body!.getReader()
      let text = ''
      // What arrives within `ms`: whether the stream is still open then (a read left waiting is kept for the next call).
      let pending: ReturnType<typeof reader.read> | undefined
      const read = async (ms: number) => {
        const end = Date.now() + ms
        while (Date.now() < end) {
          pending ??= reader.read()
          const next = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), end - Date.now()))])
          if (next === null) return 'open'
          pending = undefined
          if (next.done) return 'ended'
          text += new TextDecoder().decode(next.value)
        }
        return 'open'
      }
      await api.executions.log(e.$id, operator, [{ level: 'info', message: 'while a member' }])
      expect(await read(500)).toBe('open')
      expect(text).toContain('while a member')
      // Out of A, still in B (an admin of both moves them).
      api.access.users.setOrganizations(userId, ['org-b'], principal('admin', ['org-a', 'org-b']))
      const after = text.length
      const state = await read(1_500)
      await api.executions.log(e.$id, operator, [{ level: 'info', message: 'after leaving A' }])
      const later = state === 'open' ? await read(1_000) : state
      reader.cancel().catch(() => {})
      expect(text.slice(after)).not.toContain('after leaving A')
      expect(later).toBe('ended')
    } finally {
      delete process.env.STREAM_RECHECK_MS
      forgetConfig()
    }
  })
})
