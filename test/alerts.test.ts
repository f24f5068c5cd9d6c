// Alert rules on a fake clock: a rule fires only after its condition has held long enough,
// can be acknowledged, and resolves when the condition clears; every change is recorded.
import { describe, expect, it } from 'vitest'
import { compare, step } from '@/server/domain/alerts'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { operator, principal, testServices } from './helpers'

describe('alert rule evaluation (pure)', () => {
  it('compares with every operator', () => {
    expect([compare(5, 'gt', 4), compare(4, 'gt', 4), compare(4, 'gte', 4), compare(3, 'lt', 4), compare(4, 'lte', 4), compare(4, 'eq', 4)]).toEqual([
      true,
      false,
      true,
      true,
      true,
      true,
    ])
  })

  it('fires after the condition held for forMs, resolves when it clears', () => {
    let s = step({ pendingSince: null, open: false }, true, 0, 60_000)
    expect(s).toEqual({ pendingSince: 0, action: null })
    s = step({ pendingSince: 0, open: false }, true, 59_999, 60_000)
    expect(s.action).toBe(null)
    s = step({ pendingSince: 0, open: false }, true, 60_000, 60_000)
    expect(s.action).toBe('fire')
    expect(step({ pendingSince: 0, open: true }, true, 90_000, 60_000).action).toBe(null)
    expect(step({ pendingSince: 0, open: true }, false, 95_000, 60_000)).toEqual({ pendingSince: null, action: 'resolve' })
    expect(step({ pendingSince: 0, open: false }, false, 95_000, 60_000)).toEqual({ pendingSince: null, action: null })
  })
})

