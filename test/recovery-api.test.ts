// Recovery strategies through the API, and supervision applying them to executions an outside
// service drives over REST: registered, listed, changed and removed over HTTP (bad input a 400
// naming the field, nothing changed; another organisation's a 404; a viewer refused), then a step
// the service reports failed gets RETRY (started again once the backoff passed), SKIP, ABORT,
// CHECKPOINT_RESTORE or FALLBACK — each an execution.recovery.applied event on its timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '@/server/lib/clock'
import { createSupervisor } from '@/server/supervision/supervisor'
import { withTaskDefaults } from '@/server/domain/templates'
import { principal, signedIn, startRestServer } from './helpers'

type Server = Awaited<ReturnType<typeof startRestServer>>
let api: Server
let supervisor: ReturnType<typeof createSupervisor>

beforeAll(async () => {
  api = await startRestServer()
  supervisor = createSupervisor({
    store: api.writer,
    executions: api.services.executions,
    clock: systemClock,
    silenceMs: 3_600_000,
    checkpointEveryMs: 3_600_000,
    recovery: api.services.recovery,
    startFallback: async (workflow, start) => ({ id: (await api.services.workflows.start(workflow, start)).$id }),
  })
}, 60_000)
afterAll(async () => api.close())

/** An execution of `service` the caller runs itself, started, with `steps` reported started. */
async function reported(steps: string[], service = 'sdr-service') {
  const created = await api.call('POST', '/executions', { service, tags: ['desk'] })
  expect(created.status).toBe(201)
  const id = created.body.$id as string
  expect((await api.call('POST', `/executions/${id}/start`, {})).status).toBe(200)
  for (const step of steps) expect((await api.call('POST', `/executions/${id}/steps`, { id: step })).status).toBe(200)
  return id
}
const failStep = (id: string, step: string, code: string) => api.call('POST', `/executions/${id}/steps/${step}/fail`, { error: { code, message: `${code} from the desk` } })
const stepOf = async (id: string, step: string) =>
  ((await api.call('GET', `/executions/${id}/steps`)).body as { id: string; status: string; attempt: number }[]).find((s) => s.id === step)!
const applied = async (id: string) =>
  ((await api.call('GET', `/executions/${id}/events?limit=200`)).body.items as { type: string; step?: string; data: Record<string, unknown> }[]).filter(
    (e) => e.type === 'execution.recovery.applied',
  )

