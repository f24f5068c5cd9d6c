// Supervision of executions that outside services drive over the API, on a fake clock: timeouts,
// automatic retries by the policy, silence, interval checkpoints — each carried on by a console
// started again on the same database file.
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock } from '@/server/lib/clock'
import { createInProcessBus, type CommittedEvent } from '@/server/events/bus'
import { openWriter, type Writer } from '@/server/db/writer'
import { openReader } from '@/server/db/reader'
import { createExecutionService, type Actor } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createRunnerDirectory } from '@/server/services/workers'
import { createAlertService } from '@/server/services/alerts'
import { createSupervisor } from '@/server/supervision/supervisor'
import { freshDatabase } from './helpers'

const SILENCE = 5 * 60_000
const INTERVAL = 15 * 60_000
/** The outside service reporting its own execution. */
const service: Actor = { type: 'api', id: 'key-support-desk' }

let writers: Writer[] = []
afterEach(() => {
  for (const w of writers) w.close()
  writers = []
})

/** A console on `file` (a fresh one unless given), at the clock's time. */
async function consoleOn(clock: FakeClock, file?: string) {
  const db = file ? undefined : await freshDatabase()
  const path = file ?? db!.file
  const writer = openWriter(path)
  writers.push(writer)
  const reader = openReader(path)
  const bus = createInProcessBus()
  const published: CommittedEvent[] = []
  bus.subscribe((e) => published.push(e))
  const now = () => new Date(clock.now())
  const runners = createRunnerDirectory(reader, () => clock.now(), 0)
  const executions = createExecutionService({ writer, bus, now, runners, allowPrivateWebhooks: true })
  const { openDb } = await import('@/server/db/client')
  const queries = createQueryService(db?.db ?? (await openDb(path)), reader, { runners })
  const supervisor = createSupervisor({ store: writer, executions, clock, silenceMs: SILENCE, checkpointEveryMs: INTERVAL })
  const alerts = createAlertService({ writer, now })
  return { file: path, writer, executions, queries, supervisor, alerts, published }
}

const running = async (c: Awaited<ReturnType<typeof consoleOn>>, input: Parameters<Awaited<ReturnType<typeof consoleOn>>['executions']['create']>[1]) => {
  const created = await c.executions.create(service, input)
  await c.executions.start(created.$id, service)
  return created.$id
}

