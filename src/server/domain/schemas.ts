// Zod schemas for every input, shared by tRPC, REST and the OpenAPI document.
import { z } from 'zod'
import './zod-config'
import { ERROR_CODES } from './errors'
import { ALERT_AGGREGATES, ALERT_FIELDS, ALERT_METRICS, ALERT_OPERATORS, EXECUTION_ALERT_METRICS, thresholdRange } from './alerts'
import { FAILURE_GROUP_STATES } from './failures'
import { ASSIGNEE_TYPES, EXECUTION_STATUSES, LOG_LEVELS, PRIORITIES, SORT_FIELDS } from './lifecycle'
import { BACKOFF_STRATEGIES, MAX_TIMEOUT_MS } from './retry'
import { RUNNER_KINDS } from './runner'

const id = z.string().trim().min(1).max(200)
const shortText = z.string().max(2_000)
/**
 * How deeply a caller's JSON may nest: far more than any real document needs, and far from what
 * overflows a stack when it is copied, or SQLite's JSON functions (which refuse over 1,000).
 */
const MAX_JSON_DEPTH = 64

/**
 * What is wrong with a value's shape, in one walk (without recursion: a body can nest 500,000
 * deep): it nests deeper than `limit` (said first), or where an object of it holds a `__proto__`
 * key (an own key once JSON.parse has read it); null when neither.
 */
function shapeProblem(value: unknown, limit: number): { tooDeep: true } | { prototypeKeyAt: (string | number)[] } | null {
  type Node = { v: object; depth: number; key?: string | number; up?: Node }
  if (value === null || typeof value !== 'object') return null
  const stack: Node[] = [{ v: value, depth: 0 }]
  let prototypeKeyAt: Node | undefined
  while (stack.length) {
    const node = stack.pop()!
    const { v, depth } = node
    if (depth >= limit) return { tooDeep: true }
    if (!prototypeKeyAt && !Array.isArray(v) && Object.hasOwn(v, '__proto__')) prototypeKeyAt = node
    const children: [string | number, unknown][] = Array.isArray(v) ? v.map((child, i) => [i, child]) : Object.entries(v)
    for (const [key, child] of children) if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1, key, up: node })
  }
  if (!prototypeKeyAt) return null
  const path: (string | number)[] = ['__proto__']
  for (let n: Node | undefined = prototypeKeyAt; n?.up; n = n.up) path.unshift(n.key!)
  return { prototypeKeyAt: path }
}

const shallow = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const problem = shapeProblem(value, MAX_JSON_DEPTH)
    if (problem && 'tooDeep' in problem) ctx.addIssue({ code: 'custom', message: `nested more than ${MAX_JSON_DEPTH} levels deep; allowed: up to ${MAX_JSON_DEPTH}` })
    // A nested object's `__proto__` too: stored, then copied into an object by Object.assign, it
    // would become that object's prototype.
    else if (problem)
      ctx.addIssue({ code: 'custom', path: problem.prototypeKeyAt, message: 'cannot be a field name; use letters, digits, ".", "_" and "-", starting with a letter or digit' })
  })
/**
 * A record schema drops a `__proto__` key without a word (it cannot be an own field safely), and
 * JSON.parse makes it an own key of a body: a mapping that names one is refused instead, so what
 * was sent is never silently not what is stored or run.
 */
export function noPrototypeKey<T extends z.ZodType>(schema: T) {
  // Typed as the schema it checks: a preprocess's input would be `unknown` to every caller.
  return z.preprocess((value, ctx) => {
    if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__'))
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'cannot be a field name; use letters, digits, ".", "_" and "-", starting with a letter or digit' })
    return value
  }, schema) as unknown as z.ZodType<z.output<T>, z.input<T>>
}

/** Any JSON object (context, metadata, variables), nested at most MAX_JSON_DEPTH deep. */
export const jsonObject = noPrototypeKey(shallow(z.record(z.string(), z.unknown())))
/**
 * Keys of an execution's metadata the console keeps itself: its times (derived on read, so a
 * caller's would be dropped or shadowed) and a replay's link. Refused naming the key, not dropped.
 */
