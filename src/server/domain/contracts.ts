// The output contract: every shape the API answers with (ServiceExecution and friends:
// docs/api.md), as zod schemas in one place. The OpenAPI document is generated from them, the
// TypeScript types the serializers build are inferred from them (domain/execution.ts), tRPC
// procedures declare them as their output, and test/contract.test.ts parses what the
// serializers make through them.
import { z } from 'zod'
import { assigneeSchema, executionStatusSchema, logLevelSchema, prioritySchema, resultSchema, retryPolicySchema } from './schemas'
import { RUNTIME_STATUSES, RUNTIME_STEP_STATUSES, STEP_STATUSES } from './lifecycle'
import { RUNNER_KINDS } from './runner'
import { ALERT_OPERATORS, EXECUTION_ALERT_METRICS } from './alerts'
import { TASK_PRIORITIES, TASK_TYPES } from './templates'
import { TASK_STATUSES } from './workers'

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' })

export const executionErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    stack: z.string().optional(),
    step: z.string().optional(),
    recoverable: z.boolean(),
    retryCount: z.number(),
    context: z.record(z.string(), z.unknown()).optional(),
    timestamp: z.string().optional(),
  })
  .meta({ id: 'ExecutionError' })

export const metricsSchema = z
  .object({
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    duration: z.number().optional(),
    effectiveDuration: z.number().optional(),
    throughput: z.number().optional().describe('Steps finished per second of running time'),
    tokensUsed: z.number().optional(),
    promptTokens: z.number().optional(),
    completionTokens: z.number().optional(),
    modelCalls: z.number().optional(),
    cost: z.number().optional(),
    costBreakdown: z.object({ ai: z.number(), apis: z.number(), compute: z.number(), storage: z.number(), other: z.number() }).partial().optional(),
    apiCalls: z.number().optional(),
    apiCallsByService: z.record(z.string(), z.number()).optional(),
    retries: z.number().optional(),
    retryDuration: z.number().optional(),
    stepsCompleted: z.number(),
    stepsTotal: z.number(),
    stepDurations: z.record(z.string(), z.number()).optional(),
    qualityScore: z.number().optional(),
    errorRate: z.number().optional(),
    successRate: z.number().optional().describe("Seed 002's successRate: the share of step attempts that completed, 0–1 (GET /executions/{id}/metrics)"),
    resourceEfficiency: z.number().optional().describe('Seed 002: allocated resources that did work ÷ allocated, weighted by how long they were held, 0–1 (docs/resources.md)'),
    resourceCost: z.number().optional().describe('What the resources it held cost (their costPerUnit × amount)'),
    custom: z.record(z.string(), z.number()).optional(),
  })
  .meta({ id: 'ExecutionMetrics' })

export const stepSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(STEP_STATUSES),
    runtimeStatus: z.enum(RUNTIME_STEP_STATUSES).describe("Seed 004's step status (docs/workflows.md)"),
    type: z.string().optional(),
    attempt: z.number().optional(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    failedAt: z.string().optional(),
    dueAt: z.string().optional(),
    overdue: z.boolean().optional().describe('Still open after its due date'),
    duration: z.number().optional(),
    assignee: assigneeSchema.partial().optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    error: executionErrorSchema.optional(),
    retries: z.number().optional(),
    dependsOn: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    childExecutions: z.array(z.object({ id: z.string() })).optional(),
  })
  .meta({ id: 'ExecutionStep' })

export const logSchema = z
  .object({
    id: z.number(),
    timestamp: z.string(),
    level: logLevelSchema,
    message: z.string(),
    step: z.string().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    metadata: z.object({ source: z.string(), component: z.string(), traceId: z.string(), spanId: z.string() }).partial().optional(),
  })
  .meta({ id: 'ExecutionLog' })

export const eventSchema = z
  .object({
    id: z.number(),
    executionId: z.string(),
    type: z.string(),
    step: z.string().optional(),
    actor: z.object({
      type: z.string(),
      id: z.string(),
      name: z.string().optional().describe("Who that is, as the console knows them: a person's name, an API key's name"),
    }),
    status: z.string().optional(),
    data: z.unknown().optional(),
    timestamp: z.string(),
  })
  .meta({ id: 'ExecutionEvent' })
