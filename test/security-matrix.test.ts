// The security matrix: every tRPC procedure and every REST route, over HTTP as the console serves
// them, tried against organisation A's objects (executions, alert rules, alerts, saved views,
// failure groups, audit, users, keys, services, webhooks, retention) by those who must not change
// or see them: A's viewer, A's read key, A's admin from another site, a revoked key, and B's
// admin. Whatever they send, A's objects stay as they were and B reads none of them. The table
// must name every procedure and route: a new one fails here until its row is written.
import superjson from 'superjson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRouter, createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { operator, principal, signedIn, startRestServer } from './helpers'

type Server = Awaited<ReturnType<typeof startRestServer>>
let api: Server
/** A's objects, each named with MARK so that B seeing any of them shows in what it reads. */
const MARK = 'AONLY7'
const a = {} as {
  execution: string
  failed: string
  fingerprint: string
  rule: string
  executionAlert: string
  alert: string
  view: string
  user: string
  key: string
  writeKey: string
  readKey: string
  revokedKey: string
  worker: string
  task: string
  recovery: string
  channel: string
  notification: string
  resource: string
}
type Headers = Record<string, string>
const who = {} as Record<'adminA' | 'viewerA' | 'readKeyA' | 'crossSiteA' | 'revokedKeyA' | 'adminB', Headers>

const adminOf = (org: string) => createCaller(contextFor(api.services, principal('admin', [org], `admin-${org}`)))

beforeAll(async () => {
  api = await startRestServer()
  for (const id of ['org-a', 'org-b']) await api.db.organization.create({ data: { id, name: id, createdAt: new Date() } })
  const A = adminOf('org-a')
  const asA = { ...operator, organizations: ['org-a'] }
  a.execution = (
    await api.executions.create(asA, {
      order: 'order-of-a',
      service: 'sdr-service',
      status: 'running',
      steps: [{ id: 'review' }],
      context: { note: MARK },
      tags: [MARK.toLowerCase()],
    })
  ).$id
  await api.executions.log(a.execution, operator, [{ level: 'info', message: `${MARK} line`, timestamp: '2020-01-01T00:00:00Z' }])
  await api.executions.startStep(a.execution, operator, { id: 'review' })
  a.failed = (await api.executions.create(asA, { service: 'sdr-service', status: 'running' })).$id
  await api.executions.fail(a.failed, operator, { code: 'API_TIMEOUT', message: `${MARK} upstream timed out`, step: 'fetch' })
  a.fingerprint = (await A.analytics.failures({})).groups[0]!.fingerprint
  // The catalog of services is shared (a customer orders any provider's): the service is named
  // without the mark; its webhooks carry it.
  await A.services.create({ id: 'aonly-svc', name: 'A catalog service' })
  api.writer.run(
    `INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "serviceId", "definition", "createdAt") VALUES ('wf-a@1', 'wf-a', 1, 'A workflow', 'aonly-svc', '{"steps":[]}', ?)`,
    [0], // times bound as ms: timestamps on PostgreSQL
  )
  await A.services.addWebhook({ serviceId: 'aonly-svc', webhook: { url: `https://hooks.example.com/${MARK}`, events: ['execution.failed'] } })
  // A's task definition and workflow template (its own, not the catalog's).
  await A.definitions.registerTask({ id: 'aonly7-task', version: '1.0.0', name: `${MARK} task`, timeout: 1_000, organizationId: 'org-a' })
  await A.definitions.registerTemplate({ id: 'aonly7-flow', name: `${MARK} flow`, service: 'aonly-svc', steps: [{ id: 'run', type: 'task', task: 'aonly7-task' }] })
  // A's worker, and a task instance of A's it holds.
  a.worker = api.services.tasks.registerWorker({ name: `${MARK} worker`, version: '1', tasks: [{ task: 'aonly7-task' }], concurrency: 1 }, 'org-a', 'user:admin-org-a').id
  a.task = 'tsk_aonly'
  api.writer.run(
    `INSERT INTO "TaskInstance" ("id", "executionId", "stepId", "attempt", "organizationId", "taskDefinitionId", "taskKey", "taskVersion", "type", "status", "priority", "rank", "availableAt", "timeoutMs", "executorId", "leaseToken", "leaseExpiresAt", "createdAt", "updatedAt") VALUES (?, ?, 'review', 1, 'org-a', 'x', 'aonly7-task', '1.0.0', 'AUTOMATED', 'RUNNING', 'MEDIUM', 2, ?, 60000, ?, 'secret-token', ?, ?, ?)`,
    [a.task, a.execution, 0, a.worker, Date.now() + 3_600_000, 0, 0], // times bound as ms: timestamps on PostgreSQL
  )
  a.rule = (await A.alerts.createRule({ name: `${MARK} rule`, metric: 'failures', operator: 'gte', threshold: 1 })).id
  await api.services.alerts.evaluate()
  a.alert = (await A.alerts.list({}))[0]!.id
  a.executionAlert = (await A.executions.setAlert({ id: a.execution, alert: { name: `${MARK} alert`, metric: 'cost', operator: 'gt', threshold: 1000 } })).id
  a.recovery = (await A.recovery.add({ id: 'aonly7-recovery', name: `${MARK} recovery`, applicableErrors: ['API_TIMEOUT'], type: 'SKIP', organizationId: 'org-a' })).id
  a.resource = (await A.resources.create({ name: `${MARK} GPU slots`, type: 'aonly7-gpu', capacity: 2, unit: 'slots' })).id
  a.view = (await A.views.save({ name: `${MARK} view`, query: 'status=failed' })).id
  a.user = (await A.users.create({ email: `${MARK.toLowerCase()}@a.test`, name: `${MARK} user`, password: 'long enough pass', role: 'viewer', organizations: ['org-a'] })).id
  const readKey = await A.apiKeys.create({ name: `${MARK} read key`, organizationId: 'org-a', scope: 'read' })
  const writeKey = await A.apiKeys.create({ name: `${MARK} write key`, organizationId: 'org-a', scope: 'write' })
  const revoked = await A.apiKeys.create({ name: `${MARK} revoked key`, organizationId: 'org-a', scope: 'write' })
  await A.apiKeys.revoke({ id: revoked.id })
  Object.assign(a, { key: writeKey.id, readKey: readKey.key, writeKey: writeKey.key, revokedKey: revoked.key })

  const adminA = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-a'], email: 'admin@a.test' })
  who.adminA = adminA
  who.viewerA = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-a'], email: 'viewer@a.test' })
  who.readKeyA = { authorization: `Bearer ${a.readKey}` }
  who.crossSiteA = { ...adminA, origin: 'https://evil.example' }
  who.revokedKeyA = { authorization: `Bearer ${a.revokedKey}` }
  who.adminB = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-b'], email: 'admin@b.test' })
  // A's notification channel (its recipients name the mark), and a notification of A's admin.
  a.channel = (await A.notificationChannels.create({ kind: 'email', name: `${MARK} channel`, recipients: [`${MARK.toLowerCase()}@a.test`], events: ['execution.failed'] })).id
  a.notification = 'note_aonly'
  api.writer.run(
    `INSERT INTO "Notification" ("id", "userId", "organizationId", "kind", "title", "link", "subjectId", "createdAt") SELECT ?, "id", 'org-a', 'alert.fired', ?, '/alerts', 'x', ? FROM "User" WHERE "email" = 'admin@a.test'`,
    [a.notification, `${MARK} alert fired`, 0],
  )
}, 120_000)
afterAll(async () => api.close())