export const CONSOLE_METADATA_KEYS = ['createdAt', 'updatedAt', 'startedAt', 'completedAt', 'failedAt', 'lastActivityAt', 'replayOf'] as const
const executionMetadata = jsonObject
  .superRefine((metadata, ctx) => {
    for (const key of CONSOLE_METADATA_KEYS)
      if (Object.hasOwn(metadata, key))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message:
            key === 'replayOf'
              ? 'set by a replay (POST /executions/{id}/replay or /rerun), not by a caller; use another key'
              : `the execution's own time, kept by the console; leave it out (the console's keys: ${CONSOLE_METADATA_KEYS.join(', ')})`,
        })
  })
  .describe(`Your own keys (environment and version are kept as columns); not the console's: ${CONSOLE_METADATA_KEYS.join(', ')}`)
/** Any JSON value (a step's input or output, a result's output), nested at most MAX_JSON_DEPTH deep. */
export const jsonValue = shallow(z.unknown().refine((v): boolean => v !== undefined, 'required: any JSON value (null included)'))
// ISO 8601 date-time with a zone (2025-10-26T10:30:00Z, …+02:00). A plain regex and Date.parse:
// zod's own ISO check costs ~9 µs a value, which dominated 1,000-line log batches.
const ISO_DATE_TIME = 'an ISO 8601 date-time with a zone, such as 2025-10-26T10:30:00Z'
/** Whether each field of an ISO date-time is in range: Date.parse rolls 2026-02-30 over to March 2. */
function isRealDateTime(s: string): boolean {
  const [year, month, day, hour, minute, second = 0] = (s.match(/\d+/g) ?? []).map(Number) as number[]
  const offset = /([+-])(\d\d):(\d\d)$/.exec(s)
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate()
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    (!offset || (Number(offset[2]) <= 23 && Number(offset[3]) <= 59))
  )
}
const ISO_DATE_TIME_FORM = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d)$/
export const isoDate = z
  .string()
  .max(40)
  .regex(ISO_DATE_TIME_FORM, ISO_DATE_TIME)
  // (Only of the right form: zod runs a refinement after a failed regex too, and "2026-01-01"
  // was told it "does not exist" beside the form it lacks.)
  .refine((s) => !ISO_DATE_TIME_FORM.test(s) || (isRealDateTime(s) && !Number.isNaN(Date.parse(s))), {
    error: (issue) => `not a real date-time (${String(issue.input)} does not exist); ${ISO_DATE_TIME}`,
  })

/**
 * Refuses a range whose start is after its end (`from` after `to`, a minimum over its maximum),
 * naming both: answered, it would look like "nothing matched".
 */
export const inOrder =
  (...ranges: [string, string][]) =>
  (value: object, ctx: z.core.$RefinementCtx) => {
    for (const [low, high] of ranges) {
      const [a, b] = [(value as Record<string, unknown>)[low], (value as Record<string, unknown>)[high]]
      if (a === undefined || b === undefined) continue
      const [x, y] = typeof a === 'string' ? [Date.parse(a), Date.parse(b as string)] : [a as number, b as number]
      if (x > y) ctx.addIssue({ code: 'custom', path: [low], message: `after ${high} (${String(a)} > ${String(b)}); give ${low} at or before ${high}` })
    }
  }

