// The tRPC API through its caller, on a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TRPCError } from '@trpc/server'
import { createCaller } from '@/server/api/routers/root'
import { principal, testServices } from './helpers'

let s: Awaited<ReturnType<typeof testServices>>
let api: ReturnType<typeof createCaller>
const as = (id: string) => createCaller({ ...s.services, principal: principal('admin', ['org-provider'], id) })

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
    const e = await api.executions.create({ service: 'content-service', priority: 'high', steps: [{ id: 'draft' }, { id: 'review', assignee: { type: 'human', name: 'Sarah Editor' } }] })
    await api.executions.start({ id: e.$id })
    await api.executions.startStep({ id: e.$id, step: { id: 'draft' } })
    await api.executions.completeStep({ id: e.$id, stepId: 'draft', output: { words: 1547 } })
    await api.executions.skipStep({ id: e.$id, stepId: 'review', reason: 'trusted author' })
    await api.executions.logBatch({ id: e.$id, logs: [{ level: 'info', message: 'a' }, { level: 'error', message: 'b', step: 'draft' }] })
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