/** Everything of A's that must stay as it is, read by A's admin. */
async function stateOfA() {
  const A = adminOf('org-a')
  const pick = async <T>(p: Promise<T>) => p.catch((e: Error) => `refused: ${e.message}`)
  return {
    execution: await pick(A.executions.get({ id: a.execution }).then((e) => [e.status, e.version, e.progress, e.tags, e.context, e.steps?.map((s) => s.status)])),
    failed: await pick(A.executions.get({ id: a.failed }).then((e) => [e.status, e.version])),
    logs: await pick(A.executions.logs({ id: a.execution, limit: 10 }).then((l) => l.items.length)),
    group: await pick(A.analytics.failures({}).then((f) => f.groups.map((g) => [g.fingerprint, g.state]))),
    rules: await pick(A.alerts.rules().then((r) => r.map((x) => [x.id, x.name, x.enabled]))),
    alerts: await pick(A.alerts.list({}).then((r) => r.map((x) => [x.id, x.status]))),
    executionAlerts: await pick(A.executions.alerts({ id: a.execution }).then((r) => r.map((x) => [x.id, x.firedAt]))),
    recovery: await pick(A.recovery.list().then((r) => r.map((x) => [x.id, x.key, x.name, x.type, x.enabled, x.applicableErrors]))),
    views: await pick(A.views.list().then((v) => v.map((x) => [x.id, x.name, x.query]))),
    services: await pick(A.services.list().then((s) => s.filter((x) => x.id === 'aonly-svc'))),
    users: await pick(A.users.list().then((u) => u.filter((x) => x.id === a.user).map((x) => [x.role, x.organizations]))),
    keys: await pick(A.apiKeys.list().then((k) => k.map((x) => [x.id, x.revokedAt]))),
    executionsOfA: await pick(A.executions.count({})),
    taskDefinitions: await pick(A.definitions.tasks({}).then((t) => t.map((x) => [x.id, x.version, x.name, x.timeout]))),
    template: await pick(A.definitions.template({ id: 'aonly7-flow' }).then((t) => [t.id, t.version])),
    workers: await pick(A.workers.list().then((w) => w.map((x) => [x.$id, x.stoppedAt, x.tasks]))),
    taskInstances: await pick(A.workers.tasks({}).then((t) => t.map((x) => [x.$id, x.status, x.executorId]))),
    channels: await pick(A.notificationChannels.list().then((c) => c.map((x) => [x.id, x.name, x.enabled, x.events, x.recipients]))),
    adminsNotifications: api.writer.all('SELECT "id", "readAt" FROM "Notification" WHERE "id" = ?', [a.notification]),
    resources: await pick(A.resources.list().then((r) => r.map((x) => [x.id, x.name, x.capacity, x.unit]))),
  }
}

