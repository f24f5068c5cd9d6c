// Who may do what, and who may see what: roles, organisations, API keys, the audit trail,
// cross-site requests and rate limits, through REST, tRPC and the watch stream.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { principal, signedIn, startRestServer } from './helpers'

type Server = Awaited<ReturnType<typeof startRestServer>>
let api: Server
let adminA: Record<string, string>
let operatorA: Record<string, string>
let viewerA: Record<string, string>
let operatorB: Record<string, string>
let adminB: Record<string, string>
let execA = ''
let execB = ''

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

beforeAll(async () => {
  api = await startRestServer()
  const at = new Date()
  for (const id of ['org-a', 'org-b']) await api.db.organization.create({ data: { id, name: id, createdAt: at } })
  adminA = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-a'] })
  operatorA = await signedIn(api.access, api.origin, { role: 'operator', organizations: ['org-a'] })
  viewerA = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-a'] })
  operatorB = await signedIn(api.access, api.origin, { role: 'operator', organizations: ['org-b'] })
  adminB = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-b'] })
  // Each customer creates its own execution; the customer defaults to the creator's organisation.
  execA = (await api.call('POST', '/executions', { service: 'sdr-service', steps: [{ id: 'draft' }] }, undefined, operatorA)).body.$id
  execB = (await api.call('POST', '/executions', { service: 'sdr-service', steps: [{ id: 'draft' }] }, undefined, operatorB)).body.$id
  expect(execA).toMatch(/^exec_/)
  expect(execB).toMatch(/^exec_/)
  await api.call('POST', `/executions/${execA}/start`, {}, undefined, operatorA)
  await api.call('POST', `/executions/${execB}/start`, {}, undefined, operatorB)
}, 60_000)
afterAll(async () => api.close())

