// Seed 001's marketplace relations over REST and the SDK: services, service orders with their
// customer, customers, and an execution with its relations as objects (seed 000's
// ExecutionWithRelations) — under the executions' tenancy rule: another organisation's order or
// customer is "not found", viewers and read keys read only, refusals write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, NotFoundError, ValidationError } from '@execution-console/sdk'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { principal, signedIn, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
type Headers = Record<string, string>
const people: Record<string, Headers> = {}
const keys: Record<string, Headers> = {}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

beforeAll(async () => {
  api = await startRestServer()
  // org-a and org-b are customers; org-rival provides a service of its own.
  for (const id of ['org-a', 'org-b', 'org-rival']) await api.db.organization.create({ data: { id, name: `Org ${id.slice(4)}`, createdAt: new Date() } })
  const at = new Date()
  await api.db.service.create({ data: { id: 'rival-service', name: 'Rival', providerId: 'org-rival', createdAt: at, updatedAt: at } })
  for (const [name, role, org] of [
    ['providerAdmin', 'admin', 'org-provider'],
    ['providerViewer', 'viewer', 'org-provider'],
    ['aOperator', 'operator', 'org-a'],
    ['aViewer', 'viewer', 'org-a'],
    ['bAdmin', 'admin', 'org-b'],
    ['rivalAdmin', 'admin', 'org-rival'],
  ] as const)
    people[name] = await signedIn(api.access, api.origin, { role, organizations: [org] })
  const admin = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'key-maker')))
  keys.read = bearer((await admin.apiKeys.create({ name: 'reader', organizationId: 'org-provider', scope: 'read' })).key)
  keys.write = bearer((await admin.apiKeys.create({ name: 'writer', organizationId: 'org-provider', scope: 'write' })).key)
}, 60_000)
afterAll(async () => api.close())

const as = (who: string) => people[who] ?? keys[who]!
const count = async () => ({ orders: await api.db.order.count(), organizations: await api.db.organization.count(), services: await api.db.service.count() })