type Kind = 'query' | 'mutation' | 'subscription'
interface Row {
  /** Input aimed at A's objects (or, for creations, at organisation A). */
  input: () => unknown
  /** Admins only (else operators: a change; readers: a read). */
  admin?: boolean
  /** A user's own (notification centre, watches): a viewer may change theirs; an API key has none (refused). */
  self?: boolean
  /**
   * What B may do with this input on its own account, the answer still carrying nothing of A's:
   * count the ids it names, have each of A's refused in a bulk change, subscribe a webhook of its
   * own to a service A provides (it hears of its own executions only).
   */
  forB?: (answer: string) => void
}

/** Every procedure, with input aimed at A. */
const PROCEDURES: Record<string, Row> = {
  'executions.create': { input: () => ({ service: 'sdr-service', customer: 'org-a' }) },
  'executions.get': { input: () => ({ id: a.execution }) },
  'executions.list': { input: () => ({ search: MARK }) },
  'executions.count': { input: () => ({}) },
  'executions.bulkCount': { input: () => ({ ids: [a.execution, a.failed], operation: 'cancel' }), forB: (text) => expect(text).toContain('"json":2') },
  'executions.bulk': {
    input: () => ({ ids: [a.execution, a.failed], operation: 'cancel' }),
    forB: (text) => expect(JSON.parse(text).result.data.json).toMatchObject({ matched: 2, changed: 0, refusedCount: 2 }),
  },
  'executions.find': { input: () => ({ query: { tags: MARK.toLowerCase() } }) },
  'executions.update': { input: () => ({ id: a.execution, patch: { progress: 99, tags: ['taken'] } }) },
  'executions.start': { input: () => ({ id: a.failed }) },
  'executions.pause': { input: () => ({ id: a.execution }) },
  'executions.resume': { input: () => ({ id: a.execution }) },
  'executions.cancel': { input: () => ({ id: a.execution, reason: 'taken' }) },
  'executions.retry': { input: () => ({ id: a.failed }) },
  'executions.restoreCheckpoint': { input: () => ({ id: a.failed, checkpointId: 'ckpt_none' }) },
  'executions.complete': { input: () => ({ id: a.execution, result: { success: true } }) },
  'executions.fail': { input: () => ({ id: a.execution, error: { code: 'UNKNOWN_ERROR', message: 'taken' } }) },
  'executions.heartbeat': { input: () => ({ id: a.execution }) },
  'executions.updateProgress': { input: () => ({ id: a.execution, progress: 98 }) },
  'executions.log': { input: () => ({ id: a.execution, log: { level: 'info', message: 'taken' } }) },
  'executions.logBatch': { input: () => ({ id: a.execution, logs: [{ level: 'info', message: 'taken' }] }) },
  'executions.reportMetrics': { input: () => ({ id: a.execution, metrics: { tokensUsed: 5 } }) },
  'executions.checkpoint': { input: () => ({ id: a.execution, checkpoint: { variables: { taken: true } } }) },
  'executions.startStep': { input: () => ({ id: a.execution, step: { id: 'taken' } }) },
  'executions.completeStep': { input: () => ({ id: a.execution, stepId: 'review', output: { taken: true } }) },
  'executions.failStep': { input: () => ({ id: a.execution, stepId: 'review', error: { code: 'UNKNOWN_ERROR', message: 'taken' } }) },
  'executions.skipStep': { input: () => ({ id: a.execution, stepId: 'review', reason: 'taken' }) },
  'executions.replay': { input: () => ({ id: a.execution, input: { taken: true } }) },
  'executions.rerun': { input: () => ({ id: a.execution, fromStep: 'review' }) },
  'executions.steps': { input: () => ({ id: a.execution }) },
  'executions.summary': { input: () => ({ id: a.execution }) },
  'executions.logs': { input: () => ({ id: a.execution, limit: 10 }) },
  'executions.events': { input: () => ({ id: a.execution, limit: 10 }) },
  'executions.metrics': { input: () => ({ id: a.execution }) },
  'executions.checkpoints': { input: () => ({ id: a.execution }) },
  'executions.webhooks': { input: () => ({ id: a.execution }) },
  'executions.watch': { input: () => ({ id: a.execution }) },
  'executions.feed': { input: () => ({}) },
  'executions.progress': { input: () => ({ id: a.execution }) },
  'executions.resources': { input: () => ({ id: a.execution }) },
  'executions.allocateResources': { input: () => ({ id: a.execution, step: 'review', requirements: [{ type: 'aonly7-gpu', amount: 1 }] }) },
  'executions.releaseResources': { input: () => ({ id: a.execution, step: 'review' }) },
  'resources.list': { input: () => undefined },
  'resources.get': { input: () => ({ id: a.resource }) },
  'resources.usage': { input: () => ({ id: a.resource }) },
  'resources.create': { input: () => ({ name: 'taken', type: 'taken', capacity: 1, organizationId: 'org-a' }), admin: true },
  'resources.update': { input: () => ({ id: a.resource, patch: { capacity: 99 } }), admin: true },
  'resources.remove': { input: () => ({ id: a.resource }), admin: true },
  'executions.progressMany': { input: () => ({ ids: [a.execution] }), forB: (text) => expect(JSON.parse(text).result.data.json).toEqual({}) },
  'executions.monitor': { input: () => ({ id: a.execution }) },
  'executions.alerts': { input: () => ({ id: a.execution }) },
  'executions.setAlert': { input: () => ({ id: a.execution, alert: { name: 'taken', metric: 'status', statuses: ['failed'] } }) },
  'executions.removeAlert': { input: () => ({ id: a.execution, alertId: a.executionAlert }) },
  me: { input: () => undefined },
  myOrganizations: { input: () => undefined, forB: (text) => expect(JSON.parse(text).result.data.json.map((o: { id: string }) => o.id)).not.toContain('org-a') },
  'analytics.summary': { input: () => ({}) },
  // (B counts its own executions: A's service named, B's answer holds none of A's.)
  'analytics.breakdown': { input: () => ({ by: 'workflow', service: 'aonly-svc' }), forB: (text) => expect(JSON.parse(text).result.data.json.rows).toEqual([]) },
  'analytics.failures': { input: () => ({}) },
  'analytics.groupOf': { input: () => ({ executionId: a.failed }) },
  'analytics.forecastHistory': { input: () => ({ executionId: a.failed }) },
  inbox: { input: () => ({}) },
  'analytics.decide': { input: () => ({ fingerprint: a.fingerprint, state: 'ignored' }) },
  'services.list': { input: () => undefined },
  'services.create': { input: () => ({ id: 'taken-svc', name: 'taken', providerId: 'org-a' }), admin: true },
  'services.workflows': { input: () => undefined },
  'services.addWebhook': {
    input: () => ({ serviceId: 'aonly-svc', webhook: { url: 'https://hooks.example.com/taken', events: ['execution.failed'] } }),
    admin: true,
    forB: (text) => expect(text).not.toContain('org-a'),
  },
  'alerts.rules': { input: () => undefined },
  'alerts.createRule': { input: () => ({ name: 'taken', metric: 'failures', operator: 'gte', threshold: 1, organizationId: 'org-a' }), admin: true },
  'alerts.setRuleEnabled': { input: () => ({ id: a.rule, enabled: false }), admin: true },
  'alerts.deleteRule': { input: () => ({ id: a.rule }), admin: true },
  'alerts.list': { input: () => ({}) },
  'alerts.history': { input: () => ({ id: a.alert }) },
  'alerts.acknowledge': { input: () => ({ id: a.alert }) },
  'recovery.list': { input: () => undefined },
  'recovery.get': { input: () => ({ id: a.recovery }) },
  'recovery.add': { input: () => ({ id: 'taken', name: 'taken', applicableErrors: ['API_TIMEOUT'], type: 'ABORT', organizationId: 'org-a' }) },
  'recovery.update': { input: () => ({ id: a.recovery, patch: { enabled: false, name: 'taken' } }) },
  'recovery.remove': { input: () => ({ id: a.recovery }) },
  'views.list': { input: () => undefined },
  'views.save': { input: () => ({ name: 'taken view', query: 'status=running', organizationId: 'org-a' }) },
  'views.remove': { input: () => ({ id: a.view }) },
  'definitions.registerTask': { input: () => ({ id: 'aonly7-task', version: '1.0.0', name: 'taken', timeout: 5, organizationId: 'org-a' }) },
  'definitions.tasks': { input: () => ({}) },
  'definitions.task': { input: () => ({ id: 'aonly7-task' }) },
  'definitions.registerTemplate': { input: () => ({ id: 'aonly7-flow', name: 'taken', service: 'aonly-svc', steps: [{ id: 'taken', type: 'sys.wait', duration: 1 }] }) },
  'definitions.template': { input: () => ({ id: 'aonly7-flow' }) },
  'workers.list': { input: () => undefined },
  'workers.queues': { input: () => undefined },
  'workers.tasks': { input: () => ({}) },
  'workflows.list': { input: () => undefined },
  'workflows.start': { input: () => ({ workflow: 'sdr', customer: 'org-a' }) },
  'workflows.launchForm': { input: () => ({ workflow: 'aonly7-flow' }) },
  'users.list': { input: () => undefined, admin: true },
  'users.create': { input: () => ({ email: 'taken@a.test', name: 'taken', password: 'long enough pass', role: 'admin', organizations: ['org-a'] }), admin: true },
  'users.setRole': { input: () => ({ id: a.user, role: 'admin' }), admin: true },
  'users.setOrganizations': { input: () => ({ id: a.user, organizations: ['org-b'] }), admin: true },
  'users.remove': { input: () => ({ id: a.user }), admin: true },
  'retention.archiveLogs': { input: () => ({ olderThanDays: 1 }), admin: true },
  'apiKeys.list': { input: () => undefined, admin: true },
  'apiKeys.create': { input: () => ({ name: 'taken', organizationId: 'org-a', scope: 'write' }), admin: true },
  'apiKeys.revoke': { input: () => ({ id: a.key }), admin: true },
  'audit.list': { input: () => ({ limit: 500 }), admin: true },
  'audit.actions': { input: () => undefined, admin: true },
  'notifications.list': { input: () => ({}), self: true },
  'notifications.unreadCount': { input: () => undefined, self: true },
  'notifications.markRead': { input: () => ({ ids: [a.notification] }), self: true, forB: (text) => expect(JSON.parse(text).result.data.json).toEqual({ unread: 0 }) },
  'notifications.markAllRead': { input: () => undefined, self: true },
  'notifications.watching': { input: () => ({ executionId: a.execution }), self: true },
  'notifications.setWatching': { input: () => ({ executionId: a.execution, watch: true }), self: true },
  'notificationChannels.list': { input: () => undefined, admin: true },
  'notificationChannels.create': {
    input: () => ({ kind: 'slack', name: 'taken', url: 'https://hooks.example.com/taken', events: ['alert.fired'], organizationId: 'org-a' }),
    admin: true,
  },
  'notificationChannels.update': { input: () => ({ id: a.channel, patch: { enabled: false } }), admin: true },
  'notificationChannels.remove': { input: () => ({ id: a.channel }), admin: true },
  'notificationChannels.test': { input: () => ({ id: a.channel }), admin: true },
  'notificationChannels.deliveries': { input: () => ({ id: a.channel }), admin: true },
}