export const WEBHOOK_EVENTS = [
  'execution.created',
  'execution.started',
  'execution.progress',
  'execution.paused',
  'execution.resumed',
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
  'execution.retry',
  'execution.step.started',
  'execution.step.completed',
  'execution.step.failed',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

/**
 * Seed 001's names for the same events (its webhook example subscribes to `status_changed`,
 * `completed`, `failed`; its watcher speaks of `progress`, `step.started`, …), each the console's
 * events it stands for. A webhook stores the console's names: an alias is accepted and replaced,
 * so the answer and every delivery (whose `type` is the console's name) show what it hears.
 * `status_changed` is every change of status, the endings included, as the SDK's watcher emits it.
 */
export const WEBHOOK_EVENT_ALIASES = {
  created: ['execution.created'],
  started: ['execution.started'],
  progress: ['execution.progress'],
  paused: ['execution.paused'],
  resumed: ['execution.resumed'],
  completed: ['execution.completed'],
  failed: ['execution.failed'],
  cancelled: ['execution.cancelled'],
  retry: ['execution.retry'],
  status_changed: ['execution.started', 'execution.paused', 'execution.resumed', 'execution.retry', 'execution.completed', 'execution.failed', 'execution.cancelled'],
  'step.started': ['execution.step.started'],
  'step.completed': ['execution.step.completed'],
  'step.failed': ['execution.step.failed'],
} as const satisfies Record<string, readonly WebhookEvent[]>
export type WebhookEventAlias = keyof typeof WEBHOOK_EVENT_ALIASES

/** The console's event names for what a caller subscribed to, aliases replaced, each once, in the console's order. */
export function canonicalWebhookEvents(events: readonly (WebhookEvent | WebhookEventAlias)[]): WebhookEvent[] {
  const wanted = new Set<string>(events.flatMap((e) => (e in WEBHOOK_EVENT_ALIASES ? WEBHOOK_EVENT_ALIASES[e as WebhookEventAlias] : [e])))
  return WEBHOOK_EVENTS.filter((e) => wanted.has(e))
}

const webhookEventsSchema = z
  .array(
    z.enum([...WEBHOOK_EVENTS, ...(Object.keys(WEBHOOK_EVENT_ALIASES) as WebhookEventAlias[])], {
      error: (issue) =>
        `unknown event ${JSON.stringify(issue.input)}; allowed: ${WEBHOOK_EVENTS.join(', ')}, or seed 001's names for them: ${Object.keys(WEBHOOK_EVENT_ALIASES).join(', ')}`,
    }),
  )
  .min(1, 'at least one event')
  .max(100)
  .transform(canonicalWebhookEvents)
  .describe(`The events to hear: the console's names, or seed 001's (${Object.keys(WEBHOOK_EVENT_ALIASES).join(', ')}), which are stored as the console's names they stand for`)

export const executionStatusSchema = z.enum(EXECUTION_STATUSES)
export const prioritySchema = z.enum(PRIORITIES)
const assigneeTypeSchema = z.enum(ASSIGNEE_TYPES)
export const logLevelSchema = z.enum(LOG_LEVELS)

export const assigneeSchema = z
  .strictObject({
    type: assigneeTypeSchema,
    id: id.optional(),
    name: shortText.optional(),
    model: shortText.optional(),
    version: shortText.optional(),
    capabilities: z.array(shortText).max(100).optional(),
  })
  .meta({ id: 'ExecutionAssignee' })

export const retryPolicySchema = z
  .strictObject({
    maxRetries: z.number().int().min(0).max(100),
    backoff: z.enum(BACKOFF_STRATEGIES),
    initialDelay: z.number().int().min(0).max(MAX_TIMEOUT_MS),
    maxDelay: z.number().int().min(0).max(MAX_TIMEOUT_MS),
    retryableErrors: z.array(z.enum(ERROR_CODES)).optional(),
    jitter: z.boolean().optional(),
  })
  .refine((p) => p.maxDelay >= p.initialDelay, { message: 'maxDelay must be at least initialDelay', path: ['maxDelay'] })
  .meta({ id: 'RetryPolicy' })

export const webhookSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }),
    events: webhookEventsSchema,
    headers: z.record(z.string().max(200), z.string().max(4_000)).optional(),
    retries: z.number().int().min(0).max(20).optional(),
    timeout: z.number().int().min(100).max(60_000).optional(),
    secret: z
      .string()
      .regex(/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/, 'a Standard Webhooks secret: whsec_ followed by base64 of 24 to 64 random bytes')
      // Signing would fail on anything else, at every delivery: refused here instead.
      .refine((s) => {
        const bytes = Math.floor((s.replace(/^whsec_/, '').replace(/=+$/, '').length * 3) / 4)
        return bytes >= 24 && bytes <= 64
      }, 'a Standard Webhooks secret: whsec_ followed by base64 of 24 to 64 random bytes')
      .optional(),
  })
  .meta({ id: 'Webhook' })

export const resultSchema = z
  .strictObject({
    success: z.boolean(),
    output: jsonValue,
    summary: z.string().max(10_000),
    artifacts: z.array(z.string().max(2_000)).max(1_000).optional(),
    metadata: jsonObject.optional(),
  })
  .meta({ id: 'ExecutionResult' })

export const errorInputSchema = z
  .strictObject({
    // Seed 001 fails with codes outside the taxonomy (EMAIL_SERVICE_ERROR): any UPPER_SNAKE code is accepted.
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'an UPPER_SNAKE_CASE code such as API_TIMEOUT'),
    message: z.string().min(1).max(10_000),
    stack: z.string().max(50_000).optional(),
    step: id.optional(),
    recoverable: z.boolean().optional(),
    retryCount: z.number().int().min(0).optional(),
    context: jsonObject.optional(),
    timestamp: isoDate.optional(),
  })
  .meta({ id: 'ExecutionErrorInput' })

