// The REST contract as an outside integrator meets it: the document says what the server takes,
// a body or query string with a key the route does not take is refused naming the key and the
// ones allowed, the console's own metadata keys are refused rather than dropped, and query
// strings are read alike on every route (repeats, impossible dates, backwards ranges).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { principal, startRestServer } from './helpers'
import { openApiDocument } from '@/server/rest/app'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
})
afterAll(async () => api.close())

/** A running execution with a running step `s1` (and a pending `s2`). */
async function running() {
  const created = await api.call('POST', '/executions', { service: 'sdr-service', status: 'running', steps: [{ id: 's1' }, { id: 's2' }] })
  expect(created.status).toBe(201)
  const id = created.body.$id as string
  expect((await api.call('POST', `/executions/${id}/steps`, { id: 's1' })).status).toBe(200)
  return id
}

/** The execution's version and event count: a refused request changes neither. */
async function stateOf(id: string) {
  const [execution, events] = await Promise.all([api.db.execution.findUniqueOrThrow({ where: { id } }), api.db.executionEvent.count({ where: { executionId: id } })])
  return { version: execution.version, status: execution.status, events }
}

async function refused(method: string, path: string, body: unknown, raw?: string) {
  const res = await api.call(method, path, body, raw)
  expect(res.status, `${method} ${path} ${raw ?? JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(400)
  return res.body.error as { code: string; message: string; field: string; issues?: { path: string; message: string }[] }
}

describe('complete: the document and the server agree that output is required', () => {
  it('the OpenAPI document (and so the SDK type) lists output as required; null is taken, missing is refused naming it', async () => {
    const schemas = (openApiDocument() as { components: { schemas: Record<string, { required?: string[] }> } }).components.schemas
    expect(schemas.CompleteInput!.required).toEqual(expect.arrayContaining(['success', 'output', 'summary']))
    expect(schemas.ExecutionResult!.required).toEqual(expect.arrayContaining(['output']))

    const id = await running()
    const before = await stateOf(id)
    const error = await refused('POST', `/executions/${id}/complete`, { success: true, summary: 'done' })
    expect(error.field).toBe('output')
    expect(error.message).toBe('output: required: any JSON value (null included)')
    expect(await stateOf(id)).toEqual(before)

    const done = await api.call('POST', `/executions/${id}/complete`, { success: true, output: null, summary: 'done' })
    expect(done.status).toBe(200)
    expect(done.body.result).toMatchObject({ success: true, output: null })
  })
})

describe('write bodies refuse keys they do not take, naming the key and the allowed ones', () => {
  const cases: [string, (id: string) => string, Record<string, unknown>, string][] = [
    ['complete', (id) => `/executions/${id}/complete`, { success: true, output: 1, summary: 's', outcome: 'x' }, 'success, output, summary'],
    ['fail', (id) => `/executions/${id}/fail`, { code: 'API_TIMEOUT', message: 'm', severity: 'high' }, 'code, message'],
    ['cancel', (id) => `/executions/${id}/cancel`, { reason: 'r', why: 'x' }, 'reason, expectedStatus, expectedVersion'],
    ['pause', (id) => `/executions/${id}/pause`, { force: true }, 'expectedStatus, expectedVersion'],
    ['step complete', (id) => `/executions/${id}/steps/s1/complete`, { output: 1, result: 2 }, 'output, metadata'],
    ['step fail', (id) => `/executions/${id}/steps/s1/fail`, { error: { code: 'API_TIMEOUT', message: 'm' }, retry: true }, 'error'],
    ['step skip', (id) => `/executions/${id}/steps/s2/skip`, { reason: 'r', because: 'x' }, 'reason, disabled'],
    ['step start', (id) => `/executions/${id}/steps`, { id: 's2', label: 'x' }, 'id, name'],
    // One log line's refusal names its field; a batch's names the line too (logs.N.field: below).
    ['log line', (id) => `/executions/${id}/logs`, { level: 'info', message: 'm', severity: 'x' }, 'level, message'],
    [
      'checkpoint',
      (id) => `/executions/${id}/checkpoints`,
      { step: 's1', state: { currentStep: 0, totalSteps: 1, completedSteps: [], pendingSteps: [], variables: {}, results: {} }, at: 1 },
      'step, state',
    ],
    ['heartbeat', (id) => `/executions/${id}/heartbeat`, { alive: true }, 'none are taken'],
    ['progress', (id) => `/executions/${id}/progress`, { progress: 5, eta: 1 }, 'progress'],
  ]
  for (const [name, path, body, allowed] of cases) {
    it(`${name}: 400, field = the key, allowed listed, nothing changed`, async () => {
      const id = await running()
      const before = await stateOf(id)
      const extra = Object.keys(body).at(-1)!
      const field = extra
      const error = await refused('POST', path(id), body)
      expect(error.field).toBe(field)
      expect(error.message).toContain(`${field}: unknown field; `)
      expect(error.message).toContain(allowed)
      expect(await stateOf(id)).toEqual(before)
    })
  }

  it('a log batch names the line and its field, as an array or as { logs }', async () => {
    const id = await running()
    const lines = [
      { level: 'info', message: 'fine' },
      { level: 'loud', message: 'm' },
    ]
    for (const body of [lines, { logs: lines }]) {
      const error = await refused('POST', `/executions/${id}/logs`, body)
      expect(error.field).toBe('logs.1.level')
    }
    expect((await refused('POST', `/executions/${id}/logs`, { level: 'loud', message: 'm' })).field).toBe('level')
  })

  it('nested objects too: a PUT result with an unknown key names its path', async () => {
    const id = await running()
    const error = await refused('PUT', `/executions/${id}`, { status: 'completed', result: { success: true, output: 1, summary: 's', score: 1 } })
    expect(error.field).toBe('result.score')
  })

  it('a new execution with a key it does not take is refused, nothing created', async () => {
    const before = await api.db.execution.count()
    const error = await refused('POST', '/executions', { service: 'sdr-service', owner: 'me' })
    expect(error.field).toBe('owner')
    expect(error.message).toMatch(/^owner: unknown field; allowed: order, service, /)
    expect(await api.db.execution.count()).toBe(before)
  })

  it('tRPC takes the same inputs: complete with an unknown key is BAD_REQUEST naming it', async () => {
    const { createCaller } = await import('@/server/api/routers/root')
    const { contextFor } = await import('@/server/api/trpc')
    const caller = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'contract')))
    const id = await running()
    const before = await stateOf(id)
    await expect(caller.executions.complete({ id, result: { success: true, output: 1, summary: 's', outcome: 'x' } } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('result.outcome: unknown field; allowed: success, output, summary'),
    })
    await expect(caller.executions.complete({ id, result: { success: true, output: 1, summary: 's' }, force: true } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('force: unknown field; allowed: id, result'),
    })
    expect(await stateOf(id)).toEqual(before)
  })
})

describe("the console's own metadata keys are refused, not dropped", () => {
  const keys = ['createdAt', 'updatedAt', 'startedAt', 'completedAt', 'failedAt', 'lastActivityAt', 'replayOf']
  for (const key of keys) {
    it(`PUT metadata.${key}: 400 naming it, metadata unchanged`, async () => {
      const id = await running()
      const before = await stateOf(id)
      const error = await refused('PUT', `/executions/${id}`, { metadata: { team: 'a', [key]: '2020-01-01T00:00:00Z' } })
      expect(error.field).toBe(`metadata.${key}`)
      expect(await stateOf(id)).toEqual(before)
      expect((await api.call('GET', `/executions/${id}`)).body.metadata.team).toBeUndefined()
    })
  }

  it('"__proto__" (an own key once JSON.parse has read the body) is refused in metadata, context and step metadata', async () => {
    const id = await running()
    const before = await stateOf(id)
    for (const [path, raw, field] of [
      [`/executions/${id}`, '{"metadata":{"__proto__":{"team":"a"}}}', 'metadata.__proto__'],
      [`/executions/${id}`, '{"context":{"__proto__":{"x":1}}}', 'context.__proto__'],
      // At any depth, in objects within arrays too (copied by Object.assign, it would set a prototype).
      [`/executions/${id}`, '{"context":{"a":{"b":{"__proto__":{"x":1}}}}}', 'context.a.b.__proto__'],
      [`/executions/${id}`, '{"metadata":{"list":[1,{"__proto__":{"x":1}}]}}', 'metadata.list.1.__proto__'],
      [`/executions/${id}/steps/s1/complete`, '{"output":1,"metadata":{"__proto__":{"x":1}}}', 'metadata.__proto__'],
    ] as const) {
      const error = await refused(path.endsWith('complete') ? 'POST' : 'PUT', path, undefined, raw)
      expect(error.field).toBe(field)
      expect(error.message).toContain('cannot be a field name')
    }
    expect(await stateOf(id)).toEqual(before)
    const count = await api.db.execution.count()
    for (const [metadata, field] of [
      ['{"__proto__":{}}', 'metadata.__proto__'],
      ['{"createdAt":"2020-01-01T00:00:00Z"}', 'metadata.createdAt'],
    ]) {
      const error = await refused('POST', '/executions', undefined, `{"service":"sdr-service","metadata":${metadata}}`)
      expect(error.field).toBe(field)
    }
    expect(await api.db.execution.count()).toBe(count)
  })

  it('environment and version are still taken (they are columns)', async () => {
    const id = await running()
    const res = await api.call('PUT', `/executions/${id}`, { metadata: { environment: 'prod', version: '1.2.3', team: 'a' } })
    expect(res.status).toBe(200)
    expect(res.body.metadata).toMatchObject({ environment: 'prod', version: '1.2.3', team: 'a' })
  })
})

describe('query strings are read alike on every GET route', () => {
  /** Every GET route of the document served by the REST app (the watch stream is served beside it). */
  const getRoutes = () =>
    Object.entries((openApiDocument() as { paths: Record<string, { get?: unknown }> }).paths)
      .filter(([path, item]) => item.get && !path.endsWith('/watch'))
      .map(([path]) => path.replace(/^\/api/, '').replace(/\{[^}]+\}/g, 'x'))

  it('covers the lists, analytics, audit, logs, tasks, resources and definitions', () => {
    expect(getRoutes()).toEqual(
      expect.arrayContaining([
        '/executions',
        '/analytics/summary',
        '/analytics/breakdown',
        '/audit',
        '/executions/x/logs',
        '/executions/x/events',
        '/tasks',
        '/orders',
        '/customers',
        '/resources',
        '/resources/x/usage',
        '/task-definitions',
        '/notifications',
      ]),
    )
  })

  for (const key of ['__proto__', 'constructor', 'bogus']) {
    it(`?${key}=1 is refused on every GET route, its field the key itself`, async () => {
      // With the parameters a route requires, so the refusal is of the key alone.
      const required: Record<string, string> = { '/analytics/breakdown': 'by=service&' }
      const answers = await Promise.all(getRoutes().map(async (path) => [path, await api.call('GET', `${path}?${required[path] ?? ''}${key}=1`)] as const))
      for (const [path, res] of answers) {
        expect(res.status, `${path}?${key}=1 → ${JSON.stringify(res.body)}`).toBe(400)
        expect(res.body.error.field, path).toBe(key)
        expect(res.body.error.message, path).toMatch(new RegExp(`^${key}: unknown parameter; (allowed: |none are taken here)`))
      }
    })
  }

  it('the watch stream (served beside the REST app) reads its query the same way', async () => {
    const id = await running()
    for (const [query, field, message] of [
      ['bogus=1', 'bogus', 'bogus: unknown parameter; allowed: lastEventId, view'],
      ['__proto__=1', '__proto__', '__proto__: unknown parameter; allowed: lastEventId, view'],
      ['view=monitor&view=events', 'view', 'view: given more than once (2 times); give it once'],
      ['view=x', 'view', 'view: expected events or monitor, got "x"'],
    ]) {
      const res = await api.call('GET', `/executions/${id}/watch?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.error, query).toMatchObject({ field, message })
    }
  })

  it('names the parameters a route takes', async () => {
    const res = await api.call('GET', '/analytics/summary?servce=sdr-service')
    expect(res.body.error.message).toBe('servce: unknown parameter; allowed: service, from, to, workflow')
  })

  it('a parameter given more than once says so, unless it is a list', async () => {
    for (const path of [
      '/executions?limit=1&limit=2',
      '/audit?limit=1&limit=2',
      '/executions/x/logs?limit=1&limit=2',
      '/orders?limit=1&limit=2',
      '/tasks?limit=1&limit=2',
      '/analytics/summary?service=a&service=b',
      '/notifications?limit=1&limit=2',
    ]) {
      const res = await api.call('GET', path)
      expect(res.status, path).toBe(400)
      const key = path.split('?')[1]!.split('=')[0]!
      expect(res.body.error.field, path).toBe(key)
      expect(res.body.error.message, path).toBe(`${key}: given more than once (2 times); give it once`)
    }
    // Lists are documented as "a,b or repeated": both work.
    const id = await running()
    for (const path of ['/executions?status=running&status=failed', '/executions?status=running,failed']) {
      const res = await api.call('GET', path)
      expect(res.status, path).toBe(200)
      expect(res.body.items.map((e: { $id: string }) => e.$id)).toContain(id)
    }
  })

  it('a number that is not one is refused as what it is, not as NaN', async () => {
    // Nor is what Number() would read as one: hex, exponents, spaces, Infinity.
    for (const path of [
      '/executions?limit=abc',
      '/audit?limit=ten',
      '/notifications?limit=%20',
      '/executions?limit=1e2',
      '/tasks?limit=0x10',
      '/audit?limit=%205',
      '/executions?limit=Infinity',
    ]) {
      const res = await api.call('GET', path)
      expect(res.status, path).toBe(400)
      expect(res.body.error.field, path).toBe('limit')
      expect(res.body.error.message, path).toMatch(/^limit: expected a number in decimal digits \(such as 50 or 0\.5\), got "/)
      expect(res.body.error.message, path).not.toContain('NaN')
    }
  })

  it('an impossible date is refused naming the parameter and the format, never rolled over', async () => {
    for (const [path, key] of [
      ['/executions?createdFrom=2026-02-30T00:00:00Z', 'createdFrom'],
      ['/analytics/summary?from=2026-02-30T00:00:00Z', 'from'],
      ['/audit?to=2026-04-31T10:00:00Z', 'to'],
      ['/resources/x/usage?from=2026-02-30T00:00:00Z', 'from'],
    ] as const) {
      const res = await api.call('GET', path)
      expect(res.status, path).toBe(400)
      expect(res.body.error.field, path).toBe(key)
      expect(res.body.error.message, path).toMatch(
        new RegExp(`^${key}: not a real date-time \\(.+ does not exist\\); an ISO 8601 date-time with a zone, such as 2025-10-26T10:30:00Z$`),
      )
    }
  })

  it('a missing or malformed service or order is refused saying what it takes, not "Invalid input"', async () => {
    const before = await api.db.execution.count()
    expect((await api.call('POST', '/executions', {})).body.error).toMatchObject({ field: 'service', message: "service: required: the service's id, or an object with its $id" })
    expect((await api.call('POST', '/executions', { service: 'sdr-service', order: 7 })).body.error).toMatchObject({
      field: 'order',
      message: "order: the order's id, or an object with its $id",
    })
    expect(await api.db.execution.count()).toBe(before)
  })

  it('a date without its time or zone is told the form it lacks, once, not that it does not exist', async () => {
    for (const [path, key, value] of [
      ['/analytics/summary?from=2026-01-01', 'from', '2026-01-01'],
      ['/audit?to=notadate', 'to', 'notadate'],
    ] as const) {
      const res = await api.call('GET', path)
      expect(res.status, path).toBe(400)
      expect(res.body.error, path).toMatchObject({ field: key, message: `${key}: an ISO 8601 date-time with a zone, such as 2025-10-26T10:30:00Z` })
      expect(JSON.stringify(res.body), path).not.toContain(`${value} does not exist`)
    }
  })

  it('a range whose start is after its end is refused, naming both', async () => {
    const from = '2026-03-01T00:00:00Z'
    const to = '2026-01-01T00:00:00Z'
    for (const [path, low, high] of [
      [`/analytics/summary?from=${from}&to=${to}`, 'from', 'to'],
      [`/analytics/breakdown?by=service&from=${from}&to=${to}`, 'from', 'to'],
      [`/audit?from=${from}&to=${to}`, 'from', 'to'],
      [`/executions?createdFrom=${from}&createdTo=${to}`, 'createdFrom', 'createdTo'],
      ['/executions?costMin=5&costMax=1', 'costMin', 'costMax'],
    ] as const) {
      const res = await api.call('GET', path)
      expect(res.status, path).toBe(400)
      expect(res.body.error.field, path).toBe(low)
      expect(res.body.error.message, path).toMatch(new RegExp(`^${low}: after ${high} \\(.+\\); give ${low} at or before ${high}$`))
    }
    // tRPC's failure analytics takes the same range.
    const { createCaller } = await import('@/server/api/routers/root')
    const { contextFor } = await import('@/server/api/trpc')
    const caller = createCaller(contextFor(api.services, principal('admin', ['org-provider'], 'contract')))
    await expect(caller.analytics.failures({ from, to })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('a filter beside a find() query is refused (it belongs in the query), not ignored', async () => {
    const res = await api.call('GET', `/executions?query=${encodeURIComponent('{"status":"running"}')}&status=failed`)
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe('status')
    expect(res.body.error.message).toMatch(/^status: unknown parameter; allowed: query, sort, order, limit, cursor$/)
  })

  it('what the SDK and the console send is still taken', async () => {
    for (const path of [
      '/executions?limit=5&sort=createdAt&order=desc&status=running&tag=a',
      '/executions?stalled=false&runner=service',
      '/audit?limit=5&action=execution.created',
      '/analytics/summary?service=sdr-service&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z',
      '/analytics/breakdown?by=workflow',
      '/task-definitions?latest=true',
      '/notifications?unreadOnly=true&limit=5',
      '/orders?limit=5',
      '/customers?limit=5',
      '/tasks?status=PENDING&limit=100',
    ]) {
      const res = await api.call('GET', path)
      expect(res.status, `${path} → ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200)
    }
  })
})

describe('methods and content types', () => {
  it('a path the API serves, asked with a method it does not take, is 405 with Allow; an unknown path stays 404', async () => {
    const id = await running()
    for (const [method, path, allow] of [
      ['DELETE', `/executions/${id}`, 'GET, HEAD, PUT'],
      ['PATCH', '/executions', 'GET, HEAD, POST'],
      ['GET', `/executions/${id}/pause`, 'POST'],
    ] as const) {
      const res = await fetch(`${api.base}${path}`, { method, headers: api.admin })
      expect(res.status, `${method} ${path}`).toBe(405)
      expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error).toEqual({ code: 'METHOD_NOT_ALLOWED', message: `${method} is not a method of /api${path}; it takes ${allow}` })
    }
    expect((await stateOf(id)).status).toBe('running')
    const unknown = await fetch(`${api.base}/no-such-thing`, { headers: api.admin })
    expect(unknown.status).toBe(404)
  })

  it('OPTIONS answers what a path takes, as a 405 does, without a principal; an unknown path 404', async () => {
    const id = await running()
    for (const [path, allow] of [
      [`/executions/${id}`, 'GET, HEAD, PUT, OPTIONS'],
      ['/executions', 'GET, HEAD, POST, OPTIONS'],
      [`/executions/${id}/pause`, 'POST, OPTIONS'],
    ] as const) {
      const res = await fetch(`${api.base}${path}`, { method: 'OPTIONS' })
      expect(res.status, path).toBe(204)
      expect(res.headers.get('allow'), path).toBe(allow)
    }
    expect((await fetch(`${api.base}/no-such-thing`, { method: 'OPTIONS' })).status).toBe(404)
    expect((await stateOf(id)).status).toBe('running')
  })

  it('an empty body where one is required is named as empty, not as malformed JSON', async () => {
    const res = await fetch(`${api.base}/executions`, { method: 'POST', headers: { ...api.admin, 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'body: empty; send a JSON object with Content-Type: application/json',
      field: 'body',
    })
    // A body that is there and broken is still named as such.
    expect((await refused('POST', '/executions', undefined, '{"service":')).message).toMatch(/^body: not valid JSON/)
  })

  it('a body that is not an object is refused as the body', async () => {
    for (const raw of ['[]', '"text"', '42', 'null']) {
      const error = await refused('POST', '/executions', undefined, raw)
      expect(error.field, raw).toBe('body')
      expect(error.message, raw).toMatch(/^body: /)
    }
  })

  it('a body sent without a Content-Type says so', async () => {
    const res = await fetch(`${api.base}/executions`, { method: 'POST', headers: api.admin, body: new Blob(['{"service":"sdr-service"}']) })
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('body: sent without a Content-Type; send it as JSON with Content-Type: application/json')
  })

  it('a body said to be in a charset other than UTF-8 is refused naming it, and creates nothing; UTF-8 said any way is read', async () => {
    const before = (await api.call('GET', '/executions?limit=500')).body.items.length
    const body = JSON.stringify({ service: 'sdr-service', tags: ['zürich'] })
    const post = (contentType: string) => fetch(`${api.base}/executions`, { method: 'POST', headers: { ...api.admin, 'content-type': contentType }, body })
    for (const contentType of ['application/json; charset=utf-16', 'application/json;charset="ISO-8859-1"']) {
      const res = await post(contentType)
      expect(res.status, contentType).toBe(415)
      expect(((await res.json()) as { error: { message: string; field: string } }).error).toMatchObject({
        field: 'Content-Type',
        message: expect.stringMatching(/is not read; send JSON in UTF-8/),
      })
    }
    expect((await api.call('GET', '/executions?limit=500')).body.items.length).toBe(before)
    for (const contentType of ['application/json; charset=UTF-8', 'application/json;charset=utf8', 'application/json']) {
      const res = await post(contentType)
      expect(res.status, contentType).toBe(201)
      expect(((await res.json()) as { tags: string[] }).tags).toEqual(['zürich'])
    }
  })
})