const kindOf = (path: string): Kind => (appRouter._def.procedures as unknown as Record<string, { _def: { type: Kind } }>)[path]!._def.type

/** A procedure called over HTTP as a browser or a client generated for tRPC would. */
async function callProcedure(path: string, input: unknown, headers: Headers): Promise<{ status: number; text: string }> {
  const kind = kindOf(path)
  const url = new URL(`${api.origin}/api/trpc/${path}`)
  const encoded = input === undefined ? undefined : JSON.stringify(superjson.serialize(input))
  if (kind === 'mutation') {
    const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: encoded ?? '{}' })
    return { status: res.status, text: await res.text() }
  }
  if (encoded) url.searchParams.set('input', encoded)
  if (kind === 'query') {
    const res = await fetch(url, { headers })
    return { status: res.status, text: await res.text() }
  }
  // A subscription is a Server-Sent Events stream: read what it sends in its first half second.
  const stop = new AbortController()
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: stop.signal })
  let text = ''
  const reader = res.body!.getReader()
  const timer = setTimeout(() => stop.abort(), 500)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      text += Buffer.from(value).toString('utf8')
    }
  } catch {
    // aborted: what came so far is what it sent
  } finally {
    clearTimeout(timer)
  }
  return { status: res.status, text }
}

/** Whether an answer let the call through (a subscription: it opened and sent no error). */
const succeeded = (kind: Kind, r: { status: number; text: string }) =>
  kind === 'subscription' ? r.status === 200 && !/event: serialized-error/.test(r.text) : r.status >= 200 && r.status < 300

