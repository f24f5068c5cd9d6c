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
const keys = [
  'service',
  'order',
  'status',
  'priority',
  'timeout',
  'steps',
  'tags',
  'metadata',
  'retryPolicy',
  'webhooks',
  'assignee',
  'context',
  'progress',
  'level',
  'message',
  'logs',
  'code',
  'recoverable',
  'result',
  'success',
  'summary',
  'output',
  'reason',
  'expectedVersion',
  'id',
  'error',
]
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
    await fc.assert(
      fc.asyncProperty(body, (payload) => check('POST', '/executions', payload)),
      { numRuns: 150 },
    )
  })

  it('lifecycle, log, step and update endpoints never answer 500', async () => {
    const endpoints = ['start', 'pause', 'resume', 'cancel', 'complete', 'fail', 'retry', 'logs', 'metrics', 'steps', 'steps/a/complete', 'steps/a/fail', 'steps/a/skip']
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, fc.constantFrom(executionId, 'exec_missing', '%00', 'a'.repeat(300)), async (endpoint, payload, id) => {
        await check('POST', `/executions/${encodeURIComponent(id)}/${endpoint}`, payload)
      }),
      { numRuns: 150 },
    )
    await fc.assert(
      fc.asyncProperty(body, (payload) => check('PUT', `/executions/${executionId}`, payload)),
      { numRuns: 100 },
    )
  })

  it('list and find queries never answer 500', async () => {
    const params = fc.dictionary(
      fc.constantFrom(
        'status',
        'notStatus',
        'service',
        'priority',
        'assigneeType',
        'tag',
        'createdFrom',
        'createdTo',
        'costMin',
        'tokensMax',
        'search',
        'sort',
        'order',
        'limit',
        'cursor',
        'query',
      ),
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
    const caller = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'fuzzer'))) as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >
    const procedures = Object.keys(appRouter._def.procedures)
      .filter((path) => !path.endsWith('.watch') && !path.endsWith('.feed'))
      .map((path) => path.split('.') as [string, string])
    expect(procedures.length).toBeGreaterThan(30)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procedures),
        fc.oneof(body, fc.record({ id: fc.constantFrom(executionId, 'exec_missing') }, { requiredKeys: [] })),
        async ([router, name], input) => {
          try {
            await caller[router]![name]!(input)
          } catch (error) {
            expect(error).toBeInstanceOf(TRPCError)
            expect((error as InstanceType<typeof TRPCError>).code, `${router}.${name}(${JSON.stringify(input)?.slice(0, 200)}): ${(error as Error).message}`).not.toBe(
              'INTERNAL_SERVER_ERROR',
            )
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

// The shapes that once answered 500: keys every object inherits, JSON nested deep, bodies that
// are not JSON, paths with malformed percent-escapes.
const protoKey = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', 'isPrototypeOf')
const nested = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth)
const hostileJson = fc.oneof(
  protoKey.map((k) => `{"${k}":{"polluted":true}}`),
  fc.tuple(protoKey, fc.constantFrom('service', 'context', 'metadata', 'steps', 'tags')).map(([k, field]) => `{"service":"sdr-service","${field}":{"${k}":1}}`),
  fc.integer({ min: 60, max: 100_000 }).map((d) => `{"service":"sdr-service","metadata":${nested(d, '1')}}`),
  fc.integer({ min: 60, max: 100_000 }).map((d) => nested(d, '1')),
  fc.constantFrom('{"service":', '{"a":1,}', '\u0000', '['.repeat(5000), '{"step":"a","state":{"variables":' + nested(2000, '1') + '}}'),
)
const contentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'application/json',
)

describe('hostile shapes that once answered 500', () => {
  const endpoints = [
    '',
    `/${'EXEC'}/start`,
    `/${'EXEC'}/pause`,
    `/${'EXEC'}/cancel`,
    `/${'EXEC'}/logs`,
    `/${'EXEC'}/metrics`,
    `/${'EXEC'}/checkpoints`,
    `/${'EXEC'}/heartbeat`,
    `/${'EXEC'}/steps`,
    `/${'EXEC'}/steps/a/complete`,
  ]
  const post = async (path: string, type: string | null, text: string) => {
    const before = await counts()
    const res = await fetch(`${api.base}/executions${path.replace('EXEC', executionId)}`, {
      method: 'POST',
      headers: { ...api.admin, ...(type ? { 'content-type': type } : {}) },
      body: text,
    })
    const answer = await res.text()
    expect(res.status, `POST ${path} ${type} ${text.slice(0, 120)} → ${answer.slice(0, 200)}`).toBeLessThan(500)
    if (res.status >= 400) {
      expect(typeof JSON.parse(answer).error.message).toBe('string')
      expect(await counts()).toEqual(before)
    }
    return res.status
  }

  it('prototype keys and deep nesting in any body: a 4xx naming what was wrong, never a 500, nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), hostileJson, (path, text) => post(path, 'application/json', text).then(() => undefined)),
      { numRuns: 120 },
    )
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('bodies in any content type: JSON taken, the rest refused with 415 naming what to send', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        contentType,
        fc.oneof(
          body.map((b) => JSON.stringify(b) ?? ''),
          fc.string(),
        ),
        async (path, type, text) => {
          const status = await post(path, type, text)
          if (!type.includes('json') && text.trim() !== '' && path.endsWith('/start')) expect(status).toBe(415)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('find() queries with inherited keys are refused naming the field, never answered unfiltered', async () => {
    await fc.assert(
      fc.asyncProperty(protoKey, fc.oneof(fc.constant('1'), fc.constant('{"$gt":1}'), fc.constant('"x"')), async (key, value) => {
        const res = await api.call('GET', `/executions?${new URLSearchParams({ query: `{"${key}":${value}}` })}`)
        expect(res.status, key).toBe(400)
        expect(res.body.error.message).toMatch(new RegExp(`^${key === '__proto__' ? '__proto__' : key}: unknown field`))
      }),
      { numRuns: 30 },
    )
  })

  it('paths with malformed percent-escapes: a 4xx, never a 500', async () => {
    const escape = fc.constantFrom('%', '%E0%A4%A', '%zz', '%C0%AF', '%FF', '%00', '%2e%2e', '%25', '%E0%80')
    await fc.assert(
      fc.asyncProperty(escape, fc.constantFrom('', '/start', '/logs', '/watch', '/steps/x%/complete'), fc.constantFrom('GET', 'POST'), async (bad, rest, method) => {
        const res = await fetch(`${api.base}/executions/ex${bad}${rest}`, {
          method,
          headers: { ...api.admin, 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        })
        expect(res.status, `${method} ex${bad}${rest}`).toBeLessThan(500)
      }),
      { numRuns: 60 },
    )
  })

  it('tRPC refuses a watch of an execution it may not see as NOT_FOUND, and metrics with only unknown keys as BAD_REQUEST', async () => {
    const { createCaller } = await import('@/server/api/routers/root')
    const { contextFor } = await import('@/server/api/trpc')
    const caller = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'fuzzer')))
    const stream = await caller.executions.watch({ id: 'exec_missing' })
    await expect(
      (async () => {
        for await (const _ of stream) break
      })(),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(caller.executions.reportMetrics({ id: executionId, metrics: { tokens: 5 } as never })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/tokens/),
    })
    expect((await api.call('POST', `/executions/${executionId}/metrics`, { tokenz: 1 })).status).toBe(400)
    expect((await api.call('POST', `/executions/${executionId}/metrics`, {})).body.error.message).toMatch(/nothing to report/)
  })
})
