// Hostile input: random bodies and query strings against the REST API. Whatever comes in, the
// answer is a 2xx or a 4xx with a message — never a 500 — and a refused request writes nothing.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { principal, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let executionId = ''
beforeAll(async () => {
  api = await startRestServer()
  executionId = (await api.call('POST', '/executions', { service: 'sdr-service', steps: [{ id: 'a' }] })).body.$id
})
afterAll(async () => api.close())

const counts = async () => {
  const [executions, events, logs, steps] = await Promise.all([api.db.execution.count(), api.db.executionEvent.count(), api.db.executionLog.count(), api.db.executionStep.count()])
  return { executions, events, logs, steps }
}

// Values shaped like what the API takes, mixed with junk of every kind.
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom('', 'queued', 'running', 'sdr-service', 'exec_missing', '2025-10-26T10:00:00Z', '<script>alert(1)</script>', '__proto__', 'constructor', '$gt', 'x'.repeat(3000)),
)
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, junk, fc.array(tie('any'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('any'), { maxKeys: 5 })),
})).any
const keys = ['service', 'order', 'status', 'priority', 'timeout', 'steps', 'tags', 'metadata', 'retryPolicy', 'webhooks', 'assignee', 'context', 'progress', 'level', 'message', 'logs', 'code', 'recoverable', 'result', 'success', 'summary', 'output', 'reason', 'expectedVersion', 'id', 'error']
const body = fc.oneof(value, fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 }))

async function check(method: string, path: string, payload: unknown) {
  const before = await counts()
  const res = await api.call(method, path, payload)
  expect(res.status, `${method} ${path} ${JSON.stringify(payload)?.slice(0, 300)}`).toBeLessThan(500)
  if (res.status >= 400) {
    expect(typeof res.body?.error?.message).toBe('string')
    expect(await counts()).toEqual(before)
  }
}

describe('hostile input to the REST API', () => {
  it('POST /api/executions never answers 500 and a refusal writes nothing', async () => {
    await fc.assert(fc.asyncProperty(body, (payload) => check('POST', '/executions', payload)), { numRuns: 150 })
  })

  it('lifecycle, log, step and update endpoints never answer 500', async () => {
    const endpoints = ['start', 'pause', 'resume', 'cancel', 'complete', 'fail', 'retry', 'logs', 'metrics', 'steps', 'steps/a/complete', 'steps/a/fail', 'steps/a/skip']
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, fc.constantFrom(executionId, 'exec_missing', '%00', 'a'.repeat(300)), async (endpoint, payload, id) => {
        await check('POST', `/executions/${encodeURIComponent(id)}/${endpoint}`, payload)
      }),
      { numRuns: 150 },
    )
    await fc.assert(fc.asyncProperty(body, (payload) => check('PUT', `/executions/${executionId}`, payload)), { numRuns: 100 })
  })

  it('list and find queries never answer 500', async () => {
    const params = fc.dictionary(
      fc.constantFrom('status', 'notStatus', 'service', 'priority', 'assigneeType', 'tag', 'createdFrom', 'createdTo', 'costMin', 'tokensMax', 'search', 'sort', 'order', 'limit', 'cursor', 'query'),
      fc.oneof(fc.string(), fc.constantFrom('failed', 'running,queued', '-1', '1e309', 'NaN', '{"metrics.cost":{"$gt":1}}', '{"status":{"$in":"x"}}', '{"$where":1}', '[]')),
      { maxKeys: 5 },
    )
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const res = await api.call('GET', `/executions?${new URLSearchParams(p as Record<string, string>)}`)
        expect(res.status, JSON.stringify(p)).toBeLessThan(500)
        if (res.status >= 400) expect(typeof res.body.error.message).toBe('string')
      }),
      { numRuns: 200 },
    )
  })

  it('every tRPC procedure refuses bad input with a client error, never an internal one', async () => {
    const { appRouter, createCaller } = await import('@/server/api/routers/root')
    const { contextFor } = await import('@/server/api/trpc')
    const { TRPCError } = await import('@trpc/server')
    const caller = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'fuzzer'))) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
    const procedures = Object.keys(appRouter._def.procedures)
      .filter((path) => !path.endsWith('.watch') && !path.endsWith('.feed'))
      .map((path) => path.split('.') as [string, string])
    expect(procedures.length).toBeGreaterThan(30)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...procedures), fc.oneof(body, fc.record({ id: fc.constantFrom(executionId, 'exec_missing') }, { requiredKeys: [] })), async ([router, name], input) => {
        try {
          await caller[router]![name]!(input)
        } catch (error) {
          expect(error).toBeInstanceOf(TRPCError)
          expect((error as InstanceType<typeof TRPCError>).code, `${router}.${name}(${JSON.stringify(input)?.slice(0, 200)}): ${(error as Error).message}`).not.toBe('INTERNAL_SERVER_ERROR')
        }
      }),
      { numRuns: 300 },
    )
  })
})