describe('recovery strategies over REST', () => {
  it('registers, lists, changes and removes a strategy (seed 002 names; id or key in the path)', async () => {
    const added = await api.call('POST', '/recovery-strategies', {
      id: 'network_timeout_recovery',
      name: 'Network Timeout Recovery',
      description: 'Retry with exponential backoff for network timeouts',
      applicableErrors: ['NETWORK_TIMEOUT', 'CONNECTION_REFUSED'],
      type: 'RETRY',
      retry: { maxRetries: 3, retryInterval: 1000 },
    })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({
      key: 'network_timeout_recovery',
      organizationId: 'org-provider',
      type: 'RETRY',
      retry: { maxRetries: 3, retryInterval: 1000, backoffMultiplier: 2 },
      enabled: true,
      applications: 0,
    })
    expect(added.body.createdBy).toMatch(/^user:/)
    expect((await api.call('POST', '/recovery-strategies', { id: 'network_timeout_recovery', name: 'again', applicableErrors: ['X'], type: 'ABORT' })).status).toBe(409)
    const list = await api.call('GET', '/recovery-strategies')
    expect(list.body.map((s: { key: string }) => s.key)).toContain('network_timeout_recovery')

    const disabled = await api.call('PATCH', '/recovery-strategies/network_timeout_recovery', { enabled: false })
    expect(disabled.status).toBe(200)
    expect(disabled.body.enabled).toBe(false)
    // A new type drops the old type's parameters; one that needs its own is refused without them.
    const refused = await api.call('PATCH', `/recovery-strategies/${added.body.id}`, { type: 'FALLBACK' })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ field: 'fallback', message: 'fallback: type FALLBACK needs fallback' })
    const skip = await api.call('PATCH', `/recovery-strategies/${added.body.id}`, { type: 'SKIP' })
    expect(skip.body).toMatchObject({ type: 'SKIP', enabled: false })
    expect(skip.body.retry).toBeUndefined()
    const removed = await api.call('DELETE', '/recovery-strategies/network_timeout_recovery')
    expect(removed.status).toBe(200)
    expect((await api.call('GET', `/recovery-strategies/${added.body.id}`)).status).toBe(404)
  })

  it('answers bad input with a 400 naming the field, and changes nothing', async () => {
    const before = (await api.call('GET', '/recovery-strategies')).body
    const cases: [unknown, string][] = [
      [{ name: 'r', applicableErrors: ['X'], type: 'RETRY' }, 'retry'],
      [{ name: 'r', applicableErrors: ['lower case'], type: 'SKIP' }, 'applicableErrors.0'],
      [{ name: 'r', applicableErrors: ['X'], type: 'REBOOT' }, 'type'],
      [{ name: 'r', applicableErrors: ['X'], type: 'RETRY', retry: { maxRetries: 99, retryInterval: 1 } }, 'retry.maxRetries'],
      [{ name: 'r', applicableErrors: ['X'], type: 'SKIP', organizationId: 'org-b' }, 'organizationId'],
    ]
    for (const [body, field] of cases) {
      const r = await api.call('POST', '/recovery-strategies', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(JSON.stringify(r.body.error), JSON.stringify(body)).toContain(field)
    }
    expect((await api.call('GET', '/recovery-strategies')).body).toEqual(before)
  })

  it('refuses a FALLBACK to a workflow or task that does not exist for the organisation, naming the field and where to find valid ones', async () => {
    const before = (await api.call('GET', '/recovery-strategies')).body
    const workflow = await api.call('POST', '/recovery-strategies', { name: 'f', applicableErrors: ['X'], type: 'FALLBACK', fallback: { workflow: 'no-such-flow' } })
    expect(workflow.status).toBe(400)
    expect(workflow.body.error.field).toBe('fallback.workflow')
    expect(workflow.body.error.message).toContain('no workflow "no-such-flow" in organisation org-provider')
    expect(workflow.body.error.message).toContain('GET /api/workflows')
    const task = await api.call('POST', '/recovery-strategies', { name: 'f', applicableErrors: ['X'], type: 'FALLBACK', fallback: { task: 'no-such-task' } })
    expect(task.status).toBe(400)
    expect(task.body.error.field).toBe('fallback.task')
    expect(task.body.error.message).toContain('GET /api/task-definitions')
    const both = await api.call('POST', '/recovery-strategies', { name: 'f', applicableErrors: ['X'], type: 'FALLBACK', fallback: { task: 'a', workflow: 'b' } })
    expect(both.status).toBe(400)
    expect(JSON.stringify(both.body.error)).toContain('exactly one of workflow or task')
    // A change to an unknown target is refused too, and changes nothing.
    const skip = (await api.call('POST', '/recovery-strategies', { name: 'skip', applicableErrors: ['X'], type: 'SKIP' })).body
    const patched = await api.call('PATCH', `/recovery-strategies/${skip.id}`, { type: 'FALLBACK', fallback: { workflow: 'no-such-flow' } })
    expect(patched.status).toBe(400)
    expect(patched.body.error.field).toBe('fallback.workflow')
    expect((await api.call('GET', `/recovery-strategies/${skip.id}`)).body.type).toBe('SKIP')
    await api.call('DELETE', `/recovery-strategies/${skip.id}`)
    expect((await api.call('GET', '/recovery-strategies')).body).toEqual(before)
  })

  it('refuses a key shaped like the console’s ids, naming the rule', async () => {
    const r = await api.call('POST', '/recovery-strategies', { id: 'rcv_0abc', name: 'r', applicableErrors: ['X'], type: 'SKIP' })
    expect(r.status).toBe(400)
    expect(r.body.error.field).toBe('id')
    expect(r.body.error.message).toContain('must not start with "rcv_"')
  })

  it('a key used in two of the caller’s organisations is ambiguous: 409 naming both, unless organizationId says which', async () => {
    await api.db.organization.create({ data: { id: 'org-twin', name: 'Twin', createdAt: new Date() } })
    const both = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-provider', 'org-twin'] })
    const add = (organizationId: string) =>
      api.call('POST', '/recovery-strategies', { id: 'shared-key', name: `In ${organizationId}`, applicableErrors: ['X'], type: 'SKIP', organizationId }, undefined, both)
    const inProvider = (await add('org-provider')).body
    const inTwin = (await add('org-twin')).body
    expect(inTwin.organizationId).toBe('org-twin')
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      const r = await api.call(method, '/recovery-strategies/shared-key', body, undefined, both)
      expect(r.status, method).toBe(409)
      expect(r.body.error.message).toContain(`org-provider: ${inProvider.id}`)
      expect(r.body.error.message).toContain(`org-twin: ${inTwin.id}`)
      expect(r.body.error.message).toContain('organizationId')
    }
    expect((await api.call('GET', '/recovery-strategies/shared-key?organizationId=org-twin', undefined, undefined, both)).body.id).toBe(inTwin.id)
    expect((await api.call('PATCH', '/recovery-strategies/shared-key?organizationId=org-twin', { enabled: false }, undefined, both)).body).toMatchObject({
      id: inTwin.id,
      enabled: false,
    })
    expect((await api.call('GET', `/recovery-strategies/${inProvider.id}`, undefined, undefined, both)).body.enabled).toBe(true)
    // A member of one of them sees one: no ambiguity.
    expect((await api.call('GET', '/recovery-strategies/shared-key')).body.id).toBe(inProvider.id)
    expect((await api.call('DELETE', '/recovery-strategies/shared-key?organizationId=org-twin', undefined, undefined, both)).status).toBe(200)
    expect((await api.call('DELETE', '/recovery-strategies/shared-key', undefined, undefined, both)).status).toBe(200)
  })

  it("keeps each organisation's strategies its own: another's is 404, a viewer may list but not change", async () => {
    await api.db.organization.create({ data: { id: 'org-b', name: 'B', createdAt: new Date() } })
    const mine = (await api.call('POST', '/recovery-strategies', { id: 'mine', name: 'Mine', applicableErrors: ['X'], type: 'ABORT' })).body
    const b = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-b'] })
    expect((await api.call('GET', '/recovery-strategies', undefined, undefined, b)).body).toEqual([])
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { enabled: false }],
      ['DELETE', undefined],
    ] as const) {
      expect((await api.call(method, `/recovery-strategies/${mine.id}`, body, undefined, b)).status).toBe(404)
      expect((await api.call(method, '/recovery-strategies/mine', body, undefined, b)).status).toBe(404)
    }
    const viewer = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-provider'] })
    expect((await api.call('GET', '/recovery-strategies', undefined, undefined, viewer)).status).toBe(200)
    expect((await api.call('PATCH', `/recovery-strategies/${mine.id}`, { enabled: false }, undefined, viewer)).status).toBe(403)
    expect((await api.call('POST', '/recovery-strategies', { name: 'v', applicableErrors: ['X'], type: 'SKIP' }, undefined, viewer)).status).toBe(403)
    expect((await api.call('GET', `/recovery-strategies/${mine.id}`)).body).toMatchObject({ enabled: true, name: 'Mine' })
    await api.call('DELETE', `/recovery-strategies/${mine.id}`)
  })
})

