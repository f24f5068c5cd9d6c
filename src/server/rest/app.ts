// The REST API (docs/api.md), validated by the same zod schemas as tRPC, with an
// OpenAPI 3.1 document generated from them at /api/openapi.json. Every route declares the
// permission it needs where it is defined and is let in through the one front door (http/gate);
// its handler gets the request's scope, never the services.
import { logger } from '../ops/log'
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppServices } from '../context'
import {
  auditQuerySchema,
  cancelInputSchema,
  checkpointInputSchema,
  completeInputSchema,
  completeStepSchema,
  createExecutionSchema,
  customerInputSchema,
  customerListSchema,
  orderInputSchema,
  orderListSchema,
  serviceInputSchema,
  errorInputSchema,
  eventsQuerySchema,
  failInputSchema,
  findInputSchema,
  listInputSchema,
  logBatchSchema,
  logInputSchema,
  logsQuerySchema,
  lifecycleInputSchema,
  metricsReportSchema,
  retryInputSchema,
  skipStepSchema,
  startStepSchema,
  startWorkflowSchema,
  restoreCheckpointSchema,
  updateExecutionSchema,
  webhookSchema,
  executionAlertInputSchema,
} from '../domain/schemas'
import { ServiceError } from '../services/errors'
import { replayInputSchema, rerunInputSchema } from '../domain/replay'
import { decodedPath, openGate } from '../http/gate'
import { ANSWERS, errorBody, INTERNAL_MESSAGE, refusalOf, validationError } from '../http/errors'
import { publicOrigin } from '../auth/request'
import { checkQueryEncoding, feedQuery, queryStringSchema, watchQuery } from './query-string'
import { executionsToItemList, executionToAction, JSON_LD_MEDIA_TYPE, wantsJsonLd } from '../domain/json-ld'
import { registerDefinitionRoutes } from './definitions'
import { registerRecoveryRoutes } from './recovery'
import { registerResourceRoutes } from './resources'
import { registerAnalyticsRoutes } from './analytics'
import { registerWorkerRoutes } from './workers'
import { registerNotificationRoutes } from './notifications'
import { body, errors, idParam, json, ok, optionalBody, route, stepParam, type Env } from './routes'
import {
  checkpointSchema,
  executionSchema,
  executionActionSchema,
  executionActionListSchema,
  executionWithRelationsSchema,
  executionSummarySchema,
  errorResponseSchema,
  logSchema,
  metricsSchema,
  executionReportSchema,
  stepSchema,
  eventSchema,
  pageOf,
  WATCH_TYPES,
  serviceSchema,
  orderSchema,
  businessWorkflowSchema,
  organizationSchema,
  watchMessageSchema,
  workflowSchema,
  launchFormSchema,
  executionProgressSchema,
  executionAlertSchema,
  executionUpdateSchema,
} from '../domain/contracts'
import { summarize } from '../domain/execution'

export const MAX_BODY_BYTES = 1024 * 1024

// Query strings carry lists as "a,b" or repeated keys, numbers and booleans as text: each
// derived from the schema tRPC takes, so the two cannot drift apart.
const listQuerySchema = queryStringSchema(listInputSchema).extend({
  query: z.string().optional().describe('A find() query as JSON (docs/api.md), e.g. {"metrics.cost":{"$gt":1}}'),
})
const logsQuery = queryStringSchema(logsQuerySchema)
const eventsQuery = queryStringSchema(eventsQuerySchema)
const auditQuery = queryStringSchema(auditQuerySchema)
const orderListQuery = queryStringSchema(orderListSchema)
const customerListQuery = queryStringSchema(customerListSchema)

/** A log POST as documented: { logs: [...] }, an array of lines, or one line. */
const logPostBody = z.union([z.strictObject({ logs: logBatchSchema }), logBatchSchema, logInputSchema])
/** The same, read as { logs } whichever form came, so a refusal names logs.N.field. */
const logPostSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { logs: v } : v !== null && typeof v === 'object' && 'logs' in v ? v : { logs: [v] }),
  z.strictObject({ logs: logBatchSchema }),
)

/** The OpenAPI document's top level, for a console at `origin`. */
function documentConfig(origin: string) {
  return {
    security: [{ apiKey: [] }],
    openapi: '3.1.0',
    info: {
      title: 'Execution console API',
      version: '1.0.0',
      description: 'ServiceExecution API: create, drive, observe and query long-running service executions.',
    },
    servers: [{ url: origin, description: 'This console' }],
  }
}

/** The OpenAPI document as /api/openapi.json serves it, without a request (the SDK's types are generated from it). */
export function openApiDocument(origin = 'http://localhost:3000') {
  return createRestApp(async () => {
    throw new Error('the document needs no services')
  }).getOpenAPI31Document(documentConfig(origin))
}

