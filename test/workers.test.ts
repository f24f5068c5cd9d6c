// The worker protocol over HTTP against a console whose engine runs a template registered as data:
// claims by task type and priority, leases and heartbeats, results that end the step through the
// write path, outputs checked against the task's schema, retries by the task's policy, a lease
// that lapses handing the task over (and the late result refused), a pause that stops the task,
// a timeout. (test/worker-processes.test.ts runs the SDK's worker in processes of its own.)
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { taskInstanceSchema, taskWorkerSchema } from '@/server/domain/contracts'
import { createEngine, type Engine } from '@/server/engine/engine'
import { principal, startRestServer, until } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
let key: Record<string, string>
let writeKey: Record<string, string>
beforeAll(async () => {
  api = await startRestServer({ taskLeaseMs: 1_500 })
  // A small bound on executions under one root, so a test can reach it (100,000 by default).
  engine = createEngine({ store: api.writer, executions: api.executions, bus: api.bus, workflows: [], pollMs: 100, random: () => 1, maxTree: 60 })
  api.attachEngine(engine)
  await engine.start()
  // Task definitions and templates are registered with a write key; the worker runs with a worker key.
  const admin = principal('admin', ['org-provider'])
  writeKey = { authorization: `Bearer ${api.access.apiKeys.create({ name: 'deployer', organizationId: 'org-provider', scope: 'write' }, admin).key}` }
  key = { authorization: `Bearer ${api.access.apiKeys.create({ name: 'worker', organizationId: 'org-provider', scope: 'worker' }, admin).key}` }
})
afterAll(async () => {
  await engine.stop()
  api.services.tasks.stop()
  await api.close()
})

