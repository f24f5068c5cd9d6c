// Task definitions and workflow templates registered as data over the REST API, as a team's
// worker does at start-up: versions that never change, refusals that name the step, and each
// organisation's definitions its own.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { principal, signedIn, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let otherTeam: Record<string, string>
let readKey: Record<string, string>
beforeAll(async () => {
  api = await startRestServer()
  await api.db.organization.create({ data: { id: 'org-other', name: 'Other team', createdAt: new Date() } })
  await api.db.service.create({ data: { id: 'other-service', name: 'Other service', providerId: 'org-other', createdAt: new Date(), updatedAt: new Date() } })
  otherTeam = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'] })
  const { key } = api.access.apiKeys.create({ name: 'reader', organizationId: 'org-provider', scope: 'read' }, principal('admin', ['org-provider']))
  readKey = { authorization: `Bearer ${key}` }
})
afterAll(async () => api.close())

const sendEmail = (version: string, extra: Record<string, unknown> = {}) => ({
  id: 'send-email',
  version,
  name: 'Send email',
  timeout: 30_000,
  inputSchema: { type: 'object', required: ['to'], properties: { to: { type: 'string', format: 'email' } } },
  outputSchema: { type: 'object', required: ['messageId'], properties: { messageId: { type: 'string' } } },
  retryPolicy: { maxRetries: 3, retryInterval: 1_000, backoffMultiplier: 2 },
  executionConfig: { executor: 'worker', environmentVariables: { SMTP_HOST: 'smtp.internal' } },
  ...extra,
})

describe('task definitions', () => {
  it('registers a version once: the same again answers it, a change to it is refused naming the next version', async () => {
    const first = await api.call('POST', '/task-definitions', sendEmail('1.0.0'))
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      $type: 'TaskDefinition',
      id: 'send-email',
      version: '1.0.0',
      type: 'AUTOMATED',
      organization: 'org-provider',
      executionConfig: { executor: 'worker' },
    })
    expect((await api.call('POST', '/task-definitions', sendEmail('1.0.0'))).status).toBe(200)
    const changed = await api.call('POST', '/task-definitions', sendEmail('1.0.0', { timeout: 60_000 }))
    expect(changed.status).toBe(409)
    expect(changed.body.error.message).toBe(
      'task definition send-email@1.0.0 is published and cannot change; register the change as a new version (newest: 1.0.0, next e.g. 1.0.1)',
    )
    expect((await api.call('POST', '/task-definitions', sendEmail('1.1.0', { timeout: 60_000 }))).status).toBe(201)
    // Sealed at rest: it may hold environment variables.
    const raw = api.writer.get<{ executionConfig: string }>('SELECT "executionConfig" FROM "TaskDefinition" WHERE "version" = ?', ['1.0.0'])!
    expect(raw.executionConfig).not.toContain('smtp.internal')
  })

  it('reads the newest version, a range, or every version', async () => {
    expect((await api.call('GET', '/task-definitions/send-email')).body.version).toBe('1.1.0')
    expect((await api.call('GET', '/task-definitions/send-email?version=~1.0.0')).body.version).toBe('1.0.0')
    expect((await api.call('GET', '/task-definitions/send-email?version=^2')).status).toBe(404)
    expect((await api.call('GET', '/task-definitions?id=send-email')).body.map((d: { version: string }) => d.version)).toEqual(['1.1.0', '1.0.0'])
    expect((await api.call('GET', '/task-definitions?latest=true')).body.map((d: { version: string }) => d.version)).toEqual(['1.1.0'])
  })

  it('refuses bad input naming the field, and keeps each organisation to its own', async () => {
    const bad = await api.call('POST', '/task-definitions', sendEmail('one', { inputSchema: { type: 'object', properties: { to: { type: 7 } } }, id: 'has spaces' }))
    expect(bad.status).toBe(400)
    const paths = bad.body.error.issues.map((i: { path: string }) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['id', 'version', 'inputSchema']))
    // Another team sees none of them, and may register the same task type as its own.
    expect((await api.call('GET', '/task-definitions/send-email', undefined, undefined, otherTeam)).status).toBe(404)
    expect((await api.call('GET', '/task-definitions', undefined, undefined, otherTeam)).body).toEqual([])
    const theirs = await api.call('POST', '/task-definitions', sendEmail('1.0.0', { timeout: 5_000 }), undefined, otherTeam)
    expect(theirs).toMatchObject({ status: 201, body: { organization: 'org-other', timeout: 5_000 } })
    expect((await api.call('POST', '/task-definitions', { ...sendEmail('9.0.0'), organizationId: 'org-provider' }, undefined, otherTeam)).status).toBe(400)
    // A read key reads; it does not register.
    expect((await api.call('GET', '/task-definitions/send-email', undefined, undefined, readKey)).status).toBe(200)
    expect((await api.call('POST', '/task-definitions', sendEmail('2.0.0'), undefined, readKey)).status).toBe(403)
  })
})

