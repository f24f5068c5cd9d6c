// Execution analytics over REST (seed 001 Example 12): success rate, average duration and cost of
// the executions the caller sees, for a service, a workflow and a time range, in all or by service
// or workflow — the figures the console's /analytics page and tRPC `analytics.summary` read.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { analyticsBreakdownSchema, analyticsSummarySchema } from '../domain/contracts'
import { analyticsBreakdownInputSchema, analyticsInputSchema } from '../domain/schemas'
import { queryStringSchema } from './query-string'
import { ok, route, type Env } from './routes'

export function registerAnalyticsRoutes(app: OpenAPIHono<Env>) {
  app.openapi(
    route('read', {
      method: 'get',
      path: '/analytics/summary',
      operationId: 'getAnalyticsSummary',
      tags: ['analytics'],
      summary: 'Success rate, average duration and cost of the executions you see (a service, a workflow, a creation time range)',
      request: { query: queryStringSchema(analyticsInputSchema) },
      responses: ok(analyticsSummarySchema, 'The figures'),
    }),
    async (c) => c.json(await c.get('scope').analytics.summary(analyticsInputSchema.parse(c.req.valid('query'))), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/analytics/breakdown',
      operationId: 'getAnalyticsBreakdown',
      tags: ['analytics'],
      summary: 'The same figures, one row per service or per workflow version',
      request: { query: queryStringSchema(analyticsBreakdownInputSchema) },
      responses: ok(analyticsBreakdownSchema, 'Most executions first'),
    }),
    async (c) => c.json(await c.get('scope').analytics.breakdown(analyticsBreakdownInputSchema.parse(c.req.valid('query'))), 200),
  )
}
