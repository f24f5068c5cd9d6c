// Launch, replay and rerun through the API a console's operator uses (tRPC as the pages call it),
// on a real SQLite file with the engine running: a start whose input fails the workflow's schema
// is refused naming each field and what it allows, and writes nothing; a replay runs the same
// workflow with edited input and is linked both ways; a rerun from a step carries the steps
// before it over with their outputs (their handlers do not run again) and runs the rest; another
// organisation's execution is not found, a viewer is refused, an unknown step is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow } from '@/server/engine/workflow'
import { carriedSteps } from '@/server/domain/replay'
import { withTaskDefaults } from '@/server/domain/templates'
import { principal, testServices, until } from './helpers'

let t: Awaited<ReturnType<typeof testServices>>
let engine: Engine
const calls = { fetch: 0, score: 0, send: 0 }

/** A workflow whose steps count their runs and pass outputs along through __steps__. */
const pipeline = defineWorkflow({
  id: 'pipeline',
  version: 1,
  name: 'Pipeline',
  service: 'sdr-service',
  steps: [
    { id: 'fetch', assignee: 'system', handler: ({ input }) => ({ run: ++calls.fetch, company: input.company }) },
    { id: 'score', assignee: 'system', handler: ({ __steps__ }) => ({ run: ++calls.score, points: (__steps__.fetch!.outputData as { run: number }).run * 10 }) },
    { id: 'send', assignee: 'system', handler: ({ __steps__ }) => ({ run: ++calls.send, sent: (__steps__.score!.outputData as { points: number }).points }) },
  ],
})

const onboardSchema = {
  type: 'object',
  required: ['company'],
  additionalProperties: false,
  properties: {
    company: { type: 'string', minLength: 2 },
    seats: { type: 'integer', minimum: 1, maximum: 500 },
    plan: { enum: ['starter', 'team'] },
  },
}

const operatorOf = (org = 'org-provider') => createCaller(contextFor(t.services, principal('operator', [org], `operator-${org}`)))
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: { code?: string; message: string }) => ({ code: e.code, message: e.message }),
  )
const count = () => t.writer.get<{ n: number }>('SELECT count(*) AS n FROM "Execution"')!.n
const done = (id: string) =>
  until(
    () => t.queries.get(id),
    (e) => e.status === 'completed' || e.status === 'failed',
  )

beforeAll(async () => {
  t = await testServices()
  await t.db.organization.create({ data: { id: 'org-other', name: 'Other', createdAt: new Date() } })
  engine = createEngine({ store: t.writer, executions: t.executions, bus: t.bus, workflows: [pipeline], pollMs: 50, random: () => 1 })
  t.attachEngine(engine)
  await engine.start()
  t.services.definitions.registerTemplate(
    { id: 'onboard', name: 'Onboard', service: 'sdr-service', inputSchema: onboardSchema, steps: [{ id: 'prepare', type: 'sys.wait', duration: 5 }] },
    ['org-provider'],
  )
  // A workflow without a schema of its own whose first task takes the input as it is: the task's schema is the form's.
  t.services.definitions.registerTask(
    withTaskDefaults({
      id: 'enrich',
      version: '1.0.0',
      name: 'Enrich',
      timeout: 60_000,
      inputSchema: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
    }),
    'org-provider',
    null,
  )
  t.services.definitions.registerTemplate({ id: 'enrich-flow', name: 'Enrich flow', service: 'sdr-service', steps: [{ id: 'enrich', type: 'task', task: 'enrich' }] }, [
    'org-provider',
  ])
})
afterAll(async () => {
  await engine.stop()
  await t.db.$disconnect()
})