const stepInputSchema = z.strictObject({
  id,
  name: shortText.optional(),
  type: shortText.optional(),
  status: z.enum(['pending', 'skipped', 'disabled']).optional(),
  assignee: assigneeSchema.partial({ type: true }).optional(),
  input: jsonValue.optional(),
  dependsOn: z.array(id).max(1_000).optional(),
  dueAt: isoDate.optional(),
  metadata: jsonObject.optional(),
})

const tagsSchema = z.array(z.string().trim().min(1).max(100)).max(50)

/** A related object named by its id, or by the object itself as the API answers it (`{ $id, ... }`). */
const reference = (what: string) =>
  z
    // (zod's own word for a value neither form matches is "Invalid input": it names neither)
    .union([id, z.looseObject({ $id: id })], { error: (issue) => `${issue.input === undefined ? 'required: ' : ''}the ${what.split(';')[0]}'s id, or an object with its $id` })
    .transform((v) => (typeof v === 'string' ? v : v.$id))
    .describe(`The ${what}: its id, or an object with its $id`)

export const createExecutionSchema = z
  .strictObject({
    order: reference('order; created for the customer when it does not exist yet').optional(),
    service: reference('service'),
    customer: id
      .optional()
      .describe(
        "The customer organisation: one of yours, or a customer of yours when you provide the service. Left out: your organisation when you have one; of several, the service's provider when it is one of them, otherwise it is required. With an existing order, its customer: a provider adding to a customer's order names it",
      ),
    status: z.enum(['queued', 'running']).optional().describe('queued (default), or running to start at once'),
    progress: z.number().min(0).max(100).optional(),
    assignee: assigneeSchema.optional(),
    steps: z.array(stepInputSchema).max(20_000).optional(),
    metrics: z
      .object({ stepsTotal: z.number().int().min(0).optional(), stepsCompleted: z.number().int().min(0).optional() })
      .passthrough()
      .optional(),
    priority: prioritySchema.optional(),
    timeout: z.number().int().min(1).max(MAX_TIMEOUT_MS).optional(),
    retryPolicy: retryPolicySchema.optional(),
    webhooks: z.array(webhookSchema).max(20).optional(),
    tags: tagsSchema.optional(),
    metadata: executionMetadata.optional(),
    correlationId: id.optional(),
    parentExecutionId: id.optional(),
    parentStepId: id.optional(),
    workflowTemplateVersionId: id.optional().describe("The workflow version it runs (`key@version`): the console's own or one of your organisations', for this service"),
    context: jsonObject.optional(),
  })
  .meta({ id: 'CreateExecution' })
export type CreateExecutionInput = z.infer<typeof createExecutionSchema>

const expectedVersion = z.number().int().min(1).optional().describe('Refuse with 409 unless the execution is at this version')

export const updateExecutionSchema = z
  .object({
    status: executionStatusSchema.optional(),
    result: resultSchema.optional(),
    error: errorInputSchema.optional(),
    reason: z.string().max(2_000).optional(),
    progress: z.number().min(0).max(100).optional(),
    priority: prioritySchema.optional(),
    assignee: assigneeSchema.nullable().optional(),
    timeout: z.number().int().min(1).max(MAX_TIMEOUT_MS).optional(),
    retryPolicy: retryPolicySchema.nullable().optional(),
    tags: tagsSchema.optional(),
    metadata: executionMetadata.optional(),
    context: jsonObject.optional(),
    expectedVersion,
  })
  .strict()
  .meta({ id: 'UpdateExecution' })
export type UpdateExecutionInput = z.infer<typeof updateExecutionSchema>

/** A status, or a list of them (one status is taken as a list of one). */
const expectedStatus = z
  .preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(executionStatusSchema).min(1).max(8))
  .optional()
  .describe(
    'Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second.',
  )

