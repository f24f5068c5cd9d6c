// The demo worker (examples/demo-worker) as the console runs it: a process of its own that
// registers the demo's workflows with the provider's key and serves their task steps, against a
// console whose engine runs templates only. Each demo workflow is started once over the API and
// checked as an operator would see it: how it ended, its steps, children, review and metrics; and
// the seeded history carried on — a retried failure of every seeded workflow runs again on it.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeHistory } from '@/server/demo/history'
import { ensureDemoResources } from '@/server/demo/worker-process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '@/server/engine/engine'
import { ensureCatalog } from '@/server/built-in/install'
import { MODEL, PROVIDER, serviceTemplate } from '@/server/built-in/catalog'
import { principal, startRestServer, until } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
let sweeping: NodeJS.Timeout
let operatorKey = ''
let workerKey = ''
beforeAll(async () => {
  if (!existsSync('packages/sdk/dist/index.js')) throw new Error('the demo worker imports the built SDK: npm run sdk:build first')
  api = await startRestServer()
  // The console's catalog, its services the provider's (the test database gives four of them to another organisation).
  ensureCatalog(api.writer, Date.now())
  api.writer.run('UPDATE "Service" SET "providerId" = ? WHERE "id" IN (?, ?, ?, ?)', [
    PROVIDER.id,
    'sdr-service',
    'content-service',
    'integration-service',
    'batch-processing-service',
  ])
  // A seeded history, as `npm run console` seeds one: its runs name the catalog's recorded versions.
  writeHistory(api.writer, { executions: 800, days: 30, seed: 5, now: Date.now(), logsPerExecution: 2, detailed: true })
  // The resources the demo's steps require, as the console makes them before it starts the demo worker.
  ensureDemoResources(api.services)
  engine = createEngine({ store: api.writer, executions: api.executions, bus: api.bus, workflows: [], pollMs: 100, concurrency: 32 })
  api.attachEngine(engine)
  await engine.start()
  sweeping = setInterval(() => void api.services.tasks.sweep().catch(() => {}), 1_000)
  const admin = principal('admin', [PROVIDER.id])
  operatorKey = api.access.apiKeys.create({ name: 'operator', organizationId: PROVIDER.id, scope: 'write' }, admin).key
  workerKey = api.access.apiKeys.create({ name: 'demo worker', organizationId: PROVIDER.id, scope: 'write' }, admin).key
})
afterAll(async () => {
  demo?.child.kill('SIGKILL')
  clearInterval(sweeping)
  await engine?.stop()
  api?.services.tasks.stop()
  await api?.close()
})

let demo: { child: ChildProcess; lines: string[]; exited: Promise<number | null> } | undefined