describe('workflow templates', () => {
  const onboarding = (steps: unknown[] = [], id = `onboarding-${randomUUID().slice(0, 6)}`) => ({
    id,
    name: 'Onboarding',
    service: 'sdr-service',
    steps: steps.length
      ? steps
      : [
          { id: 'welcome', type: 'task', task: 'send-email', taskVersion: '~1.0.0', input: { to: 'input.email' } },
          { id: 'review', type: 'human', dueIn: 3_600_000 },
          { id: 'follow-up', type: 'task', task: 'send-email', condition: '__steps__.review.outputData.approved == true' },
        ],
  })

  it('stores a template as version 1, answers it unchanged, and makes version 2 of a change, task versions pinned', async () => {
    const template = onboarding()
    const first = await api.call('POST', '/workflow-templates', template)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ id: `${template.id}@1`, version: 1, organization: 'org-provider' })
    expect(first.body.template.steps.map((s: { taskVersion?: string }) => s.taskVersion)).toEqual(['1.0.0', undefined, '1.1.0'])
    expect((await api.call('POST', '/workflow-templates', template)).body).toMatchObject({ id: `${template.id}@1` })
    const second = await api.call('POST', '/workflow-templates', { ...template, name: 'Onboarding, friendlier' })
    expect(second).toMatchObject({ status: 201, body: { id: `${template.id}@2`, version: 2 } })
    // The catalog shows it like any workflow; executions can name it.
    expect((await api.call('GET', `/workflows/${template.id}@2`)).body).toMatchObject({
      key: template.id,
      version: 2,
      steps: [{ id: 'welcome' }, { id: 'review' }, { id: 'follow-up' }],
    })
    expect((await api.call('GET', `/workflow-templates/${template.id}`)).body.version).toBe(2)
    // By its key alone: its newest version (as starting it by key runs).
    expect((await api.call('GET', `/workflows/${template.id}`)).body).toMatchObject({ $id: `${template.id}@2`, version: 2 })
    expect((await api.call('GET', '/workflows/no-such-flow')).status).toBe(404)
  })

  it("lists the templates one may read, every version or the newest of each, and not another team's", async () => {
    const template = onboarding()
    await api.call('POST', '/workflow-templates', template)
    await api.call('POST', '/workflow-templates', { ...template, name: 'Onboarding, again' })
    const all = await api.call('GET', `/workflow-templates?id=${template.id}`)
    expect(all.status).toBe(200)
    expect(all.body.map((t: { id: string }) => t.id)).toEqual([`${template.id}@2`, `${template.id}@1`])
    const latest = await api.call('GET', '/workflow-templates?latest=true')
    expect(latest.body.filter((t: { id: string }) => t.id.startsWith(`${template.id}@`))).toMatchObject([{ version: 2, template: { name: 'Onboarding, again' } }])
    expect(new Set(latest.body.map((t: { id: string }) => t.id.split('@')[0])).size).toBe(latest.body.length)
    // Another team sees none of this team's; a read key reads them.
    expect((await api.call('GET', `/workflow-templates?id=${template.id}`, undefined, undefined, otherTeam)).body).toEqual([])
    expect((await api.call('GET', `/workflow-templates?id=${template.id}`, undefined, undefined, readKey)).body).toHaveLength(2)
    expect((await api.call('GET', '/workflow-templates?latest=maybe')).status).toBe(400)
  })

  it('gives a version recorded without its template (the demo history names it) its first template of the same steps', async () => {
    const template = onboarding()
    const steps = (template.steps as { id: string }[]).map((s) => ({ id: s.id }))
    // As the catalog records the demo's workflows: a version with its steps, no template, executions naming it.
    await api.db.workflowDefinition.create({
      data: {
        id: `${template.id}@1`,
        key: template.id,
        version: 1,
        name: 'Recorded',
        serviceId: template.service,
        definition: { steps },
        organizationId: 'org-provider',
        createdAt: new Date(),
      },
    })
    const before = Date.now()
    const filled = await api.call('POST', '/workflow-templates', template)
    expect(filled.body).toMatchObject({ id: `${template.id}@1`, version: 1, template: { name: template.name } })
    // Dated by its template (the Definitions page says when it was registered).
    expect(Date.parse((await api.call('GET', `/workflows/${template.id}@1`)).body.createdAt)).toBeGreaterThanOrEqual(before - 1_000)
    // Other steps than those recorded are another version.
    const other = onboarding()
    await api.db.workflowDefinition.create({
      data: {
        id: `${other.id}@1`,
        key: other.id,
        version: 1,
        name: 'Recorded',
        serviceId: other.service,
        definition: { steps: [{ id: 'something-else' }] },
        organizationId: 'org-provider',
        createdAt: new Date(),
      },
    })
    expect((await api.call('POST', '/workflow-templates', other)).body).toMatchObject({ id: `${other.id}@2`, version: 2 })
  })

  it('refuses a template with every reason, each naming its step', async () => {
    const refused = await api.call(
      'POST',
      '/workflow-templates',
      onboarding([
        { id: 'a', type: 'task', task: 'send-email', dependsOn: ['c'] },
        { id: 'b', type: 'task', task: 'no-such-task', dependsOn: ['a'] },
        { id: 'c', type: 'task', task: 'send-email', dependsOn: ['b'], condition: '__steps__.a.outputData.ok ==' },
      ]),
    )
    expect(refused.status).toBe(400)
    const byPath = Object.fromEntries(refused.body.error.issues.map((i: { path: string; message: string }) => [i.path, i.message]))
    expect(byPath['steps[1] (b).task']).toBe('no task definition "no-such-task" in this organisation; register it first')
    expect(Object.values(byPath).some((m) => /cycle: /.test(m as string))).toBe(true)
    expect(byPath['steps[2] (c).condition']).toMatch(/^expression does not parse/)
    expect(refused.body.error.message).toMatch(/^workflow template onboarding-\w+: steps\[/)
  })

  it('refuses a template that would start itself through other workflows, naming the chain, and stores nothing', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `loop-${x}-${randomUUID().slice(0, 6)}`) as [string, string, string]
    const wait = [{ id: 'pause', type: 'sys.wait', duration: 10 }]
    const starts = (workflow: string) => [{ id: 'child', type: 'sys.sub_workflow', workflow, forEach: '[1, 2]' }]
    expect((await api.call('POST', '/workflow-templates', onboarding(wait, a))).status).toBe(201)
    expect((await api.call('POST', '/workflow-templates', onboarding(starts(a), b))).status).toBe(201)
    expect((await api.call('POST', '/workflow-templates', onboarding(starts(b), c))).status).toBe(201)
    // a's version 2 starting c would run a → c → b → a → … without end, twice as many each time.
    const refused = await api.call('POST', '/workflow-templates', onboarding(starts(c), a))
    expect(refused.status).toBe(400)
    expect(refused.body.error.issues).toEqual([
      {
        path: 'steps[0] (child).workflow',
        message: `${a} starts ${c} starts ${b} starts ${a}: a workflow cannot start itself through others (each run would start another without end)`,
      },
    ])
    expect((await api.call('GET', `/workflow-templates/${a}`)).body.version).toBe(1)
    // Starting one that ends is fine: the newest version is what a child runs.
    expect((await api.call('POST', '/workflow-templates', onboarding(starts(b), `${a}-x`))).status).toBe(201)
  })

  it('keeps a team to its own services and keys, and its templates to itself', async () => {
    const theirs = onboarding(undefined, `theirs-${randomUUID().slice(0, 6)}`)
    expect((await api.call('POST', '/workflow-templates', theirs, undefined, otherTeam)).status).toBe(403) // sdr-service is not theirs
    const own = await api.call('POST', '/workflow-templates', { ...theirs, service: 'other-service' }, undefined, otherTeam)
    expect(own.status).toBe(201)
    // The key is theirs now: the provider cannot add versions to it, nor read the template in full.
    expect((await api.call('POST', '/workflow-templates', { ...theirs, name: 'taken over' })).status).toBe(409)
    expect((await api.call('GET', `/workflow-templates/${theirs.id}`)).status).toBe(404)
    // Nor may the other team name the provider's workflow as a sub-workflow of its own.
    const provider = onboarding()
    expect((await api.call('POST', '/workflow-templates', provider)).status).toBe(201)
    const nested = await api.call(
      'POST',
      '/workflow-templates',
      {
        id: `nest-${randomUUID().slice(0, 6)}`,
        name: 'Nest',
        service: 'other-service',
        steps: [{ id: 'child', type: 'sys.sub_workflow', workflow: provider.id, forEach: '[1, 2]' }],
      },
      undefined,
      otherTeam,
    )
    expect(nested.status).toBe(400)
    expect(nested.body.error.message).toContain(`steps[0] (child).workflow: no workflow "${provider.id}"`)
  })
})