export const lifecycleInputSchema = z.strictObject({ expectedStatus, expectedVersion }).meta({ id: 'LifecycleInput' })
export const cancelInputSchema = z.strictObject({ reason: z.string().max(2_000).optional(), expectedStatus, expectedVersion }).meta({ id: 'CancelInput' })
export const completeInputSchema = resultSchema.extend({ expectedStatus, expectedVersion }).meta({ id: 'CompleteInput' })
export const failInputSchema = errorInputSchema.extend({ expectedStatus, expectedVersion }).meta({ id: 'FailInput' })
/** Back to a checkpoint: a failed execution's finished steps up to it kept, the rest run again. */
export const restoreCheckpointSchema = z.strictObject({ expectedStatus, expectedVersion }).meta({ id: 'RestoreCheckpointInput' })

export const retryInputSchema = z
  .strictObject({
    expectedStatus,
    expectedVersion,
    deferred: z.boolean().optional().describe('Stop in status retry until its runner starts it (always so for an engine workflow: the engine starts it)'),
  })
  .meta({ id: 'RetryInput' })

export const logInputSchema = z
  .strictObject({
    level: logLevelSchema,
    message: z.string().min(1).max(65_536),
    timestamp: isoDate.optional(),
    step: id.optional(),
    context: jsonObject.optional(),
    metadata: z
      .strictObject({
        source: shortText.optional(),
        component: shortText.optional(),
        traceId: shortText.optional(),
        spanId: shortText.optional(),
      })
      .optional(),
  })
  .meta({ id: 'ExecutionLogInput' })
export type LogInput = z.infer<typeof logInputSchema>
const MAX_LOG_BATCH = 5_000
export const logBatchSchema = z.array(logInputSchema).min(1).max(MAX_LOG_BATCH)

export const startStepSchema = z.strictObject({
  id,
  name: shortText.optional(),
  type: shortText.optional(),
  assignee: assigneeSchema.partial({ type: true }).optional(),
  input: jsonValue.optional(),
  dueAt: isoDate.optional(),
  metadata: jsonObject.optional(),
})
export const completeStepSchema = z.strictObject({ output: jsonValue.optional(), metadata: jsonObject.optional() })
export const skipStepSchema = z.strictObject({ reason: z.string().max(2_000).optional(), disabled: z.boolean().optional() })

export const metricsReportSchema = z
  .object({
    tokensUsed: z.number().int().min(0).optional(),
    promptTokens: z.number().int().min(0).optional(),
    completionTokens: z.number().int().min(0).optional(),
    modelCalls: z.number().int().min(0).optional(),
    cost: z.number().min(0).optional(),
    costBreakdown: z
      .strictObject({ ai: z.number().min(0), apis: z.number().min(0), compute: z.number().min(0), storage: z.number().min(0), other: z.number().min(0) })
      .partial()
      .optional(),
    apiCalls: z.number().int().min(0).optional(),
    apiCallsByService: z.record(z.string().max(100), z.number().int().min(0)).optional(),
    qualityScore: z.number().min(0).max(1).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    custom: z.record(z.string().max(100), z.number()).optional(),
  })
  // A report with a misspelt field would otherwise be an empty write that looks accepted.
  .strict()
  .refine((r) => Object.keys(r).length > 0, {
    message:
      'nothing to report: give at least one of tokensUsed, promptTokens, completionTokens, modelCalls, cost, costBreakdown, apiCalls, apiCallsByService, qualityScore, errorRate, custom',
  })
  .meta({ id: 'MetricsReport' })
export type MetricsReport = z.infer<typeof metricsReportSchema>

export const checkpointInputSchema = z
  .strictObject({
    step: id.optional().describe('The step it is a checkpoint of (with `state`); left out, the running one'),
    state: z
      .strictObject({
        currentStep: z.number().int().min(0),
        totalSteps: z.number().int().min(0),
        completedSteps: z.array(z.string()),
        pendingSteps: z.array(z.string()),
        variables: jsonObject,
        results: jsonObject,
      })
      .optional()
      .describe("The service's state; left out, the console takes one now from the execution's steps (seed 002's createCheckpoint)"),
    metadata: jsonObject.optional(),
  })
  .refine((c) => c.state === undefined || c.step !== undefined, { message: 'required with state: the step the state is of', path: ['step'] })

export { SORT_FIELDS }
const MAX_PAGE = 500

