// The worker protocol over a WebSocket (`WS /api/workers/{id}/connect`): tasks pushed as the
// worker gives room, reports answered by id, stops pushed at a pause; let in through the same front
// door as REST (a worker key of the worker's organisation, the rate limit), hostile frames refused
// with a reason, and the socket closed once its key is revoked.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createEngine, type Engine } from '@/server/engine/engine'
import { forgetConfig } from '@/server/config'
import { principal, startRestServer, until } from './helpers'

/** What `find` finds, once it finds something (10 s at most). */
const found = <T>(find: () => T | undefined | Promise<T | undefined>) => until(find, (v) => v !== undefined && v !== false) as Promise<T>

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
const admin = principal('admin', ['org-provider'])
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
let writeKey: Record<string, string>
let workerKey: Record<string, string>
beforeAll(async () => {
  // Open streams look for a revoked key this often here (5 s in the console).
  process.env.STREAM_RECHECK_MS = '200'
  forgetConfig()
  api = await startRestServer({ taskLeaseMs: 5_000 })
  engine = createEngine({ store: api.writer, executions: api.executions, bus: api.bus, workflows: [], pollMs: 100 })
  api.attachEngine(engine)
  await engine.start()
  await api.db.organization.create({ data: { id: 'org-other', name: 'Other team', createdAt: new Date() } })
  writeKey = bearer(api.access.apiKeys.create({ name: 'deployer', organizationId: 'org-provider', scope: 'write' }, admin).key)
  workerKey = bearer(api.access.apiKeys.create({ name: 'worker', organizationId: 'org-provider', scope: 'worker' }, admin).key)
})
afterAll(async () => {
  delete process.env.STREAM_RECHECK_MS
  forgetConfig()
  await engine.stop()
  api.services.tasks.stop()
  await api.close()
})

/** A task type, a two-step template of it, and a worker registered for it. */
async function setUp(headers = workerKey) {
  const suffix = randomUUID().slice(0, 8)
  const task = `socket-task-${suffix}`
  expect((await api.call('POST', '/task-definitions', { id: task, version: '1.0.0', name: 'A task', timeout: 60_000 }, undefined, writeKey)).status).toBe(201)
  const workflow = `socket-flow-${suffix}`
  const steps = [
    { id: 'first', type: 'task', task },
    { id: 'second', type: 'task', task, dependsOn: ['first'], input: { previous: '__steps__.first.outputData.n' } },
  ]
  expect((await api.call('POST', '/workflow-templates', { id: workflow, name: 'Two tasks', service: 'sdr-service', steps }, undefined, writeKey)).status).toBe(201)
  const worker = await api.call('POST', '/workers', { name: 'socket worker', version: '1.0.0', tasks: [{ task }], concurrency: 2 }, undefined, headers)
  expect(worker.status).toBe(201)
  const start = async () => (await api.call('POST', `/workflows/${workflow}/executions`, { input: {} }, undefined, writeKey)).body.$id as string
  return { task, workflow, workerId: worker.body.id as string, start }
}

interface Connection {
  ws: WebSocket
  messages: any[] // eslint-disable-line @typescript-eslint/no-explicit-any
  closed: Promise<{ code: number; reason: string }>
  /** Sends a report and waits for its answer. */
  ask(message: Record<string, unknown>): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The next pushed message of a type. */
  next(type: string): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Opens the worker's socket; resolves with the HTTP status when the upgrade is refused. */
function connect(workerId: string, headers: Record<string, string>): Promise<Connection | { refused: number; body: string }> {
  const ws = new WebSocket(`${api.origin.replace('http', 'ws')}/api/workers/${workerId}/connect`, { headers })
  const messages: Connection['messages'] = []
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  let nextId = 1
  let seen = 0
  return new Promise((resolve) => {
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        closed,
        async ask(message) {
          const id = nextId++
          ws.send(JSON.stringify({ ...message, id }))
          return found(() => messages.find((m) => m.re === id))
        },
        async next(type) {
          const message = await found(() => messages.slice(seen).find((m) => m.type === type))
          seen = messages.indexOf(message) + 1
          return message
        },
      }),
    )
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }))
    })
  })
}
const opened = async (workerId: string, headers = workerKey) => {
  const c = await connect(workerId, headers)
  if ('refused' in c) throw new Error(`refused ${c.refused}: ${c.body}`)
  return c
}