describe('launch', () => {
  it("draws the form from the workflow's schema, or its first task's", async () => {
    const form = await operatorOf().workflows.launchForm({ workflow: 'onboard' })
    expect(form).toMatchObject({ key: 'onboard', version: 1, versions: [1], schemaSource: 'workflow', schema: onboardSchema })
    expect(await operatorOf().workflows.launchForm({ workflow: 'enrich-flow' })).toMatchObject({ schemaSource: 'task', schemaTask: 'enrich@1.0.0' })
    expect(await operatorOf().workflows.launchForm({ workflow: 'pipeline' })).toMatchObject({ schemaSource: 'none', schema: null })
    expect((await errorOf(operatorOf('org-other').workflows.launchForm({ workflow: 'onboard' }))).code).toBe('NOT_FOUND')
  })

  it('refuses input that fails the schema, naming each field and what it allows, and writes nothing', async () => {
    const before = count()
    const refused = await errorOf(operatorOf().workflows.start({ workflow: 'onboard', input: { company: 'A', seats: 0, plan: 'gold', extra: 1 } }))
    expect(refused.code).toBe('BAD_REQUEST')
    expect(refused.message).toContain('company: must NOT have fewer than 2 characters')
    expect(refused.message).toContain('seats: must be >= 1')
    expect(refused.message).toContain('plan: must be equal to one of the allowed values: "starter", "team"')
    expect(refused.message).toContain('(the value): must NOT have additional properties (extra)')
    expect((await errorOf(operatorOf().workflows.start({ workflow: 'onboard', input: {} }))).message).toContain('company: is required')
    // The first task's schema is checked at the start too, not when the task is dispatched.
    expect((await errorOf(operatorOf().workflows.start({ workflow: 'enrich-flow', input: { email: 42 } }))).message).toContain('email: must be string')
    expect(count()).toBe(before)
    const started = await operatorOf().workflows.start({ workflow: 'onboard', input: { company: 'Acme', seats: 5, plan: 'team' } })
    expect(started.workflowTemplateVersionId).toBe('onboard@1')
    expect((await done(started.$id)).status).toBe('completed')
  })

  it('refuses a viewer', async () => {
    const viewer = createCaller(contextFor(t.services, principal('viewer', ['org-provider'])))
    expect((await errorOf(viewer.workflows.start({ workflow: 'onboard', input: { company: 'Acme' } }))).code).toBe('FORBIDDEN')
  })
})

describe('replay with edited input', () => {
  it('runs the same workflow version with the edited input, linked both ways', async () => {
    const original = await operatorOf().workflows.start({ workflow: 'pipeline', input: { company: 'Acme' }, tags: ['launch'] })
    await done(original.$id)
    const replay = await operatorOf().executions.replay({ id: original.$id, input: { company: 'Globex' } })
    expect(replay.$id).not.toBe(original.$id)
    expect(replay.workflowTemplateVersionId).toBe('pipeline@1')
    expect(replay.context).toMatchObject({ input: { company: 'Globex' } })
    expect(replay.metadata).toMatchObject({ replayOf: { id: original.$id } })
    expect(replay.tags).toEqual(['launch'])
    const finished = await done(replay.$id)
    expect(finished.status).toBe('completed')
    expect(finished.steps!.find((s) => s.id === 'fetch')!.output).toMatchObject({ company: 'Globex' })
    // The original lists its replays (its execution.replayed events).
    const events = await operatorOf().executions.events({ id: original.$id, type: ['execution.replayed'], limit: 10 })
    expect(events.items.map((e) => (e.data as { replay: string }).replay)).toEqual([replay.$id])
  })

  it('is the only way to name the execution replayed: a caller cannot write metadata.replayOf', async () => {
    const before = (await operatorOf().executions.list({ limit: 1 })).items[0]?.$id
    const refused = await errorOf(operatorOf().executions.create({ service: 'sdr-service', metadata: { replayOf: { id: 'exec_someone_elses' } } }))
    expect(refused.message).toMatch(/metadata\.replayOf: set by a replay/)
    expect((await operatorOf().executions.list({ limit: 1 })).items[0]?.$id).toBe(before) // (nothing written)
  })

  it('checks the edited input against the schema like a start, writing nothing when it fails', async () => {
    const original = await operatorOf().workflows.start({ workflow: 'onboard', input: { company: 'Acme' } })
    await done(original.$id)
    const before = count()
    const refused = await errorOf(operatorOf().executions.replay({ id: original.$id, input: { company: 'Acme', seats: 9999 } }))
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('seats: must be <= 500') })
    expect(count()).toBe(before)
    expect((await operatorOf().executions.events({ id: original.$id, type: ['execution.replayed'], limit: 10 })).items).toEqual([])
  })
})

