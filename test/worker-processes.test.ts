// Workers in processes of their own — the SDK's worker() as a service runs it — against a console
// whose engine orchestrates templates registered as data: fair sharing of one task type, a worker
// killed mid-step, pause and cancel reaching a running handler, versions rolling out, a fan-out of
// 100 children, and a workflow written in code (defineWorkflow).
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '@/server/engine/engine'
import { principal, startRestServer, until } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
let apiKey = ''
/** What the worker processes run with: a worker-scope key. */
let workerKey = ''
let sweeping: NodeJS.Timeout
beforeAll(async () => {
  api = await startRestServer({ taskLeaseMs: 1_500 })
  engine = createEngine({ store: api.writer, executions: api.executions, bus: api.bus, workflows: [], pollMs: 100, concurrency: 16 })
  api.attachEngine(engine)
  await engine.start()
  // The console's runtime sweeps every second; here more often, as the leases are short.
  sweeping = setInterval(() => void api.services.tasks.sweep().catch(() => {}), 250)
  apiKey = api.access.apiKeys.create({ name: 'workers', organizationId: 'org-provider', scope: 'write' }, principal('admin', ['org-provider'])).key
  workerKey = api.access.apiKeys.create({ name: 'worker processes', organizationId: 'org-provider', scope: 'worker' }, principal('admin', ['org-provider'])).key
})
afterAll(async () => {
  clearInterval(sweeping)
  await engine.stop()
  api.services.tasks.stop()
  await api.close()
})

interface WorkerProcess {
  child: ChildProcess
  lines: string[]
  id: string
}
let workers: WorkerProcess[] = []
afterEach(async () => {
  for (const w of workers) w.child.kill('SIGKILL')
  workers = []
})

