// REST API of seed 001 ("API Endpoints"), validated by the same zod schemas as tRPC, with an
// OpenAPI 3.1 document generated from them at /api/openapi.json.
import { OpenAPIHono, createRoute, type RouteConfig } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { getPath } from 'hono/utils/url'
import type { Context } from 'hono'
import { z, ZodError } from 'zod'
import type { AppServices } from '../context'
import {
  cancelInputSchema,
  checkpointInputSchema,
  completeInputSchema,
  completeStepSchema,
  createExecutionSchema,
  errorInputSchema,
  executionStatusSchema,
  failInputSchema,
  lifecycleInputSchema,
  listInputSchema,
  logBatchSchema,
  logLevelSchema,
  metricsReportSchema,
  retryInputSchema,
  skipStepSchema,
  startStepSchema,
  startWorkflowSchema,
  updateExecutionSchema,
  webhookSchema,
} from '../domain/schemas'
import type { Actor } from '../services/executions'
import type { Permission, Principal } from '../domain/access'
import { actorOf, authorize } from '../auth/access'
import { readsOf, type Reads } from '../auth/reads'
import { clientIp, crossSiteRefusal } from '../auth/request'
import { ServiceError } from '../services/errors'
import { RUNNER_KINDS } from '../domain/runner'
import { checkpointSchema, executionSchema, errorResponseSchema, logSchema, metricsSchema, stepSchema, eventSchema, pageOf, workflowSchema } from './responses'

export const MAX_BODY_BYTES = 1024 * 1024

type Env = { Variables: { services: AppServices; principal: Principal; actor: Actor; reads: Reads } }

/** 400 body naming the first offending field, with every issue listed. */
function validationError(c: Context, error: ZodError, where: string) {
  const first = error.issues[0]
  const field = first?.path.length ? first.path.join('.') : where
  return c.json(
    {
      error: {
        code: 'BAD_REQUEST',
        message: error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; '),
        field,
        issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    },
    400,
  )
}

const statusOf = { BAD_REQUEST: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, UNAVAILABLE: 503 } as const

/** What a route needs: reads for GET, operating for changes, admin for subscriptions and the audit trail. */
function permissionFor(method: string, path: string): Permission {
  if (path === '/api/audit' || /^\/api\/services\/[^/]+\/webhooks$/.test(path)) return 'admin'
  return method === 'GET' || method === 'HEAD' ? 'read' : 'operate'
}

// Query strings carry lists as "a,b" or repeated keys.
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean)), z.array(item).optional())
const num = z.coerce.number()

const listQuerySchema = z.object({
  status: csv(executionStatusSchema),
  notStatus: csv(executionStatusSchema),
  service: csv(z.string()),
  notService: csv(z.string()),
  priority: csv(z.enum(['low', 'normal', 'high', 'urgent'])),
  assigneeType: csv(z.enum(['ai-agent', 'human', 'hybrid', 'system'])),
  tag: csv(z.string()),
  notTag: csv(z.string()),
  errorCode: csv(z.string()),
  createdFrom: z.string().optional(),
  createdTo: z.string().optional(),
  costMin: num.optional(),
  costMax: num.optional(),
  tokensMin: num.optional(),
  tokensMax: num.optional(),
  search: z.string().optional(),
  correlationId: z.string().optional(),
  parentExecutionId: z.string().optional(),
  runner: csv(z.enum(RUNNER_KINDS)),
  stalled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  query: z.string().optional().describe('A seed 001 find() query as JSON, e.g. {"metrics.cost":{"$gt":1}}'),
  sort: z.string().optional(),
  order: z.string().optional(),
  limit: num.optional(),
  cursor: z.string().optional(),
})

const logsQuerySchema = z.object({
  level: csv(logLevelSchema),
  step: csv(z.string()),
  search: z.string().max(200).optional(),
  after: num.pipe(z.number().int().min(0)).optional(),
  limit: num.pipe(z.number().int().min(1).max(5000)).optional(),
})
const eventsQuerySchema = z.object({
  after: num.pipe(z.number().int().min(0)).optional(),
  limit: num.pipe(z.number().int().min(1).max(5000)).optional(),
})