describe('the worker socket', () => {
  it('pushes tasks as the worker gives room, takes their results, and runs the workflow to its end', async () => {
    const { workerId, start } = await setUp()
    const c = await opened(workerId)
    c.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const executionId = await start()
    const first = (await c.next('tasks')).tasks[0]
    expect(first).toMatchObject({ executionId, stepId: 'first', attempt: 1 })
    // Claimed started: RUNNING with this worker as its executor.
    const instance = (await api.call('GET', `/tasks?executionId=${executionId}`, undefined, undefined, writeKey)).body[0]
    expect(instance).toMatchObject({ status: 'RUNNING', executorId: workerId })

    expect(await c.ask({ op: 'heartbeat', taskId: first.taskId, leaseToken: first.leaseToken })).toEqual({ re: expect.any(Number), ok: { stop: false } })
    expect(await c.ask({ op: 'complete', taskId: first.taskId, leaseToken: first.leaseToken, output: { n: 41 } })).toMatchObject({ ok: { taken: true } })
    // The same report again is taken as the first (a worker that did not hear the answer sends it again).
    expect(await c.ask({ op: 'complete', taskId: first.taskId, leaseToken: first.leaseToken, output: { n: 41 } })).toMatchObject({ ok: { taken: true } })
    // A result for a task it does not hold (a wrong token) is refused, naming why.
    const wrong = await c.ask({ op: 'complete', taskId: first.taskId, leaseToken: 'not-the-token', output: { n: 1 } })
    expect(wrong.error).toMatchObject({ code: 'CONFLICT' })

    // Room for one more: the next step is pushed, with its input made from the first's output.
    c.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const second = (await c.next('tasks')).tasks[0]
    expect(second).toMatchObject({ executionId, stepId: 'second', input: { previous: 41 } })
    expect(await c.ask({ op: 'complete', taskId: second.taskId, leaseToken: second.leaseToken, output: null })).toMatchObject({ ok: { taken: true } })
    await found(async () => (await api.call('GET', `/executions/${executionId}`, undefined, undefined, writeKey)).body.status === 'completed' || undefined)
    c.ws.close()
  })

  it('takes a result as the step boundary: the next step starts in the same change and comes back in the answer; the last result completes the execution', async () => {
    const { workerId, start } = await setUp()
    const c = await opened(workerId)
    c.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const executionId = await start()
    const first = (await c.next('tasks')).tasks[0]
    expect(first).toMatchObject({ executionId, stepId: 'first' })
    // The result gives its slot back: the answer carries the step it started, already this worker's.
    const answer = await c.ask({ op: 'complete', taskId: first.taskId, leaseToken: first.leaseToken, output: { n: 7 }, claim: 1 })
    expect(answer).toMatchObject({ ok: { taken: true }, tasks: [{ executionId, stepId: 'second', attempt: 1, input: { previous: 7 } }] })
    const second = answer.tasks[0]
    const instances = (await api.call('GET', `/tasks?executionId=${executionId}`, undefined, undefined, writeKey)).body
    expect(instances.find((t: { $id: string }) => t.$id === second.taskId)).toMatchObject({ status: 'RUNNING', executorId: workerId })
    // One change: the first step's completion and the second's start are one commit, the start the engine's.
    const events = (await api.call('GET', `/executions/${executionId}/events?limit=100`, undefined, undefined, writeKey)).body.items as {
      type: string
      step?: string
      actor: { type: string }
      timestamp: string
    }[]
    const completedFirst = events.find((e) => e.type === 'execution.step.completed' && e.step === 'first')!
    const startedSecond = events.find((e) => e.type === 'execution.step.started' && e.step === 'second')!
    expect(startedSecond.timestamp).toBe(completedFirst.timestamp)
    expect(completedFirst.actor.type).toBe('api')
    expect(startedSecond.actor.type).toBe('engine')
    // Nothing else was pushed for it: the answer was the hand-over.
    expect(
      c.messages
        .filter((m) => m.type === 'tasks')
        .flatMap((m) => m.tasks)
        .map((t: { stepId: string }) => t.stepId),
    ).toEqual(['first'])

    const last = await c.ask({ op: 'complete', taskId: second.taskId, leaseToken: second.leaseToken, output: { done: true }, claim: 1 })
    expect(last).toMatchObject({ ok: { taken: true } })
    expect(last.tasks).toBeUndefined()
    const execution = (await api.call('GET', `/executions/${executionId}`, undefined, undefined, writeKey)).body
    expect(execution.status).toBe('completed')
    expect(execution.result.output).toMatchObject({ first: { n: 7 }, second: { done: true } })
    c.ws.close()
  })

  it('hands the next step to a worker that waits longer rather than to the one that reported', async () => {
    const { task, workerId, start } = await setUp()
    const other = await api.call('POST', '/workers', { name: 'idle worker', version: '1.0.0', tasks: [{ task }], concurrency: 2 }, undefined, workerKey)
    const reporter = await opened(workerId)
    reporter.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const executionId = await start()
    const first = (await reporter.next('tasks')).tasks[0]
    // Now another worker of the same task type waits with room.
    const idle = await opened(other.body.id)
    idle.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    await new Promise((r) => setTimeout(r, 200))
    const answer = await reporter.ask({ op: 'complete', taskId: first.taskId, leaseToken: first.leaseToken, output: { n: 1 }, claim: 1 })
    expect(answer).toMatchObject({ ok: { taken: true } })
    expect(answer.tasks).toBeUndefined()
    const second = (await idle.next('tasks')).tasks[0]
    expect(second).toMatchObject({ executionId, stepId: 'second' })
    expect(await idle.ask({ op: 'complete', taskId: second.taskId, leaseToken: second.leaseToken, output: null })).toMatchObject({ ok: { taken: true } })
    await found(async () => (await api.call('GET', `/executions/${executionId}`, undefined, undefined, writeKey)).body.status === 'completed' || undefined)
    reporter.ws.close()
    idle.ws.close()
  })

  it("takes the room a report gives back whatever becomes of the report, and never more than the worker's concurrency", async () => {
    const { workerId, start } = await setUp() // concurrency 2
    const c = await opened(workerId)
    c.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const executionId = await start()
    const first = (await c.next('tasks')).tasks[0]
    // A report the console cannot read (a message past 10,000 characters) is refused — and its room is still taken, and said so.
    const refused = await c.ask({ op: 'fail', taskId: first.taskId, leaseToken: first.leaseToken, error: { code: 'X', message: 'x'.repeat(10_001) }, claim: 1 })
    expect(refused).toMatchObject({ error: { code: 'BAD_REQUEST' }, room: 1 })
    // The room is there: another execution's first task is pushed to it.
    const other = await start()
    expect((await c.next('tasks')).tasks[0]).toMatchObject({ executionId: other, stepId: 'first' })
    // A result that offers more room than the worker has is held to its concurrency.
    for (let i = 0; i < 3; i++) await start()
    const answer = await c.ask({ op: 'complete', taskId: first.taskId, leaseToken: first.leaseToken, output: { n: 1 }, claim: 100 })
    expect(answer).toMatchObject({ ok: { taken: true }, room: 2 })
    expect(answer.tasks.length).toBeLessThanOrEqual(2)
    expect(answer.tasks.map((t: { executionId: string }) => t.executionId)).toContain(executionId) // its next step first
    c.ws.close()
  })

  it('pushes no task beyond the room the worker gave', async () => {
    const { workerId, start } = await setUp()
    const c = await opened(workerId)
    c.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    await start()
    await start()
    await c.next('tasks')
    await new Promise((r) => setTimeout(r, 500))
    expect(c.messages.filter((m) => m.type === 'tasks').flatMap((m) => m.tasks)).toHaveLength(1)
    c.ws.close()
  })

  it('pushes a stop for a task whose execution is paused', async () => {
    const { workerId, start } = await setUp()
    const c = await opened(workerId)
    c.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const executionId = await start()
    const task = (await c.next('tasks')).tasks[0]
    expect((await api.call('POST', `/executions/${executionId}/pause`, {}, undefined, writeKey)).status).toBe(200)
    expect((await c.next('stop')).tasks).toEqual([task.taskId])
    // The timeline names who paused it and whose worker started the step: the API keys' names.
    const events = (await api.call('GET', `/executions/${executionId}/events`, undefined, undefined, writeKey)).body.items as {
      type: string
      actor: { type: string; name?: string }
    }[]
    expect(events.find((e) => e.type === 'execution.paused')!.actor).toMatchObject({ type: 'api', name: 'deployer' })
    // Its result is no longer taken.
    expect((await c.ask({ op: 'complete', taskId: task.taskId, leaseToken: task.leaseToken, output: null })).error).toMatchObject({ code: 'CONFLICT' })
    c.ws.close()
  })

  it('refuses hostile frames with a reason, and keeps serving', async () => {
    const { workerId } = await setUp()
    const c = await opened(workerId)
    c.ws.send('{not json')
    c.ws.send(JSON.stringify({ op: 'drop-tables', id: 7 }))
    c.ws.send(JSON.stringify({ op: 'complete', id: 8, taskId: 'task_x', leaseToken: 'x', output: { __proto__: { polluted: true } } }))
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true })
    // Fields the protocol does not name are refused by name, as REST refuses them.
    c.ws.send('{"op":"heartbeat","id":9,"taskId":"task_x","leaseToken":"x","__proto__":{"polluted":true}}')
    c.ws.send('{"op":"heartbeat","id":10,"taskId":"task_x","leaseToken":"x","constructor":1}')
    await found(() => c.messages.length >= 6 || undefined)
    for (const [re, key] of [
      [9, '__proto__'],
      [10, 'constructor'],
    ] as const) {
      const refused = c.messages.find((m) => m.re === re)
      expect(refused.error.code, key).toBe('BAD_REQUEST')
      expect(refused.error.message, key).toContain(key)
    }
    const [notJson, unknownOp, noSuchTask, binary] = [
      c.messages.find((m) => !('re' in m) && m.error?.message?.includes('not JSON')),
      c.messages.find((m) => m.re === 7),
      c.messages.find((m) => m.re === 8),
      c.messages.find((m) => m.error?.code === 'UNSUPPORTED_MEDIA_TYPE'),
    ]
    expect(notJson.error).toMatchObject({ code: 'BAD_REQUEST', field: 'message' })
    expect(unknownOp.error.code).toBe('BAD_REQUEST')
    expect(unknownOp.error.message).toContain('op')
    expect(noSuchTask.error.code).toBe('NOT_FOUND')
    expect(binary).toBeDefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // Still open and answering.
    expect((await c.ask({ op: 'heartbeat', taskId: 'task_x', leaseToken: 'x' })).error.code).toBe('NOT_FOUND')
    c.ws.close()
  })

  it('lets in only a key that may work, for a worker of its own organisation', async () => {
    const { workerId } = await setUp()
    expect(await connect(workerId, {})).toMatchObject({ refused: 401 })
    const readKey = bearer(api.access.apiKeys.create({ name: 'reader', organizationId: 'org-provider', scope: 'read' }, admin).key)
    expect(await connect(workerId, readKey)).toMatchObject({ refused: 403 })
    const otherOrg = bearer(api.access.apiKeys.create({ name: 'other', organizationId: 'org-other', scope: 'worker' }, principal('admin', ['org-other'])).key)
    expect(await connect(workerId, otherOrg)).toMatchObject({ refused: 404 })
    expect(await connect('wrk_missing', workerKey)).toMatchObject({ refused: 404 })
    // A stopped worker registers again.
    expect((await api.call('POST', `/workers/${workerId}/stop`, {}, undefined, workerKey)).status).toBe(200)
    const stopped = await connect(workerId, workerKey)
    expect(stopped).toMatchObject({ refused: 409 })
    expect((stopped as { body: string }).body).toContain('register again')
  })

  it('refuses the next report once its key is revoked, and closes the socket', async () => {
    const created = api.access.apiKeys.create({ name: 'soon revoked', organizationId: 'org-provider', scope: 'worker' }, admin)
    const { workerId } = await setUp(bearer(created.key))
    const c = await opened(workerId, bearer(created.key))
    api.access.apiKeys.revoke(created.id, admin)
    // At once, not at the next look of the stream (STREAM_RECHECK_MS).
    expect((await c.ask({ op: 'heartbeat', taskId: 'task_x', leaseToken: 'x' })).error.code).toBe('UNAUTHENTICATED')
    const { code } = await c.closed
    expect(code).toBe(4401)
  })

  it('pushes no more than the concurrency the worker registered, and nothing once it stopped', async () => {
    const { workerId, start } = await setUp() // concurrency 2
    const c = await opened(workerId)
    c.ws.send(JSON.stringify({ op: 'claim', max: 100 }))
    for (let i = 0; i < 4; i++) await start()
    await found(() => c.messages.filter((m) => m.type === 'tasks').flatMap((m) => m.tasks).length >= 2 || undefined)
    await new Promise((r) => setTimeout(r, 500))
    expect(c.messages.filter((m) => m.type === 'tasks').flatMap((m) => m.tasks)).toHaveLength(2)

    const idle = await setUp()
    const d = await opened(idle.workerId)
    d.ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    expect((await api.call('POST', `/workers/${idle.workerId}/stop`, {}, undefined, workerKey)).status).toBe(200)
    const executionId = await idle.start()
    await new Promise((r) => setTimeout(r, 500))
    expect(d.messages.filter((m) => m.type === 'tasks')).toEqual([])
    expect((await api.call('GET', `/tasks?executionId=${executionId}`, undefined, undefined, writeKey)).body[0].status).toBe('PENDING')
    c.ws.close()
  })

  it('survives clients that reset the connection while their upgrade is being let in', async () => {
    const { connect: tcp } = await import('node:net')
    const { workerId } = await setUp()
    const port = Number(new URL(api.origin).port)
    await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<void>((resolve) => {
            const socket = tcp(port, '127.0.0.1', () => {
              socket.write(
                `GET /api/workers/${workerId}/connect HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
              )
              socket.resetAndDestroy()
              resolve()
            })
            socket.on('error', () => resolve())
          }),
      ),
    )
    await new Promise((r) => setTimeout(r, 300))
    // Still serving.
    expect((await api.call('GET', '/workers', undefined, undefined, workerKey)).status).toBe(200)
  })
})

describe('the worker socket under a rate limit', () => {
  let limited: Awaited<ReturnType<typeof startRestServer>>
  let limitedEngine: Engine
  beforeAll(async () => {
    limited = await startRestServer({ apiKeyRate: 5 })
    limitedEngine = createEngine({ store: limited.writer, executions: limited.executions, bus: limited.bus, workflows: [], pollMs: 100 })
    limited.attachEngine(limitedEngine)
    await limitedEngine.start()
  })
  afterAll(async () => {
    await limitedEngine.stop()
    limited.services.tasks.stop()
    await limited.close()
  })

  it("refuses reports past the key's rate with a retryAfter, and still takes the room it gives", async () => {
    const session = limited.admin
    const key = limited.access.apiKeys.create({ name: 'busy worker', organizationId: 'org-provider', scope: 'worker' }, admin).key
    const task = `limited-${randomUUID().slice(0, 6)}`
    expect((await limited.call('POST', '/task-definitions', { id: task, version: '1.0.0', name: 'A task', timeout: 60_000 }, undefined, session)).status).toBe(201)
    expect(
      (await limited.call('POST', '/workflow-templates', { id: task, name: 'One task', service: 'sdr-service', steps: [{ id: 'only', type: 'task', task }] }, undefined, session))
        .status,
    ).toBe(201)
    const workerId = (await limited.call('POST', '/workers', { name: 'w', version: '1', tasks: [{ task }], concurrency: 1 }, undefined, bearer(key))).body.id
    const ws = new WebSocket(`${limited.origin.replace('http', 'ws')}/api/workers/${workerId}/connect`, { headers: bearer(key) })
    const messages: any[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())))
    await new Promise((r) => ws.on('open', r))
    for (let i = 1; i <= 20; i++) ws.send(JSON.stringify({ op: 'heartbeat', id: i, taskId: 'task_x', leaseToken: 'x' }))
    await found(() => messages.filter((m) => m.re).length >= 20 || undefined)
    const limitedOnes = messages.filter((m) => m.error?.code === 'RATE_LIMITED')
    expect(limitedOnes.length).toBeGreaterThan(0)
    expect(limitedOnes[0].error.retryAfter).toBeGreaterThanOrEqual(1)
    // Room given while limited is still room: the next task is pushed.
    ws.send(JSON.stringify({ op: 'claim', max: 1 }))
    const executionId = (await limited.call('POST', `/workflows/${task}/executions`, { input: {} }, undefined, session)).body.$id
    expect((await found(() => messages.find((m) => m.type === 'tasks'))).tasks[0]).toMatchObject({ executionId })
    ws.close()
  })
})