describe('every procedure, as those who may not', () => {
  it('names every procedure of the router', () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(PROCEDURES).sort())
  })

  it("refuses every change to A's viewer, A's read key, A's admin from another site, and a revoked key — and A stays as it was", async () => {
    const before = await stateOfA()
    for (const [path, row] of Object.entries(PROCEDURES)) {
      const kind = kindOf(path)
      for (const name of ['viewerA', 'readKeyA', 'crossSiteA', 'revokedKeyA'] as const) {
        const r = await callProcedure(path, row.input(), who[name])
        const allowed =
          name === 'revokedKeyA'
            ? false
            : row.self
              ? name === 'viewerA' || (name === 'crossSiteA' && kind !== 'mutation')
              : kind !== 'mutation' && !(row.admin && name !== 'crossSiteA')
        expect(succeeded(kind, r), `${path} as ${name}: ${r.status} ${r.text.slice(0, 200)}`).toBe(allowed)
        if (!allowed && kind !== 'subscription') expect([401, 403], `${path} as ${name}`).toContain(r.status)
      }
    }
    expect(await stateOfA()).toEqual(before)
  })

  it("lets B's admin change nothing of A's and read nothing of A's, whatever it names", async () => {
    const before = await stateOfA()
    for (const [path, row] of Object.entries(PROCEDURES)) {
      const r = await callProcedure(path, row.input(), who.adminB)
      expect(r.text, `${path} as B: ${r.text.slice(0, 300)}`).not.toContain(MARK)
      // (An id B named itself may come back in the refusal: "execution … not found".)
      const named = JSON.stringify(row.input() ?? {})
      for (const id of [a.execution, a.failed, a.rule, a.alert, a.view, a.user, a.key, a.recovery, a.channel, a.notification, a.resource])
        if (!named.includes(id)) expect(r.text, `${path} as B`).not.toContain(id)
      // Aimed at one of A's objects, or at organisation A: refused (404 for what B may not know exists).
      const aimsAtA =
        JSON.stringify(row.input() ?? {}).match(/org-a|AONLY7|exec_|rule_|alert_|view_|rcv_|chan_|res_|aonly-svc/i) && !['executions.list', 'executions.find'].includes(path)
      if (row.forB) row.forB(r.text)
      else if (aimsAtA && kindOf(path) !== 'subscription') expect(succeeded(kindOf(path), r), `${path} as B: ${r.status} ${r.text.slice(0, 200)}`).toBe(false)
    }
    expect(await stateOfA()).toEqual(before)
  })
})

