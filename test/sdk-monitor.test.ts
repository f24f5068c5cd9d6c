// Seed 002's monitoring through a real server: progress with an estimate (REST and the SDK),
// monitor() as ExecutionUpdates over the watch stream (ending with the execution, an abort, a
// revoked key), and per-execution alerts (set, fired once on the timeline and to a signed
// webhook, removed; refused to a viewer, to another organisation, and for bad input).
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type Alert, type ExecutionUpdate } from '@execution-console/sdk'
import { forgetConfig } from '@/server/config'
import { createWebhookDelivery } from '@/server/webhooks/delivery'
import { createSupervisor } from '@/server/supervision/supervisor'
import { principal, signedIn, startRestServer, testServices, until } from './helpers'

const worker = { type: 'worker' as const, id: 'worker-1' }
const admin = principal('admin', ['org-provider'])
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
let api: Awaited<ReturnType<typeof startRestServer>>
let stopListening: () => void
beforeAll(async () => {
  // Open streams look for a revoked key this often here (5 s in the console).
  process.env.STREAM_RECHECK_MS = '200'
  forgetConfig()
  api = await startRestServer()
  // As the runtime does: alerts are measured as their executions' events commit.
  stopListening = api.services.executionAlerts.listen(api.bus)
  await api.db.organization.create({ data: { id: 'org-other', name: 'Other team', createdAt: new Date() } })
})
afterAll(async () => {
  stopListening()
  delete process.env.STREAM_RECHECK_MS
  forgetConfig()
  await api.close()
})

/** `n` completed runs of sdr-service that took `ms` each (started `ms` before they completed). */
async function history(n: number, ms: number) {
  const at = Date.now()
  for (let i = 0; i < n; i++) {
    const e = await api.executions.create(worker, { service: 'sdr-service', status: 'running' })
    await api.executions.complete(e.$id, worker, { success: true, output: null, summary: 'done' })
    api.writer.run('UPDATE "Execution" SET "startedAt" = ?, "completedAt" = ? WHERE "id" = ?', [at - ms - i, at - i, e.$id])
  }
}

describe('progress with an estimate', () => {
  it('answers the percentage, tasks, phase and the likely time left from the same workflow’s runs', async () => {
    await history(6, 60_000)
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({
      service: 'sdr-service',
      steps: [
        { id: 'research', name: 'Research' },
        { id: 'write', name: 'Write' },
      ],
    })
    expect(await execution.getProgress()).toMatchObject({ percentage: 0, completedTasks: 0, totalTasks: 2, currentPhase: 'queued' })
    await execution.start()
    await execution.startStep({ id: 'research' })
    const running = await execution.getProgress()
    expect(running.currentPhase).toBe('Research')
    // Six runs of a minute: about a minute left for one that just started.
    expect(running.estimatedTimeRemaining).toBeGreaterThan(50_000)
    expect(running.estimatedTimeRemaining).toBeLessThanOrEqual(60_010)
    await execution.completeStep('research')
    expect(await execution.getProgress()).toMatchObject({ completedTasks: 1, totalTasks: 2, percentage: 50 })
    await execution.pause()
    expect((await execution.getProgress()).currentPhase).toBe('paused')
    // Another organisation's execution is not found.
    const other = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'] })
    const refused = await api.call('GET', `/executions/${execution.$id}/progress`, undefined, undefined, other)
    expect(refused.status).toBe(404)
  })
})

