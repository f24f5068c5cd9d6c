// Resources through the API and the SDK (docs/resources.md): admins create and change them, bad
// input is refused naming the field and changes nothing, another organisation's do not exist to
// you, requirements are checked when a template is registered, and seed 002's resource usage
// example runs as written on what a real run of the engine held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '@execution-console/sdk'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow } from '@/server/engine/workflow'
import { signedIn, startRestServer, until } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
beforeAll(async () => {
  api = await startRestServer()
  await api.db.organization.create({ data: { id: 'org-other', name: 'Other team', createdAt: new Date() } })
  engine = createEngine({
    store: api.writer,
    executions: api.executions,
    bus: api.bus,
    pollMs: 50,
    workflows: [
      defineWorkflow({
        id: 'render',
        version: 1,
        name: 'Render',
        service: 'batch-processing-service',
        steps: [
          { id: 'prepare', assignee: 'system', handler: async () => ({ frames: 2 }) },
          {
            id: 'render',
            assignee: 'system',
            resources: [{ type: 'gpu', amount: 2, priority: 8 }],
            handler: async () => new Promise((r) => setTimeout(() => r({ ok: true }), 60)),
          },
        ],
      }),
    ],
  })
  api.attachEngine(engine)
  await engine.start()
})
afterAll(async () => {
  await engine.stop()
  await api.close()
})

describe('resources over REST', () => {
  it('creates, lists, changes and removes; refuses bad input naming the field, changing nothing', async () => {
    const created = await api.call('POST', '/resources', { name: 'GPU slots', type: 'gpu', capacity: 4, unit: 'slots', costPerUnit: 0.5 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'GPU slots', type: 'gpu', capacity: 4, unit: 'slots', kind: 'concurrent', inUse: 0, waiting: 0, organizationId: 'org-provider' })

    for (const [body, field] of [
      [{ name: 'x', type: 'gpu2', capacity: 0 }, 'capacity'],
      [{ name: 'x', type: 'has space', capacity: 1 }, 'type'],
      [{ name: 'x', type: 'tok', capacity: 1, window: -5 }, 'window'],
      [{ name: 'x', type: 'tok', capacity: 1, organizationId: 'org-other' }, 'organizationId'],
    ] as const) {
      const refused = await api.call('POST', '/resources', body)
      expect(refused.status, JSON.stringify(refused.body)).toBe(400)
      expect(JSON.stringify(refused.body)).toContain(field)
    }
    const again = await api.call('POST', '/resources', { name: 'More GPUs', type: 'gpu', capacity: 1 })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/already has a resource of type "gpu"/)
    expect((await api.call('GET', '/resources')).body.map((r: { type: string }) => r.type)).toEqual(['gpu'])

    const tokens = await api.call('POST', '/resources', { name: 'Tokens per minute', type: 'tokens', capacity: 10_000, window: 60_000, unit: 'tokens' })
    expect(tokens.body).toMatchObject({ kind: 'rate', window: 60_000 })
    await new Promise((r) => setTimeout(r, 5))
    const beforeChange = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 5))
    const changed = await api.call('PATCH', `/resources/${tokens.body.id}`, { capacity: 20_000 })
    expect(changed.body).toMatchObject({ capacity: 20_000 })
    expect((await api.call('PATCH', `/resources/${tokens.body.id}`, { capacity: -1 })).status).toBe(400)
    // A patch that names nothing, or a field it cannot change, is refused rather than recorded as a change.
    expect((await api.call('PATCH', `/resources/${tokens.body.id}`, {})).status).toBe(400)
    expect((await api.call('PATCH', `/resources/${tokens.body.id}`, { type: 'other' })).status).toBe(400)
    expect((await api.call('GET', `/resources/${tokens.body.id}`)).body.capacity).toBe(20_000)
    const usage = await api.call('GET', `/resources/${tokens.body.id}/usage?buckets=10`)
    expect(usage.body.points).toHaveLength(10)
    expect(usage.body.points[9]).toMatchObject({ capacity: 20_000, inUse: 0, waiting: 0 })
    // The chart's past keeps the capacity it had: the change shows from its bucket on, not over the whole range.
    expect(usage.body.points[0]).toMatchObject({ capacity: 10_000 })
    const past = await api.call('GET', `/resources/${tokens.body.id}/usage?buckets=10&to=${encodeURIComponent(beforeChange)}`)
    expect(past.body.points.map((p: { capacity: number }) => p.capacity)).toEqual(Array(10).fill(10_000))
    expect((await api.call('GET', `/resources/${tokens.body.id}/usage?from=not-a-date`)).status).toBe(400)
    expect((await api.call('DELETE', `/resources/${tokens.body.id}`)).status).toBe(200)
    expect((await api.call('GET', `/resources/${tokens.body.id}`)).status).toBe(404)
  })

  it("keeps an organisation's resources its own: another's admin gets 404, a viewer cannot change them", async () => {
    const gpu = (await api.call('GET', '/resources')).body.find((r: { type: string }) => r.type === 'gpu')
    const other = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'], email: 'other@b.test' })
    expect((await api.call('GET', '/resources', undefined, undefined, other)).body).toEqual([])
    for (const [method, path, body] of [
      ['GET', `/resources/${gpu.id}`],
      ['GET', `/resources/${gpu.id}/usage`],
      ['PATCH', `/resources/${gpu.id}`, { capacity: 1 }],
      ['DELETE', `/resources/${gpu.id}`],
    ] as const)
      expect((await api.call(method, path, body, undefined, other)).status, `${method} ${path}`).toBe(404)
    const viewer = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-provider'], email: 'viewer@a.test' })
    expect((await api.call('GET', `/resources/${gpu.id}`, undefined, undefined, viewer)).status).toBe(200)
    expect((await api.call('PATCH', `/resources/${gpu.id}`, { capacity: 1 }, undefined, viewer)).status).toBe(403)
    expect((await api.call('GET', `/resources/${gpu.id}`)).body.capacity).toBe(4)
  })

  it('checks requirements when a task definition or template is registered', async () => {
    const task = await api.call('POST', '/task-definitions', {
      id: 'render-frame',
      version: '1.0.0',
      name: 'Render a frame',
      timeout: 60_000,
      resources: [{ type: 'gpu', amount: 1 }],
    })
    expect(task.status).toBe(201)
    expect(task.body.resources).toEqual([{ type: 'gpu', amount: 1 }])
    const bad = await api.call('POST', '/task-definitions', {
      id: 'render-frame',
      version: '1.0.1',
      name: 'x',
      timeout: 60_000,
      resources: [{ type: 'gpu', amount: 1, priority: 11 }],
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toMatch(/resources.*priority|priority/)
    const template = (steps: unknown[]) => api.call('POST', '/workflow-templates', { id: 'frames', name: 'Frames', service: 'batch-processing-service', steps })
    const unknown = await template([{ id: 'r', type: 'task', task: 'render-frame', resources: [{ type: 'tpu', amount: 1 }] }])
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('steps[0] (r).resources[0]: no resource of type "tpu"')
    const tooMuch = await template([{ id: 'r', type: 'human', resources: [{ type: 'gpu', amount: 9 }] }])
    expect(tooMuch.body.error.message).toContain('more than its whole capacity of 4')
    expect((await template([{ id: 'r', type: 'task', task: 'render-frame' }])).status).toBe(201)
  })
})