describe('supervision applies them to steps reported failed over REST', () => {
  it('RETRY: the step starts again once the backoff has passed, and the strategy counts it', async () => {
    const strategy = (
      await api.call('POST', '/recovery-strategies', {
        id: 'desk-rate-limits',
        name: 'Back off on rate limits',
        applicableErrors: ['RATE_LIMIT_EXCEEDED'],
        type: 'RETRY',
        retry: { maxRetries: 2, retryInterval: 300, backoffMultiplier: 2 },
        serviceId: 'sdr-service',
      })
    ).body
    const id = await reported(['classify'])
    expect((await failStep(id, 'classify', 'RATE_LIMIT_EXCEEDED')).status).toBe(200)
    expect((await supervisor.tick()).recovered).toEqual([id])
    expect((await stepOf(id, 'classify')).status).toBe('failed') // the backoff first
    const [event] = await applied(id)
    expect(event).toMatchObject({
      step: 'classify',
      data: {
        strategyId: strategy.id,
        strategyKey: 'desk-rate-limits',
        type: 'RETRY',
        code: 'RATE_LIMIT_EXCEEDED',
        result: { success: true, action: 'RETRY', message: 'Retrying step classify after 0.3s (attempt 1/2)' },
      },
    })
    expect((await supervisor.tick()).recovered).toEqual([]) // decided once
    await new Promise((r) => setTimeout(r, 350))
    expect((await supervisor.tick()).recovered).toEqual([id])
    expect(await stepOf(id, 'classify')).toMatchObject({ status: 'running', attempt: 2 })
    expect((await api.call('GET', '/recovery-strategies/desk-rate-limits')).body.applications).toBe(1)
    // Failed twice more: one more retry, then its budget is spent and the execution aborts.
    await failStep(id, 'classify', 'RATE_LIMIT_EXCEEDED')
    await supervisor.tick()
    await new Promise((r) => setTimeout(r, 650))
    await supervisor.tick()
    expect(await stepOf(id, 'classify')).toMatchObject({ status: 'running', attempt: 3 })
    await failStep(id, 'classify', 'RATE_LIMIT_EXCEEDED')
    await supervisor.tick()
    expect((await api.call('GET', `/executions/${id}`)).body.status).toBe('failed')
    expect((await applied(id)).map((e) => (e.data.result as { action: string }).action)).toEqual(['RETRY', 'RETRY', 'ABORT'])
    await api.call('DELETE', '/recovery-strategies/desk-rate-limits')
  })

  it('SKIP: the step is skipped and the execution runs on', async () => {
    await api.call('POST', '/recovery-strategies', { id: 'skip-enrichment', name: 'Enrichment is optional', applicableErrors: ['DATA_NOT_FOUND'], type: 'SKIP' })
    const id = await reported(['enrich'])
    await failStep(id, 'enrich', 'DATA_NOT_FOUND')
    await supervisor.tick()
    expect((await stepOf(id, 'enrich')).status).toBe('skipped')
    expect((await api.call('GET', `/executions/${id}`)).body.status).toBe('running')
    expect((await applied(id))[0]!.data.result).toEqual({ success: true, action: 'SKIP', message: 'Skipped step enrich after DATA_NOT_FOUND; the execution goes on' })
    await api.call('DELETE', '/recovery-strategies/skip-enrichment')
  })

  it('ABORT: the execution fails with no automatic retry', async () => {
    await api.call('POST', '/recovery-strategies', { id: 'no-retry-on-denial', name: 'Never retry a denial', applicableErrors: ['PERMISSION_DENIED'], type: 'ABORT' })
    const id = await reported(['send'])
    await failStep(id, 'send', 'PERMISSION_DENIED')
    await supervisor.tick()
    const execution = (await api.call('GET', `/executions/${id}`)).body
    expect(execution.status).toBe('failed')
    expect(execution.error).toMatchObject({ code: 'PERMISSION_DENIED', recoverable: false })
    expect((await supervisor.tick()).retried).not.toContain(id)
    await api.call('DELETE', '/recovery-strategies/no-retry-on-denial')
  })

  it('CHECKPOINT_RESTORE: failed, back to the checkpoint and retried; what it had finished stays finished', async () => {
    await api.call('POST', '/recovery-strategies', {
      id: 'restore-imports',
      name: 'Resume imports',
      applicableErrors: ['DATABASE_ERROR'],
      type: 'CHECKPOINT_RESTORE',
      restore: { checkpoint: 'latest' },
    })
    const id = await reported(['load'])
    await api.call('POST', `/executions/${id}/steps/load/complete`, { output: { rows: 10 } })
    expect(
      (
        await api.call('POST', `/executions/${id}/checkpoints`, {
          step: 'load',
          state: { currentStep: 1, totalSteps: 2, completedSteps: ['load'], pendingSteps: ['write'], variables: { cursor: 10 }, results: {} },
        })
      ).status,
    ).toBe(201)
    await api.call('POST', `/executions/${id}/steps`, { id: 'write' })
    await failStep(id, 'write', 'DATABASE_ERROR')
    await supervisor.tick()
    // Failed, restored and retried in the supervisor's changes: running again, for its service to go on.
    const types = ((await api.call('GET', `/executions/${id}/events?limit=200`)).body.items as { type: string }[]).map((e) => e.type)
    expect(types.slice(types.indexOf('execution.recovery.applied'))).toEqual(expect.arrayContaining(['execution.failed', 'execution.checkpoint.restored', 'execution.retry']))
    expect((await api.call('GET', `/executions/${id}`)).body.status).not.toBe('failed')
    expect((await stepOf(id, 'load')).status).toBe('completed')
    expect((await stepOf(id, 'write')).status).toBe('pending')
    const [event] = await applied(id)
    expect(event!.data.result).toMatchObject({ success: true, action: 'CHECKPOINT_RESTORE', newState: { checkpointId: expect.stringMatching(/^ckpt_/) } })
    await api.call('DELETE', '/recovery-strategies/restore-imports')
  })

  it('FALLBACK with no engine to start the workflow aborts, saying why', async () => {
    api.services.definitions.registerTemplate({ id: 'manual-review', name: 'Manual review', service: 'sdr-service', steps: [{ id: 'review', type: 'sys.wait', duration: 5 }] }, [
      'org-provider',
    ])
    await api.call('POST', '/recovery-strategies', {
      id: 'hand-off',
      name: 'Hand off',
      applicableErrors: ['MODEL_ERROR'],
      type: 'FALLBACK',
      fallback: { workflow: 'manual-review' },
    })
    const id = await reported(['draft'])
    await failStep(id, 'draft', 'MODEL_ERROR')
    await supervisor.tick()
    expect((await api.call('GET', `/executions/${id}`)).body.status).toBe('failed')
    const [event] = await applied(id)
    expect(event!.data.result).toMatchObject({ success: false, action: 'ABORT' })
    expect((event!.data.result as { message: string }).message).toContain('Could not fall back to workflow manual-review: the engine is not running')
    await api.call('DELETE', '/recovery-strategies/hand-off')
  })

  it('FALLBACK to a task: the failed step runs again as an instance for a worker, whose result completes it', async () => {
    api.services.definitions.registerTask(
      withTaskDefaults({ id: 'desk-by-hand', version: '1.0.0', name: 'Done by hand', timeout: 60_000, outputSchema: { type: 'object', required: ['done'] } }),
      'org-provider',
      null,
    )
    const added = await api.call('POST', '/recovery-strategies', {
      id: 'to-a-person',
      name: 'To a person',
      applicableErrors: ['DESK_DOWN'],
      type: 'FALLBACK',
      fallback: { task: 'desk-by-hand', input: { reason: 'desk down' } },
    })
    expect(added.status, JSON.stringify(added.body)).toBe(201)
    expect(added.body.fallback).toEqual({ task: 'desk-by-hand', input: { reason: 'desk down' } })
    const admin = principal('admin', ['org-provider'])
    const workerKey = { authorization: `Bearer ${api.access.apiKeys.create({ name: 'hands', organizationId: 'org-provider', scope: 'worker' }, admin).key}` }
    const worker = await api.call('POST', '/workers', { name: 'hands', version: '1.0.0', tasks: [{ task: 'desk-by-hand' }], concurrency: 1 }, undefined, workerKey)
    expect(worker.status, JSON.stringify(worker.body)).toBe(201)
    const id = await reported(['draft'])
    await failStep(id, 'draft', 'DESK_DOWN')
    await supervisor.tick()
    const [event] = await applied(id)
    expect(event!.data.result).toMatchObject({ success: true, action: 'FALLBACK', newState: { fallbackTask: 'desk-by-hand', taskVersion: '1.0.0' } })
    expect(await stepOf(id, 'draft')).toMatchObject({ status: 'running', attempt: 2 })
    const [task] = (await api.call('POST', `/workers/${worker.body.id}/claim`, { max: 1, waitMs: 2_000 }, undefined, workerKey)).body
    expect(task).toMatchObject({ taskId: (event!.data.result as { newState: { taskInstanceId: string } }).newState.taskInstanceId, input: { reason: 'desk down' } })
    const done = await api.call('POST', `/tasks/${task.taskId}/complete`, { leaseToken: task.leaseToken, output: { done: 'by hand' } }, undefined, workerKey)
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    const step = ((await api.call('GET', `/executions/${id}/steps`)).body as { id: string; status: string; output: unknown }[]).find((s) => s.id === 'draft')!
    expect(step).toMatchObject({ status: 'completed', output: { done: 'by hand' } })
    await api.call('DELETE', '/recovery-strategies/to-a-person')
  })

  it('carries out a decision whose action a crash kept from following its event, on the next look', async () => {
    const strategy = (await api.call('POST', '/recovery-strategies', { id: 'skip-after-crash', name: 'Skip', applicableErrors: ['DATA_NOT_FOUND'], type: 'SKIP' })).body
    const id = await reported(['enrich'])
    await failStep(id, 'enrich', 'DATA_NOT_FOUND')
    // The event of a skip was committed, then the console died before the skip.
    await api.services.executions.recoveryApplied(
      id,
      { type: 'system', id: 'supervisor' },
      { strategy, code: 'DATA_NOT_FOUND', step: 'enrich', result: { success: true, action: 'SKIP', message: 'Skipped' } },
    )
    expect((await supervisor.tick()).recovered).toEqual([id])
    expect((await stepOf(id, 'enrich')).status).toBe('skipped')
    expect(await applied(id)).toHaveLength(1) // not decided, nor recorded, again
    await api.call('DELETE', '/recovery-strategies/skip-after-crash')
  })

  it('leaves a failure no strategy names to the service', async () => {
    await api.call('POST', '/recovery-strategies', { id: 'other-code', name: 'Other', applicableErrors: ['QUOTA_EXCEEDED'], type: 'ABORT' })
    const id = await reported(['classify'])
    await failStep(id, 'classify', 'API_TIMEOUT')
    expect((await supervisor.tick()).recovered).toEqual([])
    expect((await stepOf(id, 'classify')).status).toBe('failed')
    expect((await api.call('GET', `/executions/${id}`)).body.status).toBe('running')
    expect(await applied(id)).toEqual([])
  })
})