async function startWorker(
  name: string,
  tasks: Record<string, { behaviour: string; versions?: string[] }>,
  options: { concurrency?: number; codeWorkflow?: unknown; transport?: 'http' } = {},
): Promise<WorkerProcess> {
  const config = { url: api.origin, apiKey: workerKey, name, concurrency: options.concurrency ?? 2, tasks, codeWorkflow: options.codeWorkflow, transport: options.transport }
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/worker-process/worker.ts'], {
    env: { ...process.env, WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const w: WorkerProcess = { child, lines: [], id: '' }
  workers.push(w)
  let buffered = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const parts = buffered.split('\n')
    buffered = parts.pop()!
    w.lines.push(...parts)
  })
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`))
  await until(() => w.lines.find((l) => l.startsWith('ready ')), Boolean, 30_000)
  w.id = w.lines.find((l) => l.startsWith('ready '))!.slice(6)
  return w
}

const key = { authorization: '' }
const call = async (method: string, path: string, body?: unknown) => {
  key.authorization = `Bearer ${apiKey}`
  return (await api.call(method, path, body, undefined, key)) as { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any
}
async function task(id: string, version = '1.0.0', extra: Record<string, unknown> = {}) {
  const r = await call('POST', '/task-definitions', { id, version, name: id, timeout: 60_000, ...extra })
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
}
async function template(id: string, steps: unknown[]) {
  const r = await call('POST', '/workflow-templates', { id, name: id, service: 'sdr-service', steps })
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
  return r.body as { id: string; version: number }
}
const start = async (workflow: string, input: Record<string, unknown> = {}) => {
  const r = await call('POST', `/workflows/${workflow}/executions`, { input })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.$id as string
}
const statusOf = async (id: string) => (await call('GET', `/executions/${id}`)).body.status as string
const tasksOf = async (query: string) =>
  (await call('GET', `/tasks?${query}&limit=500`)).body as { stepId: string; status: string; executorId: string; output?: { worker: string } }[]

describe('workers in processes of their own', () => {
  it('three workers share one task type fairly, over WebSockets and over HTTP long polls alike', async () => {
    const type = `share-${randomUUID().slice(0, 6)}`
    await task(type)
    await template(type, [{ id: 'work', type: 'task', task: type }])
    const three = await Promise.all(
      (['w1', 'w2', 'w3'] as const).map((name) => startWorker(name, { [type]: { behaviour: 'sleep:150' } }, { transport: name === 'w3' ? 'http' : undefined })),
    )
    const ids = await Promise.all(Array.from({ length: 30 }, () => start(type)))
    await until(async () => (await Promise.all(ids.map(statusOf))).every((s) => s === 'completed'), Boolean, 60_000)
    expect(await Promise.all(ids.map(statusOf))).toEqual(ids.map(() => 'completed'))
    const done = await tasksOf(`task=${type}&status=COMPLETED`)
    const per = three.map((w) => done.filter((t) => t.executorId === w.id).length)
    expect(per.reduce((a, b) => a + b)).toBe(30)
    // Two at a time each: no worker idles while another takes most of the work.
    for (const n of per) expect(n, `tasks per worker: ${per.join(', ')}`).toBeGreaterThanOrEqual(5)
  }, 90_000)

  it('hands the task of a worker killed mid-step to another after its lease; the completed step does not run again', async () => {
    const type = `crash-${randomUUID().slice(0, 6)}`
    await task(`${type}-a`)
    await task(`${type}-b`)
    await template(type, [
      { id: 'first', type: 'task', task: `${type}-a` },
      { id: 'second', type: 'task', task: `${type}-b` },
    ])
    const doomed = await startWorker('doomed', { [`${type}-a`]: { behaviour: 'echo' }, [`${type}-b`]: { behaviour: 'sleep:60000' } })
    const id = await start(type)
    await until(() => doomed.lines.some((l) => l.includes(' second')), Boolean)
    doomed.child.kill('SIGKILL')
    const heir = await startWorker('heir', { [`${type}-a`]: { behaviour: 'echo' }, [`${type}-b`]: { behaviour: 'echo' } })
    expect(
      await until(
        () => statusOf(id),
        (s) => s === 'completed',
        30_000,
      ),
    ).toBe('completed')
    const tasks = await tasksOf(`executionId=${id}`)
    expect(tasks.filter((t) => t.stepId === 'first')).toEqual([expect.objectContaining({ status: 'COMPLETED', executorId: doomed.id })])
    expect(tasks.filter((t) => t.stepId === 'second')).toEqual([expect.objectContaining({ status: 'COMPLETED', executorId: heir.id })])
    expect(heir.lines.some((l) => l.includes(' first'))).toBe(false)
  }, 90_000)

  it('aborts a running handler at once on a pause and on a cancel', async () => {
    const type = `hold-${randomUUID().slice(0, 6)}`
    await task(type)
    await template(type, [{ id: 'hold', type: 'task', task: type }])
    const w = await startWorker('holder', { [type]: { behaviour: 'hold' } })
    for (const action of ['pause', 'cancel'] as const) {
      const id = await start(type)
      await until(() => w.lines.some((l) => l.startsWith('started ') && l.endsWith(' hold')) && tasksOf(`executionId=${id}&status=RUNNING`).then((t) => t.length === 1), Boolean)
      const [running] = await tasksOf(`executionId=${id}&status=RUNNING`)
      const taskId = (running as unknown as { $id: string }).$id
      const at = Date.now()
      expect((await call('POST', `/executions/${id}/${action}`, {})).status).toBe(200)
      const line = await until(() => w.lines.find((l) => l.startsWith(`aborted ${taskId} `)), Boolean, 5_000)
      expect(line, `${action}: the handler was not aborted`).toBeDefined()
      // Pushed by the signals long poll: well before a lease would lapse (the latency is
      // bench:worker-stop's figure; timed assertions stay out of tests on a shared machine).
      expect(Number(line!.split(' ')[2]) - at, `${action}: aborted after`).toBeLessThan(5_000)
      // The handler can tell a pause (it runs again on resume) from a cancel (the abort reason's `reason`).
      expect(line!.split(' ')[3], `${action}: the abort reason`).toBe(action === 'pause' ? 'paused' : 'cancelled')
    }
  }, 60_000)

  it('lets a worker of the old version serve its executions while a new version rolls out', async () => {
    const type = `roll-${randomUUID().slice(0, 6)}`
    await task(type, '1.0.0')
    await template(type, [{ id: 'work', type: 'task', task: type, taskVersion: '1.0.0' }])
    const old = await startWorker('old', { [type]: { behaviour: 'sleep:200', versions: ['1.0.0'] } })
    const before = await Promise.all([start(type), start(type)])
    await task(type, '2.0.0')
    expect((await template(type, [{ id: 'work', type: 'task', task: type, taskVersion: '2.0.0' }])).version).toBe(2)
    const fresh = await startWorker('new', { [type]: { behaviour: 'echo', versions: ['2.0.0'] } })
    const after = await Promise.all([start(type), start(type)])
    await until(async () => (await Promise.all([...before, ...after].map(statusOf))).every((s) => s === 'completed'), Boolean, 30_000)
    const done = await tasksOf(`task=${type}&status=COMPLETED`)
    const by = (ids: string[]) => done.filter((t) => ids.includes((t as unknown as { workflowInstanceId: string }).workflowInstanceId)).map((t) => t.executorId)
    expect(by(before)).toEqual([old.id, old.id])
    expect(by(after)).toEqual([fresh.id, fresh.id])
  }, 60_000)

  it('completes a fan-out of 100 children', async () => {
    const type = `fan-${randomUUID().slice(0, 6)}`
    await task(type)
    await template(`${type}-child`, [{ id: 'work', type: 'task', task: type, input: { n: 'input.n' } }])
    await template(type, [{ id: 'fan', type: 'sys.sub_workflow', workflow: `${type}-child`, forEach: 'input.items', childInput: '{"n": item}' }])
    await startWorker('fan-worker', { [type]: { behaviour: 'echo' } }, { concurrency: 20 })
    const id = await start(type, { items: Array.from({ length: 100 }, (_, i) => i) })
    expect(
      await until(
        () => statusOf(id),
        (s) => s === 'completed' || s === 'failed',
        90_000,
      ),
    ).toBe('completed')
    const done = await tasksOf(`task=${type}&status=COMPLETED`)
    expect(done).toHaveLength(100)
    expect(new Set(done.map((t) => (t.output as unknown as { input: { n: number } }).input.n)).size).toBe(100)
  }, 120_000)

  it('runs a workflow written in code: its definition sent to the console, its handlers in the worker', async () => {
    const id = `coded-${randomUUID().slice(0, 6)}`
    await startWorker('coder', {}, { codeWorkflow: { id, service: 'sdr-service', steps: ['draft', 'send'] } })
    const run = await start(id, { to: 'ada@example.com' })
    expect(
      await until(
        () => statusOf(run),
        (s) => s === 'completed',
        20_000,
      ),
    ).toBe('completed')
    const tasks = await tasksOf(`executionId=${run}`)
    expect(tasks.map((t) => [t.stepId, t.status]).sort()).toEqual([
      ['draft', 'COMPLETED'],
      ['send', 'COMPLETED'],
    ])
    expect((await call('GET', `/workflow-templates/${id}`)).body.template.steps.map((s: { task: string }) => s.task)).toEqual([`${id}.draft`, `${id}.send`])
  }, 60_000)
})
