// Operator actions on executions the engine keeps busy: they land by intent (the status the
// operator saw), over REST and tRPC alike, while the version moves with every step boundary;
// strict callers still get their stale-version refusal. Empty bodies mean "no options". An
// execution of a workflow no engine worker runs is never shown running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureCatalog } from '@/server/built-in/install'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow } from '@/server/engine/workflow'
import { systemClock } from '@/server/lib/clock'
import { principal, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
beforeAll(async () => {
  api = await startRestServer()
  await api.db.organization.create({ data: { id: 'org-self-serve', name: 'Self-serve', createdAt: new Date() } })
  ensureCatalog(api.writer, Date.now()) // the demo's services
  // A 1,000-step batch as the demo's, at full speed: a step boundary every millisecond or so.
  const batch = defineWorkflow({
    id: 'batch-processing',
    version: 1,
    name: 'Batch Data Processing',
    service: 'batch-processing-service',
    steps: Array.from({ length: 1_000 }, (_, i) => ({
      id: `item-${i + 1}`,
      name: `Process item ${i + 1}`,
      assignee: 'system' as const,
      handler: async (ctx) => {
        await systemClock.sleep(1, ctx.signal)
        return { ok: true }
      },
    })),
  })
  engine = createEngine({ store: api.writer, executions: api.executions, bus: api.bus, workflows: [batch], concurrency: 8, pollMs: 50 })
  await engine.start()
})
afterAll(async () => {
  await engine.stop()
  await api.close()
})

const operatorApi = () => createCaller(contextFor(api.services, principal('operator', ['org-provider', 'org-self-serve'], 'olivia')))

/** A 1,000-step batch the engine is running, with its version moving. */
async function busyBatch() {
  const started = await engine.startWorkflow('batch-processing', { customer: 'org-self-serve' })
  for (let i = 0; ; i++) {
    const now = await api.queries.get(started.$id)
    if (now.status === 'running' && now.metrics!.stepsCompleted >= 20) return now
    if (i > 500) throw new Error(`batch ${started.$id} did not get going: ${now.status}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const statusOf = async (id: string) => (await api.queries.get(id)).status

describe('operator actions on busy executions', () => {
  it('pause, resume and cancel land over REST without a version, while the engine moves it on', async () => {
    for (let round = 0; round < 3; round++) {
      const seen = await busyBatch()
      await new Promise((r) => setTimeout(r, 50))
      expect((await api.queries.get(seen.$id)).version).toBeGreaterThan(seen.version) // busy: the version has moved on
      const paused = await api.call('POST', `/executions/${seen.$id}/pause`, {})
      expect(paused.status).toBe(200)
      expect(paused.body.status).toBe('paused')
      await new Promise((r) => setTimeout(r, 100))
      expect(await statusOf(seen.$id)).toBe('paused') // the engine stopped; nothing undid the pause
      const resumed = await api.call('POST', `/executions/${seen.$id}/resume`, { expectedStatus: 'paused' })
      expect(resumed.body.status).toBe('running')
      const cancelled = await api.call('POST', `/executions/${seen.$id}/cancel`, { reason: 'wrong input file', expectedStatus: ['running'] })
      expect(cancelled.status).toBe(200)
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'wrong input file' })
    }
  })

  it('pause and cancel land over tRPC without a version; bulk cancel of busy batches lands for every one', async () => {
    const trpc = operatorApi()
    const one = await busyBatch()
    expect((await trpc.executions.pause({ id: one.$id })).status).toBe('paused')
    expect((await trpc.executions.resume({ id: one.$id, expectedStatus: ['paused'] })).status).toBe('running')
    expect((await trpc.executions.cancel({ id: one.$id, reason: 'stop' })).status).toBe('cancelled')

    const batches = await Promise.all([busyBatch(), busyBatch(), busyBatch()])
    const result = await trpc.executions.bulk({ operation: 'cancel', ids: batches.map((b) => b.$id), reason: 'bulk stop' })
    expect(result).toMatchObject({ matched: 3, changed: 3, refusedCount: 0 })
    for (const b of batches) expect(await statusOf(b.$id)).toBe('cancelled')
  })

  it('refuses a stale expectedVersion when a caller asks for one, and a status that moved on, naming what it is now', async () => {
    const seen = await busyBatch()
    await new Promise((r) => setTimeout(r, 50))
    const stale = await api.call('POST', `/executions/${seen.$id}/pause`, { expectedVersion: seen.version })
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toMatch(/stale version: expected \d+ but execution .* is at version \d+ \(status running\)/)
    expect(await statusOf(seen.$id)).toBe('running')
    await expect(operatorApi().executions.pause({ id: seen.$id, expectedVersion: seen.version })).rejects.toMatchObject({ code: 'CONFLICT' })

    await api.call('POST', `/executions/${seen.$id}/pause`, {})
    // An operator who still saw it running asks to pause it again: refused with what it is now.
    const moved = await api.call('POST', `/executions/${seen.$id}/cancel`, { expectedStatus: 'running' })
    expect(moved.status).toBe(409)
    expect(moved.body.error.message).toBe('cannot cancel: execution is paused now, not running as expected; allowed: resume, cancel')
    expect(await statusOf(seen.$id)).toBe('paused')
    await api.call('POST', `/executions/${seen.$id}/cancel`, {})
  })
})

describe('action endpoints', () => {
  it('take an empty body as "no options", with or without a JSON content type (curl -H "Content-Type: application/json")', async () => {
    const created = await api.call('POST', '/executions', { service: 'sdr-service', retryPolicy: { maxRetries: 0, backoff: 'linear', initialDelay: 1, maxDelay: 1 } })
    const id = created.body.$id as string
    const post = (path: string, headers: Record<string, string>) => fetch(`${api.base}/executions/${id}/${path}`, { method: 'POST', headers: { ...api.admin, ...headers } })
    const json = { 'content-type': 'application/json' }
    expect((await post('start', json)).status).toBe(200)
    expect((await post('heartbeat', json)).status).toBe(200)
    expect((await post('pause', { ...json, 'content-length': '0' })).status).toBe(200)
    expect((await post('resume', {})).status).toBe(200)
    await api.call('POST', `/executions/${id}/fail`, { code: 'API_ERROR', message: 'boom' })
    // An operator's retry of a service's execution waits for the service to run it again.
    expect((await (await post('retry', json)).json()).status).toBe('retry')
    expect((await post('cancel', json)).status).toBe(200)
    // A body that is there must still be JSON.
    const broken = await fetch(`${api.base}/executions/${id}/cancel`, { method: 'POST', headers: { ...api.admin, ...json }, body: '{"reason":' })
    expect(broken.status).toBe(400)
  })
})

describe('runners', () => {
  it('shows who runs an execution: a workflow on the engine, a service over the API', async () => {
    const batch = await busyBatch()
    expect(batch.runner).toMatchObject({ kind: 'engine', label: 'Batch Data Processing v1 on the engine', workflow: { id: 'batch-processing@1' }, workers: 1 })
    await api.call('POST', `/executions/${batch.$id}/cancel`, {})
    const outside = await api.call('POST', '/executions', { service: 'sdr-service' })
    expect(outside.body.runner).toEqual({ kind: 'service', label: 'sdr-service over the API', waiting: 'waiting for sdr-service to start it' })
    const byRunner = async (runner: string) => (await api.call('GET', `/executions?runner=${runner}&limit=500`)).body.items.map((e: { $id: string }) => e.$id)
    expect(await byRunner('service')).toContain(outside.body.$id)
    expect(await byRunner('engine')).toContain(batch.$id)
    expect(await byRunner('engine')).not.toContain(outside.body.$id)
  })

  it('never shows running an execution of a workflow no engine worker runs: started or retried, it waits for a worker, named', async () => {
    await api.db.workflowDefinition.create({
      data: {
        id: 'legacy-import@3',
        key: 'legacy-import',
        version: 3,
        name: 'Legacy Import',
        serviceId: 'batch-processing-service',
        definition: { steps: [] },
        createdAt: new Date(),
      },
    })
    const created = await api.call('POST', '/executions', { service: 'batch-processing-service', workflowTemplateVersionId: 'legacy-import@3', steps: [{ id: 'load' }] })
    const id = created.body.$id as string
    expect(created.body.runner).toEqual({
      kind: 'none',
      label: 'no worker for Legacy Import v3',
      workflow: { id: 'legacy-import@3', name: 'Legacy Import', version: 3 },
      workers: 0,
      waiting: 'waiting for a worker for Legacy Import v3',
    })

    const started = await api.call('POST', `/executions/${id}/start`, {})
    expect(started.body.status).toBe('starting')
    expect(started.body.runner.waiting).toBe('waiting for a worker for Legacy Import v3')
    const again = await api.call('POST', `/executions/${id}/start`, {})
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/already starting; an engine worker for legacy-import@3 begins it/)

    await api.call('POST', `/executions/${id}/fail`, { code: 'DATABASE_ERROR', message: 'deadlock' })
    const retried = await api.call('POST', `/executions/${id}/retry`, {})
    expect(retried.body.status).toBe('retry')
    expect(retried.body.runner).toMatchObject({ kind: 'none', waiting: 'waiting for a worker for Legacy Import v3' })
    await new Promise((r) => setTimeout(r, 300)) // the engine looks, and leaves what it does not run
    expect(await statusOf(id)).toBe('retry')
    expect((await api.call('GET', '/executions?runner=none')).body.items.map((e: { $id: string }) => e.$id)).toContain(id)
  })
})

describe('hostile input on the new surfaces', () => {
  it('refuses JSON nested past the limit with a 400 that says so, however deep, and writes nothing', async () => {
    const created = await api.call('POST', '/executions', { service: 'sdr-service' })
    const id = created.body.$id as string
    await api.call('POST', `/executions/${id}/start`, {})
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
    for (const depth of [65, 5_000, 150_000]) {
      const res = await api.call(
        'POST',
        `/executions/${id}/checkpoints`,
        undefined,
        `{"step":"a","state":{"currentStep":0,"totalSteps":1,"completedSteps":[],"pendingSteps":[],"results":{},"variables":${nested(depth)}}}`,
      )
      expect(res.status, `depth ${depth}`).toBe(400)
      expect(res.body.error.message).toMatch(/nested more than 64 levels deep; allowed: up to 64/)
    }
    const ok = await api.call(
      'POST',
      `/executions/${id}/checkpoints`,
      undefined,
      `{"step":"a","state":{"currentStep":0,"totalSteps":1,"completedSteps":[],"pendingSteps":[],"results":{},"variables":${nested(60)}}}`,
    )
    expect(ok.status).toBe(201)
    expect((await api.call('GET', `/executions/${id}/checkpoints`)).body).toHaveLength(1)
    const deepContext = await api.call('PUT', `/executions/${id}`, undefined, `{"context":${nested(1_500)}}`)
    expect(deepContext.status).toBe(400)
  })

  it("keeps a caller's checkpoint from posing as the engine's", async () => {
    const created = await api.call('POST', '/executions', { service: 'sdr-service' })
    await api.call('POST', `/executions/${created.body.$id}/start`, {})
    await api.call('POST', `/executions/${created.body.$id}/checkpoints`, {
      step: 'a',
      state: { currentStep: 0, totalSteps: 1, completedSteps: [], pendingSteps: ['a'], variables: { forged: true }, results: {} },
      metadata: { reason: 'step', note: 'mine' },
    })
    expect((await api.call('GET', `/executions/${created.body.$id}/checkpoints`)).body[0].metadata).toEqual({ reason: 'reported', note: 'mine' })
  })

  it('answers a wrong method or content type on an action route with a client error naming it, never a 500', async () => {
    const created = await api.call('POST', '/executions', { service: 'sdr-service' })
    const url = `${api.base}/executions/${created.body.$id}`
    // 405 naming the method the action takes (Allow), not a 404 that reads as "no such route".
    for (const path of ['heartbeat', 'pause', 'start']) {
      const res = await fetch(`${url}/${path}`, { headers: api.admin })
      expect([res.status, res.headers.get('allow')], path).toEqual([405, 'POST'])
    }
    expect((await fetch(`${url}/start`, { method: 'HEAD', headers: api.admin })).status).toBe(405)
    const form = await fetch(`${url}/start`, { method: 'POST', headers: { ...api.admin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'reason=x' })
    expect(form.status).toBe(415)
    expect((await form.json()).error.message).toBe('body: sent as application/x-www-form-urlencoded; send it as JSON with Content-Type: application/json')
    expect((await api.queries.get(created.body.$id)).status).toBe('queued')
  })
})
