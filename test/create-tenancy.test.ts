// Creating an execution names other things — a workflow, an order, a customer — and each must be
// one the caller may name: another organisation's workflow is not run for it, an order another
// organisation took is not described to it, a provider works only for its customers. Found by a
// red-team pass: each refusal here was an acceptance (or a description of another's order) before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { CUSTOMERS, PROVIDER } from '@/server/built-in/catalog'
import { ensureCatalog } from '@/server/built-in/install'
import { principal, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
const key: Record<'a' | 'b' | 'c', Record<string, string>> = { a: {}, b: {}, c: {} }
const adminOf = (...orgs: string[]) => createCaller(contextFor(api.services, principal('admin', orgs, `admin-${orgs.join('-')}`)))
const post = (as: Record<string, string>, body: unknown) => api.call('POST', '/executions', body, undefined, as)
/** The row a create that was taken (201) wrote. */
async function createdRow(res: Awaited<ReturnType<typeof post>>) {
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return (await api.db.execution.findUnique({ where: { id: res.body.$id } }))!
}

beforeAll(async () => {
  api = await startRestServer()
  // A provides a-svc; B and C are other organisations (B a customer of A's once it orders).
  for (const id of ['org-a', 'org-b', 'org-c']) await api.db.organization.create({ data: { id, name: id, createdAt: new Date() } })
  const at = new Date()
  await api.db.service.create({ data: { id: 'a-svc', name: 'A service', providerId: 'org-a', createdAt: at, updatedAt: at } })
  await api.db.service.create({ data: { id: 'c-svc', name: 'C service', providerId: 'org-c', createdAt: at, updatedAt: at } })
  for (const org of ['a', 'b', 'c'] as const)
    key[org] = { authorization: `Bearer ${(await adminOf(`org-${org}`).apiKeys.create({ name: `${org} writer`, organizationId: `org-${org}`, scope: 'write' })).key}` }
  await adminOf('org-a').definitions.registerTask({ id: 'a-task', version: '1.0.0', name: 'A task', timeout: 1_000, organizationId: 'org-a' })
  await adminOf('org-a').definitions.registerTemplate({ id: 'a-flow', name: 'A flow', service: 'a-svc', steps: [{ id: 'run', type: 'task', task: 'a-task' }] })
}, 60_000)
afterAll(async () => api.close())

const count = async () => ({ executions: await api.db.execution.count(), orders: await api.db.order.count() })

describe('creating an execution', () => {
  it("does not run another organisation's workflow for the caller, nor say it exists", async () => {
    const before = await count()
    // B, a customer of a-svc, names A's own workflow: refused as one that does not exist.
    const other = await post(key.b, { service: 'a-svc', workflowTemplateVersionId: 'a-flow@1', context: { input: { target: 'b-controlled' } } })
    const missing = await post(key.b, { service: 'a-svc', workflowTemplateVersionId: 'no-such-flow@1' })
    expect(other.status).toBe(400)
    expect(other.body.error.message).toBe("workflowTemplateVersionId: workflow definition 'a-flow@1' not found")
    expect(missing.body.error.message).toBe("workflowTemplateVersionId: workflow definition 'no-such-flow@1' not found")
    // A names it for another service: refused, naming the service it is for.
    const wrongService = await post(key.a, { service: 'sdr-service', workflowTemplateVersionId: 'a-flow@1' })
    expect(wrongService.status).toBe(400)
    expect(wrongService.body.error.message).toContain("is for service 'a-svc'")
    expect(await count()).toEqual(before)
    // A names its own, for its service: taken.
    expect((await createdRow(await post(key.a, { service: 'a-svc', workflowTemplateVersionId: 'a-flow@1' }))).workflowDefinitionId).toBe('a-flow@1')
  })

  it("says nothing of an order another organisation took, and adds to a customer's order for that customer only", async () => {
    // B, a customer of a-svc, places order a-po-1001 for it (an id of its choosing).
    expect((await post(key.b, { service: 'a-svc', order: 'a-po-1001' })).status).toBe(201)
    const before = await count()
    // C, neither its customer nor its service's provider, learns nothing of it: not its service, not its customer.
    const stranger = await post(key.c, { service: 'c-svc', order: 'a-po-1001' })
    expect(stranger.status).toBe(400)
    expect(stranger.body.error.message).toBe("order: order 'a-po-1001' is taken by another organisation; choose another id")
    // A, the provider, naming another customer than the order's: refused, not silently B's.
    const other = await post(key.a, { service: 'a-svc', order: 'a-po-1001', customer: 'org-a' })
    expect(other.status).toBe(400)
    expect(other.body.error.message).toBe("customer: order 'a-po-1001' is customer 'org-b''s, not 'org-a'")
    expect(await count()).toEqual(before)
    // A executes B's order (seed 001): the execution is B's, as the order is.
    expect((await createdRow(await post(key.a, { service: 'a-svc', order: 'a-po-1001' }))).customerId).toBe('org-b')
  })

  it('lets a provider work for its customers only: any other organisation is as unknown as one that does not exist', async () => {
    const before = await count()
    const notCustomer = await post(key.a, { service: 'a-svc', customer: 'org-c' })
    const nowhere = await post(key.a, { service: 'a-svc', customer: 'org-nowhere' })
    expect(notCustomer.status).toBe(400)
    expect(notCustomer.body.error.message).toBe("customer: organisation 'org-c' not found")
    expect(nowhere.body.error.message).toBe("customer: organisation 'org-nowhere' not found")
    expect(await count()).toEqual(before)
    // Once C orders a-svc, C is A's customer.
    expect((await post(key.c, { service: 'a-svc' })).status).toBe(201)
    expect((await createdRow(await post(key.a, { service: 'a-svc', customer: 'org-c' }))).customerId).toBe('org-c')
  })

  it("files a run of a member of several organisations under the service's provider, or asks which: never silently the first", async () => {
    // A user of B and A (B first, as a name sorts) runs A's service: the run is A's own, not B's,
    // whose members and keys would otherwise see and steer it.
    const ofBoth = adminOf('org-b', 'org-a')
    expect((await api.db.execution.findUnique({ where: { id: (await ofBoth.executions.create({ service: 'a-svc' })).$id } }))!.customerId).toBe('org-a')
    // Of several organisations none of which provides it: the request must name the customer.
    const before = await count()
    const bAndC = adminOf('org-b', 'org-c')
    await expect(bAndC.executions.create({ service: 'a-svc' })).rejects.toThrow(
      'customer: required, since you belong to several organisations (org-b, org-c) and none of them provides this service; name the one this execution is for',
    )
    expect(await count()).toEqual(before)
    expect((await api.db.execution.findUnique({ where: { id: (await bAndC.executions.create({ service: 'a-svc', customer: 'org-c' })).$id } }))!.customerId).toBe('org-c')
    // One organisation: that one, as before.
    expect((await createdRow(await post(key.b, { service: 'a-svc' }))).customerId).toBe('org-b')
  })

  it('files a rule or a saved view of a member of several organisations under the one that provides services, or asks which: never silently the first', async () => {
    const rule = { name: 'Failures', metric: 'failures' as const, operator: 'gt' as const, threshold: 5 }
    const view = { name: 'Running', query: 'status=running' }
    // B (a customer) and A (a provider), B first: A's, not B's, whose members would see and change it.
    const ofBoth = adminOf('org-b', 'org-a')
    expect((await api.db.alertRule.findUnique({ where: { id: (await ofBoth.alerts.createRule(rule)).id } }))!.organizationId).toBe('org-a')
    expect((await ofBoth.views.save(view)).organizationId).toBe('org-a')
    // Two providers (A and C): which one is for the request to say.
    const before = { rules: await api.db.alertRule.count(), views: await api.db.savedView.count() }
    const refusal = 'organizationId: required, since you act for several organisations (org-a, org-c) and not one of them alone provides services; name the one it is for'
    const providers = adminOf('org-a', 'org-c')
    await expect(providers.alerts.createRule(rule)).rejects.toThrow(refusal)
    await expect(providers.views.save(view)).rejects.toThrow(refusal)
    expect({ rules: await api.db.alertRule.count(), views: await api.db.savedView.count() }).toEqual(before)
    // Named, they are that organisation's; of one organisation, that one's as before.
    expect((await api.db.alertRule.findUnique({ where: { id: (await providers.alerts.createRule({ ...rule, organizationId: 'org-c' })).id } }))!.organizationId).toBe('org-c')
    expect((await providers.views.save({ ...view, organizationId: 'org-c' })).organizationId).toBe('org-c')
    expect((await adminOf('org-b').views.save(view)).organizationId).toBe('org-b')
    // An order of a service one of them provides is that provider's own, as an execution is.
    expect((await api.services.marketplace.createOrder({ service: 'a-svc' }, ['org-b', 'org-a'])).customer).toBe('org-a')
    await expect(api.services.marketplace.createOrder({ service: 'a-svc' }, ['org-b', 'org-c'])).rejects.toThrow(
      'customer: required, since you belong to several organisations (org-b, org-c) and none of them provides this service; name the one this order is for',
    )
  })

  it("takes the catalog's customers from its provider before any has ordered (the demo's support desk opens their tickets)", async () => {
    ensureCatalog(api.writer, Date.now()) // (as the console installs it at start)
    const provider = { authorization: `Bearer ${(await adminOf(PROVIDER.id).apiKeys.create({ name: 'desk', organizationId: PROVIDER.id, scope: 'write' })).key}` }
    const customer = CUSTOMERS.at(-1)!.id
    expect(await api.db.order.count({ where: { customerId: customer } })).toBe(0)
    expect((await createdRow(await post(provider, { service: 'support-triage-service', customer }))).customerId).toBe(customer)
  })
})

describe("a user's organisations", () => {
  it('are joined with the least role the admin sees, never one the user was created with and has since lost', async () => {
    const both = adminOf('org-a', 'org-b')
    const { id } = await adminOf('org-a').users.create({ email: 'once-admin@a.test', name: 'Once admin', password: 'long enough pass', role: 'admin', organizations: ['org-a'] })
    await adminOf('org-a').users.setRole({ id, role: 'viewer' })
    await both.users.setOrganizations({ id, organizations: ['org-a', 'org-b'] })
    const listed = (await both.users.list()).find((u) => u.id === id)!
    expect(listed.roles).toEqual({ 'org-a': 'viewer', 'org-b': 'viewer' })
    // What the access check resolves for them, not only what the list says.
    const roles = await api.db.membership.findMany({ where: { userId: id }, orderBy: { organizationId: 'asc' } })
    expect(roles.map((m) => [m.organizationId, m.role])).toEqual([
      ['org-a', 'viewer'],
      ['org-b', 'viewer'],
    ])
  })
})
