// The tRPC API through its caller, on a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TRPCError } from '@trpc/server'
import { createCaller } from '@/server/api/routers/root'
import { contextFor } from '@/server/api/trpc'
import { principal, testServices } from './helpers'
import { openWriter } from '@/server/db/writer'
import { failureFingerprint } from '@/server/domain/failure-fingerprint'
import { backfillFingerprints } from '@/server/services/failures'

let s: Awaited<ReturnType<typeof testServices>>
let api: ReturnType<typeof createCaller>
const as = (id: string) => createCaller(contextFor(s.services, principal('admin', ['org-provider'], id)))

beforeAll(async () => {
  s = await testServices()
  api = as('alice')
})
afterAll(() => s.db.$disconnect())

async function rowCounts() {
  const [executions, events, steps, logs] = await Promise.all([s.db.execution.count(), s.db.executionEvent.count(), s.db.executionStep.count(), s.db.executionLog.count()])
  return { executions, events, steps, logs }
}

describe('tRPC API', () => {
  it('creates, drives and reads an execution, recording the acting operator', async () => {
    const e = await api.executions.create({
      service: 'content-service',
      priority: 'high',
      steps: [{ id: 'draft' }, { id: 'review', assignee: { type: 'human', name: 'Sarah Editor' } }],
    })
    await api.executions.start({ id: e.$id })
    await api.executions.startStep({ id: e.$id, step: { id: 'draft' } })
    await api.executions.completeStep({ id: e.$id, stepId: 'draft', output: { words: 1547 } })
    await api.executions.skipStep({ id: e.$id, stepId: 'review', reason: 'trusted author' })
    await api.executions.logBatch({
      id: e.$id,
      logs: [
        { level: 'info', message: 'a' },
        { level: 'error', message: 'b', step: 'draft' },
      ],
    })
    await api.executions.reportMetrics({ id: e.$id, metrics: { promptTokens: 500, completionTokens: 3000, cost: 0.05 } })
    await api.executions.updateProgress({ id: e.$id, progress: 100 })
    const done = await api.executions.complete({ id: e.$id, result: { success: true, output: { title: 'AI in Sales' }, summary: 'Generated a post' } })
    expect(done).toMatchObject({ status: 'completed', progress: 100, metrics: { tokensUsed: 3500, stepsCompleted: 2, stepsTotal: 2 } })
    const steps = await api.executions.steps({ id: e.$id })
    expect(steps.map((x) => x.status)).toEqual(['completed', 'skipped'])
    expect((await api.executions.logs({ id: e.$id, level: ['error'], limit: 10 })).items.map((l) => l.message)).toEqual(['b'])
    const events = await api.executions.events({ id: e.$id, limit: 100 })
    expect(events.items.every((x) => x.actor.id === 'alice')).toBe(true)
    expect(events.items.map((x) => x.type)).toContain('execution.log')
    expect((await api.executions.metrics({ id: e.$id })).cost).toBeCloseTo(0.05)
    const found = await api.executions.find({ query: { priority: 'high', 'metadata.createdAt': { $gte: new Date(Date.now() - 60_000).toISOString() } } })
    expect(found.items.map((x) => x.$id)).toContain(e.$id)
    expect((await api.analytics.summary({ service: 'content-service' })).completed).toBe(1)
  })

  it("lists each execution as a row that says what the execution itself says (the list page's columns)", async () => {
    const tag = `row-${Date.now()}`
    const plain = await api.executions.create({ service: 'sdr-service', tags: [tag, 'b-second'] })
    const assigned = await api.executions.create({ service: 'content-service', priority: 'urgent', tags: [tag], assignee: { type: 'human', id: 'u-7', name: 'Sarah Editor' } })
    await api.executions.start({ id: assigned.$id })
    await api.executions.reportMetrics({ id: assigned.$id, metrics: { promptTokens: 120, completionTokens: 80, cost: 0.0125 } })
    await api.executions.updateProgress({ id: assigned.$id, progress: 40 })
    const failed = await api.executions.create({ service: 'content-service', tags: [tag] })
    await api.executions.start({ id: failed.$id })
    await api.executions.fail({ id: failed.$id, error: { code: 'MODEL_REFUSED', message: 'the model refused the brief', stack: 'at draft()' } })
    const rows = (await api.executions.list({ tag: [tag], limit: 10 })).items
    expect(rows.map((r) => r.$id).sort()).toEqual([plain.$id, assigned.$id, failed.$id].sort())
    for (const row of rows) {
      const e = await api.executions.get({ id: row.$id })
      expect(row).toEqual({
        $id: e.$id,
        status: e.status,
        service: e.service,
        priority: e.priority,
        progress: e.progress,
        ...(e.assignee ? { assignee: e.assignee } : {}),
        ...(e.runner ? { runner: e.runner } : {}),
        tags: e.tags,
        ...(e.error ? { error: { code: e.error.code, message: e.error.message } } : {}),
        metadata: { createdAt: e.metadata.createdAt, ...(e.metadata.startedAt ? { startedAt: e.metadata.startedAt } : {}) },
        metrics: { ...(e.metrics?.duration !== undefined ? { duration: e.metrics.duration } : {}), cost: e.metrics!.cost, tokensUsed: e.metrics!.tokensUsed },
      })
    }
    const byId = new Map(rows.map((r) => [r.$id, r]))
    expect(byId.get(plain.$id)!.tags).toEqual(['b-second', tag].sort())
    expect(byId.get(assigned.$id)).toMatchObject({ priority: 'urgent', progress: 40, assignee: { name: 'Sarah Editor' }, metrics: { cost: 0.0125, tokensUsed: 200 } })
    expect(byId.get(failed.$id)).toMatchObject({ status: 'failed', error: { code: 'MODEL_REFUSED', message: 'the model refused the brief' } })
    expect(byId.get(failed.$id)!.error).not.toHaveProperty('stack') // a row carries no more than its columns show
  })

  it('refuses bad input with BAD_REQUEST naming the field, and writes nothing', async () => {
    const before = await rowCounts()
    const attempts = [
      () => api.executions.create({ service: 'content-service', priority: 'someday' as never }),
      () => api.executions.create({ service: 'content-service', timeout: -5 }),
      () => api.executions.create({ service: 'nope' }),
      () => api.executions.find({ query: { 'metrics.cost': { $between: [1, 2] } } }),
      () => api.executions.list({ cursor: 'garbage' }),
    ]
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(TRPCError)
      expect((error as TRPCError).code).toBe('BAD_REQUEST')
    }
    await expect(api.executions.create({ service: 'content-service', priority: 'someday' as never })).rejects.toThrow(/priority/)
    await expect(api.executions.find({ query: { 'metrics.cost': { $between: 1 } } })).rejects.toThrow(/metrics\.cost\.\$between: unknown operator/)
    expect(await rowCounts()).toEqual(before)
  })

  it('refuses a read whose input names a field it does not take, rather than answering as if it were not there', async () => {
    // A misspelt filter once listed every execution; a `__proto__` key vanished unseen.
    await expect(api.executions.list({ stauts: ['failed'] } as never)).rejects.toThrow(/stauts: unknown field; allowed: .*status/)
    await expect(api.executions.count(JSON.parse('{"__proto__":{"status":["failed"]}}'))).rejects.toThrow(/__proto__/)
    await expect(api.executions.logs({ id: 'exec_x', levle: ['error'] } as never)).rejects.toThrow(/levle: unknown field/)
    await expect(api.executions.get({ id: 'exec_x', extra: 1 } as never)).rejects.toThrow(/extra: unknown field/)
    await expect(api.audit.list({ actorr: 'alice' } as never)).rejects.toThrow(/actorr: unknown field/)
  })

  it('answers CONFLICT for a refused transition or a stale version, and NOT_FOUND for an unknown id', async () => {
    const e = await api.executions.create({ service: 'sdr-service' })
    await expect(api.executions.resume({ id: e.$id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'cannot resume: execution is queued; allowed: start, cancel' })
    await api.executions.start({ id: e.$id, expectedVersion: e.version })
    await expect(api.executions.cancel({ id: e.$id, expectedVersion: e.version })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(api.executions.get({ id: 'exec_missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('lets one of two operators win a simultaneous pause and cancel', async () => {
    const e = await api.executions.start({ id: (await api.executions.create({ service: 'sdr-service' })).$id })
    const [pause, cancel] = await Promise.allSettled([
      as('alice').executions.pause({ id: e.$id, expectedVersion: e.version }),
      as('bob').executions.cancel({ id: e.$id, expectedVersion: e.version, reason: 'wrong list' }),
    ])
    expect([pause.status, cancel.status].sort()).toEqual(['fulfilled', 'rejected'])
    const loser = (pause.status === 'rejected' ? pause : cancel) as PromiseRejectedResult
    expect(loser.reason.code).toBe('CONFLICT')
    const events = (await api.executions.events({ id: e.$id })).items.map((x) => `${x.type}:${x.actor.id}`)
    expect(events.slice(2)).toEqual([pause.status === 'fulfilled' ? 'execution.paused:alice' : 'execution.cancelled:bob'])
  })
})

describe('the list console: exclusions, bulk changes and saved views', () => {
  it('excludes by priority and assignee type as it includes', async () => {
    const tag = `excl-${Date.now()}`
    await api.executions.create({ service: 'sdr-service', priority: 'low', tags: [tag], assignee: { type: 'ai-agent' } })
    await api.executions.create({ service: 'sdr-service', priority: 'urgent', tags: [tag], assignee: { type: 'human' } })
    const priorities = async (f: object) => (await api.executions.list({ tag: [tag], ...f })).items.map((e) => e.priority).sort()
    expect(await priorities({ notPriority: ['urgent'] })).toEqual(['low'])
    expect(await priorities({ notAssigneeType: ['ai-agent'] })).toEqual(['urgent'])
  })

  it('counts, then cancels every execution a filter matches that can be cancelled, each through the lifecycle', async () => {
    const tag = `bulk-${Date.now()}`
    const made = await Promise.all([0, 1, 2].map(() => api.executions.create({ service: 'sdr-service', tags: [tag] })))
    const done = await api.executions.create({ service: 'sdr-service', tags: [tag] })
    await api.executions.start({ id: done.$id })
    await api.executions.complete({ id: done.$id, result: { success: true, output: null, summary: 'done' } })
    // A completed execution cannot be cancelled: it is not counted, and not touched.
    expect(await api.executions.bulkCount({ operation: 'cancel', filter: { tag: [tag] } })).toBe(3)
    const result = await api.executions.bulk({ operation: 'cancel', filter: { tag: [tag] }, reason: 'duplicate campaign' })
    expect(result).toMatchObject({ matched: 3, changed: 3, refusedCount: 0 })
    for (const e of made) {
      const now = await api.executions.get({ id: e.$id })
      expect([now.status, now.cancelReason]).toEqual(['cancelled', 'duplicate campaign'])
    }
    expect((await api.executions.get({ id: done.$id })).status).toBe('completed')
    // Named ids: the one the lifecycle refuses is reported with the server's reason.
    const again = await api.executions.bulk({ operation: 'retry', ids: [made[0]!.$id] })
    expect(again.changed).toBe(0)
    expect(again.refused[0]!.message).toMatch(/cancelled/)
    await expect(api.executions.bulk({ operation: 'cancel', ids: [made[0]!.$id], filter: { tag: [tag] } })).rejects.toThrow(/either ids .* or a filter/)
  })

  it('saves views for the team, replaces one saved under the same name, and never saves a cursor', async () => {
    const saved = await api.views.save({ name: 'Failed SDR', query: 'status=failed&service=sdr-service&cursor=abc' })
    expect(saved.query).toBe('status=failed&service=sdr-service')
    await as('bob').views.save({ name: 'Failed SDR', query: 'status=failed' })
    const views = await as('carol').views.list()
    expect(views.filter((v) => v.name === 'Failed SDR').map((v) => [v.query, v.createdBy])).toEqual([['status=failed', expect.stringContaining('bob')]])
    await api.views.remove({ id: saved.id })
    expect((await api.views.list()).some((v) => v.name === 'Failed SDR')).toBe(false)
    await expect(api.views.save({ name: '  ', query: '' })).rejects.toThrow(/name is required/)
  })
})

describe('failure analytics', () => {
  const failOne = async (service: string, code: string, step: string, message: string) => {
    const e = await api.executions.create({ service, tags: ['failures'] })
    await api.executions.start({ id: e.$id })
    return api.executions.fail({ id: e.$id, error: { code, step, message, recoverable: true } })
  }

  it('groups failures by code, step and message without what varies; resolves, reopens when it recurs, and retries a group', async () => {
    const a = await failOne('integration-service', 'API_TIMEOUT', 'sync', 'CRM did not answer after 30000 ms (request 7f3a9c2e11)')
    const b = await failOne('integration-service', 'API_TIMEOUT', 'sync', 'CRM did not answer after 45000 ms (request 91bc0d4f22)')
    await failOne('integration-service', 'API_TIMEOUT', 'upload', 'CRM did not answer after 30000 ms')
    const report = await api.analytics.failures({ service: 'integration-service' })
    const group = report.groups.find((g) => g.step === 'sync' && g.errorCode === 'API_TIMEOUT')!
    expect(group).toMatchObject({ count: 2, step: 'sync', message: 'CRM did not answer after <n> ms (request <id>)', state: 'open', services: ['integration-service'] })
    expect(report.groups.filter((g) => g.errorCode === 'API_TIMEOUT')).toHaveLength(2)
    expect(report.byStep).toMatchObject({ sync: 2, upload: 1 })
    expect(report.byCode.API_TIMEOUT).toBe(3)
    expect(report.series.reduce((n, p) => n + p.failed, 0)).toBeGreaterThanOrEqual(3)
    // A cancelled execution is counted as cancelled: not lumped with those still running.
    const sum = (r: typeof report, key: 'cancelled' | 'total') => r.series.reduce((n, p) => n + p[key], 0)
    const cancelled = await api.executions.create({ service: 'integration-service', tags: ['failures'] })
    await api.executions.cancel({ id: cancelled.$id })
    const after = await api.analytics.failures({ service: 'integration-service' })
    expect(sum(after, 'cancelled')).toBe(sum(report, 'cancelled') + 1)
    expect(sum(after, 'total')).toBe(sum(report, 'total') + 1)

    // The group's executions are one list filter away.
    const members = await api.executions.list({ errorGroup: group.fingerprint })
    expect(members.items.map((e) => e.$id).sort()).toEqual([a.$id, b.$id].sort())

    await api.analytics.decide({ fingerprint: group.fingerprint, state: 'resolved' })
    expect((await api.analytics.failures({ service: 'integration-service' })).groups.find((g) => g.fingerprint === group.fingerprint)!.state).toBe('resolved')
    await new Promise((r) => setTimeout(r, 5))
    await failOne('integration-service', 'API_TIMEOUT', 'sync', 'CRM did not answer after 12000 ms (request 0a0b0c0d99)')
    const again = (await api.analytics.failures({ service: 'integration-service' })).groups.find((g) => g.fingerprint === group.fingerprint)!
    expect([again.state, again.count]).toEqual(['reopened', 3])

    // A dry run first: what would be retried, and nothing changes.
    const preview = await api.executions.bulk({ operation: 'retry', filter: { errorGroup: group.fingerprint }, dryRun: true })
    expect(preview).toMatchObject({ dryRun: true, matched: 3, changed: 3, refusedCount: 0 })
    expect(preview.wouldChange!.sort()).toEqual((await api.executions.list({ errorGroup: group.fingerprint })).items.map((e) => e.$id).sort())
    expect((await api.executions.get({ id: a.$id })).status).toBe('failed')
    // Retry the whole group: every failed execution of it, through the lifecycle — as the dry run said.
    const retried = await api.executions.bulk({ operation: 'retry', filter: { errorGroup: group.fingerprint } })
    expect([retried.matched, retried.changed]).toEqual([3, 3])

    // A dry run names what would be refused with the reason the change itself gives.
    const done = await api.executions.create({ service: 'integration-service' })
    await api.executions.start({ id: done.$id })
    await api.executions.complete({ id: done.$id, result: { success: true, output: null, summary: 'done' } })
    const mixed = await api.executions.bulk({ operation: 'cancel', ids: [done.$id, a.$id], reason: 'dry', dryRun: true })
    expect(mixed).toMatchObject({ changed: 1, refusedCount: 1, wouldChange: [a.$id] })
    const real = await api.executions.bulk({ operation: 'cancel', ids: [done.$id], reason: 'real' })
    expect(mixed.refused).toEqual(real.refused)
    expect((await api.executions.get({ id: a.$id })).status).not.toBe('cancelled')
    await expect(api.analytics.decide({ fingerprint: 'f'.repeat(20), state: 'ignored' })).rejects.toThrow(/not found/)
  })

  it('tells an execution why it failed: its group, how often and since when, how retries of it ended', async () => {
    const one = await failOne('batch-processing-service', 'LEDGER_REJECTED', 'post', 'Ledger rejected entry 4411 (request 7f3a9c2e11)')
    const two = await failOne('batch-processing-service', 'LEDGER_REJECTED', 'post', 'Ledger rejected entry 9012 (request 91bc0d4f22)')
    const card = await api.analytics.groupOf({ executionId: one.$id })
    expect(card).toMatchObject({
      errorCode: 'LEDGER_REJECTED',
      step: 'post',
      message: 'Ledger rejected entry <n> (request <id>)',
      count: 2,
      lastDay: 2,
      recovered: false,
      retries: { recovered: 0, gaveUp: 0, retrying: 0, cancelled: 0 },
      state: 'open',
    })
    expect(Date.parse(card!.firstSeen)).toBeLessThanOrEqual(Date.parse(card!.lastSeen))

    // One is retried and recovers; the other is retried and is still at it.
    await api.executions.retry({ id: one.$id })
    await api.executions.retry({ id: two.$id })
    expect((await api.analytics.groupOf({ executionId: two.$id }))!.retries).toEqual({ recovered: 0, gaveUp: 0, retrying: 2, cancelled: 0 })
    await api.executions.start({ id: one.$id })
    await api.executions.complete({ id: one.$id, result: { success: true, output: null, summary: 'posted' } })
    const after = await api.analytics.groupOf({ executionId: one.$id })
    expect(after).toMatchObject({ recovered: true, count: 2, retries: { recovered: 1, retrying: 1 } })
    expect(await api.analytics.groupOf({ executionId: two.$id })).toMatchObject({ recovered: false, retries: { recovered: 1, retrying: 1 } })

    // An execution that never failed has no card; one that does not exist is not found.
    const fine = await api.executions.create({ service: 'batch-processing-service' })
    expect(await api.analytics.groupOf({ executionId: fine.$id })).toBeNull()
    await expect(api.analytics.groupOf({ executionId: 'exec_nope' })).rejects.toThrow(/not found/)
  })

  it('groups failures recorded before groups existed, once, in the background', async () => {
    const failed = await failOne('batch-processing-service', 'DATA_QUALITY', 'load', 'row 17 has no id')
    const writer = openWriter(s.file)
    writer.run('UPDATE "Execution" SET "errorFingerprint" = NULL WHERE "id" = ?', [failed.$id])
    expect(await api.executions.list({ errorCode: ['DATA_QUALITY'], errorGroup: failureFingerprint('DATA_QUALITY', 'load', 'row 17 has no id') })).toMatchObject({ items: [] })
    expect(await backfillFingerprints(writer)).toBe(1)
    expect(await backfillFingerprints(writer)).toBe(0)
    // Each start asks again: through the index of the ungrouped alone, not every execution.
    if (writer.dialect === 'sqlite') {
      const plan = writer.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT "id", "errorCode", "errorStep", "errorMessage" FROM "Execution" WHERE "id" > '' AND "errorCode" IS NOT NULL AND "errorFingerprint" IS NULL ORDER BY "id" LIMIT 2000`,
      )
      expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING (COVERING )?INDEX Execution_ungrouped_idx/)
    }
    const again = await api.executions.list({ errorGroup: failureFingerprint('DATA_QUALITY', 'load', 'row 99 has no id') })
    expect(again.items.map((e) => e.$id)).toEqual([failed.$id])
    writer.close()
  })
})