describe('monitor()', () => {
  it('yields ExecutionUpdates with progress, the running task, events and log lines, and ends with the execution', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({
      service: 'sdr-service',
      status: 'running',
      steps: [
        { id: 'a', name: 'Step A' },
        { id: 'b', name: 'Step B' },
      ],
    })
    const updates: ExecutionUpdate[] = []
    const reading = (async () => {
      for await (const update of execution.monitor()) {
        updates.push(update)
        if (updates.length === 1) {
          await execution.startStep({ id: 'a' })
          await execution.log({ level: 'warn', message: 'slow provider', step: 'a' })
          await execution.completeStep('a')
          await execution.startStep({ id: 'b' })
          await execution.completeStep('b')
          await execution.complete({ success: true, output: { ok: true }, summary: 'done' })
        }
      }
    })()
    await reading
    const first = updates[0]!
    expect(first).toMatchObject({ type: 'update', executionId: execution.$id, status: 'running', progress: { totalTasks: 2, completedTasks: 0 }, events: [], messages: [] })
    const last = updates.at(-1)!
    expect(last.status).toBe('completed')
    expect(last.progress).toMatchObject({ percentage: 100, completedTasks: 2, estimatedTimeRemaining: 0, currentPhase: 'completed' })
    const events = updates.flatMap((u) => u.events)
    expect(events.map((e) => e.type)).toEqual(['TASK_STARTED', 'TASK_COMPLETED', 'TASK_STARTED', 'TASK_COMPLETED', 'EXECUTION_COMPLETED'])
    expect(events[0]).toMatchObject({ taskId: 'a', description: 'step Step A started' })
    expect(updates.flatMap((u) => u.messages)).toEqual([expect.objectContaining({ level: 'WARNING', message: 'slow provider', taskId: 'a' })])
    // Each update names the last event it covers, in order: a resume from any of them misses nothing.
    const ids = updates.map((u) => u.eventId)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('resumes after an update’s eventId with what came since, once', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running', steps: [{ id: 'a' }] })
    let at = 0
    for await (const update of execution.monitor()) {
      at = update.eventId
      break
    }
    await execution.startStep({ id: 'a' })
    await execution.completeStep('a')
    await execution.complete({ success: true, output: null, summary: 'done' })
    const seen: string[] = []
    for await (const update of execution.monitor({ lastEventId: at })) seen.push(...update.events.map((e) => e.type))
    expect(seen).toEqual(['TASK_STARTED', 'TASK_COMPLETED', 'EXECUTION_COMPLETED'])
  })

  it('ends quietly when the caller aborts mid-stream', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    const controller = new AbortController()
    const progress: number[] = []
    const started = Date.now()
    for await (const update of execution.monitor({ signal: controller.signal })) {
      progress.push(update.progress.percentage)
      if (progress.length === 1) await execution.updateProgress(40)
      if (update.progress.percentage === 40) {
        controller.abort()
        // A change after the abort is never yielded.
        await execution.updateProgress(60)
      }
    }
    expect(progress).toEqual([0, 40])
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('throws the refusal when its API key is revoked mid-stream', async () => {
    const key = api.access.apiKeys.create({ name: 'dashboard', organizationId: 'org-provider', scope: 'read' }, admin)
    const execution = await api.executions.create(worker, { service: 'sdr-service', status: 'running' })
    const $ = createClient({ url: api.origin, headers: bearer(key.key) })
    const seen: ExecutionUpdate[] = []
    const failure = await (async () => {
      try {
        for await (const update of $.ServiceExecution[execution.$id]!.monitor()) {
          seen.push(update)
          if (seen.length === 1) api.access.apiKeys.revoke(key.id, admin)
        }
      } catch (error) {
        return error as { status?: number }
      }
    })()
    expect(seen).toHaveLength(1)
    expect(failure?.status).toBe(401)
  })

  it('is served as ?view=monitor on the SSE watch, and a bad view is refused naming it', async () => {
    const execution = await api.executions.create(worker, { service: 'sdr-service', status: 'running' })
    const bad = await fetch(`${api.base}/executions/${execution.$id}/watch?view=everything`, { headers: api.admin })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toMatch(/view: expected events or monitor/)
    const controller = new AbortController()
    const res = await fetch(`${api.base}/executions/${execution.$id}/watch?view=monitor`, { headers: api.admin, signal: controller.signal })
    const reader = res.body!.getReader()
    const { value } = await reader.read()
    controller.abort()
    const text = new TextDecoder().decode(value)
    expect(text).toMatch(/^id: \d+\nevent: update\ndata: /)
    expect(JSON.parse(text.split('data: ')[1]!)).toMatchObject({ type: 'update', status: 'running', progress: { currentPhase: 'running' } })
  })
})

describe('per-execution alerts', () => {
  it('fires a cost alert once: the callback, an execution.alert event on the timeline, a signed webhook', async () => {
    const received: { headers: Record<string, string>; body: string }[] = []
    const hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const delivery = createWebhookDelivery({ store: api.writer, bus: api.bus, allowPrivate: true })
    try {
      const $ = createClient({ url: api.origin, headers: api.admin })
      const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
      const fired: Alert[] = []
      const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/alerts`
      const id = await execution.setAlert({ name: 'Over budget', metric: 'cost', operator: 'gt', threshold: 5, webhookUrl: url }, (alert) => fired.push(alert))
      const [armed] = await execution.alerts()
      expect(armed).toMatchObject({ id, condition: { metric: 'cost', operator: 'gt', threshold: 5 }, webhookUrl: url })
      expect(armed!.firedAt).toBeUndefined()
      await execution.reportMetrics({ cost: 3 })
      await api.services.executionAlerts.settled()
      expect(fired).toHaveLength(0)
      await execution.reportMetrics({ cost: 3 })
      await until(
        () => fired.length,
        (n) => n > 0,
      )
      expect(fired[0]).toMatchObject({ id, executionId: execution.$id, value: 6, message: 'Over budget: cost is $6 (cost > $5)' })
      // Once: more cost fires nothing more.
      await execution.reportMetrics({ cost: 4 })
      await api.services.executionAlerts.settled()
      await api.services.executionAlerts.evaluate()
      const events = await api.call('GET', `/executions/${execution.$id}/events`)
      const alerts = events.body.items.filter((e: { type: string }) => e.type === 'execution.alert')
      expect(alerts).toHaveLength(1)
      expect(alerts[0]).toMatchObject({ actor: { type: 'system', id: 'alerting' }, data: { alertId: id, name: 'Over budget', value: 6 } })
      expect((await execution.alerts())[0]).toMatchObject({ id, value: 6, firedAt: expect.any(String) })
      // The webhook: from the outbox, signed with the secret the set answered once.
      const set = await api.call('POST', `/executions/${execution.$id}/alerts`, { metric: 'cost', operator: 'gt', threshold: 100, webhookUrl: url })
      expect(set.body.webhookSecret).toMatch(/^whsec_/)
      await delivery.tick()
      expect(received).toHaveLength(1)
      expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,/)
      const payload = JSON.parse(received[0]!.body)
      expect(payload).toMatchObject({ event: 'execution.alert', alert: { id, executionId: execution.$id, value: 6 }, execution: { id: execution.$id, status: 'running' } })
      // Removed: listed no more.
      await execution.removeAlert(id)
      expect((await execution.alerts()).map((a) => a.id)).toEqual([set.body.id])
    } finally {
      await delivery.stop()
      await new Promise((r) => hook.close(r))
    }
  })

  it('fires a status alert when the execution fails, and one on progress past 80%', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const execution = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running' })
    const failed = await execution.setAlert({ metric: 'status', statuses: ['failed'] })
    const progress = await execution.setAlert({ metric: 'progress', operator: 'gte', threshold: 80 })
    await execution.updateProgress(79)
    await execution.updateProgress(85)
    await execution.fail({ code: 'PROVIDER_ERROR', message: 'the provider answered 500' })
    const all = await until(
      () => execution.alerts(),
      (alerts) => alerts.every((a) => a.firedAt),
    )
    expect(all.find((a) => a.id === progress)).toMatchObject({ value: 85 })
    expect(all.find((a) => a.id === failed)).toMatchObject({ message: 'the execution is failed (status is failed)' })
  })

  it('refuses bad input naming the field and what is allowed, a viewer, and another organisation — changing nothing', async () => {
    const execution = await api.executions.create(worker, { service: 'sdr-service', status: 'running' })
    const path = `/executions/${execution.$id}/alerts`
    const noThreshold = await api.call('POST', path, { metric: 'cost', operator: 'gt' })
    expect(noThreshold.status).toBe(400)
    expect(noThreshold.body.error).toMatchObject({ field: 'threshold' })
    expect(noThreshold.body.error.message).toMatch(/required for metric cost/)
    const badMetric = await api.call('POST', path, { metric: 'cpu_usage', operator: 'gt', threshold: 90 })
    expect(badMetric.status).toBe(400)
    expect(badMetric.body.error.message).toMatch(/cost.*tokens.*progress.*duration.*silence.*status/)
    const mixed = await api.call('POST', path, { metric: 'status', statuses: ['failed'], threshold: 3 })
    expect(mixed.body.error).toMatchObject({ field: 'threshold' })
    const viewer = await signedIn(api.access, api.origin, { role: 'viewer', organizations: ['org-provider'] })
    expect((await api.call('POST', path, { metric: 'status', statuses: ['failed'] }, undefined, viewer)).status).toBe(403)
    expect((await api.call('GET', path, undefined, undefined, viewer)).status).toBe(200)
    const other = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'] })
    expect((await api.call('POST', path, { metric: 'status', statuses: ['failed'] }, undefined, other)).status).toBe(404)
    expect((await api.call('GET', path, undefined, undefined, other)).status).toBe(404)
    expect((await api.call('GET', path)).body).toEqual([])
  })
})

describe('alerts on time (supervision’s round, on a fake clock)', () => {
  it('fires a silence alert after ten silent minutes and a duration alert, not before', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z')
    const t = await testServices(() => new Date(now))
    const supervisor = createSupervisor({
      store: t.writer,
      executions: t.executions,
      clock: { now: () => now } as never,
      silenceMs: 3_600_000,
      checkpointEveryMs: 3_600_000,
      alerts: t.services.executionAlerts,
    })
    const execution = await t.executions.create(worker, { service: 'sdr-service', status: 'running' })
    const actor = { type: 'operator' as const, id: 'op', organizations: ['org-provider'] }
    const silence = t.services.executionAlerts.set(execution.$id, { metric: 'silence', operator: 'gte', threshold: 600_000 }, actor, 'user:op')
    const long = t.services.executionAlerts.set(execution.$id, { metric: 'duration', operator: 'gt', threshold: 1_110_000, duration: 60_000 }, actor, 'user:op')
    now += 9 * 60_000
    expect((await supervisor.tick()).alerted).toEqual([])
    // A report ends the silence.
    await t.executions.heartbeat(execution.$id, worker)
    now += 9 * 60_000
    expect((await supervisor.tick()).alerted).toEqual([])
    now += 60_000
    expect((await supervisor.tick()).alerted).toEqual([silence.id])
    // 19 minutes run, past 18.5: held since this round, it must hold a minute more.
    now += 30_000
    expect((await supervisor.tick()).alerted).toEqual([])
    now += 31_000
    expect((await supervisor.tick()).alerted).toEqual([long.id])
    const timeline = t.published.filter((e) => e.type === 'execution.alert').map((e) => (e.data as { alertId: string }).alertId)
    expect(timeline).toEqual([silence.id, long.id])
    await t.db.$disconnect()
  })
})