/** As the worker (a worker-scope key); definitions, starts and operators' actions as a write key. */
const call = async (method: string, path: string, body?: unknown) => {
  const asWriter = /^\/(task-definitions|workflow-templates|workflows\/)/.test(path) || /\/(pause|resume|cancel)$/.test(path)
  const r = await api.call(method, path, body, undefined, asWriter ? writeKey : key)
  return r as { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function setUp(suffix: string, task: Record<string, unknown> = {}, steps?: unknown[]) {
  const taskId = `enrich-${suffix}`
  expect(
    (
      await call('POST', '/task-definitions', {
        id: taskId,
        version: '1.0.0',
        name: 'Enrich a lead',
        timeout: 60_000,
        inputSchema: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
        outputSchema: { type: 'object', required: ['company'], properties: { company: { type: 'string' } } },
        ...task,
      })
    ).status,
  ).toBe(201)
  const workflow = `leads-${suffix}`
  const registered = await call('POST', '/workflow-templates', {
    id: workflow,
    name: 'Leads',
    service: 'sdr-service',
    steps: steps ?? [
      { id: 'enrich', type: 'task', task: taskId, input: { email: 'input.email' }, reference: 'input.email' },
      {
        id: 'notify',
        type: 'task',
        task: taskId,
        input: { email: '__steps__.enrich.outputData.company + "@example.com"' },
        condition: '__steps__.enrich.outputData.company != "skip"',
      },
    ],
  })
  expect(registered.status, JSON.stringify(registered.body)).toBe(201)
  const worker = await call('POST', '/workers', { name: 'test worker', version: '1.0.0', tasks: [{ task: taskId }], concurrency: 2 })
  expect(worker.status).toBe(201)
  const start = async (input: Record<string, unknown> = { email: 'ada@example.com' }) => {
    const r = await call('POST', `/workflows/${workflow}/executions`, { input })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.$id as string
  }
  const claim = async (waitMs = 5_000, worker_ = worker.body.id) => (await call('POST', `/workers/${worker_}/claim`, { max: 1, waitMs })).body as any[] // eslint-disable-line @typescript-eslint/no-explicit-any
  return { taskId, workflow, worker: worker.body.id as string, start, claim }
}

const execution = async (id: string) => (await call('GET', `/executions/${id}`)).body

describe('the worker protocol', () => {
  it('runs a template task by task: claim, start, heartbeat, complete; conditions over __steps__; the execution completes', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const id = await t.start()
    const [first] = await t.claim()
    // Its runner is the engine (which took the template on), not "no worker runs it".
    expect((await execution(id)).runner).toMatchObject({ kind: 'engine' })
    expect(first).toMatchObject({ executionId: id, stepId: 'enrich', attempt: 1, task: t.taskId, version: '1.0.0', input: { email: 'ada@example.com' }, priority: 'MEDIUM' })
    expect((await call('POST', `/tasks/${first.taskId}/start`, { leaseToken: first.leaseToken })).body).toEqual({ status: 'RUNNING' })
    expect((await call('POST', `/tasks/${first.taskId}/heartbeat`, { leaseToken: first.leaseToken })).body).toEqual({ stop: false })
    expect((await call('POST', `/tasks/${first.taskId}/heartbeat`, { leaseToken: 'not-the-token' })).body.stop).toBe(true)
    expect((await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'acme' } })).status).toBe(200)
    // The engine goes on: the next task's input is made from the first's output.
    const [second] = await t.claim()
    expect(second).toMatchObject({ executionId: id, stepId: 'notify', input: { email: 'acme@example.com' } })
    await call('POST', `/tasks/${second.taskId}/start`, { leaseToken: second.leaseToken })
    await call('POST', `/tasks/${second.taskId}/complete`, { leaseToken: second.leaseToken, output: { company: 'acme' } })
    const done = await until(
      () => execution(id),
      (e) => e.status === 'completed',
    )
    expect(done.status).toBe('completed')
    expect(done.workflowTemplateVersionId).toBe(`${t.workflow}@1`)
    const tasks = (await call('GET', `/tasks?executionId=${id}`)).body
    expect(tasks.map((x: { stepId: string; status: string; executorId: string }) => [x.stepId, x.status, x.executorId])).toEqual([
      ['notify', 'COMPLETED', t.worker],
      ['enrich', 'COMPLETED', t.worker],
    ])
    expect(tasks[1].executionMetadata.duration).toBeGreaterThanOrEqual(0)
    expect(tasks[1].taskReference).toBe('ada@example.com') // the step's reference expression
    // What the OpenAPI document declares (generated clients type them by it), strictly.
    expect(() => z.array(taskInstanceSchema.strict()).parse(tasks)).not.toThrow()
    // Paged: the next page starts after the last one seen ($id), in the list's order.
    const page1 = (await call('GET', `/tasks?executionId=${id}&limit=1`)).body
    const page2 = (await call('GET', `/tasks?executionId=${id}&limit=1&before=${page1[0].$id}`)).body
    const page3 = (await call('GET', `/tasks?executionId=${id}&limit=1&before=${page2[0].$id}`)).body
    expect([...page1, ...page2, ...page3].map((x: { $id: string }) => x.$id)).toEqual(tasks.map((x: { $id: string }) => x.$id))
    const unknown = await call('GET', '/tasks?before=tsk_nope')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toMatchObject({ field: 'before', message: expect.stringContaining('tsk_nope') })
    const workers = (await call('GET', '/workers')).body
    expect(() => z.array(taskWorkerSchema.strict()).parse(workers)).not.toThrow()
    // The same result sent again (a retry after a lost answer) is answered as the first; another is refused.
    expect((await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'acme' } })).status).toBe(200)
    expect((await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'other' } })).status).toBe(409)
    expect((await call('POST', `/tasks/${first.taskId}/fail`, { leaseToken: first.leaseToken, error: { code: 'API_ERROR', message: 'late' } })).status).toBe(409)
  })

  it("hands the task definition's environment variables (seed 003) with each task: over a claim, and to the SDK's worker on its socket; nothing for a definition without any", async () => {
    const env = { CRM_REGION: 'eu-west-1', FEATURE_FLAGS: 'enrich,notify' }
    const t = await setUp(randomUUID().slice(0, 6), { executionConfig: { executor: 'worker', environmentVariables: env } })
    await t.start()
    const [claimed] = await t.claim()
    expect(claimed.environment).toEqual(env)
    await call('POST', `/tasks/${claimed.taskId}/complete`, { leaseToken: claimed.leaseToken, output: { company: 'acme' } })
    const [next] = await t.claim()
    expect(next.environment).toEqual(env)
    await call('POST', `/tasks/${next.taskId}/complete`, { leaseToken: next.leaseToken, output: { company: 'acme' } })
    // The SDK's worker: its handlers read ctx.env, also for the next step handed back on the socket with the first's answer.
    const { createClient } = await import('@execution-console/sdk')
    const seen: [string, Record<string, string>][] = []
    const worker = createClient({ url: api.origin, headers: key }).worker({
      name: 'env reader',
      tasks: { [t.taskId]: (_input: unknown, ctx: { stepId: string; env: Record<string, string> }) => (seen.push([ctx.stepId, { ...ctx.env }]), { company: 'acme' }) },
      concurrency: 1,
    })
    await worker.start()
    try {
      await call('POST', `/workers/${t.worker}/stop`, {}) // the HTTP worker above takes nothing more
      const id = await t.start()
      await until(
        () => execution(id),
        (e) => e.status === 'completed',
      )
      expect(seen).toEqual([
        ['enrich', env],
        ['notify', env],
      ])
    } finally {
      await worker.stop()
    }
    // A definition without any: none in the claim, an empty ctx.env.
    const plain = await setUp(randomUUID().slice(0, 6))
    await plain.start()
    const [bare] = await plain.claim()
    expect(bare).not.toHaveProperty('environment')
  })

  it("skips a step whose condition is false, and refuses an input the workflow's task schema does not take", async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const id = await t.start()
    const [first] = await t.claim()
    await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'skip' } })
    const done = await until(
      () => execution(id),
      (e) => e.status === 'completed',
    )
    expect(done.status).toBe('completed')
    const steps = (await call('GET', `/executions/${id}/steps`)).body
    expect(steps.find((s: { stepId?: string; id?: string }) => (s.stepId ?? s.id) === 'notify')?.status).toBe('skipped')
    // The task's inputSchema wants an email as text: the step fails naming it, with no task dispatched.
    const bad = await t.start({ email: 42 })
    const failed = await until(
      () => execution(bad),
      (e) => e.status === 'failed',
    )
    expect(failed.error).toMatchObject({ code: 'INVALID_INPUT', step: 'enrich' })
    expect(failed.error.message).toMatch(/email: must be string/)
    // An expression that reads what is not there fails its step, naming the expression.
    const missing = await t.start({ name: 'no email' })
    const broken = await until(
      () => execution(missing),
      (e) => e.status === 'failed',
    )
    expect(broken.error).toMatchObject({ code: 'CONFIGURATION_ERROR', step: 'enrich' })
    expect(broken.error.message).toMatch(/input\.email \(input\.email\) failed: No such key: email/)
    expect((await call('GET', `/tasks?executionId=${bad}`)).body).toEqual([])
  })

  it('fails the step with VALIDATION_ERROR when the output does not match the outputSchema', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const id = await t.start()
    const [first] = await t.claim()
    const refused = await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { nothing: true } })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toMatch(/company/)
    const failed = await until(
      () => execution(id),
      (e) => e.status === 'failed',
    )
    expect(failed.error).toMatchObject({ code: 'VALIDATION_ERROR', step: 'enrich' })
  })

  it("retries a failed task by its definition's retry policy, after the backoff, as a new task instance", async () => {
    const t = await setUp(randomUUID().slice(0, 6), { retryPolicy: { maxRetries: 2, retryInterval: 300, backoffMultiplier: 2 } })
    const id = await t.start()
    const [first] = await t.claim()
    const failure = { leaseToken: first.leaseToken, error: { code: 'API_TIMEOUT', message: 'the CRM did not answer', details: { host: 'crm' } } }
    expect((await call('POST', `/tasks/${first.taskId}/fail`, failure)).status).toBe(200)
    // The same failure again (a retry after a lost answer) is answered as the first; another is refused, not dropped.
    expect((await call('POST', `/tasks/${first.taskId}/fail`, failure)).status).toBe(200)
    const other = await call('POST', `/tasks/${first.taskId}/fail`, { leaseToken: first.leaseToken, error: { code: 'API_ERROR', message: 'x' } })
    expect(other.status).toBe(409)
    expect(other.body.error.message).toBe(`task ${first.taskId} is FAILED with another error (API_TIMEOUT: the CRM did not answer); this report is not taken`)
    const [again] = await t.claim(5_000)
    expect(again).toMatchObject({ executionId: id, stepId: 'enrich', attempt: 2, retryCount: 1 })
    const tasks = (await call('GET', `/tasks?executionId=${id}&status=FAILED`)).body
    expect(tasks[0].error).toMatchObject({ code: 'API_TIMEOUT', message: 'the CRM did not answer' })
    // The retry succeeds: the step is completed, its retry counted, with no error of the attempt before.
    await call('POST', `/tasks/${again.taskId}/complete`, { leaseToken: again.leaseToken, output: { company: 'skip' } })
    await until(
      () => execution(id),
      (e) => e.status === 'completed',
    )
    const step = (await call('GET', `/executions/${id}/steps`)).body.find((s: { stepId?: string; id?: string }) => (s.stepId ?? s.id) === 'enrich')
    expect(step).toMatchObject({ status: 'completed', attempt: 2, retries: 1 })
    // The step's attempts, as its page lists them: both task instances, newest first.
    const attempts = (await call('GET', `/tasks?executionId=${id}&stepId=enrich`)).body
    expect(attempts.map((t: { status: string; attempt: number }) => [t.status, t.attempt])).toEqual([
      ['COMPLETED', 2],
      ['FAILED', 1],
    ])
    expect((await call('GET', `/tasks?executionId=${id}&stepId=notify`)).body.every((t: { stepId: string }) => t.stepId === 'notify')).toBe(true)
    expect(step.error ?? null).toBeNull()
  })

  it("completes with the template's output and summary, run by the assignees it names", async () => {
    const suffix = randomUUID().slice(0, 6)
    const t = await setUp(suffix)
    const workflow = `summarised-${suffix}`
    const registered = await call('POST', '/workflow-templates', {
      id: workflow,
      name: 'Summarised',
      service: 'sdr-service',
      assignee: { type: 'ai-agent', name: 'SDR agent', model: 'claude-sonnet' },
      steps: [{ id: 'enrich', type: 'task', task: t.taskId, input: { email: 'input.email' }, assignee: { type: 'ai-agent', model: 'claude-haiku' } }],
      output: '{"company": __steps__.enrich.outputData.company}',
      summary: '"Enriched " + __steps__.enrich.outputData.company',
    })
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const id = (await call('POST', `/workflows/${workflow}/executions`, { input: { email: 'ada@example.com' } })).body.$id
    const [task] = await t.claim()
    await call('POST', `/tasks/${task.taskId}/complete`, { leaseToken: task.leaseToken, output: { company: 'Acme' } })
    const done = await until(
      () => execution(id),
      (e) => e.status === 'completed',
    )
    expect(done.result).toMatchObject({ success: true, output: { company: 'Acme' }, summary: 'Enriched Acme' })
    expect(done.assignee).toMatchObject({ type: 'ai-agent', name: 'SDR agent' })
    const step = (await call('GET', `/executions/${id}/steps`)).body[0]
    expect(step.assignee).toMatchObject({ type: 'ai-agent', model: 'claude-haiku' })
    // A result expression that reads a step the template lacks is refused, naming the field.
    const refused = await call('POST', '/workflow-templates', {
      id: `${workflow}-bad`,
      name: 'Bad',
      service: 'sdr-service',
      steps: [{ id: 'a', type: 'task', task: t.taskId }],
      summary: '__steps__.ghost.outputData',
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toContain('summary: reads __steps__.ghost')
  })

  it('holds no engine slot for a run that only waits on workers: more executions than slots all dispatch their first task', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    // Twelve executions for an engine of 8 slots, no worker taking anything yet.
    const ids = await Promise.all(Array.from({ length: 12 }, () => t.start()))
    const pending = await until(
      async () => (await call('GET', `/tasks?task=${t.taskId}&status=PENDING&limit=100`)).body as { workflowInstanceId: string }[],
      (rows) => rows.length >= 12,
    )
    expect(new Set(pending.map((r) => r.workflowInstanceId))).toEqual(new Set(ids))
    for (const id of ids) await call('POST', `/executions/${id}/cancel`, {})
  })

  it('wakes a parent whose children end while it parks (no wait for the parked recheck)', async () => {
    const suffix = randomUUID().slice(0, 6)
    expect(
      (await call('POST', '/workflow-templates', { id: `pause-${suffix}`, name: 'A pause', service: 'sdr-service', steps: [{ id: 'wait', type: 'sys.wait', duration: 0 }] }))
        .status,
    ).toBe(201)
    const parent = `fan-${suffix}`
    const steps = [{ id: 'children', type: 'sys.sub_workflow', workflow: `pause-${suffix}`, forEach: '[1, 2, 3]' }]
    expect((await call('POST', '/workflow-templates', { id: parent, name: 'Three pauses', service: 'sdr-service', steps })).status).toBe(201)
    // Children of no length end as the parent parks: each of these would otherwise wait out the 60 s recheck now and then.
    for (let i = 0; i < 5; i++) {
      const id = (await call('POST', `/workflows/${parent}/executions`, { input: {} })).body.$id
      expect(
        (
          await until(
            () => execution(id),
            (e) => e.status === 'completed',
            20_000,
          )
        ).status,
      ).toBe('completed')
    }
  }, 120_000)

  it('fails the step whose condition cannot be evaluated, not only its execution', async () => {
    const suffix = randomUUID().slice(0, 6)
    const t = await setUp(suffix, {}, [
      { id: 'enrich', type: 'task', task: `enrich-${suffix}`, input: { email: 'input.email' } },
      { id: 'notify', type: 'task', task: `enrich-${suffix}`, input: { email: 'input.email' }, condition: '__steps__.enrich.outputData.tier == "gold"' },
    ])
    const id = await t.start()
    const [first] = await t.claim()
    await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'Acme' } })
    const failed = await until(
      () => execution(id),
      (e) => e.status === 'failed',
    )
    expect(failed.error).toMatchObject({ code: 'CONFIGURATION_ERROR', step: 'notify' })
    const steps = (await call('GET', `/executions/${id}/steps`)).body
    expect(steps.find((s: { stepId?: string; id?: string }) => (s.stepId ?? s.id) === 'notify')).toMatchObject({ status: 'failed' })
  })

  it('loads a template stored before a rule refused one of its expressions, and fails that step saying why', async () => {
    const suffix = randomUUID().slice(0, 6)
    const t = await setUp(suffix, {}, [{ id: 'enrich', type: 'task', task: `enrich-${suffix}`, input: { email: 'input.email' } }])
    // As registration would have taken it before it counted copies: one copy of the list for every element.
    const row = await api.db.workflowDefinition.findFirstOrThrow({ where: { key: t.workflow } })
    const template = structuredClone(row.template) as { steps: { input: Record<string, string> }[] }
    template.steps[0]!.input = { email: 'input.email', all: 'input.leads.map(a, input.leads)' }
    await api.db.workflowDefinition.create({ data: { ...row, id: `${t.workflow}@2`, version: 2, definition: row.definition!, template } })
    const id = await t.start({ email: 'ada@example.com', leads: [1, 2, 3] })
    const failed = await until(
      () => execution(id),
      (e) => e.status === 'failed',
    )
    expect(failed.error).toMatchObject({ code: 'CONFIGURATION_ERROR', step: 'enrich' })
    expect(failed.error.message).toMatch(/map\(\) keeps data besides its element/)
  })

  it('hands a task whose lease lapsed to another worker, and refuses the first worker its late result', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const id = await t.start()
    const [first] = await t.claim()
    await call('POST', `/tasks/${first.taskId}/start`, { leaseToken: first.leaseToken })
    // The first worker goes silent; the sweep hands the task back after the lease (1.5 s here).
    const other = (await call('POST', '/workers', { name: 'second', version: '1.0.0', tasks: [{ task: t.taskId }], concurrency: 1 })).body.id
    const statusOf = async () => {
      await api.services.tasks.sweep()
      return (await call('GET', `/tasks?executionId=${id}`)).body[0].status as string
    }
    expect(await until(statusOf, (s) => s === 'PENDING', 5_000)).toBe('PENDING')
    const [taken] = await t.claim(5_000, other)
    expect(taken).toMatchObject({ taskId: first.taskId, executionId: id })
    const late = await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'late' } })
    expect(late.status).toBe(409)
    expect(late.body.error.message).toMatch(/no longer yours/)
    expect((await call('POST', `/tasks/${taken.taskId}/complete`, { leaseToken: taken.leaseToken, output: { company: 'skip' } })).status).toBe(200)
    expect(
      (
        await until(
          () => execution(id),
          (e) => e.status === 'completed',
        )
      ).status,
    ).toBe('completed')
  })

  it('hands no task to a claim whose key was revoked while it waited: 401, and the task goes to a worker still let in', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const admin = principal('admin', ['org-provider'])
    const soon = api.access.apiKeys.create({ name: 'soon revoked', organizationId: 'org-provider', scope: 'worker' }, admin)
    const revokedKey = { authorization: `Bearer ${soon.key}` }
    const worker = (await api.call('POST', '/workers', { name: 'revoked', version: '1.0.0', tasks: [{ task: t.taskId }], concurrency: 1 }, undefined, revokedKey)).body.id
    const waiting = api.call('POST', `/workers/${worker}/claim`, { max: 1, waitMs: 10_000 }, undefined, revokedKey)
    await new Promise((r) => setTimeout(r, 200))
    api.access.apiKeys.revoke(soon.id, admin)
    const id = await t.start()
    const answer = await waiting
    expect(answer.status).toBe(401)
    expect(answer.body.error.message).toMatch(/API key was revoked/)
    const [taken] = await t.claim(5_000)
    expect(taken).toMatchObject({ executionId: id, stepId: 'enrich' })
  })

  it('tells the worker at once when its task stops (the execution paused), and dispatches it again on resume', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const id = await t.start()
    const [first] = await t.claim()
    await call('POST', `/tasks/${first.taskId}/start`, { leaseToken: first.leaseToken })
    const waiting = call('POST', `/workers/${t.worker}/signals`, { waitMs: 20_000 })
    await new Promise((r) => setTimeout(r, 200))
    const pausedAt = Date.now()
    expect((await call('POST', `/executions/${id}/pause`, {})).status).toBe(200)
    expect((await waiting).body).toMatchObject({ stop: [first.taskId] })
    expect(Date.now() - pausedAt).toBeLessThan(5_000) // answered by the pause, not by its 20 s wait
    expect((await call('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'x' } })).status).toBe(409)
    await call('POST', `/executions/${id}/resume`, {})
    const [again] = await t.claim(5_000)
    expect(again).toMatchObject({ executionId: id, stepId: 'enrich' })
    expect(again.taskId).not.toBe(first.taskId)
  })

  it('lets a worker-scope key work (claim, report, log, progress) and read, and nothing else', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const id = await t.start()
    const [first] = await t.claim()
    const as = (method: string, path: string, body?: unknown) => api.call(method, path, body, undefined, key)
    expect((await as('POST', `/executions/${id}/logs`, { level: 'info', message: 'from the worker' })).status).toBe(201)
    expect((await as('POST', `/executions/${id}/progress`, { progress: 40 })).body.progress).toBe(40)
    expect((await as('POST', `/executions/${id}/heartbeat`, {})).status).toBe(200)
    expect((await as('GET', `/executions/${id}`)).status).toBe(200)
    for (const [method, path, body] of [
      ['POST', `/executions/${id}/pause`, {}],
      ['POST', `/executions/${id}/cancel`, {}],
      ['PUT', `/executions/${id}`, { status: 'completed' }],
      ['POST', '/executions', { service: 'sdr-service' }],
      ['POST', `/workflows/${t.workflow}/executions`, {}],
    ] as const) {
      const refused = await as(method, path, body)
      expect(refused.status, `${method} ${path}`).toBe(403)
      expect(refused.body.error.message).toMatch(/worker scope/)
    }
    expect((await as('POST', `/tasks/${first.taskId}/complete`, { leaseToken: first.leaseToken, output: { company: 'skip' } })).status).toBe(200)
  })

  it('refuses a fan-out of more than 1,000 children, failing the step by name', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const fan = `fan-${randomUUID().slice(0, 6)}`
    expect(
      (
        await call('POST', '/workflow-templates', {
          id: fan,
          name: 'Fan',
          service: 'sdr-service',
          steps: [{ id: 'fan', type: 'sys.sub_workflow', workflow: t.workflow, forEach: 'input.items' }],
        })
      ).status,
    ).toBe(201)
    const started = await call('POST', `/workflows/${fan}/executions`, { input: { items: Array.from({ length: 1_001 }, (_, i) => i) } })
    const failed = await until(
      () => execution(started.body.$id),
      (e) => e.status === 'failed',
    )
    expect(failed.error).toMatchObject({ code: 'CONFIGURATION_ERROR', step: 'fan' })
    expect(failed.error.message).toMatch(/1001 items; a step starts at most 1000 children/)
    expect(await api.db.execution.count({ where: { parentExecutionId: started.body.$id } })).toBe(0)
  })

  it('bounds the executions under one root: a second fan-out that would pass it fails its step by name and starts none', async () => {
    const t = await setUp(randomUUID().slice(0, 6))
    const fan = `fan-${randomUUID().slice(0, 6)}`
    const steps = [
      { id: 'first', type: 'sys.sub_workflow', workflow: t.workflow, forEach: 'input.items' },
      { id: 'second', type: 'sys.sub_workflow', workflow: t.workflow, forEach: 'input.items', dependsOn: ['first'] },
    ]
    expect((await call('POST', '/workflow-templates', { id: fan, name: 'Two fans', service: 'sdr-service', steps })).status).toBe(201)
    const started = await call('POST', `/workflows/${fan}/executions`, { input: { items: Array.from({ length: 40 }, (_, i) => ({ email: `lead-${i}@example.com` })) } })
    const children = () => api.db.execution.count({ where: { parentExecutionId: started.body.$id } })
    await until(children, (n) => n === 40)
    // The first fan's children each wait on a worker's task (its "notify" skipped): a worker completes them.
    for (;;) {
      const claimed = await t.claim(300)
      if (!claimed.length && (await execution(started.body.$id)).status !== 'running') break
      for (const task of claimed) await call('POST', `/tasks/${task.taskId}/complete`, { leaseToken: task.leaseToken, output: { company: 'skip' } })
    }
    const failed = await execution(started.body.$id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatchObject({ code: 'CONFIGURATION_ERROR', step: 'second' })
    expect(failed.error.message).toMatch(/40 more children would make 80 executions under one root; at most 60/)
    expect(await children()).toBe(40)
  })

  it('times a running task out by its definition and fails its step with TIMEOUT', async () => {
    const t = await setUp(randomUUID().slice(0, 6), { timeout: 300 })
    const id = await t.start()
    const [first] = await t.claim()
    await call('POST', `/tasks/${first.taskId}/start`, { leaseToken: first.leaseToken })
    await call('POST', `/tasks/${first.taskId}/heartbeat`, { leaseToken: first.leaseToken })
    const failed = await until(
      async () => {
        await api.services.tasks.sweep()
        return execution(id)
      },
      (e) => e.status === 'failed',
    )
    expect(failed.error).toMatchObject({ code: 'TIMEOUT', step: 'enrich' })
    expect((await call('GET', `/tasks?executionId=${id}`)).body[0].status).toBe('TIMED_OUT')
  })
})