describe('supervision of executions driven over the API', () => {
  it('fails a running execution at its timeout with TIMEOUT, its events, webhook and alert as any failure — after a restart too', async () => {
    const clock = new FakeClock()
    const first = await consoleOn(clock)
    await first.alerts.createRule({ name: 'Any failure', metric: 'failures', operator: 'gt', threshold: 0 }, 'org-provider')
    const id = await running(first, {
      service: 'sdr-service',
      timeout: 2_000,
      steps: [{ id: 'fetch' }],
      webhooks: [{ url: 'http://127.0.0.1:9/hook', events: ['execution.failed'] }],
    })
    await first.executions.startStep(id, service, { id: 'fetch' })
    await clock.advance(1_900)
    expect((await first.supervisor.tick()).timedOut).toEqual([])
    expect((await first.queries.get(id)).status).toBe('running')

    // The console stops and starts again: what is due is in the database.
    const second = await consoleOn(clock, first.file)
    await clock.advance(100)
    expect((await second.supervisor.tick()).timedOut).toEqual([id])
    const failed = await second.queries.get(id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatchObject({ code: 'TIMEOUT', message: 'execution exceeded its timeout of 2000 ms', step: 'fetch', recoverable: true })
    // Its running step failed with it (a retry asks it again).
    expect(failed.steps!.find((s) => s.id === 'fetch')).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } })
    const events = (await second.queries.events(id, { limit: 100 })).items
    expect(events.filter((e) => e.type === 'execution.failed').map((e) => e.actor)).toEqual([{ type: 'system', id: 'supervisor' }])
    expect(second.published.map((e) => e.type)).toContain('execution.failed')
    const failedEvent = events.find((e) => e.type === 'execution.failed')!
    expect(second.writer.get('SELECT 1 AS hit FROM "WebhookDelivery" WHERE "eventId" = ?', [failedEvent.id])).toEqual({ hit: 1 })
    expect((await second.alerts.evaluate()).fired).toHaveLength(1)
    // Once: the next round finds nothing to do.
    expect(await second.supervisor.tick()).toEqual({ timedOut: [], retried: [], stalled: [], checkpointed: [], alerted: [], recovered: [] })
  })

  it('counts running time only: a pause stops the timeout clock', async () => {
    const clock = new FakeClock()
    const c = await consoleOn(clock)
    const id = await running(c, { service: 'sdr-service', timeout: 10_000 })
    await clock.advance(4_000)
    await c.executions.pause(id, service)
    await clock.advance(60_000)
    await c.executions.resume(id, service)
    await clock.advance(5_000)
    await c.supervisor.tick()
    expect((await c.queries.get(id)).status).toBe('running') // 9 s of running time
    await clock.advance(1_000)
    await c.supervisor.tick()
    expect((await c.queries.get(id)).status).toBe('failed')
  })

  it('leaves an execution a live engine worker holds to that worker', async () => {
    const clock = new FakeClock()
    const c = await consoleOn(clock)
    const created = await c.executions.create(service, { service: 'sdr-service', timeout: 1_000 })
    await c.executions.begin(created.$id, { type: 'engine', id: 'worker-a' }, { lease: { workerId: 'worker-a', leaseMs: 60_000 }, steps: [] })
    await clock.advance(5_000)
    expect((await c.supervisor.tick()).timedOut).toEqual([])
    // The worker is gone (its lease ran out): the execution is supervised like any other.
    await clock.advance(60_000)
    expect((await c.supervisor.tick()).timedOut).toEqual([created.$id])
  })

  it('retries a failure its policy covers after the backoff, as execution.retry the service hears, and stops after maxRetries', async () => {
    const clock = new FakeClock()
    let c = await consoleOn(clock)
    const id = await running(c, {
      service: 'integration-service',
      retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1_000, maxDelay: 60_000, retryableErrors: ['API_TIMEOUT'] },
      webhooks: [{ url: 'http://127.0.0.1:9/hook', events: ['execution.retry'] }],
    })
    const fail = () => c.executions.fail(id, service, { code: 'API_TIMEOUT', message: 'External API timeout after 30 seconds', recoverable: true })

    const first = await fail()
    expect(first.status).toBe('failed')
    expect(first.runner).toMatchObject({ kind: 'service', waiting: 'automatic retry 1/2 scheduled', dueAt: new Date(clock.now() + 1_000).toISOString() })
    await clock.advance(999)
    expect((await c.supervisor.tick()).retried).toEqual([])
    c = await consoleOn(clock, c.file) // restarted while the retry waits
    await clock.advance(1)
    expect((await c.supervisor.tick()).retried).toEqual([id])
    const waiting = await c.queries.get(id)
    expect(waiting.status).toBe('retry')
    expect(waiting.metrics?.retries).toBe(1)
    expect(waiting.runner).toMatchObject({ kind: 'service', waiting: 'waiting for integration-service to resume it' })
    const retryEvent = c.published.find((e) => e.type === 'execution.retry')!
    expect(retryEvent).toMatchObject({ executionId: id, actorId: 'supervisor', data: { attempt: 1, automatic: true } })
    expect(c.writer.get('SELECT 1 AS hit FROM "WebhookDelivery" WHERE "eventId" = ?', [retryEvent.id])).toEqual({ hit: 1 })

    // The service resumes it, and it fails again: the second retry waits twice as long.
    expect((await c.executions.start(id, service)).status).toBe('running')
    await fail()
    await clock.advance(1_999)
    expect((await c.supervisor.tick()).retried).toEqual([])
    await clock.advance(1)
    expect((await c.supervisor.tick()).retried).toEqual([id])
    await c.executions.start(id, service)

    // No retries left: it stays failed.
    const last = await fail()
    expect(last.runner?.waiting).toBeUndefined()
    await clock.advance(3_600_000)
    expect((await c.supervisor.tick()).retried).toEqual([])
    const done = await c.queries.get(id)
    expect(done.status).toBe('failed')
    expect(done.metrics?.retries).toBe(2)
    const lines = (await c.queries.logs(id, { level: ['warn'], limit: 10 })).items.map((l) => l.message)
    expect(lines).toEqual(['Retrying after 1s (attempt 1/2)', 'Retrying after 2s (attempt 2/2)'])
  })

  it('does not retry a failure the policy does not cover', async () => {
    const clock = new FakeClock()
    const c = await consoleOn(clock)
    const policy = { maxRetries: 3, backoff: 'linear' as const, initialDelay: 1_000, maxDelay: 1_000, retryableErrors: ['API_TIMEOUT' as const] }
    const notRecoverable = await running(c, { service: 'sdr-service', retryPolicy: policy })
    await c.executions.fail(notRecoverable, service, { code: 'API_TIMEOUT', message: 'gave up', recoverable: false })
    const notListed = await running(c, { service: 'sdr-service', retryPolicy: policy })
    await c.executions.fail(notListed, service, { code: 'API_RATE_LIMIT', message: 'slow down', recoverable: true })
    const noPolicy = await running(c, { service: 'sdr-service' })
    await c.executions.fail(noPolicy, service, { code: 'API_TIMEOUT', message: 'timeout', recoverable: true })
    await clock.advance(60_000)
    expect((await c.supervisor.tick()).retried).toEqual([])
    for (const id of [notRecoverable, notListed, noPolicy]) expect((await c.queries.get(id)).status).toBe('failed')
  })

  it('flags a running execution silent past the allowed silence, and clears the flag at its next report', async () => {
    const clock = new FakeClock()
    let c = await consoleOn(clock)
    const id = await running(c, { service: 'sdr-service', steps: [{ id: 'draft' }, { id: 'review', type: 'human', assignee: { type: 'human' } }] })
    await clock.advance(SILENCE - 1_000)
    await c.executions.log(id, service, [{ level: 'info', message: 'still drafting' }])
    await clock.advance(SILENCE - 1)
    expect((await c.supervisor.tick()).stalled).toEqual([])
    c = await consoleOn(clock, c.file)
    await clock.advance(1)
    expect((await c.supervisor.tick()).stalled).toEqual([id])
    const silent = await c.queries.get(id)
    expect(silent.status).toBe('running')
    // Silent since its last report, the log line.
    expect(silent.runner).toMatchObject({ kind: 'service', stalledSince: new Date(clock.now() - SILENCE).toISOString(), waiting: 'silent: no report from sdr-service' })
    expect(c.published.find((e) => e.type === 'execution.stalled')).toMatchObject({ executionId: id, data: { silentFor: SILENCE, silenceMs: SILENCE } })
    expect((await c.queries.list({ stalled: true, sort: 'createdAt', order: 'desc', limit: 10 })).items.map((e) => e.$id)).toEqual([id])
    expect((await c.supervisor.tick()).stalled).toEqual([]) // flagged once

    // A heartbeat is a report: the flag goes, and the timeline says so.
    const alive = await c.executions.heartbeat(id, service)
    expect(alive.runner?.stalledSince).toBeUndefined()
    expect(c.published.at(-1)).toMatchObject({ type: 'execution.stall_cleared', executionId: id })
    expect((await c.queries.list({ stalled: true, sort: 'createdAt', order: 'desc', limit: 10 })).items).toEqual([])

    // Waiting on a person is not silence.
    await c.executions.startStep(id, service, { id: 'review', type: 'human' })
    await clock.advance(SILENCE * 3)
    expect((await c.supervisor.tick()).stalled).toEqual([])
  })

  it('checkpoints a running execution on the interval with the state the service last reported', async () => {
    const clock = new FakeClock()
    const c = await consoleOn(clock)
    const id = await running(c, { service: 'batch-processing-service', steps: [{ id: 'load' }, { id: 'write' }] })
    await c.executions.checkpoint(id, service, {
      step: 'load',
      state: { currentStep: 1, totalSteps: 2, completedSteps: ['load'], pendingSteps: ['write'], variables: { cursor: 4200 }, results: {} },
    })
    await clock.advance(INTERVAL - 1)
    await c.executions.heartbeat(id, service)
    expect((await c.supervisor.tick()).checkpointed).toEqual([])
    await clock.advance(1)
    expect((await c.supervisor.tick()).checkpointed).toEqual([id])
    const [newest] = await c.queries.checkpoints(id)
    expect(newest).toMatchObject({ metadata: { reason: 'interval' }, state: { variables: { cursor: 4200 }, totalSteps: 2 } })
    // Supervision's own checkpoint is not a report from the service: the silence runs on from the heartbeat.
    await clock.advance(SILENCE - 1)
    expect((await c.supervisor.tick()).stalled).toEqual([id])
  })
})

describe('supervision against what is already in the database', () => {
  it('goes on checkpointing the others when one execution holds a checkpoint it cannot read', async () => {
    const clock = new FakeClock()
    const c = await consoleOn(clock)
    const poisoned = await running(c, { service: 'sdr-service' })
    const fine = await running(c, { service: 'sdr-service' })
    // Written before inputs were limited in depth: deeper than SQLite's JSON functions go.
    const deep = '{"a":'.repeat(1_500) + '1' + '}'.repeat(1_500)
    c.writer.transaction(() =>
      c.writer.run('INSERT INTO "ExecutionCheckpoint" ("id", "executionId", "step", "state", "createdAt") VALUES (?, ?, ?, ?, ?)', [
        'ckpt_old',
        poisoned,
        'a',
        `{"currentStep":0,"totalSteps":0,"completedSteps":[],"pendingSteps":[],"results":{},"variables":${deep}}`,
        clock.now(),
      ]),
    )
    await clock.advance(INTERVAL)
    const round = await c.supervisor.tick()
    expect(round.checkpointed).toContain(fine)
    expect(round.stalled.sort()).toEqual([poisoned, fine].sort())
  })
})