/** Every REST route of the OpenAPI document the API serves, with a body aimed at A. */
const REST: Record<string, { body?: () => unknown; query?: string; stream?: boolean }> = {
  'GET /api/executions': { query: `?search=${MARK}` },
  'POST /api/executions': { body: () => ({ service: 'sdr-service', customer: 'org-a' }) },
  'GET /api/executions/{id}': {},
  'PUT /api/executions/{id}': { body: () => ({ progress: 97 }) },
  'POST /api/executions/{id}/start': { body: () => ({}) },
  'POST /api/executions/{id}/pause': { body: () => ({}) },
  'POST /api/executions/{id}/resume': { body: () => ({}) },
  'POST /api/executions/{id}/cancel': { body: () => ({ reason: 'taken' }) },
  'POST /api/executions/{id}/retry': { body: () => ({}) },
  'POST /api/executions/{id}/checkpoints/{checkpointId}/restore': { body: () => ({}) },
  'POST /api/executions/{id}/complete': { body: () => ({ success: true }) },
  'POST /api/executions/{id}/fail': { body: () => ({ code: 'UNKNOWN_ERROR', message: 'taken' }) },
  'GET /api/executions/{id}/logs': {},
  'POST /api/executions/{id}/logs': { body: () => ({ logs: [{ level: 'info', message: 'taken' }] }) },
  'GET /api/executions/{id}/metrics': {},
  'GET /api/executions/{id}/report': {},
  'POST /api/executions/{id}/metrics': { body: () => ({ tokensUsed: 3 }) },
  'POST /api/executions/{id}/heartbeat': { body: () => ({}) },
  'POST /api/executions/{id}/progress': { body: () => ({ progress: 42 }) },
  'GET /api/executions/{id}/progress': {},
  'GET /api/executions/{id}/resources': {},
  'POST /api/executions/{id}/resources/allocate': { body: () => ({ step: 'review', requirements: [{ type: 'aonly7-gpu', amount: 1 }] }) },
  'POST /api/executions/{id}/resources/release': { body: () => ({ step: 'review' }) },
  // Resources are their organisation's: its readers list them, its admins change them.
  'GET /api/resources': {},
  'POST /api/resources': { body: () => ({ name: 'taken', type: 'taken', capacity: 1, organizationId: 'org-a' }) },
  'GET /api/resources/{id}': {},
  'PATCH /api/resources/{id}': { body: () => ({ capacity: 99 }) },
  'DELETE /api/resources/{id}': {},
  'GET /api/resources/{id}/usage': {},
  'GET /api/executions/{id}/alerts': {},
  'POST /api/executions/{id}/alerts': { body: () => ({ metric: 'status', statuses: ['failed'] }) },
  'DELETE /api/executions/{id}/alerts/{alertId}': {},
  'GET /api/executions/{id}/checkpoints': {},
  'POST /api/executions/{id}/checkpoints': { body: () => ({ variables: { taken: true } }) },
  'GET /api/executions/{id}/steps': {},
  'POST /api/executions/{id}/steps': { body: () => ({ id: 'taken' }) },
  'POST /api/executions/{id}/steps/{stepId}/complete': { body: () => ({ output: { taken: true } }) },
  'POST /api/executions/{id}/steps/{stepId}/fail': { body: () => ({ error: { code: 'UNKNOWN_ERROR', message: 'taken' } }) },
  'POST /api/executions/{id}/steps/{stepId}/skip': { body: () => ({ reason: 'taken' }) },
  'GET /api/executions/{id}/events': {},
  'GET /api/executions/{id}/summary': {},
  // Seed 001 Example 12's analytics: each caller counts the executions it sees (B: its own).
  'GET /api/analytics/summary': { query: '?service=aonly-svc' },
  'GET /api/analytics/breakdown': { query: '?by=service' },
  // The watch stream never ends: its answer is judged by the status and the first bytes.
  'GET /api/executions/{id}/watch': { stream: true },
  // The feed across executions: B's, replayed from the first event, holds none of A's (its first bytes here; test/feed.test.ts reads on).
  'GET /api/executions/watch': { stream: true, query: '?lastEventId=0' },
  // What executions refer to: the catalog (services, workflows) is everyone's; an order and an
  // organisation only to the organisations on either side of it.
  'GET /api/services/{id}': {},
  'GET /api/workflows/{id}': {},
  'GET /api/orders/{id}': {},
  'GET /api/organizations/{id}': {},
  // Seed 001's marketplace: the catalog is everyone's (an admin offers for its organisation only);
  // orders and customers are their organisations' (and the provider's), as executions are.
  'GET /api/services': {},
  'POST /api/services': { body: () => ({ id: 'aonly7-offer', name: 'taken', providerId: 'org-a' }) },
  'GET /api/orders': { query: '?customer=org-a' },
  'POST /api/orders': { body: () => ({ service: 'sdr-service', customer: 'org-a' }) },
  'GET /api/customers': {},
  'GET /api/customers/{id}': {},
  'POST /api/customers': { body: () => ({ id: 'aonly7-customer', name: 'taken', organizationId: 'org-a' }) },
  'GET /api/executions/{id}/relations': {},
  'GET /api/executions/{id}/webhooks': {},
  'POST /api/services/{id}/webhooks': { body: () => ({ url: 'https://hooks.example.com/taken', events: ['execution.failed'] }) },
  'GET /api/workflows': {},
  'POST /api/workflows/{workflow}/executions': { body: () => ({ customer: 'org-a' }) },
  'GET /api/workflows/{workflow}/launch-form': {},
  'POST /api/executions/{id}/replay': { body: () => ({ input: { taken: true } }) },
  'POST /api/executions/{id}/rerun': { body: () => ({ fromStep: 'review' }) },
  'GET /api/audit': { query: '?limit=500' },
  // Task definitions are their organisation's; a template in full too (its summary is the catalog's).
  'POST /api/task-definitions': { body: () => ({ id: 'aonly7-task', version: '1.0.0', name: 'taken', timeout: 5, organizationId: 'org-a' }) },
  'GET /api/task-definitions': {},
  'GET /api/task-definitions/{id}': {},
  'POST /api/workflow-templates': { body: () => ({ id: 'aonly7-flow', name: 'taken', service: 'aonly-svc', steps: [{ id: 'taken', type: 'sys.wait', duration: 1 }] }) },
  'GET /api/workflow-templates': {},
  'GET /api/workflow-templates/{id}': {},
  // Workers: A's worker and the task it holds (B may register its own worker: one of its own).
  'POST /api/workers': { body: () => ({ name: 'taken', version: '1', tasks: [{ task: 'aonly7-task' }], concurrency: 1, organizationId: 'org-a' }) },
  'GET /api/workers': {},
  'POST /api/workers/{id}/claim': { body: () => ({ max: 1, waitMs: 0 }) },
  'POST /api/workers/{id}/signals': { body: () => ({ waitMs: 0 }) },
  'POST /api/workers/{id}/stop': { body: () => ({}) },
  'GET /api/tasks': {},
  // Recovery strategies are their organisation's: B lists its own, names A's in vain.
  'GET /api/recovery-strategies': {},
  'POST /api/recovery-strategies': { body: () => ({ id: 'taken', name: 'taken', applicableErrors: ['API_TIMEOUT'], type: 'ABORT', organizationId: 'org-a' }) },
  'GET /api/recovery-strategies/{id}': {},
  'PATCH /api/recovery-strategies/{id}': { body: () => ({ enabled: false }) },
  'DELETE /api/recovery-strategies/{id}': {},
  'POST /api/tasks/{id}/start': { body: () => ({ leaseToken: 'guess' }) },
  'POST /api/tasks/{id}/heartbeat': { body: () => ({ leaseToken: 'guess' }) },
  'POST /api/tasks/{id}/complete': { body: () => ({ leaseToken: 'guess', output: { taken: true } }) },
  'POST /api/tasks/{id}/fail': { body: () => ({ leaseToken: 'guess', error: { code: 'UNKNOWN_ERROR', message: 'taken' } }) },
  // The notification centre is a signed-in user's own (an API key has none); channels are admins'.
  'GET /api/notifications': {},
  'POST /api/notifications/read': { body: () => ({ ids: [a.notification] }) },
  'GET /api/notification-channels': {},
  'POST /api/notification-channels': { body: () => ({ kind: 'email', name: 'taken', recipients: ['taken@a.test'], events: ['review.due'], organizationId: 'org-a' }) },
  'PUT /api/notification-channels/{id}': { body: () => ({ enabled: false }) },
  'DELETE /api/notification-channels/{id}': {},
  'POST /api/notification-channels/{id}/test': {},
  'GET /api/notification-channels/{id}/deliveries': {},
}
const ADMIN_ROUTES = new Set([
  'POST /api/services/{id}/webhooks',
  'GET /api/audit',
  'POST /api/services',
  'POST /api/customers',
  'GET /api/notification-channels',
  'GET /api/notification-channels/{id}/deliveries',
  'POST /api/resources',
  'PATCH /api/resources/{id}',
  'DELETE /api/resources/{id}',
])
/** A signed-in user's own: a viewer may (a change from another site may not); an API key is refused. */
const SELF_ROUTES = new Set(['GET /api/notifications', 'POST /api/notifications/read'])
/** Lists: B gets its own (an empty page), not a refusal. */
const LISTS = new Set([
  'GET /api/executions/watch',
  'GET /api/recovery-strategies',
  'GET /api/workers',
  'GET /api/tasks',
  'GET /api/task-definitions',
  'GET /api/workflow-templates',
  'GET /api/executions',
  'GET /api/workflows',
  'GET /api/audit',
  'GET /api/services/{id}',
  'GET /api/workflows/{id}',
  'GET /api/services',
  'GET /api/orders',
  'GET /api/customers',
  'GET /api/notifications',
  'GET /api/notification-channels',
  // (B marks its own: A's id changes nothing of A's.)
  'POST /api/notifications/read',
  'GET /api/resources',
  'GET /api/analytics/summary',
  'GET /api/analytics/breakdown',
])