describe('requirements that could never be served', () => {
  it('refuses a capacity below what a task definition, a template step or a waiting step requires, naming each; and a task definition asking for more than the capacity', async () => {
    const lab = await api.call('POST', '/resources', { name: 'Lab seats', type: 'lab-seat', capacity: 6, unit: 'seats' })
    expect(lab.status).toBe(201)
    expect(
      (await api.call('POST', '/task-definitions', { id: 'run-assay', version: '1.0.0', name: 'Run an assay', timeout: 60_000, resources: [{ type: 'lab-seat', amount: 4 }] }))
        .status,
    ).toBe(201)
    const flow = await api.call('POST', '/workflow-templates', {
      id: 'assays',
      name: 'Assays',
      service: 'batch-processing-service',
      steps: [{ id: 'review', type: 'human', resources: [{ type: 'lab-seat', amount: 5 }] }],
    })
    expect(flow.status, JSON.stringify(flow.body)).toBe(201)
    const refused = await api.call('PATCH', `/resources/${lab.body.id}`, { capacity: 2 })
    expect(refused.status).toBe(400)
    expect(refused.body.error.field).toBe('capacity')
    expect(refused.body.error.message).toContain('resource Lab seats (type "lab-seat")')
    expect(refused.body.error.message).toContain('task definition run-assay@1.0.0 requires 4')
    expect(refused.body.error.message).toContain('workflow assays v1 step review requires 5')
    expect(refused.body.error.message).toContain('keep a capacity of at least 5')
    expect((await api.call('GET', `/resources/${lab.body.id}`)).body.capacity).toBe(6) // nothing changed
    expect((await api.call('PATCH', `/resources/${lab.body.id}`, { capacity: 5 })).status).toBe(200)
    // A task definition asking for more than there is, or for a type the organisation has not got.
    const tooMuch = await api.call('POST', '/task-definitions', {
      id: 'run-big-assay',
      version: '1.0.0',
      name: 'Big',
      timeout: 60_000,
      resources: [{ type: 'lab-seat', amount: 9 }],
    })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.error.field).toBe('resources[0]')
    expect(tooMuch.body.error.message).toContain('asks for 9 seats of "lab-seat", more than its whole capacity of 5')
    const unknown = await api.call('POST', '/task-definitions', { id: 'run-tpu', version: '1.0.0', name: 'TPU', timeout: 60_000, resources: [{ type: 'tpu', amount: 1 }] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('no resource of type "tpu"')
  })
})

describe('remote workers', () => {
  it('claim only task instances whose resources are held: the next is dispatched when a result or a failure releases them', async () => {
    expect((await api.call('POST', '/resources', { name: 'Partner API quota', type: 'partner-api', capacity: 1, unit: 'calls' })).status).toBe(201)
    expect(
      (
        await api.call('POST', '/task-definitions', {
          id: 'call-partner',
          version: '1.0.0',
          name: 'Call the partner',
          timeout: 60_000,
          resources: [{ type: 'partner-api', amount: 1 }],
        })
      ).status,
    ).toBe(201)
    expect(
      (await api.call('POST', '/workflow-templates', { id: 'partner', name: 'Partner', service: 'sdr-service', steps: [{ id: 'call', type: 'task', task: 'call-partner' }] }))
        .status,
    ).toBe(201)
    const worker = (await api.call('POST', '/workers', { name: 'partner worker', version: '1', tasks: [{ task: 'call-partner' }], concurrency: 3 })).body.id
    const claim = async () => (await api.call('POST', `/workers/${worker}/claim`, { max: 3, waitMs: 1_500 })).body as { taskId: string; executionId: string; leaseToken: string }[]
    const runs = [] as string[]
    for (let i = 0; i < 3; i++) runs.push((await api.call('POST', '/workflows/partner/executions', { input: {} })).body.$id)
    const first = await until(claim, (c) => c.length > 0)
    expect(first).toHaveLength(1) // one quota: one instance to claim, the others wait for it
    expect((await claim()).length).toBe(0)
    const holder = first[0]!
    const waiting = runs.filter((id) => id !== holder.executionId)
    for (const id of waiting) expect((await api.call('GET', `/executions/${id}/progress`)).body.currentPhase).toMatch(/^waiting for resource Partner API quota \([01] ahead\)$/)

    // Its failure releases the quota: the next execution's task is dispatched and claimed.
    await api.call('POST', `/tasks/${holder.taskId}/start`, { leaseToken: holder.leaseToken })
    await api.call('POST', `/tasks/${holder.taskId}/fail`, { leaseToken: holder.leaseToken, error: { code: 'VALIDATION_ERROR', message: 'no such account', recoverable: false } })
    const second = await until(claim, (c) => c.length > 0)
    expect(second.map((c) => c.executionId)).toEqual([waiting[0]])
    // Its result releases it again, to the last.
    await api.call('POST', `/tasks/${second[0]!.taskId}/start`, { leaseToken: second[0]!.leaseToken })
    await api.call('POST', `/tasks/${second[0]!.taskId}/complete`, { leaseToken: second[0]!.leaseToken, output: { ok: true } })
    const third = await until(claim, (c) => c.length > 0)
    expect(third.map((c) => c.executionId)).toEqual([waiting[1]])
    const usage = (await api.call('GET', `/executions/${holder.executionId}/resources`)).body
    expect(usage).toEqual([expect.objectContaining({ resourceType: 'partner-api', status: 'released', reason: 'failed', amountUsed: 0, efficiency: 0 })])
    expect((await api.call('GET', `/executions/${waiting[0]}/resources`)).body).toEqual([expect.objectContaining({ status: 'released', reason: 'completed', efficiency: 1 })])
  })
})

describe("seed 002's allocateResources / releaseResources through the SDK", () => {
  it('runs the resource allocation example as written, for a service running its own execution', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    await $.Resource.create({ name: 'Compute cores', type: 'computational', capacity: 8, unit: 'cores' })
    await $.Resource.create({ name: 'Memory', type: 'memory', capacity: 32_768, unit: 'MB' })
    const own = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' } as never)
    const engine = $.ServiceExecution[own.$id]!
    const lines: unknown[][] = []
    const console = { log: (...args: unknown[]) => lines.push(args), error: (...args: unknown[]) => lines.push(['ERROR', ...args]) }
    type ResourceRequirement = Parameters<typeof engine.allocateResources>[0][number]
    // As seed 002 writes it (Resource Management).
    const allocateResources = async () => {
      const requirements: ResourceRequirement[] = [
        {
          type: 'computational',
          amount: 4,
          duration: 3600000, // 1 hour
          priority: 8,
          constraints: {
            minMemory: 8192,
            gpuRequired: false,
          },
        },
        {
          type: 'memory',
          amount: 16384,
          duration: 3600000,
          priority: 7,
        },
      ]

      try {
        const allocatedResources = await engine.allocateResources(requirements)
        console.log('Resources allocated:', allocatedResources)

        // Use resources...
        // (another step asking for more than is left waits meanwhile)
        const other = await api.call('POST', `/executions/${own.$id}/resources/allocate`, { step: 'other', requirements: [{ type: 'computational', amount: 6 }] })
        console.log('Other:', other.body)

        // Release when done
        const resourceIds = allocatedResources.map((r) => r.id)
        await engine.releaseResources(resourceIds)
        console.log('Resources released')
      } catch (error) {
        console.error('Resource allocation failed:', error)
      }
    }
    await allocateResources()
    expect(lines[0]).toEqual([
      'Resources allocated:',
      [expect.objectContaining({ type: 'computational', amount: 4, unit: 'cores' }), expect.objectContaining({ type: 'memory', amount: 16_384 })],
    ])
    expect(lines[1]).toEqual(['Other:', { status: 'waiting', resources: [], waitingFor: expect.objectContaining({ name: 'Compute cores', ahead: 0 }) }])
    expect(lines[2]).toEqual(['Resources released'])
    // The release went to the step that waited, in the same change.
    const usage = await engine.resourceUsage
    expect(usage.map((u) => [u.stepId, u.resourceType, u.status, u.reason])).toEqual([
      ['execution', 'computational', 'released', 'released'],
      ['execution', 'memory', 'released', 'released'],
      ['other', 'computational', 'allocated', undefined],
    ])
    expect(usage[0]!.endTime).toBeInstanceOf(Date)
    // Another organisation's caller cannot touch it; a requirement nothing meets is a 400 naming it.
    const other = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'], email: 'other2@b.test' })
    expect((await api.call('POST', `/executions/${own.$id}/resources/release`, { step: 'other' }, undefined, other)).status).toBe(404)
    const tooMuch = await api.call('POST', `/executions/${own.$id}/resources/allocate`, { requirements: [{ type: 'memory', amount: 99_999 }] })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.error.message).toContain('more than its whole capacity of 32768')
    // Its end releases what it still holds.
    await engine.complete({ success: true, output: null, summary: 'done' } as never)
    expect((await engine.resourceUsage).find((u) => u.stepId === 'other')).toMatchObject({ status: 'released', reason: 'completed' })
    // Seed 002's ExecutionEventTypes for them, as monitor() reports its events from the first.
    const types: string[] = []
    for await (const update of engine.monitor({ lastEventId: 0 })) {
      types.push(...update.events.map((e) => e.type))
      if (update.status === 'completed') break
    }
    expect(types.filter((t) => t.startsWith('RESOURCE_'))).toEqual(['RESOURCE_ALLOCATED', 'RESOURCE_RELEASED', 'RESOURCE_ALLOCATED', 'RESOURCE_RELEASED'])
  })
})