describe('alerts', () => {
  it('fires on queue depth held for a minute, is acknowledged, and resolves when the queue drains', async () => {
    let clock = Date.parse('2026-03-01T12:00:00Z')
    const t = await testServices(() => new Date(clock))
    const api = createCaller(contextFor(t.services, principal('admin', ['org-provider'], 'alice')))
    const rule = await api.alerts.createRule({ name: 'Queue backing up', metric: 'queue_depth', operator: 'gt', threshold: 3, forMs: 60_000 })
    const queued = []
    for (let i = 0; i < 5; i++) queued.push(await t.executions.create(operator, { service: 'sdr-service' }))

    expect(await t.services.alerts.evaluate()).toEqual({ fired: [], resolved: [] }) // pending from now
    clock += 30_000
    expect((await t.services.alerts.evaluate()).fired).toEqual([])
    clock += 31_000
    const { fired } = await t.services.alerts.evaluate()
    expect(fired).toHaveLength(1)
    const [alert] = await api.alerts.list({ status: ['firing'] })
    expect(alert).toMatchObject({
      ruleId: rule.id,
      rule: 'Queue backing up',
      value: 5,
      message: 'Queue backing up: queue_depth is 5 (> 3) — 5 of sdr-service (waiting for the service to start them)',
    })
    clock += 10_000
    expect((await t.services.alerts.evaluate()).fired).toEqual([]) // one alert while it stays open

    await api.alerts.acknowledge({ id: alert!.id })
    await expect(api.alerts.acknowledge({ id: alert!.id })).rejects.toMatchObject({ code: 'CONFLICT' })
    for (const e of queued.slice(0, 3)) await t.executions.cancel(e.$id, operator, { reason: 'drain' })
    clock += 5_000
    expect((await t.services.alerts.evaluate()).resolved).toEqual([alert!.id])
    const [done] = await api.alerts.list({})
    expect(done).toMatchObject({ status: 'resolved', acknowledgedBy: 'alice' })
    expect((await api.alerts.history({ id: alert!.id })).map((h) => [h.type, h.actorId])).toEqual([
      ['alert.fired', 'alerting'],
      ['alert.acknowledged', 'alice'],
      ['alert.resolved', 'alerting'],
    ])
  })

  it('measures failures per service in a window, error rate and any numeric metric', async () => {
    let clock = Date.parse('2026-03-01T12:00:00Z')
    const t = await testServices(() => new Date(clock))
    const api = createCaller(contextFor(t.services, principal('admin', ['org-provider'], 'alice')))
    await api.alerts.createRule({ name: 'CRM failing', metric: 'failures', serviceId: 'integration-service', operator: 'gte', threshold: 2, windowMs: 600_000 })
    await api.alerts.createRule({ name: 'Error rate', metric: 'error_rate', operator: 'gt', threshold: 0.5, windowMs: 600_000 })
    await api.alerts.createRule({ name: 'Expensive', metric: 'metric', field: 'cost', aggregate: 'max', operator: 'gt', threshold: 1, windowMs: 600_000 })
    await expect(api.alerts.createRule({ name: 'x', metric: 'metric', operator: 'gt', threshold: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const fail = async (service: string) => {
      const e = await t.executions.start((await t.executions.create(operator, { service })).$id, operator)
      await t.executions.fail(e.$id, operator, { code: 'API_TIMEOUT', message: 'timeout' })
    }
    await fail('integration-service')
    await fail('sdr-service')
    expect((await t.services.alerts.evaluate()).fired).toHaveLength(1) // error rate 2/2
    await fail('integration-service')
    const costly = await t.executions.start((await t.executions.create(operator, { service: 'sdr-service' })).$id, operator)
    await t.executions.reportMetrics(costly.$id, operator, { cost: 2.5 })
    await t.services.alerts.evaluate()
    expect((await api.alerts.list({ status: ['firing'] })).map((a) => a.rule).sort()).toEqual(['CRM failing', 'Error rate', 'Expensive'])
    clock += 700_000 // the failures leave the window
    const { resolved } = await t.services.alerts.evaluate()
    expect(resolved).toHaveLength(3)
  })

  // The walk: two "walk failures" rules with identical Pause/Delete labels, and "failed executions >= -5" accepted.
  it('refuses a second rule of the same name in an organisation, and a threshold the measure cannot reach', async () => {
    const t = await testServices(() => new Date('2026-03-01T12:00:00Z'))
    const api = createCaller(contextFor(t.services, principal('admin', ['org-provider'], 'alice')))
    await api.alerts.createRule({ name: 'walk failures', metric: 'failures', operator: 'gte', threshold: 1 })
    const duplicate = api.alerts.createRule({ name: 'Walk Failures', metric: 'failures', operator: 'gte', threshold: 2 })
    await expect(duplicate).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^name: an alert rule named "Walk Failures" already exists/) })
    const refused = async (input: Parameters<typeof api.alerts.createRule>[0]) => {
      const error = await api.alerts.createRule(input).then(
        () => null,
        (e: Error & { code: string }) => e,
      )
      expect(error?.code).toBe('BAD_REQUEST')
      return error!.message
    }
    expect(await refused({ name: 'negative', metric: 'failures', operator: 'gte', threshold: -5 })).toMatch(/threshold -5 is out of range: failures is a count.*allowed at least 0/)
    expect(await refused({ name: 'rate', metric: 'error_rate', operator: 'gt', threshold: 50 })).toMatch(/threshold 50 is out of range: error_rate is a rate.*allowed from 0 to 1/)
    expect(await refused({ name: 'progress', metric: 'metric', field: 'progress', aggregate: 'avg', operator: 'gt', threshold: 101 })).toMatch(/allowed from 0 to 100/)
    // Nothing was written by the refusals.
    expect((await api.alerts.rules()).map((r) => r.name)).toEqual(['walk failures'])
    await api.alerts.createRule({ name: 'progress', metric: 'metric', field: 'progress', aggregate: 'avg', operator: 'gt', threshold: 100 })
  })

  it('names what the queue waits on, and counts silent executions and those no worker can take', async () => {
    let clock = Date.parse('2026-03-01T12:00:00Z')
    const t = await testServices(() => new Date(clock))
    const api = createCaller(contextFor(t.services, principal('admin', ['org-provider'], 'alice')))
    await t.db.workflowDefinition.create({ data: { id: 'legacy-import@2', key: 'legacy-import', version: 2, name: 'Legacy Import', definition: {}, createdAt: new Date(clock) } })
    await api.alerts.createRule({ name: 'Queue', metric: 'queue_depth', operator: 'gt', threshold: 2 })
    await api.alerts.createRule({ name: 'Nobody runs them', metric: 'executions_without_runner', operator: 'gte', threshold: 1 })
    await api.alerts.createRule({ name: 'Silent', metric: 'stalled_executions', operator: 'gte', threshold: 1 })
    for (let i = 0; i < 2; i++) await t.executions.create(operator, { service: 'sdr-service' })
    await t.executions.create(operator, { service: 'batch-processing-service', workflowTemplateVersionId: 'legacy-import@2' })
    const silent = await t.executions.start((await t.executions.create(operator, { service: 'content-service' })).$id, operator)
    clock += 10 * 60_000
    await t.executions.markStalled(silent.$id, 5 * 60_000)
    await t.services.alerts.evaluate()
    const firing = Object.fromEntries((await api.alerts.list({ status: ['firing'] })).map((a) => [a.rule, a.message]))
    expect(firing).toEqual({
      Queue: 'Queue: queue_depth is 3 (> 2) — 2 of sdr-service (waiting for the service to start them); 1 of Legacy Import v2 (no worker runs it)',
      'Nobody runs them': 'Nobody runs them: executions_without_runner is 1 (≥ 1)',
      Silent: 'Silent: stalled_executions is 1 (≥ 1)',
    })
  })
})