describe('sign-in and roles', () => {
  it('answers 401 to a request that is neither signed in nor carries a key', async () => {
    const res = await fetch(`${api.base}/executions`)
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/sign in|API key/)
  })

  it('lets a viewer read but not pause, by REST and tRPC, and leaves the execution as it was', async () => {
    expect((await api.call('GET', `/executions/${execA}`, undefined, undefined, viewerA)).status).toBe(200)
    const refused = await api.call('POST', `/executions/${execA}/pause`, {}, undefined, viewerA)
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toMatch(/viewer.*operator/)
    const caller = createCaller(contextFor(api.services, principal('viewer', ['org-a'])))
    await expect(caller.executions.pause({ id: execA })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await api.call('GET', `/executions/${execA}`, undefined, undefined, operatorA)).body.status).toBe('running')
    // An operator may.
    expect((await api.call('POST', `/executions/${execA}/pause`, {}, undefined, operatorA)).status).toBe(200)
    expect((await api.call('POST', `/executions/${execA}/resume`, {}, undefined, operatorA)).status).toBe(200)
  })

  it("lets an admin change a user's organisations and archive old logs, and no one else", async () => {
    const admin = createCaller(contextFor(api.services, principal('admin', ['org-a', 'org-b'])))
    const user = await admin.users.create({ email: 'moving@test.local', name: 'Moving', password: 'long enough', role: 'operator', organizations: ['org-a'] })
    const moved = await admin.users.setOrganizations({ id: user.id, organizations: ['org-b'] })
    expect(moved.organizations).toEqual(['org-b'])
    // An admin of A alone no longer sees, nor manages, that user.
    const adminOfA = createCaller(contextFor(api.services, principal('admin', ['org-a'])))
    expect((await adminOfA.users.list()).map((u) => u.email)).not.toContain('moving@test.local')
    await expect(adminOfA.users.setRole({ id: user.id, role: 'admin' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const asOperator = createCaller(contextFor(api.services, principal('operator', ['org-a'])))
    await expect(asOperator.retention.archiveLogs({ olderThanDays: 30 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await admin.retention.archiveLogs({ olderThanDays: 30 })).toEqual({ executions: 0, lines: 0 })
  })

  it("removes a user: out of the admin's organisations, and deleted (signed out at once) when that leaves it in none; never orphaned", async () => {
    for (const id of ['org-c', 'org-d']) await api.db.organization.create({ data: { id, name: id, createdAt: new Date() } })
    // Admins who exist (a removal checks, in its transaction, that its admin still administers).
    const adminOf = async (organizations: string[]) => {
      const email = `admin-${randomUUID().slice(0, 8)}@test.local`
      const { id } = await api.access.users.create({ email, name: email, password: 'long enough', role: 'admin', organizations }, null)
      return createCaller(contextFor(api.services, principal('admin', organizations, id)))
    }
    const both = await adminOf(['org-b', 'org-c'])
    const leaving = await signedIn(api.access, api.origin, { role: 'operator', organizations: ['org-b', 'org-c'] })
    const id = (await both.users.list()).find((u) => u.organizations.length === 2 && u.role === 'operator')!.id
    expect((await api.call('GET', '/executions', undefined, undefined, leaving)).status).toBe(200)
    // Emptied by the organisations picker, the user would be of none, seen by no admin, its email taken for good: refused.
    await expect(both.users.setOrganizations({ id, organizations: [] })).rejects.toThrow(/would belong to no organisation: keep one, or remove the user/)
    await expect(both.users.create({ email: 'nowhere@test.local', name: 'Nowhere', password: 'long enough', role: 'viewer', organizations: [] })).rejects.toThrow(
      /organizations: a user belongs to at least one organisation/,
    )
    // B's admin takes it out of B only: it stays C's, still signed in.
    const adminOfB = await adminOf(['org-b'])
    expect(await adminOfB.users.remove({ id })).toEqual({ id, email: expect.stringMatching(/@/), organizations: ['org-b'], deleted: false })
    expect((await api.call('GET', '/executions', undefined, undefined, leaving)).status).toBe(200)
    await expect(adminOfB.users.remove({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // C's admin removes it from the last: the account goes, and its session with it.
    const adminOfC = await adminOf(['org-c'])
    expect(await adminOfC.users.remove({ id })).toEqual({ id, email: expect.stringMatching(/@/), organizations: ['org-c'], deleted: true })
    expect((await api.call('GET', '/executions', undefined, undefined, leaving)).status).toBe(401)
    expect(await api.db.user.findUnique({ where: { id } })).toBeNull()
    // No admin removes itself.
    const self = principal('admin', ['org-a'], (await createCaller(contextFor(api.services, principal('admin', ['org-a']))).users.list()).find((u) => u.role === 'admin')!.id)
    await expect(createCaller(contextFor(api.services, self)).users.remove({ id: self.id })).rejects.toThrow(/cannot remove yourself/)
    // Audited, with whom it removed (the account gone, its email stays in the entry).
    const removals = (await both.audit.list({ action: 'user.removed', limit: 10 })).items
    expect(removals.length).toBe(2)
    expect(JSON.stringify(removals)).toContain('"deleted":true')
    // The two admins of D remove each other: the second, refused, finds it administers nothing now.
    const [x, y] = [await adminOf(['org-d']), await adminOf(['org-d'])]
    const idOf = async (caller: typeof x) => (await caller.me()).id
    const [xId, yId] = [await idOf(x), await idOf(y)]
    expect((await x.users.remove({ id: yId })).deleted).toBe(true)
    await expect(y.users.remove({ id: xId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await api.db.user.findUnique({ where: { id: xId } })).not.toBeNull()
  })

  it('keeps user and key administration to admins', async () => {
    const asOperator = createCaller(contextFor(api.services, principal('operator', ['org-a'])))
    await expect(asOperator.apiKeys.create({ name: 'x', organizationId: 'org-a', scope: 'write' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(asOperator.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await api.call('GET', '/audit', undefined, undefined, operatorA)).status).toBe(403)
    const asAdmin = createCaller(contextFor(api.services, principal('admin', ['org-a'])))
    // An admin gives keys only for its own organisations.
    await expect(asAdmin.apiKeys.create({ name: 'x', organizationId: 'org-b', scope: 'write' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('organisations', () => {
  it("answers 404 for another organisation's execution on every REST route, and changes nothing", async () => {
    for (const path of ['', '/steps', '/logs', '/events', '/metrics', '/webhooks']) {
      const res = await api.call('GET', `/executions/${execA}${path}`, undefined, undefined, operatorB)
      expect(res.status, path).toBe(404)
      expect(res.body.error.message).toBe(`execution ${execA} not found`)
    }
    for (const [path, body] of [
      ['/pause', {}],
      ['/cancel', { reason: 'not mine' }],
      ['/logs', { logs: [{ level: 'info', message: 'intruder' }] }],
      ['/steps', { id: 'draft' }],
      ['/metrics', { tokensUsed: 5 }],
    ] as const) {
      expect((await api.call('POST', `/executions/${execA}${path}`, body, undefined, operatorB)).status, path).toBe(404)
    }
    // A method the route does not take is 405 whatever the id: it says nothing of the execution.
    expect((await api.call('PATCH', `/executions/${execA}`, { tags: ['x'] }, undefined, operatorB)).status).toBe(405)
    const mine = await api.call('GET', `/executions/${execA}`, undefined, undefined, operatorA)
    expect(mine.body.status).toBe('running')
    expect((await api.call('GET', `/executions/${execA}/logs`, undefined, undefined, operatorA)).body.items).toEqual([])
    // A child cannot be hung under another's execution either.
    expect((await api.call('POST', '/executions', { service: 'sdr-service', parentExecutionId: execA }, undefined, operatorB)).status).toBe(400)
    // Nor an execution made for another customer.
    expect((await api.call('POST', '/executions', { service: 'sdr-service', customer: 'org-a' }, undefined, operatorB)).status).toBe(400)
  })

  it('lists, searches and counts only its own executions; the provider sees both', async () => {
    const listB = await api.call('GET', '/executions?limit=100', undefined, undefined, operatorB)
    expect(listB.body.items.map((e: { $id: string }) => e.$id)).toEqual([execB])
    const search = await api.call('GET', `/executions?search=${execA}`, undefined, undefined, operatorB)
    expect(search.body.items).toEqual([])
    const found = await api.call('GET', `/executions?query=${encodeURIComponent(JSON.stringify({ status: 'running' }))}`, undefined, undefined, operatorB)
    expect(found.body.items.map((e: { $id: string }) => e.$id)).toEqual([execB])
    const provider = await api.call('GET', '/executions?limit=100', undefined, undefined, api.admin)
    expect(provider.body.items.map((e: { $id: string }) => e.$id).sort()).toEqual([execA, execB].sort())

    const caller = createCaller(contextFor(api.services, principal('operator', ['org-b'])))
    expect(await caller.executions.count({})).toBe(1)
    expect((await caller.executions.find({ query: {}, limit: 50 })).items.map((e) => e.$id)).toEqual([execB])
    await expect(caller.executions.get({ id: execA })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(caller.executions.logs({ id: execA, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await caller.analytics.summary({ service: 'sdr-service' })).total).toBe(1)
    expect((await createCaller(contextFor(api.services, principal('admin', ['org-provider']))).analytics.summary({ service: 'sdr-service' })).total).toBe(2)
  })

  it("refuses to watch another's execution, over SSE and as a tRPC subscription", async () => {
    expect((await fetch(`${api.base}/executions/${execA}/watch`, { headers: operatorB })).status).toBe(404)
    const caller = createCaller(contextFor(api.services, principal('operator', ['org-b'])))
    const stream = await caller.executions.watch({ id: execA })
    await expect(
      (async () => {
        for await (const _ of stream) break
      })(),
    ).rejects.toThrow(`execution ${execA} not found`)
  })

  it("feeds a live list only its own organisation's executions", async () => {
    const caller = createCaller(contextFor(api.services, principal('operator', ['org-b'])))
    const feed = await caller.executions.feed({ service: ['content-service'] })
    const seen: string[] = []
    const reading = (async () => {
      for await (const [, data] of feed as unknown as AsyncIterable<[string, { executionId: string; event: string }]>) {
        seen.push(`${data.executionId}:${data.event}`)
        if (seen.length === 1) break
      }
    })()
    await new Promise((r) => setTimeout(r, 50))
    const theirs = await api.call('POST', '/executions', { service: 'content-service' }, undefined, operatorA)
    const mine = await api.call('POST', '/executions', { service: 'content-service' }, undefined, operatorB)
    await reading
    expect(seen).toEqual([`${mine.body.$id}:execution.created`])
    expect(theirs.status).toBe(201)
  })

  it("sends a customer's service webhook only the events of its own executions", async () => {
    const hook = await api.call('POST', '/services/sdr-service/webhooks', { url: 'https://hooks.example.com/b', events: ['execution.paused'] }, undefined, adminB)
    expect(hook.status).toBe(201)
    await api.call('POST', `/executions/${execA}/pause`, {}, undefined, operatorA)
    await api.call('POST', `/executions/${execB}/pause`, {}, undefined, operatorB)
    const deliveries = await api.db.webhookDelivery.findMany({ where: { webhookId: hook.body.id } })
    const events = await api.db.executionEvent.findMany({ where: { id: { in: deliveries.map((d) => d.eventId!) } } })
    expect(events.map((e) => e.executionId)).toEqual([execB])
    // And A does not see B's subscription among the webhooks of its execution.
    const listed = await api.call('GET', `/executions/${execA}/webhooks`, undefined, undefined, operatorA)
    expect(listed.body.map((h: { id: string }) => h.id)).not.toContain(hook.body.id)
    await api.call('POST', `/executions/${execA}/resume`, {}, undefined, operatorA)
    await api.call('POST', `/executions/${execB}/resume`, {}, undefined, operatorB)
  })
})

describe('API keys', () => {
  it('authenticates a worker by a hashed, scoped key and refuses it once revoked', async () => {
    const admin = createCaller(contextFor(api.services, principal('admin', ['org-a'])))
    const write = await admin.apiKeys.create({ name: 'worker', organizationId: 'org-a', scope: 'write' })
    const read = await admin.apiKeys.create({ name: 'dashboard', organizationId: 'org-a', scope: 'read' })
    expect(write.key).toMatch(/^eck_/)
    // Only the hash is kept.
    expect(api.reader.get('SELECT count(*) AS n FROM "ApiKey" WHERE "hash" = ? OR "prefix" = ?', [write.key, write.key])).toEqual({ n: 0 })

    expect((await api.call('POST', `/executions/${execA}/logs`, { logs: [{ level: 'info', message: 'from the worker' }] }, undefined, bearer(write.key))).status).toBe(201)
    expect((await api.call('GET', `/executions/${execB}`, undefined, undefined, bearer(write.key))).status).toBe(404)
    expect((await api.call('GET', `/executions/${execA}`, undefined, undefined, bearer(read.key))).status).toBe(200)
    expect((await api.call('POST', `/executions/${execA}/pause`, {}, undefined, bearer(read.key))).status).toBe(403)

    await admin.apiKeys.revoke({ id: write.id })
    const refused = await api.call('POST', `/executions/${execA}/logs`, { logs: [{ level: 'info', message: 'after revocation' }] }, undefined, bearer(write.key))
    expect(refused.status).toBe(401)
    // The 401 says why: the client holds the key, so naming its state tells it nothing new.
    expect(refused.body.error.message).toMatch(/^this API key was revoked \(\d{4}-\d\d-\d\dT/)
    const unknown = await api.call('GET', '/executions', undefined, undefined, bearer('eck_not-a-key'))
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.message).toMatch(/^this API key is not known here/)
    const notOurs = await api.call('GET', '/executions', undefined, undefined, bearer('ghp_someone-elses-token'))
    expect([notOurs.status, notOurs.body.error.message]).toEqual([401, expect.stringMatching(/not an API key of this console \(they begin "eck_"\)/)])
    const basic = await api.call('GET', '/executions', undefined, undefined, { authorization: 'Basic dXNlcjpwYXNz' })
    expect([basic.status, basic.body.error.message]).toEqual([401, expect.stringMatching(/Authorization header must read "Bearer eck_\.\.\."/)])
    const none = await api.call('GET', '/executions', undefined, undefined, {})
    expect([none.status, none.body.error.message]).toEqual([401, expect.stringMatching(/^sign in, or send an API key/)])
    const logs = await api.call('GET', `/executions/${execA}/logs`, undefined, undefined, operatorA)
    expect(logs.body.items.map((l: { message: string }) => l.message)).toEqual(['from the worker'])
    expect((await admin.apiKeys.list()).find((k) => k.id === write.id)?.revokedAt).not.toBeNull()
  })

  it('limits each key to its rate with 429 and Retry-After', async () => {
    const limited = await startRestServer({ apiKeyRate: 5 })
    try {
      const at = new Date()
      await limited.db.organization.create({ data: { id: 'org-a', name: 'A', createdAt: at } })
      const { key } = limited.services.access.apiKeys.create({ name: 'busy', organizationId: 'org-a', scope: 'write' }, principal('admin', ['org-a']))
      const statuses: number[] = []
      let retryAfter: string | null = null
      for (let i = 0; i < 8; i++) {
        const res = await fetch(`${limited.base}/executions`, { headers: bearer(key) })
        statuses.push(res.status)
        if (res.status === 429) retryAfter = res.headers.get('retry-after')
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
      expect(statuses.at(-1)).toBe(429)
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
      // Another key has its own budget; a signed-in operator is not limited by the keys' budget.
      const other = limited.services.access.apiKeys.create({ name: 'quiet', organizationId: 'org-a', scope: 'read' }, principal('admin', ['org-a']))
      expect((await fetch(`${limited.base}/executions`, { headers: bearer(other.key) })).status).toBe(200)
    } finally {
      await limited.close()
    }
  })
})

describe('cross-site requests', () => {
  it('refuses a signed-in change from another origin, or with no origin, and changes nothing', async () => {
    const before = (await api.call('GET', `/executions/${execA}`, undefined, undefined, operatorA)).body.version
    const foreign = await api.call('POST', `/executions/${execA}/pause`, {}, undefined, { cookie: operatorA.cookie!, origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.message).toMatch(/cross-site/)
    const bare = await api.call('POST', `/executions/${execA}/pause`, {}, undefined, { cookie: operatorA.cookie! })
    expect(bare.status).toBe(403)
    expect((await api.call('GET', `/executions/${execA}`, undefined, undefined, operatorA)).body.version).toBe(before)
  })
})

describe('the audit trail', () => {
  it('records each view and change with who, when and from where, and cannot be edited', async () => {
    const { body: created } = await api.call('POST', '/executions', { service: 'content-service' }, undefined, operatorA)
    await api.call('POST', `/executions/${created.$id}/start`, {}, undefined, operatorA)
    await api.call('GET', `/executions/${created.$id}`, undefined, undefined, viewerA)
    await api.call('GET', `/executions/${created.$id}/logs`, undefined, undefined, viewerA)
    await api.call('GET', `/executions/${created.$id}/steps`, undefined, undefined, viewerA)

    const trail = await api.call('GET', `/audit?executionId=${created.$id}`, undefined, undefined, adminA)
    expect(trail.status).toBe(200)
    const entries = [...trail.body.items].reverse() as { action: string; actorName: string; ip: string; at: string }[]
    expect(entries.map((e) => e.action)).toEqual(['execution.created', 'execution.started', 'execution.view', 'execution.logs.view', 'execution.steps.view'])
    expect(entries[0]!.actorName).toMatch(/^operator-/)
    expect(entries[2]!.actorName).toMatch(/^viewer-/)
    expect(entries.map((e) => e.ip)).toEqual(Array(5).fill('127.0.0.1'))
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true)
    // Another organisation's admin does not read A's entries.
    const other = await api.call('GET', `/audit?executionId=${created.$id}`, undefined, undefined, adminB)
    expect(other.body.items).toEqual([])

    // Sign-ins are in it too: those of A's people, not B's.
    const signIns = await api.call('GET', '/audit?action=user.signedIn', undefined, undefined, adminA)
    const names = signIns.body.items.map((e: { actorName: string }) => e.actorName)
    expect(names.length).toBeGreaterThanOrEqual(3)
    const peopleOfA = (await api.db.membership.findMany({ where: { organizationId: 'org-a' }, include: { user: true } })).map((m) => m.user.email)
    expect(names.every((n: string) => peopleOfA.includes(n))).toBe(true)

    // No route edits it, and the database itself refuses.
    expect((await api.call('DELETE', '/audit', undefined, undefined, adminA)).status).toBe(405)
    // (A connection of the test's own: on either database.)
    const { openWriter } = await import('@/server/db/writer')
    const raw = openWriter(api.file)
    expect(() => raw.run('UPDATE "AuditEntry" SET "action" = ?', ['nothing happened'])).toThrow(/append-only/)
    expect(() => raw.run('DELETE FROM "AuditEntry"')).toThrow(/append-only/)
    expect(raw.get<{ n: number }>('SELECT count(*) AS n FROM "AuditEntry"', [])!.n).toBeGreaterThan(0)
    raw.close()
  })
})

describe('views in the audit trail', () => {
  it('records an execution page kept open with live updates for ten minutes as a handful of views; each change still on its own', async () => {
    const { testServices, operator } = await import('./helpers')
    const { readsOf } = await import('@/server/auth/reads')
    let now = Date.parse('2026-03-01T09:00:00Z')
    const t = await testServices(() => new Date(now))
    const created = await t.executions.create(operator, { service: 'sdr-service', steps: [{ id: 'draft' }] })
    const id = created.$id
    const viewer = readsOf(t.services, principal('viewer', ['org-provider'], 'vera'))
    const entries = () => t.writer.all<{ action: string; actorId: string }>('SELECT "action", "actorId" FROM "AuditEntry" WHERE "executionId" = ? ORDER BY "id"', [id])

    // The page opens: the execution, its logs, timeline, checkpoints, webhooks, and the live watch.
    await Promise.all([
      viewer.get(id),
      viewer.logs(id, { latest: true, limit: 500 }),
      viewer.events(id, { limit: 1000 }),
      viewer.checkpoints(id),
      viewer.webhooks(id),
      viewer.watch(id),
    ])
    // Ten minutes of live updates: what changed is read again every 300 ms.
    for (let ms = 0; ms < 10 * 60_000; ms += 300) {
      now += 300
      await Promise.all([viewer.get(id), viewer.events(id, { limit: 1000 }), viewer.checkpoints(id), viewer.webhooks(id)])
    }
    const views = entries().filter((e) => e.actorId === 'vera')
    expect(views.map((e) => e.action).sort()).toEqual(
      ['execution.checkpoints.view', 'execution.events.view', 'execution.logs.view', 'execution.view', 'execution.watch', 'execution.webhooks.view'].sort(),
    )

    // Changes are each recorded; another sitting after a pause is another view.
    await t.executions.start(id, { ...operator, source: { name: 'oscar', ip: null, userAgent: null } })
    await t.executions.pause(id, { ...operator, source: { name: 'oscar', ip: null, userAgent: null } })
    now += 6 * 60_000
    await viewer.get(id)
    expect(
      entries()
        .map((e) => e.action)
        .slice(-3),
    ).toEqual(['execution.started', 'execution.paused', 'execution.view'])
    // A page kept open for hours is recorded again every hour.
    for (let ms = 0; ms <= 60 * 60_000; ms += 60_000) {
      now += 60_000
      await viewer.get(id)
    }
    expect(entries().filter((e) => e.action === 'execution.view' && e.actorId === 'vera')).toHaveLength(3)
  }, 90_000) // 8,000 reads: 26 s alone on PostgreSQL (a round trip to the server each), near the default 30 s
})

describe('admin routes by any spelling of their path', () => {
  it('refuses a percent-encoded admin path to a key that may not use it, as the plain one', async () => {
    const admin = createCaller(contextFor(api.services, principal('admin', ['org-a'], 'adm')))
    const read = await admin.apiKeys.create({ name: 'peeker', organizationId: 'org-a', scope: 'read' })
    const write = await admin.apiKeys.create({ name: 'subscriber', organizationId: 'org-a', scope: 'write' })
    for (const path of ['/audit', '/%61udit', '/%61%75%64%69%74']) expect((await api.call('GET', path, undefined, undefined, bearer(read.key))).status, path).toBe(403)
    const hook = { url: 'https://example.invalid/hook', events: ['execution.created'] }
    const before = await api.db.webhook.count()
    for (const path of ['/services/sdr-service/webhooks', '/services/sdr-service/%77ebhooks', '/services/sdr%2Dservice/webhooks']) {
      expect((await api.call('POST', path, hook, undefined, bearer(write.key))).status, path).toBe(403)
    }
    expect(await api.db.webhook.count()).toBe(before)
  })
})

describe('views of one principal from another client', () => {
  it('records a read from another address or browser as a sitting of its own', async () => {
    const { testServices, operator } = await import('./helpers')
    const { readsOf } = await import('@/server/auth/reads')
    const t = await testServices()
    const { $id } = await t.executions.create(operator, { service: 'sdr-service' })
    const vera = principal('viewer', ['org-provider'], 'vera')
    await readsOf(t.services, vera).get($id)
    await readsOf(t.services, vera).get($id)
    await readsOf(t.services, { ...vera, userAgent: 'EvilBrowser/1.0' }).get($id)
    await readsOf(t.services, { ...vera, ip: '203.0.113.9' }).get($id)
    const views = t.writer.all<{ userAgent: string; ip: string }>(`SELECT "userAgent", "ip" FROM "AuditEntry" WHERE "executionId" = ? AND "action" = 'execution.view'`, [$id])
    expect(views).toEqual([
      { userAgent: 'vitest', ip: '127.0.0.1' },
      { userAgent: 'EvilBrowser/1.0', ip: '127.0.0.1' },
      { userAgent: 'vitest', ip: '203.0.113.9' },
    ])
  })
})
