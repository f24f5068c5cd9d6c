// Workers over REST (docs/workers.md): a worker registers, long-polls for task instances of its
// task types, starts, heartbeats and finishes each with the lease token of its claim, and long-polls
// for the tasks it should stop. The SDK's worker() speaks exactly this.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { executionSchema, taskInstanceSchema as taskInstance, taskWorkerSchema as workerView } from '../domain/contracts'
import {
  claimedTaskSchema as claimedTask,
  claimInputSchema,
  signalsInputSchema,
  signalsSchema,
  taskCompleteSchema,
  taskFailSchema,
  taskLeaseSchema,
  taskListQuerySchema,
  workerInputSchema,
} from '../domain/workers'
import { queryStringSchema } from './query-string'
import { body, idParam, json, ok, route, type Env } from './routes'

const taskQuery = queryStringSchema(taskListQuerySchema)

export function registerWorkerRoutes(app: OpenAPIHono<Env>) {
  const tags = ['workers']
  app.openapi(
    route('work', {
      method: 'post',
      path: '/workers',
      operationId: 'registerWorker',
      tags,
      summary: 'Register a worker: its name, version, the task types it serves and its concurrency',
      request: body(workerInputSchema),
      responses: { 201: json(z.object({ id: z.string(), leaseMs: z.number(), heartbeatMs: z.number() }), 'The worker id, and how often to heartbeat') },
    }),
    async (c) => c.json(c.get('scope').workers.register(c.req.valid('json')), 201),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/workers',
      operationId: 'listWorkers',
      tags,
      summary: 'Workers seen in the last hour, with what they serve and run',
      responses: ok(z.array(workerView), 'Workers'),
    }),
    async (c) => c.json(c.get('scope').workers.list(), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/workers/{id}/claim',
      operationId: 'claimTasks',
      tags,
      summary: 'Claim pending task instances of the task types the worker serves (a long poll: waits up to waitMs for one)',
      request: { params: idParam, ...body(claimInputSchema) },
      responses: ok(z.array(claimedTask), 'Tasks now ASSIGNED to the worker (none when the wait ended empty)'),
    }),
    async (c) => c.json(await c.get('scope').workers.claim(c.req.valid('param').id, c.req.valid('json'), c.req.raw.signal), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/workers/{id}/signals',
      operationId: 'workerSignals',
      tags,
      summary: 'Tasks the worker held that it should stop (cancelled, paused, timed out, its lease lapsed) since the last answer; a long poll',
      request: { params: idParam, ...body(signalsInputSchema) },
      responses: ok(signalsSchema, 'Task ids to stop, and why'),
    }),
    async (c) => c.json(await c.get('scope').workers.signals(c.req.valid('param').id, c.req.valid('json'), c.req.raw.signal), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/workers/{id}/stop',
      operationId: 'stopWorker',
      tags,
      summary: 'The worker stops (its unfinished tasks go to others when their leases lapse)',
      request: { params: idParam },
      responses: ok(z.object({ stopped: z.literal(true) }), 'Stopped'),
    }),
    async (c) => {
      c.get('scope').workers.stop(c.req.valid('param').id)
      return c.json({ stopped: true as const }, 200)
    },
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/tasks',
      operationId: 'listTasks',
      tags,
      summary: 'Task instances of your organisations, newest first, by status, task type, execution or worker',
      request: { query: taskQuery },
      responses: ok(z.array(taskInstance), 'Task instances (seed 003)'),
    }),
    async (c) => c.json(c.get('scope').tasks.list(taskListQuerySchema.parse(c.req.valid('query'))), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/tasks/{id}/start',
      operationId: 'startTask',
      tags,
      summary: 'ASSIGNED → RUNNING: the handler begins (its timeout counts from here)',
      request: { params: idParam, ...body(taskLeaseSchema) },
      responses: ok(z.object({ status: z.literal('RUNNING') }), 'Running'),
    }),
    async (c) => c.json(c.get('scope').tasks.start(c.req.valid('param').id, c.req.valid('json').leaseToken) as { status: 'RUNNING' }, 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/tasks/{id}/heartbeat',
      operationId: 'heartbeatTask',
      tags,
      summary: "Renew the task's lease; `stop` says the worker should stop it",
      request: { params: idParam, ...body(taskLeaseSchema) },
      responses: ok(z.object({ stop: z.boolean(), reason: z.string().optional() }), 'Renewed, or stop'),
    }),
    async (c) => c.json(c.get('scope').tasks.heartbeat(c.req.valid('param').id, c.req.valid('json').leaseToken), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/tasks/{id}/complete',
      operationId: 'completeTask',
      tags,
      summary: "Complete the task with its output (checked against the task definition's outputSchema; a mismatch fails the step with VALIDATION_ERROR)",
      request: { params: idParam, ...body(taskCompleteSchema) },
      responses: ok(executionSchema, 'The execution after the step completed'),
    }),
    async (c) => c.json(await c.get('scope').tasks.complete(c.req.valid('param').id, c.req.valid('json')), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/tasks/{id}/fail',
      operationId: 'failTask',
      tags,
      summary: 'Fail the task with its error; the workflow decides what follows (retry, recovery, failure)',
      request: { params: idParam, ...body(taskFailSchema) },
      responses: ok(executionSchema, 'The execution after the step failed'),
    }),
    async (c) => c.json(await c.get('scope').tasks.fail(c.req.valid('param').id, c.req.valid('json')), 200),
  )
}