/** The ranges a list filter takes, each refused when its start is after its end. */
const LIST_RANGES: [string, string][] = [
  ['createdFrom', 'createdTo'],
  ['costMin', 'costMax'],
  ['tokensMin', 'tokensMax'],
]
export const listFilterSchema = z
  .strictObject({
    status: z.array(executionStatusSchema).max(8).optional(),
    notStatus: z.array(executionStatusSchema).max(8).optional(),
    service: z.array(id).max(100).optional(),
    notService: z.array(id).max(100).optional(),
    priority: z.array(prioritySchema).max(4).optional(),
    notPriority: z.array(prioritySchema).max(4).optional(),
    assigneeType: z.array(assigneeTypeSchema).max(4).optional(),
    notAssigneeType: z.array(assigneeTypeSchema).max(4).optional(),
    tag: z.array(z.string().max(100)).max(20).optional(),
    notTag: z.array(z.string().max(100)).max(20).optional(),
    errorCode: z.array(z.string().max(64)).max(50).optional(),
    errorGroup: z
      .string()
      .regex(/^[0-9a-f]{20}$/, 'a failure group fingerprint')
      .optional()
      .describe('Executions whose current failure is of this group'),
    createdFrom: isoDate.optional(),
    createdTo: isoDate.optional(),
    costMin: z.number().min(0).optional(),
    costMax: z.number().min(0).optional(),
    tokensMin: z.number().int().min(0).optional(),
    tokensMax: z.number().int().min(0).optional(),
    search: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('Part of an id or service, or words of the error message, each matched from the beginning of a word (the message is encrypted at rest)'),
    correlationId: id.optional(),
    parentExecutionId: id.optional(),
    runner: z
      .array(z.enum(RUNNER_KINDS))
      .max(3)
      .optional()
      .describe('Who runs it: engine (a live engine worker runs its workflow), service (an outside service over the API), none (its workflow has no live worker)'),
    stalled: z.boolean().optional().describe('Running executions silent past the allowed silence'),
  })
  .superRefine(inOrder(...LIST_RANGES))
  .meta({ id: 'ExecutionFilter' })
export type ListFilter = z.infer<typeof listFilterSchema>

export const listInputSchema = listFilterSchema.safeExtend({
  sort: z.enum(SORT_FIELDS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().max(500).optional(),
})
export type ListInput = z.input<typeof listInputSchema>

/** What a bulk change acts on: the executions named, or every one a list filter matches. */
const BULK_OPERATIONS = ['cancel', 'retry'] as const
export const BULK_LIMIT = 10_000
export const bulkInputSchema = z
  .strictObject({
    operation: z.enum(BULK_OPERATIONS),
    ids: z.array(id).min(1).max(500).optional(),
    filter: listFilterSchema.optional(),
    reason: z.string().max(2_000).optional().describe('For cancel: why, recorded on every execution'),
    dryRun: z.boolean().optional().describe('Change nothing: say which executions would be changed and which refused, with the reason each would get'),
  })
  .refine((x) => (x.ids === undefined) !== (x.filter === undefined), { message: 'give either ids (up to 500) or a filter, not both', path: ['ids'] })
export type BulkInput = z.infer<typeof bulkInputSchema>

/** A saved list view: a name and the list's query string, shared with the whole team. */
export const savedViewInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'a name is required').max(100),
  organizationId: id.optional().describe('The team it is saved for (one of yours; required when you have several)'),
  query: z.string().max(2_000).describe('The list URL query string, e.g. status=failed&service=sdr-service'),
})

export const findInputSchema = z.strictObject({
  // Taken as given (a record schema would drop a `__proto__` key, and the query would match everything).
  query: z
    .custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'expected a query object such as { "status": "failed" }')
    .describe("Seed 001 query: { status: 'failed', 'metrics.cost': { $gt: 1 } }"),
  sort: z.enum(SORT_FIELDS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().max(500).optional(),
})

export const logsQuerySchema = z.strictObject({
  level: z.array(logLevelSchema).max(4).optional(),
  step: z.array(id).max(100).optional(),
  search: z.string().max(200).optional(),
  after: z.number().int().min(0).optional().describe('Return lines with id greater than this (cursor)'),
  before: z.number().int().min(1).optional().describe('Return the newest lines with id less than this (reading back from the tail)'),
  latest: z.boolean().optional().describe('Return the newest lines (the tail) instead of the oldest'),
  limit: z.number().int().min(1).max(5_000).default(500),
})

