// Notifications beyond webhooks: an execution failing and an alert firing queue deliveries in the
// same transaction; email reaches a real SMTP server (smtp-server on loopback) and Slack-compatible
// webhooks a local HTTP receiver, both linking to the console; failed sends are retried with
// backoff and visible; the notification centre through tRPC, each user seeing only their own and
// no organisation another's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { createNotificationDelivery } from '@/server/notifications/delivery'
import type { Principal } from '@/server/domain/access'
import { operator, principal, testServices } from './helpers'

type T = Awaited<ReturnType<typeof testServices>>
let t: T
const closers: (() => Promise<unknown>)[] = []
const BASE = 'https://console.example.test'

/** A user of `orgs` with `role`, as a row and as a request's principal. */
function user(id: string, role: 'viewer' | 'operator' | 'admin', orgs: string[]): Principal {
  const at = Date.now()
  t.writer.run(`INSERT INTO "User" ("id", "name", "email", "emailVerified", "role", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    id,
    id,
    `${id}@test.local`,
    0, // bound: a boolean column on PostgreSQL
    role,
    at,
    at,
  ])
  for (const o of orgs) t.writer.run(`INSERT INTO "Membership" ("userId", "organizationId", "role", "createdAt") VALUES (?, ?, NULL, ?)`, [id, o, at])
  return principal(role, orgs, id)
}
const as = (p: Principal) => createCaller(contextFor(t.services, p))

let adminA: Principal, operatorA: Principal, viewerA: Principal, adminB: Principal

/** An SMTP server on loopback that keeps what it receives. */
async function smtp() {
  const mails: { from: string; to: string[]; raw: string }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')))
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  closers.push(() => new Promise((r) => server.close(() => r(undefined))))
  return { url: `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`, mails }
}

/** An HTTP receiver answering what `reply` says (by attempt number). */
async function receiver(reply: (n: number) => number = () => 200) {
  const received: { body: string; headers: IncomingMessage['headers']; status: number }[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const status = reply(received.length + 1)
      received.push({ body, headers: req.headers, status })
      res.writeHead(status)
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(() => new Promise((r) => server.close(r)))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T000/B000/secret`, received }
}

beforeAll(async () => {
  t = await testServices()
  for (const id of ['org-a', 'org-b']) await t.db.organization.create({ data: { id, name: id, createdAt: new Date() } })
  adminA = user('admin-a', 'admin', ['org-a'])
  operatorA = user('operator-a', 'operator', ['org-a'])
  viewerA = user('viewer-a', 'viewer', ['org-a'])
  adminB = user('admin-b', 'admin', ['org-b'])
})
afterAll(async () => {
  while (closers.length) await closers.pop()!()
  await t.db.$disconnect()
})

const pending = (channelId: string) =>
  t.writer.all<{ id: string; status: string }>(`SELECT "id", "status" FROM "NotificationDelivery" WHERE "channelId" = ? AND "status" = 'pending'`, [channelId])