/** The first bytes of a stream that does not end (then the request is aborted). */
async function firstChunk(res: Response, aborted: AbortController): Promise<string> {
  const reader = res.body!.getReader()
  const { value } = await reader.read()
  aborted.abort()
  return new TextDecoder().decode(value)
}

/** A route's path with A's objects in it. */
const pathOf = (route: string) => {
  const path = route.split(' ')[1]!
  const id = path.startsWith('/api/services')
    ? 'aonly-svc'
    : path.startsWith('/api/orders')
      ? 'order-of-a'
      : path.startsWith('/api/organizations') || path.startsWith('/api/customers')
        ? 'org-a'
        : path.startsWith('/api/workflows/')
          ? 'wf-a@1'
          : path.startsWith('/api/task-definitions/')
            ? 'aonly7-task'
            : path.startsWith('/api/workflow-templates/')
              ? 'aonly7-flow'
              : path.startsWith('/api/recovery-strategies/')
                ? a.recovery
                : path.startsWith('/api/resources/')
                  ? a.resource
                  : path.startsWith('/api/workers/')
                    ? a.worker
                    : path.startsWith('/api/tasks/')
                      ? a.task
                      : path.startsWith('/api/notification-channels/')
                        ? a.channel
                        : a.execution
  // (A's own template: its launch form is A's to read.)
  return path
    .replace('{id}', id)
    .replace('{workflow}', path.endsWith('/launch-form') ? 'aonly7-flow' : 'sdr')
    .replace('{stepId}', 'review')
    .replace('{checkpointId}', 'ckpt_none')
    .replace('{alertId}', a.executionAlert)
}