/** One line, an array of lines, or { logs: [...] }: all become { logs } so errors name logs.N.field. */
const logPostSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { logs: v } : v !== null && typeof v === 'object' && 'logs' in v ? v : { logs: [v] }),
  z.object({ logs: logBatchSchema }),
)

const idParam = z.object({ id: z.string().min(1).max(200) })
const stepParam = idParam.extend({ stepId: z.string().min(1).max(200) })
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const errors = {
  400: json(errorResponseSchema, 'Invalid input; `field` names what was wrong'),
  404: json(errorResponseSchema, 'No such execution'),
  409: json(errorResponseSchema, 'The lifecycle or a stale expectedVersion refused the change'),
  413: json(errorResponseSchema, 'Body larger than 1 MiB'),
}
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })

function route<R extends RouteConfig>(config: R) {
  return createRoute({ tags: ['executions'], ...config, responses: { ...errors, ...config.responses } })
}

export function createRestApp(getServices: () => Promise<AppServices>) {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error, result.target)
    },
  }).basePath('/api')

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // Connection: close, since the rest of the oversized body is never read.
      onError: (c) =>
        c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)` } }, 413, { Connection: 'close' }),
    }),
  )
  // Everything but the OpenAPI document needs a principal with the route's permission.
  app.use('*', async (c, next) => {
    const services = await getServices()
    c.set('services', services)
    // The path as the router matches it (decoded): `/api/%61udit` is the audit route too.
    const path = getPath(c.req.raw)
    if (path === '/api/openapi.json') return next()
    const found = await services.access.principalOf(c.req.raw.headers, clientIp(c.req.raw.headers))
    const refusal = crossSiteRefusal(c.req.raw, found)
    if (refusal) throw new ServiceError('FORBIDDEN', refusal)
    const principal = authorize(found, permissionFor(c.req.method, path))
    await services.access.admit(principal)
    c.set('principal', principal)
    c.set('actor', actorOf(principal))
    c.set('reads', readsOf(services, principal))
    await next()
  })

  app.onError((error, c) => {
    if (ServiceError.is(error)) {
      const headers = error.retryAfter !== undefined ? { 'Retry-After': String(error.retryAfter) } : undefined
      return c.json({ error: { code: error.kind, message: error.message, ...(error.field ? { field: error.field } : {}) } }, statusOf[error.kind], headers)
    }
    if (error instanceof ZodError) return validationError(c, error, 'input')
    if (error instanceof SyntaxError || (error as { status?: number }).status === 400) {
      return c.json({ error: { code: 'BAD_REQUEST', message: `body: not valid JSON (${error.message})`, field: 'body' } }, 400)
    }
    if ((error as { status?: number }).status === 415) {
      return c.json(
        { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `body: sent as ${c.req.header('content-type') ?? 'no content type'}; send it as JSON with Content-Type: application/json`, field: 'body' } },
        415,
      )
    }
    console.error('REST handler failed', error)
    return c.json({ error: { code: 'INTERNAL', message: 'internal error; see the server log' } }, 500)
  })
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404))

  const ok = (schema: z.ZodType, description: string) => ({ 200: json(schema, description) })

  // GET /api/executions
  app.openapi(
    route({ method: 'get', path: '/executions', summary: 'List executions', request: { query: listQuerySchema }, responses: ok(pageOf(executionSchema), 'A page of executions, newest first by default') }),
    async (c) => {
      const { query, ...rest } = c.req.valid('query')
      if (query !== undefined) {
        let parsed: unknown
        try {
          parsed = JSON.parse(query)
        } catch {
          return c.json({ error: { code: 'BAD_REQUEST', message: 'query: not valid JSON', field: 'query' } }, 400)
        }
        const input = z.object({ query: z.record(z.string(), z.unknown()) }).merge(listInputSchema.pick({ sort: true, order: true, limit: true, cursor: true })).parse({ ...rest, query: parsed })
        return c.json(await c.get('reads').find(input), 200)
      }
      return c.json(await c.get('reads').list(listInputSchema.parse(rest)), 200)
    },
  )

  // POST /api/executions
  app.openapi(
    route({ method: 'post', path: '/executions', summary: 'Create an execution', request: body(createExecutionSchema), responses: { 201: json(executionSchema, 'Created') } }),
    async (c) => c.json(await c.get('services').executions.create(c.get('actor'), c.req.valid('json')), 201),
  )

  // GET /api/executions/:id
  app.openapi(
    route({ method: 'get', path: '/executions/{id}', summary: 'Get an execution with its steps', request: { params: idParam }, responses: ok(executionSchema, 'The execution') }),
    async (c) => c.json(await c.get('reads').get(c.req.valid('param').id), 200),
  )

  // PUT /api/executions/:id
  app.openapi(
    route({
      method: 'put',
      path: '/executions/{id}',
      summary: 'Update an execution; a status change goes through the lifecycle',
      request: { params: idParam, ...body(updateExecutionSchema) },
      responses: ok(executionSchema, 'The updated execution'),
    }),
    async (c) => c.json(await c.get('services').executions.update(c.req.valid('param').id, c.get('actor'), c.req.valid('json')), 200),
  )

  // POST /api/executions/:id/{operation}
  const lifecycle = [
    ['start', lifecycleInputSchema, 'queued → starting → running'],
    ['pause', lifecycleInputSchema, 'running → paused, with a checkpoint'],
    ['resume', lifecycleInputSchema, 'paused → running, from the newest checkpoint'],
    ['cancel', cancelInputSchema, 'any status that has not ended → cancelled'],
    ['complete', completeInputSchema, 'running → completed with an ExecutionResult'],
    ['fail', failInputSchema, '→ failed with an ExecutionError'],
    ['retry', retryInputSchema, 'failed → retry → starting → running'],
  ] as const
  for (const [operation, schema, summary] of lifecycle) {
    const requiresBody = operation === 'complete' || operation === 'fail'
    if (!requiresBody) app.use(`/executions/:id/${operation}`, emptyBodyIsNoOptions)
    app.openapi(
      route({
        method: 'post',
        path: `/executions/{id}/${operation}`,
        summary: `${operation[0]!.toUpperCase()}${operation.slice(1)}: ${summary}`,
        request: { params: idParam, body: { content: { 'application/json': { schema } }, required: requiresBody } },
        responses: ok(executionSchema, 'The execution after the change'),
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        const input = (await readOptionalJson(c, schema)) as never
        const executions = c.get('services').executions
        return c.json(await executions[operation](id, c.get('actor'), input), 200)
      },
    )
  }

  // Logs
  app.openapi(
    route({
      method: 'get',
      path: '/executions/{id}/logs',
      summary: 'Get logs, filtered by level and step, paged by id',
      request: { params: idParam, query: logsQuerySchema },
      responses: ok(z.object({ items: z.array(logSchema), nextCursor: z.number().nullable() }), 'Log lines in order'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await c.get('reads').logs(c.req.valid('param').id, { ...q, limit: q.limit ?? 500 }), 200)
    },
  )
  app.openapi(
    route({
      method: 'post',
      path: '/executions/{id}/logs',
      summary: 'Add a log line, or a batch as { logs: [...] } or an array',
      request: { params: idParam, ...body(logPostSchema) },
      responses: { 201: json(z.object({ count: z.number(), firstId: z.number(), lastId: z.number() }), 'Appended') },
    }),
    async (c) => {
      return c.json(await c.get('services').executions.log(c.req.valid('param').id, c.get('actor'), c.req.valid('json').logs), 201)
    },
  )

  // Metrics
  app.openapi(
    route({ method: 'get', path: '/executions/{id}/metrics', summary: 'Get metrics', request: { params: idParam }, responses: ok(metricsSchema, 'ExecutionMetrics') }),
    async (c) => c.json(await c.get('reads').metrics(c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/executions/{id}/metrics',
      summary: 'Report usage: tokens, cost by category, API calls by service (added to the totals)',
      request: { params: idParam, ...body(metricsReportSchema) },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('services').executions.reportMetrics(c.req.valid('param').id, c.get('actor'), c.req.valid('json')), 200),
  )

  // Supervision: a service running an execution says it is alive; checkpoints of its state
  app.use('/executions/:id/heartbeat', emptyBodyIsNoOptions)
  app.openapi(
    route({
      method: 'post',
      path: '/executions/{id}/heartbeat',
      summary: 'Say the execution is still being worked on: a report that ends a silence (no other change); answers the execution, so a paused or cancelled one is noticed',
      request: { params: idParam },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('services').executions.heartbeat(c.req.valid('param').id, c.get('actor')), 200),
  )
  app.openapi(
    route({
      method: 'get',
      path: '/executions/{id}/checkpoints',
      summary: 'Checkpoints, newest first: at step boundaries, on pause, on the interval, and as the service reports them',
      request: { params: idParam },
      responses: ok(z.array(checkpointSchema), 'Checkpoints'),
    }),
    async (c) => c.json(await c.get('reads').checkpoints(c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/executions/{id}/checkpoints',
      summary: "Save a checkpoint of the service's state (seed 000's ExecutionState); the console checkpoints it on the interval from the newest one",
      request: { params: idParam, ...body(checkpointInputSchema) },
      responses: { 201: json(executionSchema, 'The execution') },
    }),
    async (c) => c.json(await c.get('services').executions.checkpoint(c.req.valid('param').id, c.get('actor'), c.req.valid('json')), 201),
  )

  // Steps and events (for outside workers and auditors)
  app.openapi(
    route({ method: 'get', path: '/executions/{id}/steps', summary: 'Get steps', request: { params: idParam }, responses: ok(z.array(stepSchema), 'Steps in order') }),
    async (c) => c.json(await c.get('reads').steps(c.req.valid('param').id), 200),
  )
  app.openapi(
    route({
      method: 'post',
      path: '/executions/{id}/steps',
      summary: 'Start a step (created when new)',
      request: { params: idParam, ...body(startStepSchema) },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('services').executions.startStep(c.req.valid('param').id, c.get('actor'), c.req.valid('json')), 200),
  )
  const stepOps = [
    ['complete', completeStepSchema, 'Complete a running step with its output'],
    ['fail', z.object({ error: errorInputSchema }), 'Fail a running step'],
    ['skip', skipStepSchema, 'Skip (or disable) a pending step'],
  ] as const
  for (const [operation, schema, summary] of stepOps) {
    if (operation !== 'fail') app.use(`/executions/:id/steps/:stepId/${operation}`, emptyBodyIsNoOptions)
    app.openapi(
      route({
        method: 'post',
        path: `/executions/{id}/steps/{stepId}/${operation}`,
        summary,
        request: { params: stepParam, body: { content: { 'application/json': { schema } }, required: operation === 'fail' } },
        responses: ok(executionSchema, 'The execution'),
      }),
      async (c) => {
        const { id, stepId } = c.req.valid('param')
        const input = (await readOptionalJson(c, schema)) as Record<string, unknown>
        const executions = c.get('services').executions
        const actor = c.get('actor')
        const result =
          operation === 'complete' ? await executions.completeStep(id, actor, stepId, input)
          : operation === 'fail' ? await executions.failStep(id, actor, stepId, (input as { error: z.infer<typeof errorInputSchema> }).error)
          : await executions.skipStep(id, actor, stepId, input)
        return c.json(result, 200)
      },
    )
  }
  app.openapi(
    route({
      method: 'get',
      path: '/executions/{id}/events',
      summary: 'The event timeline and audit trail, paged by event id',
      request: { params: idParam, query: eventsQuerySchema },
      responses: ok(z.object({ items: z.array(eventSchema), nextCursor: z.number().nullable() }), 'Events in order'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await c.get('reads').events(c.req.valid('param').id, { ...q, limit: q.limit ?? 500 }), 200)
    },
  )

  app.openapi(
    route({
      method: 'get',
      path: '/executions/{id}/webhooks',
      summary: "The execution's webhooks (its own and its service's) with every delivery attempt",
      request: { params: idParam },
      responses: ok(z.array(z.unknown()), 'Webhooks with deliveries: status code, latency and error of each attempt'),
    }),
    async (c) => c.json(await c.get('reads').webhooks(c.req.valid('param').id), 200),
  )

  app.openapi(
    route({
      method: 'post',
      path: '/services/{id}/webhooks',
      tags: ['webhooks'],
      summary: 'Subscribe a webhook to the events of every execution of a service (its secret is returned once)',
      request: { params: idParam, ...body(webhookSchema) },
      responses: { 201: json(z.unknown(), 'The webhook, with its whsec_ secret') },
    }),
    async (c) => c.json(await c.get('services').catalog.addServiceWebhook(c.req.valid('param').id, c.req.valid('json'), c.get('principal').organizations), 201),
  )

  // Workflows the engine runs
  app.openapi(
    route({
      method: 'get',
      path: '/workflows',
      tags: ['workflows'],
      summary: 'Workflow definitions and their versions',
      responses: ok(z.array(workflowSchema), 'Definitions, newest version first'),
    }),
    async (c) => c.json((await c.get('services').catalog.listWorkflows()).map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })), 200),
  )
  app.use('/workflows/:workflow/executions', emptyBodyIsNoOptions)
  app.openapi(
    route({
      method: 'post',
      path: '/workflows/{workflow}/executions',
      tags: ['workflows'],
      summary: 'Start a run of a workflow (its newest version) on the engine',
      request: { params: z.object({ workflow: z.string().min(1).max(200) }), body: { content: { 'application/json': { schema: startWorkflowSchema } }, required: false } },
      responses: { 201: json(executionSchema, 'Queued; the engine starts it by priority and age'), 503: json(errorResponseSchema, 'No engine runs in this process') },
    }),
    async (c) => {
      const input = await readOptionalJson(c, startWorkflowSchema)
      return c.json(await c.get('services').workflows.start(c.req.valid('param').workflow, { ...input, requestedBy: c.get('actor') }), 201)
    },
  )

  // The audit trail: read-only here as everywhere (the table refuses updates and deletes).
  app.openapi(
    route({
      method: 'get',
      path: '/audit',
      tags: ['audit'],
      summary: 'Who viewed or changed what, when and from where (admins), newest first',
      request: {
        query: z.object({
          executionId: z.string().max(200).optional(),
          actorId: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: ok(z.object({ items: z.array(z.unknown()), nextCursor: z.number().nullable() }), 'A page of audit entries'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(c.get('services').access.audit.list({ ...q, limit: q.limit ?? 100 }, c.get('principal')), 200)
    },
  )

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key (eck_...), or the console session cookie' })

  app.doc31('/openapi.json', {
    security: [{ apiKey: [] }],
    openapi: '3.1.0',
    info: {
      title: 'Execution console API',
      version: '1.0.0',
      description: 'ServiceExecution API (seed 001): create, drive, observe and query long-running service executions.',
    },
  })

  return app
}

/**
 * An empty body means "no options" on routes whose body is optional, whatever its content type:
 * curl with a JSON header and generic fetch wrappers send exactly that. (The route's validator
 * would otherwise parse the empty text as JSON and refuse it.)
 */
async function emptyBodyIsNoOptions(c: Context, next: () => Promise<void>) {
  const raw = c.req.raw
  if (raw.method !== 'POST') return next()
  let text: string
  try {
    text = raw.body === null ? '' : await raw.clone().text()
  } catch {
    throw new ServiceError('BAD_REQUEST', 'body: the connection closed before the body was read', 'body')
  }
  if (text.trim() === '') {
    const headers = new Headers(raw.headers)
    headers.set('content-type', 'application/json')
    headers.delete('content-length')
    c.req.raw = new Request(raw, { body: '{}', headers })
  }
  await next()
}

/** Lifecycle bodies are optional ({} when empty); a body that is present must be valid JSON and valid. */
async function readOptionalJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text()
  let raw: unknown = {}
  if (text.trim()) {
    try {
      raw = JSON.parse(text)
    } catch (error) {
      throw new ServiceError('BAD_REQUEST', `body: not valid JSON (${(error as Error).message})`, 'body')
    }
  }
  return schema.parse(raw)
}