describe('service orders', () => {
  it('are placed by a customer for itself, or by the provider for its customer, and seen by those two only', async () => {
    const own = await api.call('POST', '/orders', { service: 'sdr-service' }, undefined, as('aOperator'))
    expect(own.status).toBe(201)
    expect(own.body).toMatchObject({ $type: 'ServiceOrder', service: 'sdr-service', customer: 'org-a', status: 'confirmed' })
    // Before B has ordered anything, the provider knows no customer B (nor may it learn that B exists).
    const unknown = await api.call('POST', '/orders', { service: 'content-service', customer: 'org-b' }, undefined, as('providerAdmin'))
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toMatchObject({ field: 'customer', message: "customer: customer 'org-b' not found" })
    const ofB = await api.call('POST', '/orders', { id: 'order-for-b', service: 'content-service', status: 'pending' }, undefined, as('bAdmin'))
    expect(ofB.status).toBe(201)
    expect(ofB.body).toMatchObject({ $id: 'order-for-b', customer: 'org-b', status: 'pending' })
    // Now B is the provider's customer: the provider may order for it.
    const forB = await api.call('POST', '/orders', { service: 'content-service', customer: 'org-b' }, undefined, as('providerAdmin'))
    expect(forB.status).toBe(201)
    expect(forB.body.customer).toBe('org-b')

    // The provider sees both; each customer its own; the rival neither.
    const ids = async (who: string, query = '') => ((await api.call('GET', `/orders${query}`, undefined, undefined, as(who))).body.items as { $id: string }[]).map((o) => o.$id)
    expect(await ids('providerViewer')).toEqual(expect.arrayContaining([own.body.$id, 'order-for-b']))
    expect(await ids('aViewer')).toEqual([own.body.$id])
    expect(await ids('bAdmin')).toEqual([forB.body.$id, 'order-for-b'])
    expect(await ids('rivalAdmin')).toEqual([])
    expect(await ids('providerViewer', '?customer=org-b&status=pending')).toEqual(['order-for-b'])
    expect((await api.call('GET', '/orders/order-for-b', undefined, undefined, as('bAdmin'))).status).toBe(200)
    for (const who of ['aViewer', 'rivalAdmin']) {
      const hidden = await api.call('GET', '/orders/order-for-b', undefined, undefined, as(who))
      expect(hidden.status).toBe(404)
      expect(hidden.body.error.message).toBe('order order-for-b not found')
    }
  })

  it('refuses what the tenancy rule or the input does not allow, naming the field, and writes nothing', async () => {
    const before = await count()
    const cases: [string, unknown, number, string | RegExp][] = [
      ['aViewer', { service: 'sdr-service' }, 403, /needs the operator role/],
      ['read', { service: 'sdr-service' }, 403, 'this API key (read scope) may not do this: it needs a write-scope API key'],
      // A customer orders for itself only; a provider for its customers, not for a rival's service.
      ['aOperator', { service: 'sdr-service', customer: 'org-b' }, 400, /customer: organisation 'org-b' is not one you act for/],
      ['providerAdmin', { service: 'rival-service', customer: 'org-b' }, 400, /customer: organisation 'org-b' is not one you act for/],
      // The provider cannot name an organisation it has nothing to do with (nor learn that it exists).
      ['providerAdmin', { service: 'sdr-service', customer: 'org-rival' }, 400, "customer: customer 'org-rival' not found"],
      ['providerAdmin', { service: 'sdr-service', customer: 'org-nowhere' }, 400, "customer: customer 'org-nowhere' not found"],
      ['aOperator', { service: 'no-such-service' }, 400, /service: service 'no-such-service' not found/],
      ['aOperator', { service: 'sdr-service', status: 'shipped' }, 400, /pending.*confirmed.*completed.*cancelled/],
      ['aOperator', { service: 'sdr-service', colour: 'red' }, 400, /colour/],
      ['aOperator', { service: 'sdr-service', id: 'Not An Id' }, 400, /lowercase letters/],
    ]
    for (const [who, body, status, message] of cases) {
      const res = await api.call('POST', '/orders', body, undefined, as(who))
      expect(res.status, JSON.stringify([who, body])).toBe(status)
      expect(res.body.error.message).toMatch(message)
    }
    expect((await api.call('POST', '/orders', { id: 'order-for-b', service: 'content-service', customer: 'org-b' }, undefined, as('providerAdmin'))).status).toBe(409)
    const badCursor = await api.call('GET', '/orders?cursor=nonsense', undefined, undefined, as('aViewer'))
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.error.field).toBe('cursor')
    expect((await api.call('GET', '/orders?limit=0', undefined, undefined, as('aViewer'))).body.error.field).toBe('limit')
    expect(await count()).toEqual(before)
  })

  it('pages newest first with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++) expect((await api.call('POST', '/orders', { service: 'integration-service' }, undefined, as('write'))).status).toBe(201)
    const first = await api.call('GET', '/orders?service=integration-service&limit=2', undefined, undefined, as('read'))
    expect(first.body.items).toHaveLength(2)
    const second = await api.call('GET', `/orders?service=integration-service&limit=2&cursor=${first.body.nextCursor}`, undefined, undefined, as('read'))
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    const all = [...first.body.items, ...second.body.items].map((o: { createdAt: string }) => o.createdAt)
    expect(all).toEqual([...all].sort().reverse())
  })
})

describe('customers', () => {
  it('are registered by a provider’s admins and seen by it, their own people, and no one else', async () => {
    const before = await count()
    expect((await api.call('POST', '/customers', { name: 'Acme' }, undefined, as('aOperator'))).status).toBe(403)
    expect((await api.call('POST', '/customers', { name: 'Acme' }, undefined, as('write'))).status).toBe(403)
    expect((await api.call('POST', '/customers', { name: 'Acme', organizationId: 'org-b' }, undefined, as('providerAdmin'))).body.error.field).toBe('organizationId')
    expect((await api.call('POST', '/customers', { name: '' }, undefined, as('providerAdmin'))).body.error.field).toBe('name')
    expect((await api.call('POST', '/customers', { id: 'org-rival', name: 'Mine now' }, undefined, as('providerAdmin'))).status).toBe(409)
    expect(await count()).toEqual(before)

    const acme = await api.call('POST', '/customers', { id: 'acme', name: 'Acme' }, undefined, as('providerAdmin'))
    expect(acme.status).toBe(201)
    expect(acme.body).toEqual({ $type: 'Organization', $id: 'acme', name: 'Acme' })
    expect((await api.call('GET', '/customers/acme', undefined, undefined, as('providerViewer'))).status).toBe(200)
    expect((await api.call('GET', '/organizations/acme', undefined, undefined, as('read'))).status).toBe(200)
    for (const who of ['rivalAdmin', 'aViewer']) expect((await api.call('GET', '/customers/acme', undefined, undefined, as(who))).status).toBe(404)

    // An order for it, by its provider; then its customers list shows it, the rival's does not.
    expect((await api.call('POST', '/orders', { service: 'sdr-service', customer: 'acme' }, undefined, as('providerAdmin'))).status).toBe(201)
    const list = async (who: string, query = '') => ((await api.call('GET', `/customers${query}`, undefined, undefined, as(who))).body.items as { $id: string }[]).map((c) => c.$id)
    expect(await list('providerViewer')).toEqual(expect.arrayContaining(['acme', 'org-a', 'org-b']))
    expect(await list('providerViewer')).not.toContain('org-rival')
    expect(await list('providerViewer', '?search=acm')).toEqual(['acme'])
    expect(await list('aViewer')).toEqual(['org-a'])
    expect(await list('rivalAdmin')).toEqual([])
    // The rival cannot take orders for the provider's customer.
    expect((await api.call('POST', '/orders', { service: 'rival-service', customer: 'acme' }, undefined, as('rivalAdmin'))).status).toBe(400)
  })
})