/** An event as the API and the live page show it. */
export type ExecutionEventView = z.infer<typeof eventSchema>

/** What a checkpoint holds: where the execution was, and what it restores from. */
export const executionStateSchema = z
  .object({
    currentStep: z.number(),
    totalSteps: z.number(),
    completedSteps: z.array(z.string()),
    pendingSteps: z.array(z.string()),
    variables: z.record(z.string(), z.unknown()),
    results: z.record(z.string(), z.unknown()),
    resourceAllocations: z
      .record(z.string(), z.object({ name: z.string(), type: z.string(), amount: z.number(), unit: z.string(), step: z.string(), allocatedAt: z.string() }))
      .optional()
      .describe("Seed 002's resourceAllocations: what the execution held when the checkpoint was taken, by resource id"),
  })
  .meta({ id: 'ExecutionState' })

/** Seed 002's names for the same state, beside seed 000's (derived when a checkpoint is read). */
const seed002StateFields = {
  currentTaskId: z.string().optional().describe("Seed 002's currentTaskId: the step to run next (pendingSteps' first), when one is left"),
  completedTasks: z.array(z.string()).describe("Seed 002's completedTasks: completedSteps"),
  taskStates: z
    .record(z.string(), z.object({ status: z.enum(['completed', 'pending']), output: z.unknown().optional() }))
    .describe("Seed 002's taskStates: each step's state at the checkpoint, a completed one's output with it"),
}

