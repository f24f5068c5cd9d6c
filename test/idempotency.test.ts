// Idempotency-Key on POSTs, as a client that retries after a timeout uses it: a retried create
// never makes a second execution — not when the first answered, not while it runs, not when its
// process died between the create and the answer.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
})
afterAll(async () => api.close())

async function post(path: string, body: unknown, key: string, as: Record<string, string> = api.admin) {
  const res = await fetch(api.base + path, { method: 'POST', headers: { ...as, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) })
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as { $id?: string; error?: { code: string; message: string; field?: string } },
  }
}
const executionsOf = (tag: string) => api.db.execution.count({ where: { tags: { some: { tag } } } })

describe('Idempotency-Key', () => {
  it('answers a retried create with the first answer and creates one execution', async () => {
    const tag = `idem-${randomUUID().slice(0, 8)}`
    const key = randomUUID()
    const first = await post('/executions', { service: 'sdr-service', tags: [tag] }, key)
    const again = await post('/executions', { service: 'sdr-service', tags: [tag] }, key)
    expect(first.status).toBe(201)
    expect(first.replayed).toBeNull()
    expect(again).toMatchObject({ status: 201, replayed: 'true' })
    expect(again.body.$id).toBe(first.body.$id)
    expect(await executionsOf(tag)).toBe(1)
    // A lifecycle POST too: the retry of a pause is answered, not refused as "already paused".
    await post(`/executions/${first.body.$id}/start`, {}, randomUUID())
    const pauseKey = randomUUID()
    expect((await post(`/executions/${first.body.$id}/pause`, {}, pauseKey)).status).toBe(200)
    expect(await post(`/executions/${first.body.$id}/pause`, {}, pauseKey)).toMatchObject({ status: 200, replayed: 'true', body: { status: 'paused' } })
  })

  it('refuses the key for another request (422), and forgets it after a refusal so a corrected retry is done', async () => {
    const key = randomUUID()
    const tag = `idem-${randomUUID().slice(0, 8)}`
    expect((await post('/executions', { service: 'sdr-service', tags: [tag] }, key)).status).toBe(201)
    const other = await post('/executions', { service: 'content-service', tags: [tag] }, key)
    expect(other.status).toBe(422)
    expect(other.body.error).toMatchObject({ code: 'UNPROCESSABLE', field: 'Idempotency-Key' })
    expect(other.body.error!.message).toMatch(/used for another request/)

    const refusedKey = randomUUID()
    expect((await post('/executions', { service: 'no-such-service', tags: [tag] }, refusedKey)).status).toBe(400)
    expect((await post('/executions', { service: 'sdr-service', tags: [tag] }, refusedKey)).status).toBe(201)
    expect(await executionsOf(tag)).toBe(2)
    expect((await post('/executions', { service: 'sdr-service' }, 'has spaces')).status).toBe(400)
  })

  it('lets only one of two simultaneous requests with a key do the work', async () => {
    const tag = `idem-${randomUUID().slice(0, 8)}`
    const key = randomUUID()
    const both = await Promise.all([post('/executions', { service: 'sdr-service', tags: [tag] }, key), post('/executions', { service: 'sdr-service', tags: [tag] }, key)])
    expect(both.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]))
    for (const r of both) expect([201, 409]).toContain(r.status)
    expect(await executionsOf(tag)).toBe(1)
  })

  it('answers with the execution a create made when its process died before answering', async () => {
    const tag = `idem-${randomUUID().slice(0, 8)}`
    const key = randomUUID()
    const body = { service: 'sdr-service', tags: [tag] }
    // As the first request left it: the key recorded, the create committed with it, no answer stored.
    const principal = `user:${(await api.db.user.findFirstOrThrow({ where: { email: { contains: '@' } }, orderBy: { createdAt: 'desc' } })).id}`
    const started = api.services.idempotency.begin({ principal, key, organizations: ['org-provider'], method: 'POST', path: '/api/executions', body: JSON.stringify(body) })
    expect(started.kind).toBe('run')
    const made = await api.services.executions.create({ type: 'operator', id: 'someone' }, body, { idempotencyKey: { principal, key } })
    const retried = await post('/executions', body, key)
    expect(retried).toMatchObject({ status: 201, replayed: 'true' })
    expect(retried.body.$id).toBe(made.$id)
    expect(await executionsOf(tag)).toBe(1)
  })

  it('keeps keys apart by who sends them', async () => {
    const key = randomUUID()
    const tag = `idem-${randomUUID().slice(0, 8)}`
    const { signedIn } = await import('./helpers')
    const other = await signedIn(api.access, api.origin, { role: 'operator', organizations: ['org-provider'] })
    expect((await post('/executions', { service: 'sdr-service', tags: [tag] }, key)).status).toBe(201)
    expect(await post('/executions', { service: 'sdr-service', tags: [tag] }, key, other)).toMatchObject({ status: 201, replayed: null })
    expect(await executionsOf(tag)).toBe(2)
  })

  it('answers a retry only to whom the route still lets in', async () => {
    const { signedIn, principal } = await import('./helpers')
    const email = `demoted-${randomUUID().slice(0, 8)}@test.local`
    const operator = await signedIn(api.access, api.origin, { role: 'operator', organizations: ['org-provider'], email })
    const key = randomUUID()
    const body = { service: 'sdr-service', tags: [`idem-${randomUUID().slice(0, 8)}`] }
    expect((await post('/executions', body, key, operator)).status).toBe(201)
    const user = await api.db.user.findFirstOrThrow({ where: { email } })
    await api.access.users.setRole(user.id, 'viewer', principal('admin', ['org-provider']))
    const retried = await post('/executions', body, key, operator)
    expect(retried.status).toBe(403)
    expect(retried.replayed).toBeNull()
  })

  it('answers no replay to a principal who has left an organisation it belonged to at the first request', async () => {
    const { signedIn, principal } = await import('./helpers')
    await api.db.organization.upsert({ where: { id: 'org-elsewhere' }, create: { id: 'org-elsewhere', name: 'Elsewhere', createdAt: new Date() }, update: {} })
    const email = `leaver-${randomUUID().slice(0, 8)}@test.local`
    const leaver = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-provider', 'org-elsewhere'], email })
    const key = randomUUID()
    const hook = { url: 'https://hooks.example.com/leaver', events: ['execution.failed'] }
    expect((await post('/services/sdr-service/webhooks', hook, key, leaver)).status).toBe(201)
    // Still an admin, of the other organisation only: the first answer (a provider's webhook) is not theirs to read.
    const user = await api.db.user.findFirstOrThrow({ where: { email } })
    api.access.users.setOrganizations(user.id, ['org-elsewhere'], principal('admin', ['org-provider', 'org-elsewhere']))
    const retried = await post('/services/sdr-service/webhooks', hook, key, leaver)
    expect(retried.status).toBe(403)
    expect(retried.replayed).toBeNull()
    expect(retried.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'Idempotency-Key' })
    expect(retried.body.error!.message).toMatch(/no longer belong/)
    expect(await api.db.webhook.count({ where: { url: hook.url } })).toBe(1)
  })

  it("keeps at most a bounded number of keys per principal, dropping the principal's oldest", async () => {
    const { createIdempotencyStore } = await import('@/server/services/idempotency')
    let at = Date.now()
    const store = createIdempotencyStore(api.writer, () => at, 3)
    const request = (principal: string, key: string) => ({ principal, key, organizations: ['org-provider'], method: 'POST', path: '/api/executions', body: '{}' })
    const busy = `api-key:busy-${randomUUID().slice(0, 8)}`
    const quiet = `api-key:quiet-${randomUUID().slice(0, 8)}`
    store.begin(request(quiet, 'q1'))
    for (let i = 1; i <= 5; i++) {
      at += 1_000
      store.begin(request(busy, `k${i}`))
      store.finish({ principal: busy, key: `k${i}` }, 200, { accepted: i })
    }
    at += 61_000 // the next sweep keeps the newest 3, then k6 comes
    store.begin(request(busy, 'k6'))
    const kept = api.writer.all<{ principal: string; key: string }>('SELECT "principal", "key" FROM "IdempotencyKey" WHERE "principal" IN (?, ?) ORDER BY "key"', [busy, quiet])
    expect(kept).toEqual([
      { principal: busy, key: 'k3' },
      { principal: busy, key: 'k4' },
      { principal: busy, key: 'k5' },
      { principal: busy, key: 'k6' },
      { principal: quiet, key: 'q1' },
    ])
    // A kept key still replays; a dropped one is done again.
    expect(store.begin(request(busy, 'k5'))).toMatchObject({ kind: 'replay', body: { accepted: 5 } })
    expect(store.begin(request(busy, 'k1'))).toEqual({ kind: 'run' })
  })

  it('keeps no secret for a replay: a webhook secret is shown once', async () => {
    const key = randomUUID()
    const hook = { url: 'https://hooks.example.com/console', events: ['execution.completed'] }
    const first = (await post('/services/sdr-service/webhooks', hook, key)) as unknown as { status: number; body: { secret?: string } }
    const again = (await post('/services/sdr-service/webhooks', hook, key)) as unknown as { status: number; replayed: string; body: { secret?: string } }
    expect(first.status).toBe(201)
    expect(first.body.secret).toMatch(/^whsec_/)
    expect(again).toMatchObject({ status: 201, replayed: 'true' })
    expect(again.body.secret).toBeUndefined()
  })

  it('records a workflow start against its key too: a retry after a crash starts nothing twice', async () => {
    const { createEngine } = await import('@/server/engine/engine')
    const { defineWorkflow } = await import('@/server/engine/workflow')
    const { createWorkflowStarter } = await import('@/server/context')
    const workflow = defineWorkflow({
      id: 'idem-flow',
      version: 1,
      name: 'Idempotent flow',
      service: 'sdr-service',
      steps: [{ id: 'only', assignee: 'system', handler: async () => ({}) }],
    })
    // An engine that is not scheduling: its starts are created and queued.
    const engine = createEngine({ store: api.writer, executions: api.executions, bus: api.bus, workflows: [workflow] })
    api.services.workflows = createWorkflowStarter(() => engine)
    const key = randomUUID()
    const first = await post('/workflows/idem-flow/executions', { tags: ['idem-flow'] }, key)
    const again = await post('/workflows/idem-flow/executions', { tags: ['idem-flow'] }, key)
    expect(first.status).toBe(201)
    expect(again).toMatchObject({ status: 201, replayed: 'true' })
    expect(again.body.$id).toBe(first.body.$id)
    // As a start whose process died before it answered: the key names the execution it made.
    const principal = `user:${(await api.db.user.findFirstOrThrow({ where: { email: { contains: '@' } }, orderBy: { createdAt: 'asc' } })).id}`
    const crashedKey = randomUUID()
    const body = { tags: ['idem-flow'] }
    api.services.idempotency.begin({
      principal,
      key: crashedKey,
      organizations: ['org-provider'],
      method: 'POST',
      path: '/api/workflows/idem-flow/executions',
      body: JSON.stringify(body),
    })
    const made = await engine.startWorkflow('idem-flow', { ...body, idempotencyKey: { principal, key: crashedKey } })
    const retried = await post('/workflows/idem-flow/executions', body, crashedKey)
    expect(retried).toMatchObject({ status: 201, replayed: 'true' })
    expect(retried.body.$id).toBe(made.$id)
    expect(await executionsOf('idem-flow')).toBe(2)
  })

  it('takes the same JSON sent again by another serialiser as the same request', async () => {
    const key = randomUUID()
    const tag = `idem-${randomUUID().slice(0, 8)}`
    const send = (raw: string) =>
      fetch(api.base + '/executions', { method: 'POST', headers: { ...api.admin, 'content-type': 'application/json', 'idempotency-key': key }, body: raw })
    const first = await send(JSON.stringify({ service: 'sdr-service', tags: [tag], priority: 'high' }))
    const again = await send(`{ "priority": "high",\n  "tags": ["${tag}"], "service": "sdr-service" }`)
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as { $id: string }).$id).toBe(((await first.json()) as { $id: string }).$id)
    expect(await executionsOf(tag)).toBe(1)
  })
})