describe("seed 002's resource usage through the SDK", () => {
  it('runs the metrics analysis example as written on what a run held', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const run = await $.BusinessWorkflow.start('render')
    await until(
      () => $.ServiceExecution[run.$id]!.status,
      (s) => s === 'completed',
      10_000,
    )
    const result = { metrics: await $.ServiceExecution[run.$id]!.metrics, resourceUsage: await $.ServiceExecution[run.$id]!.resourceUsage }
    const lines: string[] = []
    const console = { log: (line: string) => lines.push(line) }
    // As seed 002 writes it (Metrics Analysis).
    const metrics = result.metrics
    console.log(`Success Rate: ${(metrics.successRate! * 100).toFixed(1)}%`)
    console.log(`Throughput: ${metrics.throughput!.toFixed(2)} tasks/sec`)
    console.log('\n=== Resource Usage ===')
    result.resourceUsage.forEach((usage) => {
      console.log(`${usage.resourceType}: ${usage.amountUsed} units`)
      console.log(`  Cost: $${usage.cost.toFixed(2)}`)
      console.log(`  Efficiency: ${(usage.efficiency * 100).toFixed(1)}%`)
      console.log(`  Duration: ${usage.endTime ? usage.endTime.getTime() - usage.startTime!.getTime() : 'ongoing'}ms`)
    })
    expect(lines.slice(0, 1)).toEqual(['Success Rate: 100.0%'])
    expect(lines.slice(3, 6)).toEqual(['gpu: 2 units', '  Cost: $1.00', '  Efficiency: 100.0%'])
    expect(Number(/Duration: (\d+)ms/.exec(lines[6]!)![1])).toBeGreaterThanOrEqual(50)
    expect(metrics).toMatchObject({ resourceEfficiency: 1, resourceCost: 1 })
    // The Resources collection of the SDK.
    const gpu = (await $.Resource.list()).find((r) => r.type === 'gpu')!
    expect(gpu).toMatchObject({ inUse: 0, holders: 0 })
    expect((await $.Resource.usage(gpu.id, { buckets: 5 })).points).toHaveLength(5)
  })
})
