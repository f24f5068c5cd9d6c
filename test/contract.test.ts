// One output contract: what the serializers produce is exactly what the REST response schemas
// (and so the OpenAPI document) say — no field the schema lacks, none of the wrong type — and the
// row mapper's column lists match the Prisma schema's types.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { TABLES } from '@/server/db/rows'
import { checkpointSchema, eventSchema, executionSchema, logSchema, metricsSchema, pageOf, stepSchema } from '@/server/domain/contracts'
import { operator, testServices } from './helpers'

/** The value as JSON carries it, parsed by the schema: equal only if the schema knows every field. */
const conforms = (schema: z.ZodType, value: unknown) => {
  const json = JSON.parse(JSON.stringify(value)) as unknown
  expect(schema.parse(json)).toEqual(json)
}

describe('the output contract', () => {
  it('every shape the API answers with parses through its REST response schema unchanged', async () => {
    const t = await testServices()
    const e = await t.executions.create(operator, {
      service: 'sdr-service',
      status: 'running',
      steps: [
        { id: 'research', name: 'Research', input: { lead: 'x' }, metadata: { m: 1 } },
        { id: 'review', type: 'human', assignee: { type: 'human', id: 'editor-1' }, dependsOn: ['research'] },
      ],
      tags: ['vip'],
      context: { account: 'a' },
      metadata: { environment: 'production', note: 'n' },
      webhooks: [{ url: 'https://hooks.example.com/x', events: ['execution.completed'], headers: { 'x-k': 'v' } }],
      retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1000, maxDelay: 10_000 },
    })
    await t.executions.log(e.$id, operator, [{ level: 'info', message: 'hello', step: 'research', context: { a: 1 }, metadata: { source: 'worker', traceId: 't' } }])
    await t.executions.startStep(e.$id, operator, { id: 'research' })
    await t.executions.completeStep(e.$id, operator, 'research', { output: { found: 2 } })
    await t.executions.reportMetrics(e.$id, operator, { tokensUsed: 10, cost: 0.01, costBreakdown: { ai: 0.01 }, apiCallsByService: { clearbit: 1 } })
    await t.executions.pause(e.$id, operator)
    await t.executions.resume(e.$id, operator)
    await t.executions.fail(e.$id, operator, { code: 'API_TIMEOUT', message: 'timed out', stack: 'at x', context: { c: 1 } })
    const done = await t.executions.create(operator, { service: 'sdr-service', status: 'running' })
    await t.executions.complete(done.$id, operator, { success: true, output: { n: 1 }, summary: 'ok' })

    for (const id of [e.$id, done.$id]) conforms(executionSchema, await t.queries.get(id))
    conforms(pageOf(executionSchema), await t.queries.list({ sort: 'createdAt', order: 'desc', limit: 10 }))
    for (const step of await t.queries.steps(e.$id)) conforms(stepSchema, step)
    for (const line of (await t.queries.logs(e.$id, { limit: 50 })).items) conforms(logSchema, line)
    for (const event of (await t.queries.events(e.$id, { limit: 50 })).items) conforms(eventSchema, event)
    for (const checkpoint of await t.queries.checkpoints(e.$id)) conforms(checkpointSchema, checkpoint)
    conforms(metricsSchema, await t.queries.metrics(e.$id))
  })

  it("the row mapper's dates, JSON and booleans are the Prisma schema's", () => {
    const schema = readFileSync('prisma/schema.prisma', 'utf8')
    for (const [table, kinds] of Object.entries(TABLES)) {
      const body = new RegExp(`model ${table} \\{([\\s\\S]*?)\\n\\}`).exec(schema)![1]!
      const fields = [...body.matchAll(/^\s+(\w+)\s+(\w+)(\??)/gm)].map((m) => ({ name: m[1]!, type: m[2]! }))
      const ofType = (type: string) =>
        fields
          .filter((f) => f.type === type)
          .map((f) => f.name)
          .sort()
      expect([...kinds.dates].sort(), `${table} dates`).toEqual(ofType('DateTime'))
      expect([...kinds.json].sort(), `${table} JSON`).toEqual(ofType('Json'))
      expect([...kinds.bools].sort(), `${table} booleans`).toEqual(ofType('Boolean'))
    }
  })
})
