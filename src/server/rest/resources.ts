// Resources over REST (docs/resources.md): list and read them with their use now (readers), their
// use over time, and an execution's ResourceUsage (seed 002); create, change, remove (admins).
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { allocationSchema, resourceSchema, resourceUsageSchema, resourceUsageSeriesSchema } from '../domain/contracts'
import { allocateInputSchema, releaseInputSchema, resourceInputSchema, resourceUpdateSchema, resourceUsageQuerySchema } from '../domain/resources'
import { queryStringSchema } from './query-string'
import { body, idParam, json, ok, route, type Env } from './routes'

const usageQuery = queryStringSchema(resourceUsageQuerySchema)

export function registerResourceRoutes(app: OpenAPIHono<Env>) {
  app.openapi(
    route('read', {
      method: 'get',
      path: '/resources',
      operationId: 'listResources',
      tags: ['resources'],
      summary: "Your organisations' resources, each with its capacity, what is in use and what waits for it",
      responses: ok(z.array(resourceSchema), 'By name'),
    }),
    async (c) => c.json(c.get('scope').resources.list(), 200),
  )
  app.openapi(
    route('admin', {
      method: 'post',
      path: '/resources',
      operationId: 'createResource',
      tags: ['resources'],
      summary: 'Create a resource steps can require by its type: concurrent (held until released) or rate-type (capacity per window)',
      request: body(resourceInputSchema),
      responses: { 201: json(resourceSchema, 'Created') },
    }),
    async (c) => c.json(c.get('scope').resources.create(c.req.valid('json')), 201),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/resources/{id}',
      operationId: 'getResource',
      tags: ['resources'],
      summary: 'A resource with its use now',
      request: { params: idParam },
      responses: ok(resourceSchema, 'The resource'),
    }),
    async (c) => c.json(c.get('scope').resources.get(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('admin', {
      method: 'patch',
      path: '/resources/{id}',
      operationId: 'updateResource',
      tags: ['resources'],
      summary: 'Change its name, capacity, unit, cost per unit or window (waiting steps are served by the new capacity at the next allocation)',
      request: { params: idParam, ...body(resourceUpdateSchema) },
      responses: ok(resourceSchema, 'The resource as changed'),
    }),
    async (c) => c.json(c.get('scope').resources.update(c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route('admin', {
      method: 'delete',
      path: '/resources/{id}',
      operationId: 'deleteResource',
      tags: ['resources'],
      summary: 'Remove a resource nobody holds or waits for',
      request: { params: idParam },
      responses: ok(z.object({ id: z.string() }), 'Removed'),
    }),
    async (c) => c.json({ id: c.get('scope').resources.remove(c.req.valid('param').id).id }, 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/resources/{id}/usage',
      operationId: 'getResourceUsage',
      tags: ['resources'],
      summary: 'Capacity, use and waiting demand over time: the peak of each bucket, from the allocations’ start and end times',
      request: { params: idParam, query: usageQuery },
      responses: ok(resourceUsageSeriesSchema, 'The series'),
    }),
    async (c) => c.json(c.get('scope').resources.usage(c.req.valid('param').id, resourceUsageQuerySchema.parse(c.req.valid('query'))), 200),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/resources/allocate',
      operationId: 'allocateExecutionResources',
      summary:
        "Seed 002's allocateResources, for a runner outside the engine: a step of the execution asks for all its requirements at once; allocated, or waiting by priority (up to `wait` ms)",
      request: { params: idParam, ...body(allocateInputSchema) },
      responses: ok(allocationSchema, 'Allocated, or where it waits'),
    }),
    async (c) => c.json(await c.get('scope').resources.allocate(c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/resources/release',
      operationId: 'releaseExecutionResources',
      summary: "Seed 002's releaseResources: what the step holds (or the named resources of it), released as used; the next waiting steps get them",
      request: { params: idParam, ...body(releaseInputSchema) },
      responses: ok(z.object({ released: z.number() }), 'How many allocations were released'),
    }),
    async (c) => c.json(await c.get('scope').resources.release(c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/resources',
      operationId: 'getExecutionResources',
      summary: "Seed 002's ResourceUsage of an execution: each allocation of its steps, held or released, with its cost and efficiency",
      request: { params: idParam },
      responses: ok(z.array(resourceUsageSchema), 'Oldest request first'),
    }),
    async (c) => c.json(c.get('scope').resources.ofExecution(c.req.valid('param').id), 200),
  )
}