export const checkpointSchema = z
  .object({
    id: z.string(),
    executionId: z.string(),
    timestamp: z.string(),
    step: z.string(),
    state: executionStateSchema.extend(seed002StateFields),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ExecutionCheckpoint' })

export const runnerSchema = z
  .object({
    kind: z.enum(RUNNER_KINDS).describe('engine: a workflow a live engine worker runs; service: an outside service reporting over the API; none: a workflow no live worker runs'),
    label: z.string(),
    workflow: z.object({ id: z.string(), name: z.string(), version: z.number() }).optional(),
    workers: z.number().optional().describe('Live engine workers that run its workflow'),
    waiting: z.string().optional().describe('What it waits for, when it waits'),
    dueAt: z.string().optional(),
    stalledSince: z.string().optional().describe('Running with no report since then, past the allowed silence'),
  })
  .meta({ id: 'Runner' })

const webhookOutputSchema = z.object({
  id: z.string().optional(),
  url: z.string(),
  events: z.array(z.string()),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('The headers sent with each delivery: their names, each value shown as ******** (values are often credentials: like the secret, they are write-only)'),
  retries: z.number().optional(),
  timeout: z.number().optional(),
  secret: z.string().optional().describe('The signing secret: in the answer that creates the webhook, never again'),
})

export const executionSchema = z
  .object({
    $type: z.literal('ServiceExecution'),
    $id: z.string(),
    order: z.string(),
    service: z.string(),
    status: executionStatusSchema,
    runtimeStatus: z.enum(RUNTIME_STATUSES).describe("Seed 004's WorkflowRuntimeStatus (docs/workflows.md)"),
    progress: z.number(),
    assignee: assigneeSchema.optional(),
    result: resultSchema.optional(),
    metrics: metricsSchema.optional(),
    error: executionErrorSchema.optional(),
    steps: z.array(stepSchema).optional(),
    logs: z.array(logSchema).optional(),
    checkpoints: z.array(checkpointSchema).optional(),
    priority: prioritySchema,
    timeout: z.number(),
    retryPolicy: retryPolicySchema.optional(),
    webhooks: z.array(webhookOutputSchema).optional(),
    tags: z.array(z.string()),
    metadata: z
      .object({
        createdAt: z.string(),
        updatedAt: z.string(),
        startedAt: z.string().optional(),
        completedAt: z.string().optional(),
        failedAt: z.string().optional().describe('When it failed (seed 004): set while its status is failed'),
        lastActivityAt: z
          .string()
          .optional()
          .describe('Seed 004: its latest event, log line, progress or metrics report (of one execution read; a list row gives its latest change or report)'),
        environment: z.string().optional(),
        version: z.string().optional(),
      })
      .catchall(z.unknown()),
    correlationId: z.string(),
    parentExecutionId: z.string().optional(),
    rootExecutionId: z.string().optional(),
    workflowTemplateVersionId: z.string().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    cancelReason: z.string().optional(),
    version: z.number().describe('Optimistic concurrency version; send it back as expectedVersion'),
    allowedOperations: z.array(z.string()).describe('Lifecycle operations allowed from the current status'),
    runner: runnerSchema.optional(),
  })
  .meta({ id: 'ServiceExecution' })

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const workflowSchema = z
  .object({
    id: z.string().describe('workflowTemplateVersionId: key@version'),
    key: z.string(),
    version: z.number(),
    name: z.string(),
    description: z.string().nullable(),
    serviceId: z.string().nullable(),
    definition: z.unknown(),
    createdAt: z.string(),
  })
  .meta({ id: 'WorkflowDefinition' })

/** What the launchpad draws for a workflow (GET /workflows/{workflow}/launch-form). */
export const launchFormSchema = z
  .object({
    id: z.string().describe('key@version'),
    key: z.string(),
    version: z.number(),
    name: z.string(),
    description: z.string().nullable(),
    service: z.string().nullable(),
    versions: z.array(z.number()).describe('Newest first'),
    schema: z.unknown().describe('The JSON Schema the input is checked against; null: any object'),
    schemaSource: z.enum(['workflow', 'task', 'none']).describe("The workflow's inputSchema, its first task's (that task takes the input as it is), or none"),
    schemaTask: z.string().optional().describe('task@version, when the schema is a task’s'),
  })
  .meta({ id: 'LaunchForm' })
export type LaunchForm = z.infer<typeof launchFormSchema>

/** The watcher's message kinds (a stored event type maps to one; the rest are `event`). */
export const WATCH_TYPES = ['progress', 'status_changed', 'step.started', 'step.completed', 'step.failed', 'log', 'completed', 'failed', 'cancelled', 'event'] as const

/** One message of an execution's watch stream (SSE `data:` with `event:` its type, or a WebSocket frame). */
export const watchMessageSchema = z
  .object({
    type: z.enum(WATCH_TYPES),
    eventId: z.number().describe('Send it back as Last-Event-ID (or ?lastEventId=) to resume after it'),
    executionId: z.string(),
    event: z.string().describe('The event type as stored: execution.paused, execution.step.completed, …'),
    timestamp: z.string(),
    actor: z.object({ type: z.string(), id: z.string() }),
    status: z.string().optional(),
    progress: z.number().optional(),
    step: z.string().optional(),
    data: z.unknown().optional(),
    version: z.number().optional().describe("The execution's version after this event's change (live events; not in a replay)"),
    logs: z.array(logSchema).optional().describe("The batch's lines, up to 100"),
    logsTruncated: z.boolean().optional().describe('More lines than carried: read them from the logs API after the last one here'),
  })
  .meta({ id: 'WatchMessage' })

/** A service a provider offers (what executions run). */
export const serviceSchema = z
  .object({
    $type: z.literal('Service'),
    $id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    provider: z.string().optional().describe('The organisation that provides it'),
    retryPolicy: retryPolicySchema.optional(),
  })
  .meta({ id: 'Service' })

/** An order of a service by a customer (what an execution carries out). */
export const orderSchema = z
  .object({
    $type: z.literal('ServiceOrder'),
    $id: z.string(),
    service: z.string(),
    customer: z.string().describe('The customer organisation'),
    status: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ServiceOrder' })

/** A workflow definition's version (what the engine runs). */
export const businessWorkflowSchema = z
  .object({
    $type: z.literal('BusinessWorkflow'),
    $id: z.string().describe("key@version (an execution's workflowTemplateVersionId)"),
    key: z.string(),
    version: z.number(),
    name: z.string(),
    description: z.string().optional(),
    service: z.string().optional(),
    steps: z.array(z.object({ id: z.string(), name: z.string(), dependsOn: z.array(z.string()).optional() }).loose()),
    createdAt: z.string(),
  })
  .meta({ id: 'BusinessWorkflow' })

/** An organisation: a customer or a provider. */
export const organizationSchema = z.object({ $type: z.literal('Organization'), $id: z.string(), name: z.string() }).meta({ id: 'Organization' })

/** A task definition version (seed 003's TaskDefinition; docs/workflows.md). */
export const taskDefinitionSchema = z
  .object({
    $type: z.literal('TaskDefinition'),
    $id: z.string(),
    id: z.string().describe('The task type workers serve'),
    version: z.string().describe('Semantic version; a published version never changes'),
    name: z.string(),
    description: z.string(),
    type: z.enum(['AUTOMATED', 'MANUAL', 'INTEGRATION']),
    inputSchema: z.unknown().describe('JSON Schema of its input'),
    outputSchema: z.unknown().describe('JSON Schema of its output'),
    timeout: z.number().describe('ms'),
    retryPolicy: z
      .object({
        maxRetries: z.number(),
        retryInterval: z.number(),
        backoffMultiplier: z.number().optional(),
        maxRetryInterval: z.number().optional(),
        retryableErrors: z.array(z.string()).optional(),
      })
      .optional(),
    executionConfig: z.object({ executor: z.string() }).loose(),
    resources: z
      .array(
        z.object({
          type: z.string(),
          amount: z.number(),
          duration: z.number().optional(),
          priority: z.number().optional(),
          constraints: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional()
      .describe("Seed 002's ResourceRequirements: what each attempt holds while it runs"),
    metadata: z.record(z.string(), z.unknown()).optional(),
    organization: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TaskDefinition' })

/** A workflow template version (seed 004), task versions pinned. */
export const workflowTemplateSchema = z
  .object({
    id: z.string().describe('key@version: what executions record as workflowTemplateVersionId'),
    version: z.number(),
    organization: z.string().nullable().describe('Who registered it; null for a workflow compiled into the console'),
    template: z.record(z.string(), z.unknown()).nullable().describe('The template as registered (null for a workflow compiled into the console)'),
  })
  .meta({ id: 'WorkflowTemplate' })

/** Seed 003's TaskInstance: one attempt of a task step, as `GET /api/tasks` lists it. */
export const taskInstanceSchema = z
  .object({
    $type: z.literal('TaskInstance'),
    $id: z.string(),
    taskDefinitionId: z.string(),
    task: z.string().describe("The task type (its definition's id)"),
    version: z.string().describe('The task definition version it runs'),
    workflowInstanceId: z.string().describe('Its execution'),
    workflowDefinitionId: z.string().nullable().describe('key@version of the workflow'),
    stepId: z.string(),
    attempt: z.number(),
    status: z.enum(TASK_STATUSES),
    type: z.enum(TASK_TYPES),
    priority: z.enum(TASK_PRIORITIES),
    executorId: z.string().nullable().describe('The worker that holds or held it'),
    retryCount: z.number(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    error: z.unknown().optional(),
    executionMetadata: z.object({
      startTime: z.string().nullable(),
      endTime: z.string().nullable(),
      duration: z.number().nullable().describe('ms'),
      executionEnvironment: z.string().nullable().describe('The host it ran on'),
    }),
    taskReference: z.string().nullable(),
    version_: z.number().describe('Its row version (changes with each transition)'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TaskInstance' })

/** A worker seen in the last hour, as `GET /api/workers` lists it (docs/workers.md). */
export const taskWorkerSchema = z
  .object({
    $type: z.literal('TaskWorker'),
    $id: z.string(),
    name: z.string(),
    version: z.string(),
    tasks: z.array(z.object({ task: z.string(), versions: z.array(z.string()).optional() })).describe('The task types it serves'),
    concurrency: z.number(),
    hostname: z.string().nullable(),
    organization: z.string(),
    startedAt: z.string(),
    lastSeenAt: z.string(),
    stoppedAt: z.string().nullable(),
    live: z.boolean().describe('Seen within three leases and not stopped'),
    inFlight: z.number().describe('Tasks it holds now'),
  })
  .meta({ id: 'TaskWorker' })

/** Seed 002's ExecutionProgress: how far an execution is, what it does now, and how long it likely has to go. */
export const executionProgressSchema = z
  .object({
    percentage: z.number().describe('Overall completion, 0–100'),
    completedTasks: z.number().describe('Steps completed'),
    totalTasks: z.number().describe('Steps in the execution'),
    estimatedTimeRemaining: z
      .number()
      .optional()
      .describe("Likely time to finish (ms): the median of what the same workflow's completed runs that ran at least this long still took; absent without enough history"),
    currentPhase: z.string().describe('The running step, or the lifecycle phase: queued, starting, waiting for a person: …, retrying (attempt n), paused, …'),
  })
  .meta({ id: 'ExecutionProgress' })

/** Seed 002's ExecutionEvent inside an update: the console's event with the seed's type name. */
export const monitorEventSchema = z.object({
  id: z.string(),
  type: z.string().describe("Seed 002's type (EXECUTION_STARTED, TASK_COMPLETED, CHECKPOINT_CREATED, …), else the console's event type in capitals"),
  event: z.string().describe("The console's event type: execution.step.completed, execution.alert, …"),
  timestamp: z.string(),
  taskId: z.string().optional(),
  description: z.string(),
  data: z.unknown().optional(),
})

/** Seed 002's ExecutionMessage: a log line. */
export const monitorMessageSchema = z.object({
  level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']),
  message: z.string(),
  timestamp: z.string(),
  taskId: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
})

/** Seed 002's ExecutionUpdate: what `monitor()` yields and `?view=monitor` on the watch stream sends. */
export const executionUpdateSchema = z
  .object({
    type: z.literal('update'),
    eventId: z.number().describe('The last event this update covers: send it back as Last-Event-ID to resume after it'),
    executionId: z.string(),
    timestamp: z.string(),
    status: executionStatusSchema,
    progress: executionProgressSchema,
    currentTask: z.string().optional().describe('The running step'),
    metrics: metricsSchema.partial(),
    events: z.array(monitorEventSchema).describe('The events since the previous update (log and progress events are in messages and progress), the newest 50'),
    messages: z.array(monitorMessageSchema).describe('Log lines since the previous update, the first 100 of each batch'),
    messagesTruncated: z.boolean().optional().describe('More lines came than carried: read them from the logs API'),
  })
  .meta({ id: 'ExecutionUpdate' })
export type ExecutionUpdate = z.infer<typeof executionUpdateSchema>

/** A per-execution alert (seed 002's setAlert): its condition, and when it fired (once). */
export const executionAlertSchema = z
  .object({
    id: z.string(),
    executionId: z.string(),
    name: z.string().optional(),
    condition: z.object({
      metric: z.enum(EXECUTION_ALERT_METRICS),
      operator: z.enum(ALERT_OPERATORS).optional(),
      threshold: z.number().optional(),
      statuses: z.array(executionStatusSchema).optional(),
      duration: z.number().optional().describe('How long (ms) the condition must hold before it fires'),
    }),
    webhookUrl: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    firedAt: z.string().optional(),
    value: z.number().optional().describe('The measured value when it fired'),
    message: z.string().optional(),
  })
  .meta({ id: 'ExecutionAlert' })
export type ExecutionAlertView = z.infer<typeof executionAlertSchema>

/** An execution as JSON-LD, a schema.org/Action (domain/json-ld.ts): documented loosely, its terms are schema.org's. */
export const executionActionSchema = z
  .object({
    '@context': z.unknown(),
    '@type': z.literal('Action'),
    '@id': z.string().describe("The execution's page in the console"),
    identifier: z.string(),
    actionStatus: z
      .enum(['PotentialActionStatus', 'ActiveActionStatus', 'CompletedActionStatus', 'FailedActionStatus'].map((s) => `https://schema.org/${s}`) as [string, ...string[]])
      .describe('queued: Potential; starting, running, paused, retry: Active; completed: Completed; failed, cancelled: Failed'),
    status: executionStatusSchema.describe("The console's own status"),
    progress: z.number(),
    agent: z
      .object({ '@type': z.enum(['Person', 'Organization', 'SoftwareApplication']) })
      .loose()
      .optional()
      .describe('The assignee: human → Person, hybrid → Organization, ai-agent and system → SoftwareApplication'),
    object: z
      .object({ '@type': z.literal('Order'), '@id': z.string() })
      .loose()
      .describe('The order it carries out'),
    instrument: z
      .object({ '@type': z.literal('Service'), '@id': z.string() })
      .loose()
      .describe('The service it runs'),
    result: z.object({ '@type': z.string() }).loose().optional(),
    startTime: z.string().optional(),
    endTime: z.string().optional(),
    error: z.object({ '@type': z.string(), name: z.string() }).loose().optional().describe('A failure (its code as name) or a cancellation (CANCELLED)'),
  })
  .loose()
  .meta({ id: 'ExecutionAction' })

/** A page of executions as JSON-LD: a schema.org/ItemList of Actions. */
export const executionActionListSchema = z
  .object({
    '@context': z.unknown(),
    '@type': z.literal('ItemList'),
    numberOfItems: z.number(),
    itemListElement: z.array(z.object({ '@type': z.literal('ListItem'), position: z.number(), item: executionActionSchema.omit({ '@context': true }) })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ExecutionActionList' })

/** Seed 000's ExecutionWithRelations: an execution with its order, service, workflow and customer as objects. */
/** Seed 000's ExecutionSummary: an execution in a line (domain/execution.ts: summarize). */
export const executionSummarySchema = z
  .object({
    id: z.string(),
    status: z.string(),
    progress: z.number(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    duration: z.number().optional().describe('Milliseconds'),
    success: z.boolean().describe('Completed, and its result did not say otherwise'),
  })
  .meta({ id: 'ExecutionSummary' })

export const executionWithRelationsSchema = executionSchema
  .extend({
    order: orderSchema,
    service: serviceSchema,
    workflow: businessWorkflowSchema.nullable().describe('Null when no workflow definition runs it'),
    customer: organizationSchema.describe("Its order's customer"),
  })
  .meta({ id: 'ExecutionWithRelations' })

/** A resource with its use now (docs/resources.md). */
export const resourceSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    type: z.string().describe('What requirements name it by'),
    capacity: z.number(),
    unit: z.string(),
    costPerUnit: z.number().optional(),
    window: z.number().optional().describe('Rate-type: the refill window (ms)'),
    kind: z.enum(['concurrent', 'rate']),
    inUse: z.number().describe('Held now (concurrent) or allocated within the window (rate)'),
    holders: z.number().describe('Steps holding some now'),
    waiting: z.number().describe('Amount asked for by steps waiting for it'),
    waitingSteps: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Resource' })
export type ResourceView = z.infer<typeof resourceSchema>

/** Seed 002's ResourceUsage: one allocation of one of the execution's steps. */
export const resourceUsageSchema = z
  .object({
    resourceId: z.string(),
    resourceType: z.string(),
    name: z.string(),
    stepId: z.string(),
    status: z.enum(['waiting', 'allocated', 'released']),
    amount: z.number().describe('Allocated (or asked for, while waiting)'),
    amountUsed: z.number(),
    unit: z.string(),
    cost: z.number(),
    priority: z.number(),
    requestedAt: z.string(),
    startTime: z.string().optional().describe('When it was allocated'),
    endTime: z.string().optional().describe('When it was released'),
    efficiency: z.number().describe('amountUsed ÷ amount, 0–1'),
    reason: z.string().optional().describe('Why it was released: completed, failed, cancelled, paused, …'),
  })
  .meta({ id: 'ResourceUsage' })
export type ResourceUsage = z.infer<typeof resourceUsageSchema>

/** Seed 002's ExecutionStatus, capitalised (the console's own statuses map onto it: docs/api.md). */
export const SEED_EXECUTION_STATUSES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'] as const

/** Seed 002's ExecutionResult: an execution's outcome in one answer — status, result or error, metrics, resources held, timeline. */
export const executionReportSchema = z
  .object({
    executionId: z.string(),
    planId: z
      .string()
      .nullable()
      .describe("The workflow version it runs (workflowTemplateVersionId, key@version): seed 002's plan; null for an execution an outside service reports"),
    status: z
      .enum(SEED_EXECUTION_STATUSES)
      .describe("Seed 002's status: queued → PENDING, starting and running → RUNNING, retry (due to run again) → PENDING, paused → PAUSED, and the three ends"),
    consoleStatus: executionStatusSchema.describe("The console's own status, which says more (starting, retry)"),
    startedAt: z.string().optional(),
    completedAt: z.string().optional().describe('When it ended: completed, failed or cancelled'),
    result: z.unknown().optional().describe("The result it completed with (seed 000's ExecutionResult: success, output, summary, …)"),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        taskId: z.string().optional().describe('The step it failed in'),
        timestamp: z.string(),
        recoverable: z.boolean(),
        context: z.record(z.string(), z.unknown()).optional(),
      })
      .optional()
      .describe("Seed 002's ExecutionError, when it failed"),
    metrics: z
      .object({
        totalDuration: z.number().describe('ms from its start to its end (or to now)'),
        effectiveDuration: z.number().describe('totalDuration less the time it spent paused'),
        totalCost: z.number().describe('What it reported it cost, plus what the resources it held cost'),
        resourceEfficiency: z.number().nullable().describe('Of the resources it held, the share that did work, 0–1 (null: it held none)'),
        qualityScore: z.number().nullable(),
        successRate: z.number().nullable().describe('The share of its step attempts that completed, 0–1 (null: none ended)'),
        throughput: z.number().describe('Steps finished per second of running time'),
        errorRate: z.number().nullable(),
      })
      .describe("Seed 002's ExecutionMetrics"),
    resourceUsage: z.array(resourceUsageSchema),
    timeline: z.array(monitorEventSchema).describe('Its events, oldest first (log lines and progress are left out: they are in its logs), at most 1,000'),
    timelineTruncated: z.boolean().optional().describe('More events than the timeline holds: GET …/events pages through them all'),
  })
  .meta({ id: 'ExecutionReport' })
export type ExecutionReport = z.infer<typeof executionReportSchema>

export const resourceUsageSeriesSchema = z
  .object({
    resourceId: z.string(),
    name: z.string(),
    unit: z.string(),
    kind: z.enum(['concurrent', 'rate']),
    from: z.string(),
    to: z.string(),
    bucketMs: z.number().int().describe('The width of each bucket (ms)'),
    measure: z.literal('peak').describe("Each point is its bucket's peak: the most in use, waiting (and steps waiting) at any instant of the bucket"),
    points: z.array(
      z.object({
        at: z.string().describe("The bucket's start"),
        capacity: z.number().describe('The capacity in force as the bucket ends (a change does not rewrite the buckets before it)'),
        inUse: z.number().describe('Peak in use in the bucket'),
        waiting: z.number().describe('Peak amount waiting in the bucket'),
        waitingSteps: z.number().describe('Most steps waiting at once in the bucket'),
      }),
    ),
  })
  .meta({ id: 'ResourceUsageSeries' })

/** What an allocation for a runner outside the engine answers (seed 002's allocateResources gives `resources`). */
export const allocationSchema = z
  .object({
    status: z.enum(['allocated', 'waiting']),
    resources: z.array(z.object({ id: z.string(), name: z.string(), type: z.string(), amount: z.number(), unit: z.string() })).describe('What the step holds (allocated)'),
    waitingFor: z.object({ resourceId: z.string(), name: z.string(), ahead: z.number() }).optional(),
  })
  .meta({ id: 'ResourceAllocation' })

const analyticsFigures = {
  total: z.number().describe('Executions created in the range'),
  byStatus: z.record(z.string(), z.number()),
  completed: z.number(),
  failed: z.number(),
  successRate: z.number().nullable().describe('completed / (completed + failed + cancelled); null when none has finished'),
  averageDuration: z.number().nullable().describe('Of the completed ones, ms (wall clock, start to completion)'),
  totalCost: z.number(),
  errorCodes: z.record(z.string(), z.number()).describe('Failed executions by error code'),
}
const analyticsFilter = { service: z.string().nullable(), workflow: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable() }

/** Seed 001 Example 12's execution analytics: success rate, average duration and cost of the executions a caller sees. */
export const analyticsSummarySchema = z.object({ ...analyticsFilter, ...analyticsFigures }).meta({ id: 'AnalyticsSummary' })
export const analyticsBreakdownSchema = z
  .object({
    by: z.enum(['service', 'workflow']),
    ...analyticsFilter,
    rows: z.array(z.object({ key: z.string().nullable().describe('The service id, or the workflow version (null: run by no workflow)'), ...analyticsFigures })),
  })
  .meta({ id: 'AnalyticsBreakdown' })