describe('rerun from a step', () => {
  it('carries the steps before it over with their outputs and runs it and the rest again on the engine', async () => {
    const original = await operatorOf().workflows.start({ workflow: 'pipeline', input: { company: 'Initech' } })
    await done(original.$id)
    const before = { ...calls }
    const rerun = await operatorOf().executions.rerun({ id: original.$id, fromStep: 'score' })
    expect(rerun.metadata).toMatchObject({ replayOf: { id: original.$id, fromStep: 'score' } })
    const finished = await done(rerun.$id)
    expect(finished.status).toBe('completed')
    // fetch did not run again: its output is the original's, marked as carried over.
    expect(calls.fetch).toBe(before.fetch)
    expect(calls.score).toBe(before.score + 1)
    expect(calls.send).toBe(before.send + 1)
    const was = Object.fromEntries((await t.queries.get(original.$id)).steps!.map((s) => [s.id, s]))
    const now = Object.fromEntries(finished.steps!.map((s) => [s.id, s]))
    expect(now.fetch).toMatchObject({ status: 'completed', attempt: 0, output: was.fetch!.output, metadata: { carriedFrom: original.$id } })
    // score read fetch's carried output through __steps__.
    expect(now.score).toMatchObject({ status: 'completed', attempt: 1, output: { points: (was.fetch!.output as { run: number }).run * 10 } })
    expect(now.send!.status).toBe('completed')
    expect(finished.progress).toBe(100)
    const events = await operatorOf().executions.events({ id: original.$id, type: ['execution.replayed'], limit: 10 })
    expect(events.items.at(-1)!.data).toMatchObject({ replay: rerun.$id, fromStep: 'score', carried: ['fetch'] })
  })

  it('refuses an unknown step, an execution the engine does not run, another organisation and a viewer — writing nothing', async () => {
    const original = await operatorOf().workflows.start({ workflow: 'pipeline', input: { company: 'Hooli' } })
    await done(original.$id)
    const reported = await t.executions.create({ type: 'operator', id: 'svc', organizations: ['org-provider'] }, { service: 'sdr-service', steps: [{ id: 'a' }] })
    const before = count()
    expect(await errorOf(operatorOf().executions.rerun({ id: original.$id, fromStep: 'nope' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: "fromStep: no step 'nope' in this workflow; its steps: fetch, score, send",
    })
    expect(await errorOf(operatorOf().executions.rerun({ id: reported.$id, fromStep: 'a' }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/not run by the engine/),
    })
    expect(await errorOf(operatorOf().executions.replay({ id: reported.$id }))).toMatchObject({ code: 'CONFLICT' })
    expect(await errorOf(operatorOf('org-other').executions.rerun({ id: original.$id, fromStep: 'score' }))).toMatchObject({ code: 'NOT_FOUND' })
    expect(await errorOf(operatorOf('org-other').executions.replay({ id: original.$id }))).toMatchObject({ code: 'NOT_FOUND' })
    const viewer = createCaller(contextFor(t.services, principal('viewer', ['org-provider'])))
    expect((await errorOf(viewer.executions.rerun({ id: original.$id, fromStep: 'score' }))).code).toBe('FORBIDDEN')
    expect((await errorOf(viewer.executions.replay({ id: original.$id }))).code).toBe('FORBIDDEN')
    expect(count()).toBe(before)
  })

  it('plans what it carries: steps before it that do not depend on it; refused when one it needs did not finish', () => {
    const steps = [
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'side', dependsOn: [] },
      { id: 'c', dependsOn: ['b'] },
      { id: 'd', dependsOn: ['c', 'side'] },
    ]
    const ok = (id: string) => ({ id, status: 'completed', output: { id } })
    const plan = carriedSteps(steps, [ok('a'), ok('b'), { id: 'side', status: 'skipped' }, ok('c'), ok('d')], 'c')
    expect('carried' in plan && [...plan.carried]).toEqual([
      ['a', { status: 'completed', output: { id: 'a' } }],
      ['b', { status: 'completed', output: { id: 'b' } }],
      ['side', { status: 'skipped' }],
    ])
    expect(carriedSteps(steps, [ok('a'), { id: 'b', status: 'failed' }], 'c')).toEqual({
      refused: "fromStep: cannot rerun from 'c': step 'b' before it is failed in the original; rerun from b or retry the execution",
    })
    // A chain that failed at its first step (the flaky CRM sync): the suggestion is that first
    // step at once — one the rerun accepts — not the nearest unfinished one before 'c'.
    const refused = carriedSteps(
      steps,
      [
        { id: 'a', status: 'failed' },
        { id: 'b', status: 'pending' },
      ],
      'c',
    )
    expect(refused).toEqual({
      refused: "fromStep: cannot rerun from 'c': step 'a' before it is failed, step 'b' before it is pending in the original; rerun from a or retry the execution",
    })
    expect(
      'carried' in
        carriedSteps(
          steps,
          [
            { id: 'a', status: 'failed' },
            { id: 'b', status: 'pending' },
          ],
          'a',
        ),
    ).toBe(true)
  })
})
