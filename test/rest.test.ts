import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
beforeAll(async () => {
  api = await startRestServer()
})
afterAll(async () => api.close())

// Seed 001, "Example 1: AI SDR Outreach Execution", as the REST body.
const example1 = {
  order: 'order-123',
  service: 'sdr-service',
  status: 'queued',
  assignee: { type: 'ai-agent', id: 'claude-sdr-1', name: 'Claude SDR Agent', model: 'claude-sonnet-4.5' },
  steps: [
    { id: 'research-lead-1', name: 'Research John Doe', status: 'pending', assignee: { type: 'ai-agent', model: 'claude-sonnet-4.5' } },
    { id: 'craft-message-1', name: 'Craft Message for John Doe', status: 'pending', assignee: { type: 'ai-agent', model: 'claude-sonnet-4.5' } },
    { id: 'send-email-1', name: 'Send Email to John Doe', status: 'pending', assignee: { type: 'system' } },
  ],
  metrics: { stepsTotal: 3, stepsCompleted: 0 },
}

async function countRows() {
  const [executions, events, logs, orders] = await Promise.all([api.db.execution.count(), api.db.executionEvent.count(), api.db.executionLog.count(), api.db.order.count()])
  return { executions, events, logs, orders }
}

describe('REST API', () => {
  it("drives seed 001's example 1 to completion", async () => {
    const created = await api.call('POST', '/executions', example1)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ $type: 'ServiceExecution', order: 'order-123', service: 'sdr-service', status: 'queued', progress: 0 })
    expect(created.body.steps.map((s: { id: string }) => s.id)).toEqual(['research-lead-1', 'craft-message-1', 'send-email-1'])
    const id = created.body.$id as string

    expect((await api.call('POST', `/executions/${id}/start`)).body.status).toBe('running')
    for (const step of example1.steps) {
      expect((await api.call('POST', `/executions/${id}/steps`, { id: step.id })).status).toBe(200)
      await api.call('POST', `/executions/${id}/logs`, { level: 'info', message: `finished ${step.name}`, step: step.id })
      const done = await api.call('POST', `/executions/${id}/steps/${step.id}/complete`, { output: { ok: true } })
      expect(done.status).toBe(200)
    }
    await api.call('POST', `/executions/${id}/metrics`, {
      promptTokens: 800,
      completionTokens: 700,
      modelCalls: 2,
      costBreakdown: { ai: 0.01, apis: 0.002 },
      apiCallsByService: { linkedin: 1, sendgrid: 1 },
    })
    const completed = await api.call('POST', `/executions/${id}/complete`, {
      success: true,
      output: { emails_sent: 1, leads_contacted: 1, bounce_rate: 0, personalization_quality: 0.92 },
      summary: 'Successfully sent personalized outreach to 1 lead',
    })
    expect(completed.status).toBe(200)
    expect(completed.body).toMatchObject({ status: 'completed', progress: 100, result: { success: true, summary: 'Successfully sent personalized outreach to 1 lead' } })

    const got = await api.call('GET', `/executions/${id}`)
    expect(got.body.steps.every((s: { status: string }) => s.status === 'completed')).toBe(true)
    const metrics = await api.call('GET', `/executions/${id}/metrics`)
    expect(metrics.body).toMatchObject({ stepsCompleted: 3, stepsTotal: 3, tokensUsed: 1500, modelCalls: 2, apiCalls: 2, apiCallsByService: { linkedin: 1, sendgrid: 1 } })
    expect(metrics.body.cost).toBeCloseTo(0.012)
    const logs = await api.call('GET', `/executions/${id}/logs?step=craft-message-1`)
    expect(logs.body.items.map((l: { message: string }) => l.message)).toEqual(['finished Craft Message for John Doe'])

    const list = await api.call('GET', '/executions?status=completed&service=sdr-service')
    expect(list.body.items.map((e: { $id: string }) => e.$id)).toContain(id)
    const found = await api.call('GET', `/executions?query=${encodeURIComponent(JSON.stringify({ 'metrics.tokensUsed': { $gte: 1500 }, status: { $in: ['completed'] } }))}`)
    expect(found.body.items.map((e: { $id: string }) => e.$id)).toEqual([id])
  })

  it('answers 409 for a refused transition and writes nothing', async () => {
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service' })
    const before = await countRows()
    const res = await api.call('POST', `/executions/${body.$id}/resume`)
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe('cannot resume: execution is queued; allowed: start, cancel')
    expect(await countRows()).toEqual(before)
  })

  it('answers 409 for a stale version', async () => {
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service' })
    await api.call('POST', `/executions/${body.$id}/start`, { expectedVersion: body.version })
    const res = await api.call('POST', `/executions/${body.$id}/cancel`, { reason: 'x', expectedVersion: body.version })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/stale version/)
    expect((await api.call('GET', `/executions/${body.$id}`)).body.status).toBe('running')
  })

  it('answers 400 naming the offending field, and writes nothing', async () => {
    const before = await countRows()
    const cases: [unknown, string][] = [
      [{ ...example1, priority: 'asap' }, 'priority'],
      [{ ...example1, service: undefined }, 'service'],
      [{ ...example1, service: 'no-such-service' }, 'service'],
      [{ ...example1, timeout: 86_400_001 }, 'timeout'],
      [{ ...example1, steps: [{ name: 'no id' }] }, 'steps.0.id'],
      [{ ...example1, retryPolicy: { maxRetries: 3, backoff: 'random', initialDelay: 1, maxDelay: 2 } }, 'retryPolicy.backoff'],
      [{ ...example1, status: 'completed' }, 'status'],
    ]
    for (const [body, field] of cases) {
      const res = await api.call('POST', '/executions', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.field).toBe(field)
      expect(res.body.error.message).toContain(field)
    }
    const broken = await api.call('POST', '/executions', undefined, '{"service": ')
    expect(broken.status).toBe(400)
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service' })
    const after = await countRows()
    const badLog = await api.call('POST', `/executions/${body.$id}/logs`, { level: 'fatal', message: 'x' })
    expect(badLog.status).toBe(400)
    expect(badLog.body.error.message).toMatch(/level/)
    const badFail = await api.call('POST', `/executions/${body.$id}/fail`, { code: 'lowercase', message: 'x' })
    expect(badFail.status).toBe(400)
    expect(badFail.body.error.field).toBe('code')
    expect(await countRows()).toEqual(after)
    expect(after.executions).toBe(before.executions + 1)
  })

  it('answers 400 for bad list parameters, naming them', async () => {
    const cases: [string, string][] = [
      ['?status=finished', 'status'],
      ['?limit=100000', 'limit'],
      ['?sort=colour', 'sort'],
      ['?cursor=abc', 'cursor'],
      ['?createdFrom=yesterday', 'createdFrom'],
      [`?query=${encodeURIComponent('{"metrics.cost":{"$gt":"cheap"}}')}`, 'metrics.cost.$gt'],
      ['?query=%7Bnot-json', 'query'],
    ]
    for (const [qs, field] of cases) {
      const res = await api.call('GET', `/executions${qs}`)
      expect(res.status, qs).toBe(400)
      expect(res.body.error.field, qs).toMatch(new RegExp(`^${field.replace(/[.$]/g, '\\$&')}`))
    }
  })

  it('answers 404 for an unknown execution and 413 above 1 MiB', async () => {
    expect((await api.call('GET', '/executions/exec_nope')).status).toBe(404)
    expect((await api.call('POST', '/executions/exec_nope/pause')).status).toBe(404)
    const before = await countRows()
    const huge = { service: 'sdr-service', context: { blob: 'x'.repeat(1024 * 1024) } }
    expect((await api.call('POST', '/executions', huge)).status).toBe(413)
    expect(await countRows()).toEqual(before)
  })

  it('takes log batches of 1,000 lines', async () => {
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service' })
    const logs = Array.from({ length: 1000 }, (_, i) => ({ level: 'debug', message: `line ${i}`, metadata: { traceId: 't' } }))
    const res = await api.call('POST', `/executions/${body.$id}/logs`, { logs })
    expect(res.status).toBe(201)
    expect(res.body.count).toBe(1000)
    const page = await api.call('GET', `/executions/${body.$id}/logs?limit=5000`)
    expect(page.body.items).toHaveLength(1000)
  })

  it('changes status through PUT only along the lifecycle', async () => {
    const { body } = await api.call('POST', '/executions', { service: 'sdr-service', status: 'running' })
    const paused = await api.call('PUT', `/executions/${body.$id}`, { status: 'paused', priority: 'high', tags: ['vip'] })
    expect(paused.status).toBe(200)
    expect(paused.body).toMatchObject({ status: 'paused', priority: 'high', tags: ['vip'] })
    const refused = await api.call('PUT', `/executions/${body.$id}`, { status: 'completed' })
    expect(refused.status).toBe(409)
    const unknown = await api.call('PUT', `/executions/${body.$id}`, { colour: 'red' })
    expect(unknown.status).toBe(400)
  })

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await api.call('GET', '/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toBe('3.1.0')
    const paths = Object.keys(res.body.paths)
    for (const p of ['/api/executions', '/api/executions/{id}', '/api/executions/{id}/start', '/api/executions/{id}/logs', '/api/executions/{id}/metrics']) {
      expect(paths).toContain(p)
    }
    expect(res.body.components.schemas.CreateExecution.properties.priority.enum).toEqual(['low', 'normal', 'high', 'urgent'])
  })
})

