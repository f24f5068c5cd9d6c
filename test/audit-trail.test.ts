// The audit trail as the audit page reads it (tRPC audit.list and audit.actions): newest first by
// time (an entry written late with an earlier clock takes its place in time), paged without
// losing entries that share a millisecond, each filter and the time range applied, and the names
// of who acted and of the organisations — only those of the organisations the admin administers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { actorOf } from '@/server/auth/access'
import type { Principal } from '@/server/domain/access'
import { principal, testServices } from './helpers'

const T0 = Date.parse('2026-03-02T10:00:00.000Z')
const MIN = 60_000
let clock = T0
let t: Awaited<ReturnType<typeof testServices>>
const ids = {} as { ada: string; bot: string; olga: string; execution: string }
const admin = () => createCaller(contextFor(t.services, principal('admin', ['org-provider'], 'admin-provider')))

beforeAll(async () => {
  t = await testServices(() => new Date(clock))
  await t.db.organization.create({ data: { id: 'org-other', name: 'Other Co', createdAt: new Date() } })
  const create = (email: string, name: string, org: string) => t.access.users.create({ email, name, password: 'long enough pass', role: 'operator', organizations: [org] }, null)
  ids.ada = (await create('ada@provider.test', 'Ada Lovelace', 'org-provider')).id
  ids.olga = (await create('olga@other.test', 'Olga Other', 'org-other')).id
  ids.bot = t.access.apiKeys.create({ name: 'deploy bot', organizationId: 'org-provider', scope: 'write' }, principal('admin', ['org-provider'])).id
  const who = (id: string, name: string, kind: Principal['kind'] = 'user', organizations = ['org-provider']): Principal => ({
    kind,
    id,
    name,
    role: 'operator',
    organizations,
    ip: '10.0.0.7',
    userAgent: 'test',
  })
  const ada = who(ids.ada, 'ada@provider.test')
  const bot = who(ids.bot, 'deploy bot', 'api-key')
  const at = (ms: number, record: () => unknown) => {
    clock = ms
    return record()
  }
  // The write path records its change with the request's actor.
  ids.execution = ((await at(T0, () => t.executions.create(actorOf(ada), { service: 'sdr-service' }))) as { $id: string }).$id
  at(T0 + MIN, () => t.access.audit.record(bot, 'execution.cancelled', ids.execution, { status: 'cancelled' }))
  // Two in the same millisecond.
  at(T0 + 2 * MIN, () => t.access.audit.record(ada, 'apiKey.created', null, { keyId: ids.bot }, ['org-provider']))
  at(T0 + 2 * MIN, () => t.access.audit.record(bot, 'apiKey.revoked', null, { keyId: ids.bot }, ['org-provider', 'org-other']))
  // Another organisation's: not for this admin.
  at(T0 + 3 * MIN, () => t.access.audit.record(who(ids.olga, 'olga@other.test', 'user', ['org-other']), 'user.signedIn', null, undefined, ['org-other']))
  // Written last, with a clock half a minute behind: it belongs before the cancel.
  at(T0 + MIN / 2, () => t.access.audit.record(ada, 'execution.view', ids.execution))
}, 60_000)
afterAll(() => {
  t.reader.close()
  t.writer.close()
})

const actions = (page: { items: { action: string }[] }) => page.items.map((e) => e.action)

describe('audit.list', () => {
  it('lists newest first by time, and pages one at a time through the same order, ties included', async () => {
    const all = await admin().audit.list({})
    expect(actions(all)).toEqual(['apiKey.revoked', 'apiKey.created', 'execution.cancelled', 'execution.view', 'execution.created'])
    expect(all.nextCursor).toBeNull()
    const walked: string[] = []
    let before: number | undefined
    do {
      const page = await admin().audit.list({ limit: 1, before })
      walked.push(...actions(page))
      before = page.nextCursor ?? undefined
    } while (before !== undefined)
    expect(walked).toEqual(actions(all))
  })

  it('filters by action, actor, execution and a time range with both ends included', async () => {
    expect(actions(await admin().audit.list({ action: 'execution.cancelled' }))).toEqual(['execution.cancelled'])
    expect(actions(await admin().audit.list({ actorId: ids.ada }))).toEqual(['apiKey.created', 'execution.view', 'execution.created'])
    expect(actions(await admin().audit.list({ executionId: ids.execution }))).toEqual(['execution.cancelled', 'execution.view', 'execution.created'])
    const iso = (ms: number) => new Date(ms).toISOString()
    expect(actions(await admin().audit.list({ from: iso(T0 + MIN), to: iso(T0 + 2 * MIN) }))).toEqual(['apiKey.revoked', 'apiKey.created', 'execution.cancelled'])
    expect(actions(await admin().audit.list({ actorId: ids.bot, to: iso(T0 + MIN) }))).toEqual(['execution.cancelled'])
    expect((await admin().audit.list({ from: iso(T0 + 10 * MIN) })).items).toEqual([])
    // Another organisation's entries stay out, whatever the filter names.
    expect((await admin().audit.list({ actorId: ids.olga })).items).toEqual([])
  })

  it('names who acted and the organisations, for the admin’s own organisations only', async () => {
    const page = await admin().audit.list({})
    expect(page.actors).toEqual({
      [ids.ada]: { kind: 'user', name: 'Ada Lovelace', email: 'ada@provider.test' },
      [ids.bot]: { kind: 'apiKey', name: 'deploy bot', organizationId: 'org-provider', revoked: false },
    })
    expect(page.organizations).toEqual({ 'org-provider': 'Provider' })
    const revoked = page.items.find((e) => e.action === 'apiKey.revoked')!
    expect(revoked).toMatchObject({ actorId: ids.bot, actorName: 'deploy bot', actorType: 'api', ip: '10.0.0.7', organizations: ['org-provider'], detail: { keyId: ids.bot } })
    expect(JSON.stringify(page)).not.toContain('org-other')
    expect(page.items.find((e) => e.action === 'execution.created')).toMatchObject({ executionId: ids.execution, organizations: [] })
  })

  it('names what each entry’s execution runs, its service when no workflow runs it, in one answer', async () => {
    const page = await admin().audit.list({})
    const service = (await t.db.service.findUniqueOrThrow({ where: { id: 'sdr-service' } })).name
    expect(page.executions).toEqual({ [ids.execution]: { workflow: null, service } })
    // Another organisation's admin is told nothing of it.
    const other = createCaller(contextFor(t.services, principal('admin', ['org-other'], 'admin-other')))
    expect((await other.audit.list({})).executions).toEqual({})
  })

  it('refuses a cursor that is no entry, and anyone but an admin', async () => {
    await expect(admin().audit.list({ before: 999_999 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no audit entry 999999/) })
    await expect(admin().audit.list({ from: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const operator = createCaller(contextFor(t.services, principal('operator', ['org-provider'])))
    await expect(operator.audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(operator.audit.actions()).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('audit.actions', () => {
  it('gives each action recorded once, in order', async () => {
    expect(await admin().audit.actions()).toEqual(['apiKey.created', 'apiKey.revoked', 'execution.cancelled', 'execution.created', 'execution.view', 'user.signedIn'])
  })
})