export const eventsQuerySchema = z.strictObject({
  after: z.number().int().min(0).optional(),
  /** With `latest`: the newest events before this id (paging back). */
  before: z.number().int().min(0).optional(),
  /** The newest `limit` events (in order), instead of the first. */
  latest: z.boolean().optional(),
  step: id.optional().describe("Only this step's events (its attempts: started, completed, failed; its checkpoints, recoveries)"),
  limit: z.number().int().min(1).max(5_000).default(500),
  type: z.array(z.string().max(100)).max(20).optional().describe('Only events of these types, e.g. execution.replayed'),
})

/** The audit trail's filters, newest first (admins; REST takes the same as a query string). */
export const auditQuerySchema = z
  .strictObject({
    executionId: id.optional(),
    actorId: id.optional().describe('A user id or an API key id'),
    action: z.string().trim().min(1).max(100).optional().describe('e.g. execution.cancelled, execution.view, apiKey.revoked'),
    from: isoDate.optional().describe('Entries at or after this time'),
    to: isoDate.optional().describe('Entries at or before this time'),
    before: z.number().int().positive().optional().describe("The previous page's nextCursor"),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .superRefine(inOrder(['from', 'to']))
export type AuditQuery = z.infer<typeof auditQuerySchema>

const failureAnalyticsFields = z.strictObject({
  service: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
})
export const failureAnalyticsInputSchema = failureAnalyticsFields.superRefine(inOrder(['from', 'to']))

/** Execution analytics' filter (seed 001 Example 12): a service, a workflow (its key for every version, or key@version), a creation time range. */
const analyticsFields = failureAnalyticsFields
  .extend({
    service: id.optional().describe('A service id'),
    workflow: id.optional().describe('A workflow key (every version) or key@version'),
    from: isoDate.optional().describe('Created at or after (ISO 8601 with a zone)'),
    to: isoDate.optional().describe('Created at or before (ISO 8601 with a zone)'),
  })
  .strict()
export const analyticsInputSchema = analyticsFields.superRefine(inOrder(['from', 'to']))
export const ANALYTICS_BREAKDOWNS = ['service', 'workflow'] as const
export const analyticsBreakdownInputSchema = analyticsFields
  .extend({ by: z.enum(ANALYTICS_BREAKDOWNS).describe('One row per service, or per workflow version') })
  .strict()
  .superRefine(inOrder(['from', 'to']))
export const failureDecisionSchema = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{20}$/, 'a failure group fingerprint'),
  state: z.enum(FAILURE_GROUP_STATES),
})

export const startWorkflowSchema = z
  .strictObject({
    input: jsonObject.optional(),
    context: jsonObject.optional(),
    priority: prioritySchema.optional(),
    tags: tagsSchema.optional(),
    correlationId: id.optional(),
    customer: id
      .optional()
      .describe(
        "The customer organisation the run is for: one of yours, or a customer of yours when you provide the service. Left out: your organisation when you have one; of several, the service's provider when it is one of them, otherwise it is required",
      ),
    version: z.number().int().positive().optional().describe('A version of the workflow other than its newest'),
  })
  .meta({ id: 'StartWorkflow' })

export const alertRuleInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    metric: z.enum(ALERT_METRICS),
    field: z.enum(ALERT_FIELDS).optional(),
    aggregate: z.enum(ALERT_AGGREGATES).optional(),
    serviceId: id.optional(),
    operator: z.enum(ALERT_OPERATORS),
    threshold: z.number().finite(),
    windowMs: z
      .number()
      .int()
      .min(1_000)
      .max(30 * 86_400_000)
      .optional(),
    forMs: z.number().int().min(0).max(86_400_000).optional(),
    webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    enabled: z.boolean().optional(),
    organizationId: id.optional().describe('The organisation whose executions it measures (one you administer; required when there are several)'),
  })
  .refine((r) => r.metric !== 'metric' || (r.field && r.aggregate), {
    message: 'metric "metric" needs field and aggregate',
    path: ['field'],
  })
  .superRefine((r, ctx) => {
    // "failed executions >= -5" always holds: a threshold the measure cannot cross is refused.
    const range = thresholdRange(r)
    if (r.threshold < range.min || (range.max !== undefined && r.threshold > range.max)) {
      const allowed = range.max === undefined ? `at least ${range.min}` : `from ${range.min} to ${range.max}`
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `threshold ${r.threshold} is out of range: ${r.metric === 'metric' ? `${r.aggregate}(${r.field})` : r.metric} is ${range.what}, allowed ${allowed}`,
      })
    }
  })
  .meta({ id: 'AlertRule' })