export function createRestApp(getServices: () => Promise<AppServices>) {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      // (Hono names a whole body "json": a client knows it as the body.)
      if (!result.success) throw validationError(result.error, result.target === 'json' ? 'body' : result.target)
    },
  }).basePath('/api')

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // Connection: close, since the rest of the oversized body is never read.
      onError: (c) => c.json(errorBody(new ServiceError('PAYLOAD_TOO_LARGE', `request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`)), 413, { Connection: 'close' }),
    }),
  )
  // OPTIONS (not a CORS preflight: server.ts answers those for allowed sites) says what a path
  // takes, as a 405 does; it reads and changes nothing, so it needs no principal.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'OPTIONS') return next()
    const path = new URL(c.req.url).pathname
    const allowed = allowedMethods(app.routes, path)
    if (!allowed.length) return c.json(errorBody(new ServiceError('NOT_FOUND', `no route for OPTIONS ${path}`)), 404)
    return c.body(null, 204, { Allow: [...allowed, 'OPTIONS'].join(', ') })
  })
  // Who knocks (a session or an API key, refused here when a signed-in change comes from another
  // site); each route admits it with its own permission.
  app.use('*', async (c, next) => {
    const req = c.req.raw
    // (Hono leaves a malformed escape undecoded: `/executions/%E0` would be "execution %E0 not found".)
    const url = new URL(req.url)
    decodedPath(url.pathname)
    checkQueryEncoding(url.search)
    // JSON is UTF-8 (RFC 8259): a body said to be in another charset would be misread, not converted.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers.get('content-type') ?? '')?.[1]
    if (charset && !/^utf-?8$/i.test(charset)) {
      throw new ServiceError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type: charset ${charset.slice(0, 40)} is not read; send JSON in UTF-8 (charset=utf-8, or no charset)`,
        'Content-Type',
      )
    }
    const services = await getServices()
    const cookies: string[] = []
    c.set('gate', await openGate(services, { method: req.method, url: req.url, headers: req.headers, setCookie: (cookie) => cookies.push(cookie) }))
    c.set('idempotency', services.idempotency)
    await next()
    for (const cookie of cookies) c.res.headers.append('set-cookie', cookie)
  })
  app.onError((error, c) => {
    const refusal = refusalOf(error)
    if (!refusal) {
      logger('rest').error({ err: error }, 'REST handler failed')
      return c.json({ error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } }, 500)
    }
    // (A body that is not there is not "malformed JSON": say what is missing.)
    const empty = refusal.kind === 'BAD_REQUEST' && refusal.field === 'body' && !Number(c.req.header('content-length') ?? 0) && !c.req.header('transfer-encoding')
    const answer =
      refusal.kind === 'UNSUPPORTED_MEDIA_TYPE' && refusal.field !== 'Content-Type'
        ? Object.assign(refusal, {
            message: `body: ${c.req.header('content-type') ? `sent as ${c.req.header('content-type')}` : 'sent without a Content-Type'}; send it as JSON with Content-Type: application/json`,
          })
        : empty && refusal.message.startsWith('body: not valid JSON')
          ? Object.assign(refusal, { message: 'body: empty; send a JSON object with Content-Type: application/json' })
          : refusal
    const headers = refusal.retryAfter !== undefined ? { 'Retry-After': String(refusal.retryAfter) } : undefined
    return c.json(errorBody(answer), ANSWERS[refusal.kind].http as 400, headers)
  })
  // A path the API serves, asked with a method it does not take: 405 with the methods it does (Allow).
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname
    const allowed = allowedMethods(app.routes, path)
    if (allowed.length)
      return c.json({ error: { code: 'METHOD_NOT_ALLOWED', message: `${c.req.method} is not a method of ${path}; it takes ${allowed.join(', ')}` } }, 405, {
        Allow: allowed.join(', '),
      })
    return c.json(errorBody(new ServiceError('NOT_FOUND', `no route for ${c.req.method} ${path}`)), 404)
  })

  // GET /api/executions
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions',
      operationId: 'listExecutions',
      summary: 'List executions (or, asked for application/ld+json, a schema.org/ItemList of Actions)',
      request: { query: listQuerySchema },
      responses: {
        200: {
          content: { 'application/json': { schema: pageOf(executionSchema) }, [JSON_LD_MEDIA_TYPE]: { schema: executionActionListSchema } },
          description: 'A page of executions, newest first by default',
          headers: z.object({ Vary: z.string().describe('Accept: the answer depends on it') }),
        },
      },
    }),
    async (c) => {
      const { query, ...rest } = c.req.valid('query') as { query?: string } & Record<string, unknown>
      const reads = c.get('scope').reads
      const answer = (page: Awaited<ReturnType<typeof reads.list>>) => {
        c.header('Vary', 'Accept')
        if (!wantsJsonLd(c.req.header('accept'))) return c.json(page, 200)
        return c.body(JSON.stringify(executionsToItemList(page, publicOrigin(c.req.raw))), 200, { 'Content-Type': JSON_LD_MEDIA_TYPE }) as never
      }
      if (query === undefined) return answer(await reads.list(listInputSchema.parse(rest)))
      let parsed: unknown
      try {
        parsed = JSON.parse(query)
      } catch {
        throw new ServiceError('BAD_REQUEST', 'query: not valid JSON', 'query')
      }
      // A filter beside a find() query is refused (it belongs in the query), never ignored.
      const input = findInputSchema.safeParse({ ...rest, query: parsed })
      if (!input.success) throw validationError(input.error, 'query')
      return answer(await reads.find(input.data))
    },
  )

  // POST /api/executions
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions',
      operationId: 'createExecution',
      summary: 'Create an execution',
      request: body(createExecutionSchema),
      responses: { 201: json(executionSchema, 'Created') },
    }),
    async (c) => c.json(await c.get('scope').executions.create(c.req.valid('json'), c.get('idempotencyKey')), 201),
  )

  // GET /api/executions/:id
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}',
      operationId: 'getExecution',
      summary: 'Get an execution with its steps (or, asked for application/ld+json, as a schema.org/Action)',
      description:
        "Content negotiation on Accept (q-values honoured): application/ld+json preferred over application/json answers the execution as JSON-LD, a schema.org/Action (seed 001's mapping); anything else, */* included, the console's JSON.",
      request: { params: idParam },
      responses: {
        200: {
          content: { 'application/json': { schema: executionSchema }, [JSON_LD_MEDIA_TYPE]: { schema: executionActionSchema } },
          description: 'The execution',
          headers: z.object({ Vary: z.string().describe('Accept: the answer depends on it') }),
        },
      },
    }),
    async (c) => {
      const execution = await c.get('scope').reads.get(c.req.valid('param').id)
      c.header('Vary', 'Accept')
      if (!wantsJsonLd(c.req.header('accept'))) return c.json(execution, 200)
      return c.body(JSON.stringify(executionToAction(execution, publicOrigin(c.req.raw))), 200, { 'Content-Type': JSON_LD_MEDIA_TYPE }) as never
    },
  )

  // PUT /api/executions/:id
  app.openapi(
    route('operate', {
      method: 'put',
      path: '/executions/{id}',
      operationId: 'updateExecution',
      summary: 'Update an execution; a status change goes through the lifecycle',
      request: { params: idParam, ...body(updateExecutionSchema) },
      responses: ok(executionSchema, 'The updated execution'),
    }),
    async (c) => c.json(await c.get('scope').executions.update(c.req.valid('param').id, c.req.valid('json')), 200),
  )

  // POST /api/executions/:id/{operation}
  const lifecycle = [
    ['start', lifecycleInputSchema, 'queued → starting → running (an engine workflow waits in starting for a worker)'],
    ['pause', lifecycleInputSchema, 'running → paused, with a checkpoint'],
    ['resume', lifecycleInputSchema, 'paused → running, from the newest checkpoint'],
    ['cancel', cancelInputSchema, 'any status that has not ended → cancelled'],
    ['complete', completeInputSchema, 'running → completed with an ExecutionResult'],
    ['fail', failInputSchema, '→ failed with an ExecutionError'],
    ['retry', retryInputSchema, 'failed → retry → starting → running (waits in retry for its runner unless the runner asks)'],
  ] as const
  for (const [operation, schema, summary] of lifecycle) {
    const requiresBody = operation === 'complete' || operation === 'fail'
    app.openapi(
      route('operate', {
        method: 'post',
        path: `/executions/{id}/${operation}`,
        operationId: `${operation}Execution`,
        summary: `${operation[0]!.toUpperCase()}${operation.slice(1)}: ${summary}`,
        request: { params: idParam, ...(requiresBody ? body(schema) : optionalBody(schema)) },
        responses: ok(executionSchema, 'The execution after the change'),
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        const input = (await readOptionalJson(c, schema)) as never
        return c.json(await c.get('scope').executions[operation](id, input), 200)
      },
    )
  }

  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/checkpoints/{checkpointId}/restore',
      operationId: 'restoreExecutionCheckpoint',
      summary: 'Restore a failed execution to one of its checkpoints, then retry it: the steps the checkpoint had finished are kept (not run again), the rest run again',
      request: { params: z.object({ id: z.string().min(1).max(200), checkpointId: z.string().min(1).max(200) }), ...optionalBody(restoreCheckpointSchema) },
      responses: ok(executionSchema, 'The execution after the restore (status retry: its runner starts it)'),
    }),
    async (c) => {
      const { id, checkpointId } = c.req.valid('param')
      const input = (await readOptionalJson(c, restoreCheckpointSchema)) as z.infer<typeof restoreCheckpointSchema>
      return c.json(await c.get('scope').executions.restoreCheckpoint(id, checkpointId, input ?? {}), 200)
    },
  )

  // Logs
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/logs',
      operationId: 'listExecutionLogs',
      summary: 'Get logs, filtered by level, step and text, paged by id (`after`), or the newest (`latest`, `before`)',
      request: { params: idParam, query: logsQuery },
      responses: ok(z.object({ items: z.array(logSchema), nextCursor: z.number().nullable(), olderCursor: z.number().nullable() }), 'Log lines in order'),
    }),
    async (c) => c.json(await c.get('scope').reads.logs(c.req.valid('param').id, logsQuerySchema.parse(c.req.valid('query'))), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/executions/{id}/logs',
      operationId: 'appendExecutionLogs',
      summary: 'Add a log line, or a batch as { logs: [...] } or an array',
      request: { params: idParam, ...body(logPostBody) },
      responses: { 201: json(z.object({ count: z.number(), firstId: z.number(), lastId: z.number() }), 'Appended') },
    }),
    async (c) => c.json(await c.get('scope').executions.log(c.req.valid('param').id, logPostSchema.parse(c.req.valid('json')).logs), 201),
    // A refusal names the line and field (logs.N.field) of a batch, and the field of one line
    // (never a logs.0 the caller did not send).
    // (Hono awaits a hook; its type only admits one that answers.)
    (async (result: { success: boolean; error?: z.ZodError }, c: Context) => {
      if (result.success) return
      const sent: unknown = await c.req.json()
      const oneLine = sent !== null && typeof sent === 'object' && !Array.isArray(sent) && !('logs' in sent)
      throw validationError((oneLine ? logInputSchema.safeParse(sent) : logPostSchema.safeParse(sent)).error ?? result.error!, 'body')
    }) as never,
  )

  // Metrics
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/metrics',
      operationId: 'getExecutionMetrics',
      summary: 'Get metrics',
      request: { params: idParam },
      responses: ok(metricsSchema, 'ExecutionMetrics'),
    }),
    async (c) => c.json(await c.get('scope').reads.metrics(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/report',
      operationId: 'getExecutionReport',
      summary: "Seed 002's ExecutionResult: its status (seed 002's names beside the console's), result or error, metrics, the resources it held and its timeline, in one answer",
      request: { params: idParam },
      responses: ok(executionReportSchema, 'ExecutionReport'),
    }),
    async (c) => c.json(await c.get('scope').report(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/executions/{id}/metrics',
      operationId: 'reportExecutionMetrics',
      summary: 'Report usage: tokens, cost by category, API calls by service (added to the totals)',
      request: { params: idParam, ...body(metricsReportSchema) },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('scope').executions.reportMetrics(c.req.valid('param').id, c.req.valid('json')), 200),
  )

  app.openapi(
    route('work', {
      method: 'post',
      path: '/executions/{id}/progress',
      operationId: 'reportExecutionProgress',
      summary: "Report the execution's progress (0-100): telemetry, its version unchanged (what workers send; PUT changes any field)",
      request: { params: idParam, ...body(z.strictObject({ progress: z.number().min(0).max(100) }).meta({ id: 'ProgressReport' })) },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('scope').executions.updateProgress(c.req.valid('param').id, c.req.valid('json').progress), 200),
  )

  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/progress',
      operationId: 'getExecutionProgress',
      summary:
        "Seed 002's ExecutionProgress: percentage, tasks done of all, the likely time to finish (ms, from the same workflow's completed runs that ran at least this long) and the current phase",
      request: { params: idParam },
      responses: ok(executionProgressSchema, 'ExecutionProgress'),
    }),
    async (c) => c.json(c.get('scope').progress(c.req.valid('param').id), 200),
  )

  // Per-execution alerts (seed 002's setAlert / removeAlert)
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/alerts',
      operationId: 'listExecutionAlerts',
      summary: "The execution's alerts, armed and fired, oldest first",
      request: { params: idParam },
      responses: ok(z.array(executionAlertSchema), 'ExecutionAlerts'),
    }),
    async (c) => c.json(c.get('scope').executionAlerts.list(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/alerts',
      operationId: 'setExecutionAlert',
      summary:
        'Set an alert on the execution: a metric (cost, tokens, progress, duration, silence) with operator and threshold, or status with statuses; fires once — an execution.alert event on its timeline and, with webhookUrl, a signed webhook',
      request: { params: idParam, ...body(executionAlertInputSchema) },
      responses: {
        201: json(executionAlertSchema.extend({ webhookSecret: z.string().optional().describe("The webhook's signing secret (whsec_…), shown once") }), 'The alert, armed'),
      },
    }),
    async (c) => c.json(c.get('scope').executionAlerts.set(c.req.valid('param').id, c.req.valid('json')), 201),
  )
  app.openapi(
    route('operate', {
      method: 'delete',
      path: '/executions/{id}/alerts/{alertId}',
      operationId: 'removeExecutionAlert',
      summary: 'Remove an alert of the execution (armed or fired)',
      request: { params: idParam.extend({ alertId: z.string().min(1).max(200) }) },
      responses: ok(executionAlertSchema, 'The alert removed'),
    }),
    async (c) => {
      const { id, alertId } = c.req.valid('param')
      return c.json(c.get('scope').executionAlerts.remove(id, alertId), 200)
    },
  )

  // Supervision: a service running an execution says it is alive; checkpoints of its state
  app.openapi(
    route('work', {
      method: 'post',
      path: '/executions/{id}/heartbeat',
      operationId: 'heartbeatExecution',
      summary: 'Say the execution is still being worked on: a report that ends a silence (no other change); answers the execution, so a pause is noticed',
      request: { params: idParam, ...optionalBody(z.strictObject({})) },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('scope').executions.heartbeat(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/checkpoints',
      operationId: 'listExecutionCheckpoints',
      summary: 'Checkpoints, newest first: at step boundaries, on pause, on the interval, and as the service reports them',
      request: { params: idParam },
      responses: ok(z.array(checkpointSchema), 'Checkpoints'),
    }),
    async (c) => c.json(await c.get('scope').reads.checkpoints(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/executions/{id}/checkpoints',
      operationId: 'createExecutionCheckpoint',
      summary: "Save a checkpoint of the service's state (ExecutionState, docs/data-model.md); the console checkpoints it on the interval from the newest one",
      request: { params: idParam, ...body(checkpointInputSchema) },
      responses: { 201: json(executionSchema, 'The execution') },
    }),
    async (c) => c.json(await c.get('scope').executions.checkpoint(c.req.valid('param').id, c.req.valid('json')), 201),
  )

  // Steps and events (for outside workers and auditors)
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/steps',
      operationId: 'listExecutionSteps',
      summary: 'Get steps',
      request: { params: idParam },
      responses: ok(z.array(stepSchema), 'Steps in order'),
    }),
    async (c) => c.json(await c.get('scope').reads.steps(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/steps',
      operationId: 'startExecutionStep',
      summary: 'Start a step (created when new)',
      request: { params: idParam, ...body(startStepSchema) },
      responses: ok(executionSchema, 'The execution'),
    }),
    async (c) => c.json(await c.get('scope').executions.startStep(c.req.valid('param').id, c.req.valid('json')), 200),
  )
  const stepOps = [
    ['complete', completeStepSchema, 'Complete a running step with its output'],
    ['fail', z.strictObject({ error: errorInputSchema }), 'Fail a running step'],
    ['skip', skipStepSchema, 'Skip (or disable) a pending step'],
  ] as const
  for (const [operation, schema, summary] of stepOps) {
    app.openapi(
      route('operate', {
        method: 'post',
        path: `/executions/{id}/steps/{stepId}/${operation}`,
        operationId: `${operation}ExecutionStep`,
        summary,
        request: { params: stepParam, ...(operation === 'fail' ? body(schema) : optionalBody(schema)) },
        responses: ok(executionSchema, 'The execution'),
      }),
      async (c) => {
        const { id, stepId } = c.req.valid('param')
        const input = (await readOptionalJson(c, schema)) as Record<string, unknown>
        const executions = c.get('scope').executions
        const result =
          operation === 'complete'
            ? await executions.completeStep(id, stepId, input)
            : operation === 'fail'
              ? await executions.failStep(id, stepId, (input as { error: z.infer<typeof errorInputSchema> }).error)
              : await executions.skipStep(id, stepId, input)
        return c.json(result, 200)
      },
    )
  }
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/events',
      operationId: 'listExecutionEvents',
      summary: 'The event timeline and audit trail, paged by event id',
      request: { params: idParam, query: eventsQuery },
      responses: ok(z.object({ items: z.array(eventSchema), nextCursor: z.number().nullable() }), 'Events in order'),
    }),
    async (c) => c.json(await c.get('scope').reads.events(c.req.valid('param').id, eventsQuerySchema.parse(c.req.valid('query'))), 200),
  )

  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/webhooks',
      operationId: 'listExecutionWebhooks',
      summary: "The execution's webhooks (its own and its service's) with every delivery attempt",
      request: { params: idParam },
      responses: ok(z.array(z.unknown()), 'Webhooks with deliveries: status code, latency and error of each attempt'),
    }),
    async (c) => c.json(await c.get('scope').reads.webhooks(c.req.valid('param').id), 200),
  )

  app.openapi(
    route('admin', {
      method: 'post',
      path: '/services/{id}/webhooks',
      operationId: 'addServiceWebhook',
      tags: ['webhooks'],
      summary: 'Subscribe a webhook to the events of every execution of a service (its secret is returned once)',
      request: { params: idParam, ...body(webhookSchema) },
      responses: { 201: json(z.unknown(), 'The webhook, with its whsec_ secret') },
    }),
    async (c) => c.json(await c.get('scope').services.addWebhook(c.req.valid('param').id, c.req.valid('json')), 201),
  )

  // Workflows the engine runs
  app.openapi(
    route('read', {
      method: 'get',
      path: '/workflows',
      operationId: 'listWorkflows',
      tags: ['workflows'],
      summary: 'Workflow definitions and their versions',
      responses: ok(z.array(workflowSchema), 'Definitions, newest version first'),
    }),
    async (c) =>
      c.json(
        (await c.get('scope').workflows.list()).map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })),
        200,
      ),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/workflows/{workflow}/executions',
      operationId: 'startWorkflow',
      tags: ['workflows'],
      summary: 'Start a run of a workflow (its newest version) on the engine',
      request: { params: z.object({ workflow: z.string().min(1).max(200) }), ...optionalBody(startWorkflowSchema) },
      responses: { 201: json(executionSchema, 'Queued; the engine starts it by priority and age'), 503: json(errorResponseSchema, 'No engine runs in this process') },
    }),
    async (c) =>
      c.json(
        await c.get('scope').workflows.start(c.req.valid('param').workflow, { ...(await readOptionalJson(c, startWorkflowSchema)), idempotencyKey: c.get('idempotencyKey') }),
        201,
      ),
  )

  app.openapi(
    route('read', {
      method: 'get',
      path: '/workflows/{workflow}/launch-form',
      operationId: 'getLaunchForm',
      tags: ['workflows'],
      summary: "What a start of a workflow takes: its versions and the JSON Schema its input is checked against (the workflow's, or its first task's)",
      request: {
        params: z.object({ workflow: z.string().min(1).max(200) }),
        query: queryStringSchema(z.object({ version: z.number().int().positive().optional().describe('Default: the newest') })),
      },
      responses: ok(launchFormSchema, 'The launch form'),
    }),
    async (c) => c.json(c.get('scope').workflows.launchForm(c.req.valid('param').workflow, c.req.valid('query').version) as never, 200),
  )
  // Seed 001's marketplace: the catalog, orders with their customer, and customers — under the
  // executions' tenancy rule (another organisation's order or customer is not found).
  app.openapi(
    route('read', {
      method: 'get',
      path: '/services',
      operationId: 'listServices',
      tags: ['catalog'],
      summary: 'The catalog: every service, by name',
      responses: ok(z.array(serviceSchema), 'Services'),
    }),
    async (c) => c.json(c.get('scope').marketplace.services(), 200),
  )
  app.openapi(
    route('admin', {
      method: 'post',
      path: '/services',
      operationId: 'createService',
      tags: ['catalog'],
      summary: 'Offer a service, provided by an organisation you administer (providerId; required when there are several)',
      request: body(serviceInputSchema),
      responses: { 201: json(serviceSchema, 'Created'), 409: json(errorResponseSchema, 'A service with this id exists') },
    }),
    async (c) => {
      const scope = c.get('scope')
      const created = await scope.services.create(c.req.valid('json'))
      return c.json(scope.lookups.service(created.id), 201)
    },
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/orders',
      operationId: 'listOrders',
      tags: ['marketplace'],
      summary: "Service orders you may see (your organisations' as customer or as the service's provider), newest first",
      request: { query: orderListQuery },
      responses: ok(pageOf(orderSchema), 'A page of orders'),
    }),
    async (c) => c.json(c.get('scope').marketplace.orders(orderListSchema.parse(c.req.valid('query'))), 200),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/replay',
      operationId: 'replayExecution',
      summary: "Start a new run of the execution's workflow (its version unless another is named) with its input, edited or not; the new one is linked to it",
      request: { params: idParam, ...optionalBody(replayInputSchema) },
      responses: { 201: json(executionSchema, 'The new execution'), 503: json(errorResponseSchema, 'No engine runs in this process') },
    }),
    async (c) => c.json(await c.get('scope').executions.replay(c.req.valid('param').id, await readOptionalJson(c, replayInputSchema)), 201),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/executions/{id}/rerun',
      operationId: 'rerunExecution',
      summary: 'Start a new run of the execution from one of its steps: the steps before it carried over with their outputs, it and the rest run again',
      request: { params: idParam, ...body(rerunInputSchema) },
      responses: { 201: json(executionSchema, 'The new execution'), 503: json(errorResponseSchema, 'No engine runs in this process') },
    }),
    async (c) => c.json(await c.get('scope').executions.rerun(c.req.valid('param').id, c.req.valid('json').fromStep), 201),
  )
  app.openapi(
    route('operate', {
      method: 'post',
      path: '/orders',
      operationId: 'createOrder',
      tags: ['marketplace'],
      summary: 'Place an order: for one of your organisations as the customer, or, as the provider of the service, for a customer of yours',
      request: body(orderInputSchema),
      responses: { 201: json(orderSchema, 'Created'), 409: json(errorResponseSchema, 'An order with this id exists') },
    }),
    async (c) => c.json(await c.get('scope').marketplace.createOrder(c.req.valid('json')), 201),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/customers',
      operationId: 'listCustomers',
      tags: ['marketplace'],
      summary: 'Customers you may see: those that ordered your services, those you registered, and your own organisations once they have ordered',
      request: { query: customerListQuery },
      responses: ok(pageOf(organizationSchema), 'A page of customers, by id'),
    }),
    async (c) => c.json(c.get('scope').marketplace.customers(customerListSchema.parse(c.req.valid('query'))), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/customers/{id}',
      operationId: 'getCustomer',
      tags: ['marketplace'],
      summary: 'A customer: your own organisation, one you registered, or one that ordered your services',
      request: { params: idParam },
      responses: ok(organizationSchema, 'A customer'),
    }),
    async (c) => c.json(c.get('scope').marketplace.customer(c.req.valid('param').id), 200),
  )
  app.openapi(
    route('admin', {
      method: 'post',
      path: '/customers',
      operationId: 'createCustomer',
      tags: ['marketplace'],
      summary: 'Register a customer organisation for a provider you administer, to take orders for it',
      request: body(customerInputSchema),
      responses: { 201: json(organizationSchema, 'Created'), 409: json(errorResponseSchema, 'The id is taken') },
    }),
    async (c) => c.json(await c.get('scope').marketplace.createCustomer(c.req.valid('json')), 201),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/relations',
      operationId: 'getExecutionWithRelations',
      summary: "The execution with its order, service, workflow and customer as objects (seed 000's ExecutionWithRelations)",
      request: { params: idParam },
      responses: ok(executionWithRelationsSchema, 'The execution with its relations'),
    }),
    async (c) => c.json(await c.get('scope').marketplace.withRelations(c.req.valid('param').id), 200),
  )

  // GET /api/executions/:id/summary
  app.openapi(
    route('read', {
      method: 'get',
      path: '/executions/{id}/summary',
      operationId: 'getExecutionSummary',
      summary: "The execution in a line: id, status, progress, start, end, duration and success (seed 000's ExecutionSummary)",
      request: { params: idParam },
      responses: ok(executionSummarySchema, 'The summary'),
    }),
    async (c) => c.json(summarize(await c.get('scope').reads.summary(c.req.valid('param').id)), 200),
  )

  // What executions refer to: the SDK's relations ($.Service, $.ServiceOrder, $.BusinessWorkflow, the customer)
  const lookups = [
    ['/services/{id}', 'getService', 'A service: its name, description, provider and default retry policy', serviceSchema, 'service'],
    ['/orders/{id}', 'getOrder', 'An order: its service, its customer and status (its customer and the provider of its service see it)', orderSchema, 'order'],
    ['/workflows/{id}', 'getWorkflow', 'A workflow definition version (key@version, or its key alone for its newest version) with its steps', businessWorkflowSchema, 'workflow'],
    ['/organizations/{id}', 'getOrganization', 'An organisation: your own, or the other side of an execution you see', organizationSchema, 'organization'],
  ] as const
  for (const [path, operationId, summary, schema, kind] of lookups) {
    app.openapi(
      route('read', { method: 'get', path, operationId, tags: ['catalog'], summary, request: { params: idParam }, responses: ok(schema, summary.split(':')[0]!) }),
      async (c) => c.json(c.get('scope').lookups[kind](c.req.valid('param').id) as never, 200),
    )
  }

  // The audit trail: read-only here as everywhere (the table refuses updates and deletes).
  app.openapi(
    route('admin', {
      method: 'get',
      path: '/audit',
      operationId: 'listAuditEntries',
      tags: ['audit'],
      summary: 'Who viewed or changed what, when and from where (admins), newest first',
      request: { query: auditQuery },
      responses: ok(
        z.object({
          items: z.array(z.unknown()),
          nextCursor: z.number().nullable(),
          actors: z.record(z.string(), z.unknown()).describe("The entries' users and API keys, by id, with their names (those of your organisations)"),
          organizations: z.record(z.string(), z.string()).describe('The names of your organisations, by id'),
          executions: z
            .record(z.string(), z.object({ workflow: z.string().nullable(), service: z.string() }))
            .describe("The entries' executions, by id: the name of the workflow each runs (null when none) and of its service"),
        }),
        'A page of audit entries',
      ),
    }),
    async (c) => c.json(c.get('scope').auditTrail.list(auditQuerySchema.parse(c.req.valid('query'))), 200),
  )

  registerDefinitionRoutes(app)
  registerRecoveryRoutes(app)
  registerWorkerRoutes(app)
  registerNotificationRoutes(app)
  registerResourceRoutes(app)
  registerAnalyticsRoutes(app)

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key (eck_...), or the console session cookie' })
  registerWatch(app)

  // This console, as the request reached it: generated clients resolve paths against it. The
  // document is generated once (about 100 ms and 320 KB: every route's schemas) and its text kept
  // for each origin it was asked as — a few at most; the Host header is the client's, so the map
  // starts over rather than grow.
  let generated: ReturnType<typeof app.getOpenAPI31Document> | undefined
  const documentText = new Map<string, string>()
  app.get('/openapi.json', (c) => {
    const origin = publicOrigin(c.req.raw)
    let text = documentText.get(origin)
    if (text === undefined) {
      generated ??= app.getOpenAPI31Document(documentConfig('http://localhost'))
      text = JSON.stringify({ ...generated, servers: documentConfig(origin).servers })
      if (documentText.size >= 16) documentText.clear()
      documentText.set(origin, text)
    }
    return c.body(text, 200, { 'content-type': 'application/json' })
  })

  return app
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

/**
 * The watch stream, served beside this app on the same port (server.ts): documented here so a
 * generated client knows it. SSE frames carry `id:` (the event id), `event:` (the message type)
 * and `data:` (a WatchMessage); a WebSocket upgrade of the same path sends the messages as frames.
 */
function registerWatch(app: OpenAPIHono<Env>) {
  const sse = (description: string) => ({
    content: { 'text/event-stream': { schema: z.string().describe('SSE frames: id, event (a WatchMessage type or state), data (JSON)') } },
    description,
  })
  // The message schema as a component of its own (its log lines refer to ExecutionLog there).
  const { $defs } = z.toJSONSchema(watchMessageSchema, { unrepresentable: 'any' }) as { $defs: Record<string, unknown> }
  app.openAPIRegistry.registerComponent('schemas', 'WatchMessage', JSON.parse(JSON.stringify($defs.WatchMessage).replaceAll('#/$defs/', '#/components/schemas/')))
  const update = z.toJSONSchema(executionUpdateSchema, { unrepresentable: 'any' }) as { $defs: Record<string, unknown> }
  app.openAPIRegistry.registerComponent('schemas', 'ExecutionUpdate', JSON.parse(JSON.stringify(update.$defs.ExecutionUpdate).replaceAll('#/$defs/', '#/components/schemas/')))
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/executions/{id}/watch',
    operationId: 'watchExecution',
    tags: ['executions'],
    summary: "Watch an execution's events live (SSE, or a WebSocket upgrade of the same path); resumes after Last-Event-ID without gaps or repeats",
    description: `Events: state (first, unless resuming: { type: 'state', execution }), then one per change, named by its type: ${WATCH_TYPES.join(', ')}. Each data is a WatchMessage (components.schemas.WatchMessage).`,
    request: {
      params: idParam,
      query: watchQuery,
      headers: z.object({ 'last-event-id': z.string().regex(/^\d+$/).optional() }),
    },
    responses: { 200: sse('The event stream'), ...errors },
  })
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/executions/watch',
    operationId: 'watchExecutions',
    tags: ['executions'],
    summary: 'Watch the events of every execution a list filter matches (SSE), of the organisations the caller may see; resumes after Last-Event-ID',
    description: `The list's filter parameters (status, service, tag, …) choose the executions; with none, every one the caller may see. Each event comes as the watch stream frames it (id, event: its type, data: a WatchMessage with its executionId); no state message comes first. A fresh feed's first frame is \`event: cursor\` (id: the newest event the caller may see, data: {"eventId": …}): where it starts; a client keeps its id as the last one, so a reconnect before any event of its own resumes there. Resuming after Last-Event-ID replays at most 10,000 events of all executions: further back is refused (409), list the executions again and watch from now.`,
    request: {
      query: feedQuery,
      headers: z.object({ 'last-event-id': z.string().regex(/^\d+$/).optional() }),
    },
    responses: { 200: sse('The event stream'), ...errors },
  })
}

const routePatterns = new Map<string, RegExp>()
/** The methods the app's routes take at `path` (Hono's `:param` segments match one segment each). */
function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>()
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue // middleware, not routes
    let pattern = routePatterns.get(route.path)
    if (!pattern) {
      pattern = new RegExp(
        `^${route.path
          .split('/')
          .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}/?$`,
      )
      routePatterns.set(route.path, pattern)
    }
    if (pattern.test(path)) methods.add(route.method)
  }
  if (methods.has('GET')) methods.add('HEAD')
  return [...methods].sort()
}