describe("an execution's relations", () => {
  it('answers ExecutionWithRelations to whoever sees the execution, and 404 to anyone else', async () => {
    const order = await api.call('POST', '/orders', { service: 'sdr-service' }, undefined, as('aOperator'))
    const created = await api.call('POST', '/executions', { service: 'sdr-service', order: order.body.$id }, undefined, as('aOperator'))
    expect(created.status).toBe(201)
    const id = created.body.$id as string
    const rel = await api.call('GET', `/executions/${id}/relations`, undefined, undefined, as('providerViewer'))
    expect(rel.status).toBe(200)
    expect(rel.body).toMatchObject({
      $type: 'ServiceExecution',
      $id: id,
      order: { $type: 'ServiceOrder', $id: order.body.$id, customer: 'org-a', service: 'sdr-service' },
      service: { $type: 'Service', $id: 'sdr-service', provider: 'org-provider' },
      customer: { $type: 'Organization', $id: 'org-a', name: 'Org a' },
      workflow: null,
    })
    expect((await api.call('GET', `/executions/${id}/relations`, undefined, undefined, as('rivalAdmin'))).status).toBe(404)
    expect((await api.call('GET', `/executions/${id}/relations`, undefined, undefined, as('bAdmin'))).status).toBe(404)
  })
})

describe('the SDK', () => {
  it("lists and creates services, orders and customers, and resolves an execution's relations as seed 001 writes them", async () => {
    const $ = createClient({ url: api.origin, headers: as('providerAdmin') })
    expect((await $.Service.list()).map((s) => s.$id)).toEqual(expect.arrayContaining(['sdr-service', 'rival-service']))
    const service = await $.Service.create({ id: 'sdk-service', name: 'SDK service' })
    expect(service).toMatchObject({ $type: 'Service', $id: 'sdk-service', provider: 'org-provider' })
    const customer = await $.Customer.create({ name: 'Globex' })
    expect((await $.Customer.get(customer.$id)).name).toBe('Globex')
    const placed = await $.ServiceOrder.create({ service: 'sdk-service', customer: customer.$id })
    expect(placed).toMatchObject({ service: 'sdk-service', customer: customer.$id, status: 'confirmed' })
    expect((await $.ServiceOrder.list({ customer: customer.$id })).items.map((o) => o.$id)).toEqual([placed.$id])
    const every: string[] = []
    for await (const o of $.ServiceOrder.iterate({ service: 'sdk-service', limit: 1 })) every.push(o.$id)
    expect(every).toEqual([placed.$id])

    // Seed 001: create with $.ServiceOrder.get / $.Service.get, then follow the relations.
    const execution = await $.ServiceExecution.create({ order: $.ServiceOrder.get(placed.$id), service: $.Service.get('sdk-service'), status: 'queued' })
    const order = await execution.order
    expect(order.customer).toBe(customer.$id)
    expect((await $.ServiceExecution[execution.$id]!.service).name).toBe('SDK service')
    expect((await $.ServiceExecution[execution.$id]!.customer).name).toBe('Globex')
    const full = await $.ServiceExecution.withRelations(execution.$id)
    expect(full).toMatchObject({ order: { $id: placed.$id }, service: { $id: 'sdk-service' }, customer: { $id: customer.$id, name: 'Globex' }, workflow: null })

    const rival = createClient({ url: api.origin, headers: as('rivalAdmin') })
    await expect(rival.ServiceOrder.get(placed.$id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(rival.Customer.get(customer.$id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(rival.ServiceExecution.withRelations(execution.$id)).rejects.toBeInstanceOf(NotFoundError)
    const refused = await rival.ServiceOrder.create({ service: 'sdk-service', customer: customer.$id }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).field).toBe('customer')
  })
})