describe('every REST route, as those who may not', () => {
  it('names every route of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${api.base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> }
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(routes.sort()).toEqual(Object.keys(REST).sort())
  })

  it("refuses every change to A's viewer, read key, cross-site admin and a revoked key; B gets 404 or an empty page, and A stays as it was", async () => {
    const before = await stateOfA()
    for (const [route, row] of Object.entries(REST)) {
      const method = route.split(' ')[0]!
      const path = pathOf(route)
      for (const name of ['viewerA', 'readKeyA', 'crossSiteA', 'revokedKeyA', 'adminB'] as const) {
        const body = row.body?.()
        const aborted = new AbortController()
        const res = await fetch(`${api.origin}${path}${row.query ?? ''}`, {
          method,
          headers: { ...who[name], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: aborted.signal,
        })
        const text = row.stream && res.ok ? await firstChunk(res, aborted) : await res.text()
        const label = `${method} ${path} as ${name}: ${res.status} ${text.slice(0, 200)}`
        if (name === 'revokedKeyA') expect(res.status, label).toBe(401)
        else if (name === 'adminB') {
          expect(text, label).not.toContain(MARK)
          if (LISTS.has(route)) expect(text, label).not.toContain(a.execution)
          else if (route === 'POST /api/services/{id}/webhooks')
            expect(text, label).not.toContain('org-a') // its own webhook: see forB above
          else expect(res.status, label).toBeGreaterThanOrEqual(400)
        } else {
          const allowed = SELF_ROUTES.has(route)
            ? name === 'viewerA' || (name === 'crossSiteA' && method === 'GET')
            : method === 'GET' && !(ADMIN_ROUTES.has(route) && name !== 'crossSiteA')
          if (allowed) expect(res.status, label).toBe(200)
          else expect([401, 403], label).toContain(res.status)
        }
      }
    }
    expect(await stateOfA()).toEqual(before)
  })
})

/**
 * The operations endpoints, served by server.ts before the front door (http/ops.ts): not REST
 * routes of the OpenAPI document, and open by design — a load balancer and Prometheus carry no
 * session or key. What they say is the process's own (alive, checks, counters by route template),
 * never an organisation's objects. /metrics takes a bearer METRICS_TOKEN when one is configured.
 */
const OPERATIONS: Record<string, 'anyone' | 'METRICS_TOKEN when set'> = {
  'GET /api/health': 'anyone',
  'GET /api/ready': 'anyone',
  'GET /metrics': 'METRICS_TOKEN when set',
}

describe('the operations endpoints', () => {
  it('tell nothing of any organisation, and /metrics wants its token', async () => {
    const { createOpsHandler } = await import('@/server/http/ops')
    const { createReadiness, shippedMigrations } = await import('@/server/ops/readiness')
    const { createServer } = await import('node:http')
    const token = 'matrix-metrics-token-0123456789'
    const ops = createOpsHandler({ readiness: createReadiness({ reader: () => api.reader, migrations: shippedMigrations(api.reader.dialect) }), metricsToken: token })
    const server = createServer((req, res) => void (ops(req, res) || res.writeHead(404).end()))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    try {
      for (const [route, who] of Object.entries(OPERATIONS)) {
        const path = route.split(' ')[1]!
        const res = await fetch(`${base}${path}`)
        const text = await res.text()
        expect(text, route).not.toContain(MARK)
        expect(text, route).not.toContain(a.execution)
        expect(res.status, route).toBe(who === 'anyone' ? 200 : 401)
      }
      expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    } finally {
      server.close()
    }
  })
})