describe('notification channels', () => {
  it('emails an execution failure to an SMTP server, with a link to the execution, from the outbox written with the failure', async () => {
    const server = await smtp()
    const channel = await as(adminA).notificationChannels.create({ kind: 'email', name: 'On call', recipients: ['oncall@a.test', 'lead@a.test'], events: ['execution.failed'] })
    // The recipients are sealed at rest.
    const stored = t.writer.get<{ target: string }>(`SELECT "target" FROM "NotificationChannel" WHERE "id" = ?`, [channel.id])!
    expect(stored.target).toMatch(/^enc:v1:/)
    expect(stored.target).not.toContain('oncall')

    const x = await t.executions.create({ ...operator, organizations: ['org-a'] }, { service: 'sdr-service', status: 'running' })
    await t.executions.fail(x.$id, operator, { code: 'API_TIMEOUT', message: 'the CRM did not answer', step: 'fetch' })
    // Queued in the failure's own transaction: there as soon as the change is.
    expect(pending(channel.id)).toHaveLength(1)

    const deliverer = createNotificationDelivery({ store: t.writer, baseUrl: BASE, smtpUrl: server.url, from: 'Console <console@a.test>' })
    expect(await deliverer.tick()).toBe(1)
    await deliverer.stop()
    expect(server.mails).toHaveLength(1)
    const mail = server.mails[0]!
    expect(mail.to.sort()).toEqual(['lead@a.test', 'oncall@a.test'])
    expect(mail.raw).toMatch(/Subject: Execution exec_\S+ of sdr-service failed\s+\(API_TIMEOUT\)/)
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`${BASE}/executions/${x.$id}`)
    const [delivery] = await as(adminA).notificationChannels.deliveries({ id: channel.id })
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, event: 'execution.failed', link: `/executions/${x.$id}` })
    // Another organisation's failure does not reach A's channel.
    const y = await t.executions.create({ ...operator, organizations: ['org-b'] }, { service: 'sdr-service', status: 'running' })
    await t.executions.fail(y.$id, operator, { code: 'API_TIMEOUT', message: 'b' })
    expect(pending(channel.id)).toHaveLength(0)
    await as(adminA).notificationChannels.remove({ id: channel.id })
  })

  it('posts a fired alert to a Slack-compatible webhook as {text, blocks} linking to the alert', async () => {
    const hook = await receiver()
    const channel = await as(adminA).notificationChannels.create({ kind: 'slack', name: '#ops', url: hook.url, events: ['alert.fired', 'alert.resolved'] })
    expect(channel).toMatchObject({ kind: 'slack', urlHost: new URL(hook.url).host })
    expect(JSON.stringify(channel)).not.toContain('secret')
    await as(adminA).alerts.createRule({ name: 'Any failure', metric: 'failures', operator: 'gte', threshold: 1 })
    const { fired } = await t.services.alerts.evaluate()
    expect(fired).toHaveLength(1)
    const deliverer = createNotificationDelivery({ store: t.writer, baseUrl: BASE, allowPrivate: true })
    await deliverer.tick()
    await deliverer.stop()
    expect(hook.received).toHaveLength(1)
    const body = JSON.parse(hook.received[0]!.body)
    expect(hook.received[0]!.headers['content-type']).toBe('application/json')
    expect(body.text).toBe(`Alert fired: Any failure: ${BASE}/alerts#${fired[0]}`)
    expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } })
    expect(body.blocks[0].text.text).toContain(`<${BASE}/alerts#${fired[0]}|Alert fired: Any failure>`)
    expect(body.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: `${BASE}/alerts#${fired[0]}` }] })
    await as(adminA).notificationChannels.remove({ id: channel.id })
  })

  it('retries a failed send with backoff, each attempt visible, until it is delivered; gives up after the retries', async () => {
    let now = Date.now() + 1_000 // after the test send is queued (at the real time)
    const clock = { now: () => now, sleep: async () => {}, after: () => () => {} }
    const hook = await receiver((n) => (n < 3 ? 503 : 200))
    const channel = await as(adminA).notificationChannels.create({ kind: 'slack', name: 'flaky', url: hook.url, events: ['execution.failed'] })
    const test = await as(adminA).notificationChannels.test({ id: channel.id })
    expect(test).toMatchObject({ status: 'pending', event: 'test', attempts: 0 })
    const deliverer = createNotificationDelivery({ store: t.writer, baseUrl: BASE, allowPrivate: true, clock, initialDelayMs: 1_000, random: () => 0.5 })
    await deliverer.tick()
    let [d] = await as(adminA).notificationChannels.deliveries({ id: channel.id })
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the webhook answered 503' })
    const firstWait = Date.parse(d!.nextAttemptAt!) - now
    expect(firstWait).toBeGreaterThan(0)
    // Not due yet: nothing sent.
    expect(await deliverer.tick()).toBe(0)
    now += firstWait
    await deliverer.tick()
    ;[d] = await as(adminA).notificationChannels.deliveries({ id: channel.id })
    expect(d!.attempts).toBe(2)
    const secondWait = Date.parse(d!.nextAttemptAt!) - now
    expect(secondWait).toBeGreaterThan(firstWait) // exponential
    now += secondWait
    await deliverer.tick()
    ;[d] = await as(adminA).notificationChannels.deliveries({ id: channel.id })
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3 })
    expect(hook.received.map((r) => r.status)).toEqual([503, 503, 200])
    // An email channel without an SMTP server fails each attempt saying so, then is marked failed.
    const mail = await as(adminA).notificationChannels.create({ kind: 'email', name: 'no smtp', recipients: ['x@a.test'], events: ['review.due'] })
    await as(adminA).notificationChannels.test({ id: mail.id })
    const limited = createNotificationDelivery({ store: t.writer, baseUrl: BASE, clock, retries: 1, initialDelayMs: 10 })
    await limited.tick()
    now += 60_000
    await limited.tick()
    const [m] = await as(adminA).notificationChannels.deliveries({ id: mail.id })
    expect(m).toMatchObject({ status: 'failed', attempts: 2 })
    expect(m!.lastError).toContain('SMTP_URL')
    expect((await as(adminA).notificationChannels.list()).find((c) => c.id === mail.id)!.lastDelivery).toMatchObject({ status: 'failed' })
    await deliverer.stop()
    await limited.stop()
  })

  it('refuses bad input naming the field, private URLs unless allowed, and keeps channels within their organisation', async () => {
    const bad = (input: unknown) =>
      as(adminA)
        .notificationChannels.create(input as never)
        .then(
          () => 'accepted',
          (e: Error) => e.message,
        )
    expect(await bad({ kind: 'email', name: 'x', recipients: ['not-an-address'], events: ['execution.failed'] })).toContain('an email address')
    expect(await bad({ kind: 'slack', name: 'x', url: 'ftp://x', events: ['execution.failed'] })).toContain('http(s) URL')
    expect(await bad({ kind: 'slack', name: 'x', url: 'https://hooks.example.com/x', events: ['execution.exploded'] })).toContain('alert.fired')
    expect(await bad({ kind: 'pigeon', name: 'x', events: ['execution.failed'] })).toMatch(/kind/)
    expect(await bad({ kind: 'email', name: 'x', recipients: ['a@a.test'], events: ['review.due'], organizationId: 'org-b' })).toContain('organizationId')
    const { createNotificationService } = await import('@/server/notifications/service')
    const strict = createNotificationService({ writer: t.writer })
    expect(() => strict.channels.create({ kind: 'slack', name: 'x', url: 'http://127.0.0.1:9/x', events: ['alert.fired'] }, 'org-a')).toThrow(/url: a loopback or private address/)

    const channel = await as(adminA).notificationChannels.create({ kind: 'email', name: 'A only', recipients: ['a@a.test'], events: ['review.due'] })
    const B = as(adminB)
    expect((await B.notificationChannels.list()).map((c) => c.id)).not.toContain(channel.id)
    for (const call of [
      () => B.notificationChannels.deliveries({ id: channel.id }),
      () => B.notificationChannels.test({ id: channel.id }),
      () => B.notificationChannels.remove({ id: channel.id }),
      () => B.notificationChannels.update({ id: channel.id, patch: { enabled: false } }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    expect((await as(adminA).notificationChannels.list()).find((c) => c.id === channel.id)).toMatchObject({ enabled: true, name: 'A only' })
    await expect(as(adminA).notificationChannels.update({ id: channel.id, patch: { url: 'https://hooks.example.com/x' } })).rejects.toThrow(/url: an email channel/)
    await expect(as(operatorA).notificationChannels.list()).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('the notification centre', () => {
  it('tells the user who started an execution, and those who watch it, that it failed; not others', async () => {
    const x = await as(operatorA).executions.create({ service: 'sdr-service', status: 'running' })
    expect(await as(operatorA).notifications.watching({ executionId: x.$id })).toEqual({ watching: true })
    expect(await as(viewerA).notifications.watching({ executionId: x.$id })).toEqual({ watching: false })
    const before = (await as(adminA).notifications.list({})).items.length
    await as(viewerA).notifications.setWatching({ executionId: x.$id, watch: true })
    await t.executions.startStep(x.$id, operator, { id: 'qualify', name: 'Qualify Jane at Acme' })
    await t.executions.fail(x.$id, operator, { code: 'VALIDATION_ERROR', message: 'a secret detail', step: 'qualify' })
    for (const who of [operatorA, viewerA]) {
      const { items, unread } = await as(who).notifications.list({})
      const failed = items.find((n) => n.kind === 'execution.failed' && n.link === `/executions/${x.$id}`)
      // The step by its name, as the execution's page says it.
      expect(failed, who.id).toMatchObject({ read: false, title: expect.stringContaining('failed (VALIDATION_ERROR)'), body: 'Step Qualify Jane at Acme' })
      expect(JSON.stringify(items)).not.toContain('a secret detail') // the sealed message stays out of the centre
      expect(unread).toBeGreaterThanOrEqual(1)
    }
    expect((await as(adminA).notifications.list({})).items.length).toBe(before)
  })

  it("tells an execution's watchers that an alert set on it fired", async () => {
    const x = await as(operatorA).executions.create({ service: 'sdr-service', status: 'running' })
    const alert = await as(operatorA).executions.setAlert({ id: x.$id, alert: { name: 'Went wrong', metric: 'status', statuses: ['failed'] } })
    const stop = t.services.executionAlerts.listen(t.bus)
    await t.executions.fail(x.$id, operator, { code: 'API_TIMEOUT', message: 'late' })
    await t.services.executionAlerts.settled()
    stop()
    const fired = (await as(operatorA).notifications.list({})).items.find((n) => n.kind === 'alert.fired' && n.link === `/executions/${x.$id}`)
    expect(fired).toMatchObject({ title: `Alert fired on ${x.$id}: Went wrong`, read: false })
    expect(t.writer.get('SELECT 1 AS hit FROM "Notification" WHERE "subjectId" = ?', [alert.id])).toBeDefined()
    expect((await as(viewerA).notifications.list({})).items.filter((n) => n.link === `/executions/${x.$id}`)).toEqual([])
  })

  it('tells members of the organisation that an alert fired; marks one read and all read', async () => {
    const A = as(viewerA)
    const rule = await as(adminA).alerts.createRule({ name: 'Queue piles up', metric: 'queue_depth', operator: 'gte', threshold: 0 })
    const { fired } = await t.services.alerts.evaluate()
    const alertId = fired.find((id) => t.writer.get<{ ruleId: string }>('SELECT "ruleId" FROM "Alert" WHERE "id" = ?', [id])!.ruleId === rule.id)!
    const { items, unread } = await A.notifications.list({})
    const note = items.find((n) => n.kind === 'alert.fired' && n.link === `/alerts#${alertId}`)!
    expect(note.title).toBe('Alert fired: Queue piles up')
    expect((await as(adminB).notifications.list({})).items.filter((n) => n.link.includes(alertId))).toEqual([])
    // B naming A's notification changes nothing.
    await as(adminB).notifications.markRead({ ids: [note.id] })
    expect((await A.notifications.unreadCount()).unread).toBe(unread)
    expect(await A.notifications.markRead({ ids: [note.id] })).toEqual({ unread: unread - 1 })
    expect((await A.notifications.list({ unreadOnly: true })).items.map((n) => n.id)).not.toContain(note.id)
    expect(await A.notifications.markAllRead()).toEqual({ unread: 0 })
    expect((await A.notifications.unreadCount()).unread).toBe(0)
  })

  it('tells the assignee (a person, or the operators of a team) of a human step coming due, once', async () => {
    const soon = new Date(Date.now() + 20 * 60_000).toISOString()
    const x = await t.executions.create(
      { ...operator, organizations: ['org-a'] },
      {
        service: 'sdr-service',
        status: 'running',
        steps: [
          { id: 'approve', name: 'Approve the offer', type: 'human', assignee: { type: 'human', id: 'viewer-a' }, dueAt: soon },
          { id: 'team-review', name: 'Team review', type: 'human', assignee: { type: 'human', id: 'org-a', name: 'Team A' }, dueAt: soon },
          { id: 'later', name: 'Later', type: 'human', assignee: { type: 'human', id: 'viewer-a' }, dueAt: new Date(Date.now() + 86_400_000).toISOString() },
        ],
      },
    )
    for (const step of ['approve', 'team-review', 'later']) await t.executions.startStep(x.$id, operator, { id: step })
    const channel = await as(adminA).notificationChannels.create({ kind: 'email', name: 'reviews', recipients: ['r@a.test'], events: ['review.due'] })
    t.services.notifications.sweep()
    t.services.notifications.sweep() // once, however often it looks
    const reviews = async (p: Principal) => (await as(p).notifications.list({})).items.filter((n) => n.kind === 'review.due' && n.link.startsWith(`/executions/${x.$id}`))
    expect((await reviews(viewerA)).map((n) => n.title)).toEqual([expect.stringContaining('Approve the offer')])
    expect((await reviews(operatorA)).map((n) => n.title)).toEqual([expect.stringContaining('Team review')])
    expect((await reviews(adminA)).map((n) => n.title)).toEqual([expect.stringContaining('Team review')])
    expect(await reviews(adminB)).toEqual([])
    expect((await as(adminA).notificationChannels.deliveries({ id: channel.id })).map((d) => d.event)).toEqual(['review.due', 'review.due'])
    await as(adminA).notificationChannels.remove({ id: channel.id })
  })

  it('belongs to signed-in users: an API key is refused; another organisation cannot watch or probe an execution', async () => {
    const key: Principal = { kind: 'api-key', id: 'key-a', name: 'key', role: 'viewer', organizations: ['org-a'], scope: 'read', ip: null, userAgent: null }
    await expect(as(key).notifications.list({})).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('signed-in user') })
    const x = await as(operatorA).executions.create({ service: 'sdr-service', status: 'running' })
    await expect(as(adminB).notifications.setWatching({ executionId: x.$id, watch: true })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(as(adminB).notifications.watching({ executionId: x.$id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(t.writer.get(`SELECT 1 AS hit FROM "ExecutionWatch" WHERE "executionId" = ? AND "userId" = 'admin-b'`, [x.$id])).toBeUndefined()
  })
})

describe('over REST', () => {
  it("answers a signed-in user's notifications, refuses an API key (it has no user), and lets admins manage channels with 400s naming the field", async () => {
    const { startRestServer, signedIn } = await import('./helpers')
    const api = await startRestServer()
    closers.push(() => api.close())
    const viewer = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-provider'], email: 'viewer@p.test' })
    const viewerId = api.writer.get<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = 'viewer@p.test'`)!.id
    api.writer.run(
      `INSERT INTO "Notification" ("id", "userId", "kind", "title", "link", "subjectId", "createdAt") VALUES ('note_1', ?, 'alert.fired', 'Alert fired: x', '/alerts#a', 'a', ?)`,
      [viewerId, 1], // a time bound as ms: a timestamp on PostgreSQL
    )
    const mine = await api.call('GET', '/notifications', undefined, undefined, viewer)
    expect(mine).toMatchObject({ status: 200, body: { unread: 1, items: [{ id: 'note_1', kind: 'alert.fired', read: false, link: '/alerts#a' }] } })
    // The admin sees their own (none), not the viewer's.
    expect((await api.call('GET', '/notifications')).body).toEqual({ items: [], unread: 0 })
    expect(await api.call('POST', '/notifications/read', { ids: ['note_1'] }, undefined, viewer)).toMatchObject({ status: 200, body: { unread: 0 } })
    expect((await api.call('POST', '/notifications/read', {}, undefined, viewer)).body.error.message).toContain('either ids')

    const key = (
      await createCaller(
        contextFor(api.services, principal('admin', ['org-provider'], api.writer.get<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" LIKE 'admin-%'`)!.id)),
      ).apiKeys.create({ name: 'k', organizationId: 'org-provider', scope: 'read' })
    ).key
    const refused = await api.call('GET', '/notifications', undefined, undefined, { authorization: `Bearer ${key}` })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toContain('an API key has none')

    const bad = await api.call('POST', '/notification-channels', { kind: 'email', name: 'x', recipients: ['nope'], events: ['review.due'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/recipients\.0.*email address/)
    const kindless = await api.call('POST', '/notification-channels', { kind: 'pager', name: 'x', events: ['review.due'] })
    expect(kindless).toMatchObject({ status: 400, body: { error: { message: 'kind: one of email, slack', field: 'kind' } } })
    expect((await api.call('GET', '/notification-channels')).body).toEqual([])
    const created = await api.call('POST', '/notification-channels', { kind: 'slack', name: 'ops', url: 'https://hooks.example.com/services/x', events: ['alert.fired'] })
    expect(created).toMatchObject({ status: 201, body: { kind: 'slack', urlHost: 'hooks.example.com', events: ['alert.fired'] } })
    const id = created.body.id as string
    expect(await api.call('PUT', `/notification-channels/${id}`, { enabled: false })).toMatchObject({ status: 200, body: { enabled: false } })
    expect((await api.call('PUT', `/notification-channels/${id}`, {})).status).toBe(400)
    expect((await api.call('PUT', `/notification-channels/${id}`, { bogus: 1, organizationId: 'org-globex' })).status).toBe(400)
    expect(await api.call('POST', `/notification-channels/${id}/test`)).toMatchObject({ status: 202, body: { status: 'pending', event: 'test' } })
    expect((await api.call('GET', `/notification-channels/${id}/deliveries`)).body).toHaveLength(1)
    expect(await api.call('DELETE', `/notification-channels/${id}`)).toMatchObject({ status: 200, body: { deleted: true } })
    expect((await api.call('GET', `/notification-channels/${id}/deliveries`)).status).toBe(404)
  })
})

describe('the SDK', () => {
  it('manages channels with an admin session and reads the centre; with an API key the centre is refused (403)', async () => {
    const { startRestServer } = await import('./helpers')
    const { createClient, ForbiddenError } = await import('@execution-console/sdk')
    const api = await startRestServer()
    closers.push(() => api.close())
    const $ = createClient({ url: api.origin, headers: api.admin })
    const channel = await $.NotificationChannel.create({ kind: 'email', name: 'sdk', recipients: ['sdk@p.test'], events: ['review.due'] })
    expect(await $.NotificationChannel.list()).toEqual([expect.objectContaining({ id: channel.id, recipients: ['sdk@p.test'] })])
    expect(await $.NotificationChannel.update(channel.id, { name: 'renamed' })).toMatchObject({ name: 'renamed' })
    expect(await $.NotificationChannel.test(channel.id)).toMatchObject({ event: 'test', status: 'pending' })
    expect(await $.NotificationChannel.deliveries(channel.id)).toHaveLength(1)
    expect(await $.NotificationChannel.delete(channel.id)).toEqual({ id: channel.id, deleted: true })
    expect(await $.Notification.list({ unreadOnly: true })).toEqual({ items: [], unread: 0 })
    expect(await $.Notification.markRead()).toEqual({ unread: 0 })
    const adminId = api.writer.get<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" LIKE 'admin-%'`)!.id
    const { key } = await createCaller(contextFor(api.services, principal('admin', ['org-provider'], adminId))).apiKeys.create({
      name: 'sdk',
      organizationId: 'org-provider',
      scope: 'read',
    })
    const withKey = createClient({ url: api.origin, apiKey: key, retries: 0 })
    const refused = await withKey.Notification.list().catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ForbiddenError)
    expect((refused as Error).message).toContain('an API key has none')
  })
})