function startDemoWorker() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo-worker/index.ts'], {
    env: { ...process.env, CONSOLE_URL: api.origin, DEMO_WORKER_KEY: workerKey, DEMO_DESK_KEY: '', DEMO_AGENTS_KEY: '', DEMO_RATE: '0', DEMO_SPEED: '0.01' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let buffered = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const parts = buffered.split('\n')
    buffered = parts.pop()!
    lines.push(...parts)
  })
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[demo-worker] ${chunk}`))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, lines, exited }
}

/** The demo worker, started unless it runs; its id once it says it is ready. */
async function readyDemoWorker(): Promise<string> {
  demo ??= startDemoWorker()
  const ready = await until(() => demo!.lines.find((l) => /^demo worker \S+ ready$/.test(l)), Boolean, 30_000)
  expect(ready, 'the demo worker said it was ready').toBeDefined()
  return ready!.split(' ')[2]!
}

const call = async (method: string, path: string, body?: unknown) =>
  (await api.call(method, path, body, undefined, { authorization: `Bearer ${operatorKey}` })) as { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any
const start = async (workflow: string, input: Record<string, unknown> = { requestedBy: 'test' }) => {
  const r = await call('POST', `/workflows/${workflow}/executions`, { input, tags: ['demo-test'] })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.$id as string
}
const execution = async (id: string) => (await call('GET', `/executions/${id}`)).body
const steps = async (id: string) =>
  (await call('GET', `/executions/${id}/steps`)).body as {
    id: string
    status: string
    assignee?: { type: string; name?: string; model?: string }
    dueAt?: string
    output?: unknown
  }[]
/** Asks every 250 ms until the execution completed or failed (a failure may be on its way to a retry: an operator sees it failed). */
async function ended(id: string, ms: number) {
  const end = Date.now() + ms
  for (;;) {
    const e = await execution(id)
    if (e.status === 'completed' || e.status === 'failed' || Date.now() > end) return e
    await new Promise((r) => setTimeout(r, 250))
  }
}
/** The failure codes of a demo service, as its catalog says operators meet them. */
const codesOf = (service: string) => serviceTemplate(service).failures.map((f) => f.code)

describe('the demo worker', () => {
  it('registers the demo workflows and runs each as an operator expects', async () => {
    await readyDemoWorker()
    // The launchpad has a form to show on the demo: the outreach asks for its campaign and limits,
    // and a start with input it does not take is refused before anything runs.
    const form = await call('GET', '/workflows/sdr-outreach/launch-form')
    expect(form.status).toBe(200)
    expect([form.body.schemaSource, Object.keys(form.body.schema.properties)]).toEqual(['workflow', ['requestedBy', 'campaign', 'replyTo', 'dailySendLimit']])
    expect(form.body.versions.length).toBeGreaterThan(0)
    const refused = await call('POST', '/workflows/sdr-outreach/executions', { input: { requestedBy: 'test', dailySendLimit: 5000 } })
    expect(refused.status, JSON.stringify(refused.body)).toBe(400)
    expect(refused.body.error.message).toMatch(/dailySendLimit/)

    const ids = {
      sdr: await start('sdr-outreach'),
      content: await start('content-generation'),
      batch: await start('batch-processing'),
      crm: await start('crm-sync'),
      nightly: await start('nightly-import'),
      analysis: await start('quarterly-analysis'),
      lead: await start('lead-enrichment', { company: 'Globex' }),
      nested: await start('account-research'),
    }

    // The content run waits in its human review until a person decides.
    const review = await until(
      async () => (await steps(ids.content)).find((s) => s.id === 'review'),
      (s) => s?.status === 'running',
      30_000,
    )
    expect(review).toMatchObject({ status: 'running', assignee: { type: 'human', name: 'Sarah Editor' } })
    expect(Date.parse(review!.dueAt!) - Date.now()).toBeGreaterThan(1.9 * 3_600_000)
    await new Promise((r) => setTimeout(r, 500))
    expect((await execution(ids.content)).status).toBe('running')
    expect((await steps(ids.content)).find((s) => s.id === 'review')!.status).toBe('running')
    expect((await call('POST', `/executions/${ids.content}/steps/review/complete`, { output: { approved: true, notes: 'ok' } })).status).toBe(200)
    // Every run ends; waited for side by side.
    const [content, batch, nested, lead, ...flaky] = await Promise.all([
      ended(ids.content, 30_000),
      ended(ids.batch, 60_000),
      ended(ids.nested, 30_000),
      ended(ids.lead, 30_000),
      ...[ids.sdr, ids.crm, ids.nightly, ids.analysis].map((id) => ended(id, 30_000)),
    ])

    expect(content.status).toBe('completed')
    expect(content.result.summary).toMatch(/^Generated \d+-word blog post "AI in Sales Automation: The Complete Guide"$/)
    expect(content.result.output).toEqual({ title: 'AI in Sales Automation: The Complete Guide', word_count: expect.any(Number) })
    expect((await steps(ids.content)).find((s) => s.id === 'draft')!.assignee).toMatchObject({ type: 'ai-agent', model: MODEL })
    // Its AI steps reported tokens and cost; publishing called the CMS.
    const metrics = (await call('GET', `/executions/${ids.content}/metrics`)).body
    expect(metrics.promptTokens).toBeGreaterThan(0)
    expect(metrics.completionTokens).toBeGreaterThan(0)
    expect(metrics.modelCalls).toBeGreaterThanOrEqual(3)
    expect(metrics.cost).toBeGreaterThan(0)
    expect(metrics.apiCallsByService).toMatchObject({ cms: expect.any(Number) })

    // The thousand-step batch: every step completed.
    expect(batch.status).toBe('completed')
    expect(batch.result.summary).toBe('Processed 1000 items')
    const batchSteps = await steps(ids.batch)
    expect(batchSteps).toHaveLength(1000)
    expect(batchSteps.filter((s) => s.status === 'completed')).toHaveLength(1000)

    // The nested run: three lead-enrichment children, whose outputs its summary step counted.
    expect(nested.status).toBe('completed')
    const children = (await call('GET', `/executions?parentExecutionId=${ids.nested}&limit=10`)).body.items as { status: string; workflowTemplateVersionId: string }[]
    expect(children).toHaveLength(3)
    for (const child of children) expect(child).toMatchObject({ status: 'completed', workflowTemplateVersionId: expect.stringMatching(/^lead-enrichment@/) })
    expect((await steps(ids.nested)).find((s) => s.id === 'summarize')!.output).toEqual({ accounts: 3 })
    expect(lead.status).toBe('completed')
    expect((await steps(ids.lead)).find((s) => s.id === 'lookup')!.output).toEqual({ company: 'Globex' })

    // The flaky ones: completed, or failed with a failure of their service's catalog.
    const services = ['sdr-service', 'integration-service', 'batch-processing-service', 'data-analysis-service']
    flaky.forEach((e, i) => {
      if (e.status === 'failed') expect(codesOf(services[i]!), `${e.$id}: ${e.error?.message}`).toContain(e.error.code)
      else expect(e.status, e.$id).toBe('completed')
    })
    const sdr = flaky[0]
    if (sdr.status === 'completed')
      expect(sdr.result).toMatchObject({ output: { emails_sent: 3, leads_contacted: 3 }, summary: 'Successfully sent personalized outreach to 3 leads' })
    const sdrMetrics = (await call('GET', `/executions/${ids.sdr}/metrics`)).body
    expect(sdrMetrics.apiCallsByService.linkedin).toBeGreaterThanOrEqual(1)
    const logs = (await call('GET', `/executions/${ids.sdr}/logs?limit=200`)).body.items as { message: string; step?: string }[]
    expect(logs.some((l) => l.message === 'Starting lead research' && l.step === 'research-lead-1')).toBe(true)
  }, 120_000)

  it('carries on the seeded history: a failed run of every seeded workflow, retried, runs again on the demo worker', async () => {
    await readyDemoWorker()
    const seededWorkflows = api.writer.all<{ id: string }>(
      `SELECT DISTINCT "workflowDefinitionId" AS id FROM "Execution" WHERE "workflowDefinitionId" IS NOT NULL AND "status" = 'failed' ORDER BY 1`,
      [],
    )
    expect(seededWorkflows.map((w) => w.id)).toEqual(['content-generation@1', 'crm-sync@1', 'nightly-import@1', 'quarterly-analysis@1', 'sdr-outreach@1'])
    const retried: { id: string; completedBefore: Map<string, number> }[] = []
    for (const { id: workflow } of seededWorkflows) {
      const failed = api.writer.get<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "workflowDefinitionId" = ? AND "status" = 'failed' ORDER BY "createdAt" DESC LIMIT 1`, [
        workflow,
      ])!
      const completedBefore = new Map((await steps(failed.id)).filter((s) => s.status === 'completed').map((s) => [s.id, (s as { attempt?: number }).attempt ?? 0]))
      const asked = await call('POST', `/executions/${failed.id}/retry`, {})
      expect(asked.status, JSON.stringify(asked.body)).toBe(200)
      // The version it ran is the one the demo worker's template filled: the engine runs it.
      expect(asked.body.runner).toMatchObject({ kind: 'engine', workflow: { id: workflow } })
      retried.push({ id: failed.id, completedBefore })
    }
    const endings = await Promise.all(
      retried.map(async ({ id }) => {
        const end = Date.now() + 60_000
        for (;;) {
          const e = await execution(id)
          // A person's review, when one is asked for: an operator approves it.
          const review = (await steps(id)).find((s) => s.id === 'review' && s.status === 'running')
          if (review) await call('POST', `/executions/${id}/steps/review/complete`, { output: { approved: true } })
          if (['completed', 'failed', 'cancelled'].includes(e.status) || Date.now() > end) return e
          await new Promise((r) => setTimeout(r, 250))
        }
      }),
    )
    for (const [i, { id, completedBefore }] of retried.entries()) {
      expect(['completed', 'failed'], `${id} ended`).toContain(endings[i].status)
      expect(endings[i].metrics.retries).toBeGreaterThanOrEqual(1)
      // Its earlier steps kept their outputs and did not run again.
      const after = await steps(id)
      for (const [step, attempt] of completedBefore) expect(after.find((s) => s.id === step)).toMatchObject({ status: 'completed', attempt })
    }
    expect(endings.map((e) => e.status)).toContain('completed')
    // The outside service's execution: retried, it is its service's to resume.
    const outside = api.writer.get<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "serviceId" = 'support-triage-service' AND "status" = 'failed' LIMIT 1`, [])!
    expect((await call('POST', `/executions/${outside.id}/retry`, {})).body.runner).toMatchObject({ kind: 'service' })
  }, 120_000)

  it('stops on SIGTERM, says so to the console and exits 0', async () => {
    const id = await readyDemoWorker()
    demo!.child.kill('SIGTERM')
    expect(await Promise.race([demo!.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))])).toBe(0)
    const workers = (await call('GET', '/workers')).body as { $id: string; name: string; live: boolean; stoppedAt: string | null }[]
    expect(workers.find((w) => w.$id === id)).toMatchObject({ name: 'demo-worker', live: false, stoppedAt: expect.any(String) })
  }, 20_000)
})