/**
 * A per-execution alert (seed 002's AlertCondition, on one execution): a numeric metric with an
 * operator and a threshold, or `status` with the statuses it fires on; `duration` how long it must
 * hold. Each combination a condition cannot have is refused naming the field and what is allowed.
 */
export const executionAlertInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    metric: z.enum(EXECUTION_ALERT_METRICS),
    operator: z.enum(ALERT_OPERATORS).optional(),
    threshold: z.number().finite().min(0, 'at least 0').optional(),
    statuses: z.array(executionStatusSchema).min(1).max(8).optional(),
    duration: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000, 'at most 7 days (604800000 ms)')
      .optional(),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Also told by a signed webhook (Standard Webhooks) when it fires'),
  })
  .superRefine((a, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (a.metric === 'status') {
      if (!a.statuses) issue('statuses', `required for metric status: one or more of ${EXECUTION_STATUSES.join(', ')}`)
      if (a.operator !== undefined) issue('operator', 'not used with metric status (give statuses)')
      if (a.threshold !== undefined) issue('threshold', 'not used with metric status (give statuses)')
      return
    }
    if (a.statuses !== undefined) issue('statuses', `only with metric status; metric ${a.metric} takes operator and threshold`)
    if (a.operator === undefined) issue('operator', `required for metric ${a.metric}: one of ${ALERT_OPERATORS.join(', ')}`)
    if (a.threshold === undefined) issue('threshold', `required for metric ${a.metric}: a number (${THRESHOLD_UNITS[a.metric]})`)
    if (a.metric === 'progress' && a.threshold !== undefined && a.threshold > 100) issue('threshold', 'a progress is 0–100')
  })
  .meta({ id: 'ExecutionAlertInput' })

const THRESHOLD_UNITS: Record<(typeof EXECUTION_ALERT_METRICS)[number], string> = {
  cost: 'in the cost unit, e.g. 5 for $5',
  tokens: 'tokens',
  progress: 'percent, 0–100',
  duration: 'ms it has run',
  silence: 'ms without a report',
  status: '',
}

export const serviceInputSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,99}$/, 'lowercase letters, digits and dashes'),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2_000).optional(),
    providerId: id.optional(),
    retryPolicy: retryPolicySchema.optional(),
  })
  .meta({ id: 'CreateService' })

/** What a service order may be (seed 001's ServiceOrder; an execution made without one makes a confirmed order). */
export const ORDER_STATUSES = ['pending', 'confirmed', 'completed', 'cancelled'] as const
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,99}$/, 'lowercase letters, digits and dashes, 2 to 100 of them')

/** A service order, placed by a customer or recorded by the service's provider for its customer. */
export const orderInputSchema = z
  .object({
    id: slug.optional().describe('Made when not given'),
    service: id.describe('The service ordered'),
    customer: id
      .optional()
      .describe(
        "The customer organisation: one of yours, or a customer of yours when you provide the service. Left out: your organisation when you have one; of several, the service's provider when it is one of them, otherwise it is required",
      ),
    status: z.enum(ORDER_STATUSES).optional().describe('confirmed when not given'),
  })
  .strict()
  .meta({ id: 'CreateServiceOrder' })

/** Orders visible to the caller, newest first. */
export const orderListSchema = z.strictObject({
  service: id.optional(),
  customer: id.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().describe("The previous page's nextCursor"),
})

/** A customer organisation a provider registers (its admins), to take orders for it. */
export const customerInputSchema = z
  .object({
    id: slug.optional().describe('Made when not given'),
    name: z.string().trim().min(1).max(200),
    organizationId: id.optional().describe('The provider organisation registering it (one you administer; required when there are several)'),
  })
  .strict()
  .meta({ id: 'CreateCustomer' })

export const customerListSchema = z.strictObject({
  search: z.string().trim().min(1).max(200).optional().describe('Part of the name or id'),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().describe("The previous page's nextCursor"),
})

/** A patch names at least one field (an empty one would change nothing and still be recorded). */
export const NOTHING_TO_CHANGE = { message: 'nothing to change: give at least one field' }
export const hasAField = (patch: object) => Object.keys(patch).length > 0