describe("seed 001's Schema.org mapping over REST", () => {
  const get = (path: string, accept?: string) => fetch(api.base + path, { headers: { ...api.admin, ...(accept ? { accept } : {}) } })

  it('answers an execution as JSON-LD (schema.org/Action) only when Accept prefers application/ld+json', async () => {
    const { body } = await api.call('POST', '/executions', example1)
    const id = body.$id as string
    await api.call('POST', `/executions/${id}/start`)
    await api.call('POST', `/executions/${id}/fail`, { code: 'EMAIL_SERVICE_ERROR', message: 'Failed to send email via SMTP', recoverable: true, retryCount: 0 })

    const ld = await get(`/executions/${id}`, 'application/ld+json')
    expect(ld.status).toBe(200)
    expect(ld.headers.get('content-type')).toBe('application/ld+json')
    expect(ld.headers.get('vary')).toMatch(/accept/i)
    const action = await ld.json()
    expect(action).toMatchObject({
      '@type': 'Action',
      '@id': `${api.origin}/executions/${id}`,
      actionStatus: 'https://schema.org/FailedActionStatus',
      status: 'failed',
      agent: { '@type': 'SoftwareApplication', identifier: 'claude-sdr-1', name: 'Claude SDR Agent', softwareVersion: 'claude-sonnet-4.5' },
      object: { '@type': 'Order', '@id': `${api.origin}/api/orders/order-123` },
      instrument: { '@type': 'Service', '@id': `${api.origin}/api/services/sdr-service` },
      error: { name: 'EMAIL_SERVICE_ERROR', description: 'Failed to send email via SMTP', recoverable: true },
    })
    expect(action.startTime).toEqual(expect.any(String))
    expect(action.endTime).toEqual(expect.any(String))

    for (const accept of [undefined, '*/*', 'application/json', 'application/json, application/ld+json', 'application/ld+json;q=0.5, application/json']) {
      const plain = await get(`/executions/${id}`, accept)
      expect(plain.headers.get('content-type'), String(accept)).toMatch(/^application\/json/)
      expect((await plain.json()).$type).toBe('ServiceExecution')
    }
    const preferred = await get(`/executions/${id}`, 'application/json;q=0.4, application/ld+json;q=0.9')
    expect(preferred.headers.get('content-type')).toBe('application/ld+json')
  })

  it('answers a page of the list (and a find) as a schema.org/ItemList when asked for JSON-LD', async () => {
    const { body } = await api.call('POST', '/executions', { ...example1, order: undefined, tags: ['ld-list'] })
    const res = await get('/executions?tag=ld-list', 'application/ld+json')
    expect(res.headers.get('content-type')).toBe('application/ld+json')
    const list = await res.json()
    expect(list).toMatchObject({ '@type': 'ItemList', numberOfItems: 1, nextCursor: null, itemListElement: [{ position: 1, item: { '@type': 'Action', identifier: body.$id } }] })
    const found = await get(`/executions?query=${encodeURIComponent(JSON.stringify({ tags: 'ld-list' }))}`, 'application/ld+json')
    expect((await found.json()).itemListElement).toHaveLength(1)
    expect((await (await get('/executions?tag=ld-list', '*/*')).json()).items[0].$id).toBe(body.$id)
  })

  it('keeps errors JSON and answers 404 alike for an unknown execution', async () => {
    const res = await get('/executions/exec-nope', 'application/ld+json')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('NOT_FOUND')
  })

  it('documents both media types of GET /executions/{id}', async () => {
    const doc = (await api.call('GET', '/openapi.json')).body
    const content = doc.paths['/api/executions/{id}'].get.responses['200'].content
    expect(Object.keys(content)).toEqual(['application/json', 'application/ld+json'])
    expect(content['application/ld+json'].schema.$ref).toBe('#/components/schemas/ExecutionAction')
  })
})
