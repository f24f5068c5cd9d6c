// Database rows → the API's shapes (docs/api.md: $id, $type, nested metrics, result, error, steps).
import { maskedHeaders } from './webhook-fields'
import type {
  Execution as ExecutionRow,
  ExecutionCheckpoint as CheckpointRow,
  ExecutionEvent as EventRow,
  ExecutionLog as LogRow,
  ExecutionStep as StepRow,
  Webhook as WebhookRow,
} from '@/generated/prisma/client'
import type { ExecutionError } from '../domain/errors'
import type {
  CostBreakdown,
  ExecutionAssignee,
  ExecutionCheckpoint,
  ExecutionListRow,
  ExecutionLog,
  ExecutionMetrics,
  ExecutionResult,
  ExecutionState,
  ExecutionStep,
  ServiceExecution,
  Webhook,
} from '../domain/execution'
import { allowedOperations, RUNTIME_STATUS_OF, RUNTIME_STEP_STATUS_OF, type ExecutionPriority, type ExecutionStatus, type LogLevel, type StepStatus } from '../domain/lifecycle'
import type { RetryPolicy } from '../domain/retry'
import type { Runner } from '../domain/runner'
import { open, openError, openEventData, openResults } from '../security/crypto'

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined)
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v)
const obj = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T))
/**
 * The object without its undefined fields: JSON drops them anyway, and superjson (tRPC) would
 * otherwise record each one — for a 10,000-step execution, megabytes of "undefined" markers.
 */
function defined<T extends object>(o: T): T {
  // A copy rather than deletes: an object that loses properties turns into a slow dictionary.
  const out = {} as T
  for (const key in o) if (o[key] !== undefined) out[key] = o[key]
  return out
}

export function serializeMetrics(row: ExecutionRow): ExecutionMetrics {
  // Running time: without pauses and the waits between a failure and its retry.
  const effective = row.durationMs === null || row.durationMs === undefined ? undefined : Math.max(0, row.durationMs - (row.pausedMs ?? 0) - (row.retryDurationMs ?? 0))
  return defined({
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    duration: opt(row.durationMs),
    effectiveDuration: effective,
    // Seed 002's throughput: steps finished per second of running time.
    throughput: effective && row.stepsCompleted ? Math.round((row.stepsCompleted / (effective / 1000)) * 1000) / 1000 : undefined,
    tokensUsed: row.tokensUsed,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    modelCalls: row.modelCalls,
    cost: row.cost,
    costBreakdown: obj<CostBreakdown>(row.costBreakdown),
    apiCalls: row.apiCalls,
    apiCallsByService: obj<Record<string, number>>(row.apiCallsByService),
    retries: row.retries,
    retryDuration: row.retryDurationMs,
    stepsCompleted: row.stepsCompleted,
    stepsTotal: row.stepsTotal,
    stepDurations: obj<Record<string, number>>(row.stepDurations),
    qualityScore: opt(row.qualityScore),
    errorRate: opt(row.errorRate),
    custom: obj<Record<string, number>>(row.customMetrics),
  })
}

function serializeError(row: ExecutionRow): ExecutionError | undefined {
  if (!row.errorCode) return undefined
  return {
    code: row.errorCode,
    // Message, stack and context are sealed at rest (those written before read as they are).
    message: (open(row.errorMessage) as string | null) ?? '',
    stack: opt(open(row.errorStack) as string | null),
    step: opt(row.errorStep),
    recoverable: row.errorRecoverable ?? false,
    retryCount: row.errorRetryCount ?? 0,
    context: obj<Record<string, unknown>>(open(row.errorContext)),
    timestamp: iso(row.errorAt),
  }
}

/** A row of the console's list page (LIST_ROW_COLUMNS): what serializeExecution says of it, in short. */
export function serializeListRow(row: ExecutionRow, { tags, runner }: { tags: readonly { tag: string }[]; runner?: Runner }): ExecutionListRow {
  // (Undefined fields left out: superjson would mark each one.)
  return {
    $id: row.id,
    status: row.status as ExecutionStatus,
    service: row.serviceId,
    priority: row.priority as ExecutionPriority,
    progress: row.progress,
    ...(row.assignee ? { assignee: row.assignee as unknown as ExecutionAssignee } : {}),
    ...(runner ? { runner } : {}),
    tags: tags.map((t) => t.tag),
    ...(row.errorCode ? { error: { code: row.errorCode, message: (open(row.errorMessage) as string | null) ?? '' } } : {}),
    metadata: { createdAt: row.createdAt.toISOString(), ...(row.startedAt ? { startedAt: row.startedAt.toISOString() } : {}) },
    metrics: defined({ duration: opt(row.durationMs), cost: row.cost, tokensUsed: row.tokensUsed }),
  }
}

export function serializeStep(row: StepRow, children?: string[], now: number = Date.now()): ExecutionStep {
  return defined({
    id: row.stepId,
    name: row.name,
    status: row.status as StepStatus,
    runtimeStatus: RUNTIME_STEP_STATUS_OF[row.status as StepStatus],
    type: opt(row.type),
    attempt: row.attempt,
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    failedAt: iso(row.failedAt),
    dueAt: iso(row.dueAt),
    // A step still open after its due date (a human review, say) is flagged for operators.
    overdue: row.dueAt && row.status !== 'completed' && row.status !== 'skipped' && row.status !== 'disabled' ? row.dueAt.getTime() < now : undefined,
    duration: opt(row.durationMs),
    assignee: obj<ExecutionAssignee>(row.assignee),
    input: opt(open(row.input)),
    output: opt(open(row.output)),
    error: obj<ExecutionError>(openError(row.error)),
    retries: row.retries,
    dependsOn: obj<string[]>(row.dependsOn),
    metadata: obj<Record<string, unknown>>(open(row.metadata)),
    childExecutions: children?.length ? children.map((id) => ({ id })) : undefined,
  })
}

export function serializeLog(row: LogRow): ExecutionLog {
  const metadata = { source: opt(row.source), component: opt(row.component), traceId: opt(row.traceId), spanId: opt(row.spanId) }
  // (A page carries its log lines in its payload, where each undefined field was spelled out.)
  return defined({
    id: row.id,
    timestamp: row.timestamp.toISOString(),
    level: row.level as LogLevel,
    // Sealed at rest (lines written before that read as they are).
    message: open(row.message) as string,
    step: opt(row.step),
    context: obj<Record<string, unknown>>(open(row.context)),
    metadata: Object.values(metadata).some((v) => v !== undefined) ? defined(metadata) : undefined,
  })
}

/** A checkpoint's state with its results and variables (sealed at rest) opened. */
function openState(stored: unknown): ExecutionState {
  const state = stored as ExecutionState
  return { ...state, variables: (open(state.variables) as Record<string, unknown> | null) ?? {}, results: openResults(state.results) }
}

export function serializeCheckpoint(row: CheckpointRow): ExecutionCheckpoint {
  const state = openState(row.state)
  // (fromEntries: a step id such as __proto__ stays a key, never the object's prototype.)
  const taskStates: ExecutionCheckpoint['state']['taskStates'] = Object.fromEntries([
    ...state.completedSteps.map((step) => [step, { status: 'completed' as const, ...(Object.hasOwn(state.results, step) ? { output: state.results[step] } : {}) }]),
    ...state.pendingSteps.map((step) => [step, { status: 'pending' as const }]),
  ])
  return {
    id: row.id,
    executionId: row.executionId,
    timestamp: row.createdAt.toISOString(),
    step: row.step,
    // Seed 000's state, and seed 002's names for it.
    state: { ...state, ...(state.pendingSteps[0] !== undefined ? { currentTaskId: state.pendingSteps[0] } : {}), completedTasks: state.completedSteps, taskStates },
    metadata: obj<Record<string, unknown>>(row.metadata),
  }
}

export function serializeWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as string[],
    headers: maskedHeaders(obj<Record<string, string>>(open(row.headers))),
    retries: row.retries,
    timeout: row.timeoutMs,
    // The secret is write-only: never echoed back; so are the headers' values (often credentials:
    // every reader of the execution, its customer's included, would otherwise read the provider's).
  }
}

export interface SerializedEvent {
  id: number
  executionId: string
  type: string
  step?: string
  actor: { type: string; id: string; name?: string }
  status?: string
  data?: unknown
  timestamp: string
}

export function serializeEvent(row: Pick<EventRow, 'id' | 'executionId' | 'type' | 'stepId' | 'actorType' | 'actorId' | 'status' | 'data' | 'createdAt'>): SerializedEvent {
  return defined({
    id: row.id,
    executionId: row.executionId,
    type: row.type,
    step: opt(row.stepId),
    actor: { type: row.actorType, id: row.actorId },
    status: opt(row.status),
    data: opt(openEventData(row.data)),
    timestamp: row.createdAt.toISOString(),
  })
}

export interface ExecutionRelations {
  tags?: { tag: string }[]
  /** Who runs it and what it waits for (domain/runner.ts), when the reader knows the engine workers. */
  runner?: Runner
  steps?: StepRow[]
  children?: { id: string; parentStepId: string | null }[]
  checkpoints?: CheckpointRow[]
  webhooks?: WebhookRow[]
  /** When its latest event was written (a one-execution read looks it up: log lines by the engine touch no row). */
  lastEventAt?: Date | null
}

/**
 * Seed 004's lastActivityAt, derived rather than stored: every change stamps updatedAt, a report
 * (log lines, a heartbeat) stamps reportedAt, and every change and log batch appends an event; an
 * extra column written per log line would put a row update on the hottest ingest path.
 */
export function lastActivityOf(row: Pick<ExecutionRow, 'updatedAt' | 'reportedAt'>, lastEventAt?: Date | null): Date {
  let latest = row.updatedAt
  if (row.reportedAt && row.reportedAt > latest) latest = row.reportedAt
  if (lastEventAt && lastEventAt > latest) latest = lastEventAt
  return latest
}

/**
 * An execution as the API shows it. Relations come with the row (a Prisma include) or beside it:
 * copying a row to add them (`{ ...row, steps }`) cost more than the rest of this together.
 */
export function serializeExecution(row: ExecutionRow & ExecutionRelations, beside: ExecutionRelations = {}): ServiceExecution {
  const { tags = row.tags, steps = row.steps, children = row.children, checkpoints = row.checkpoints, webhooks = row.webhooks, runner } = beside
  const status = row.status as ExecutionStatus
  const childrenByStep = new Map<string, string[]>()
  for (const child of children ?? []) {
    if (!child.parentStepId) continue
    childrenByStep.set(child.parentStepId, [...(childrenByStep.get(child.parentStepId) ?? []), child.id])
  }
  // Metadata and context, like the result, are sealed at rest.
  const extraMetadata = obj<Record<string, unknown>>(open(row.metadata)) ?? {}
  return defined({
    $type: 'ServiceExecution',
    $id: row.id,
    order: row.orderId,
    service: row.serviceId,
    status,
    runtimeStatus: RUNTIME_STATUS_OF[status],
    progress: row.progress,
    assignee: obj<ExecutionAssignee>(row.assignee),
    result: obj<ExecutionResult>(open(row.result)),
    metrics: serializeMetrics(row),
    error: serializeError(row),
    steps: steps?.map((s) => serializeStep(s, childrenByStep.get(s.stepId))),
    checkpoints: checkpoints?.map(serializeCheckpoint),
    priority: row.priority as ExecutionPriority,
    timeout: row.timeoutMs,
    retryPolicy: obj<RetryPolicy>(row.retryPolicy),
    webhooks: webhooks?.map(serializeWebhook),
    tags: (tags ?? []).map((t) => t.tag),
    metadata: defined({
      ...extraMetadata,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      startedAt: iso(row.startedAt),
      completedAt: iso(row.completedAt),
      // A failure ends the run: its completedAt is when it failed (a retry clears both).
      failedAt: status === 'failed' ? iso(row.completedAt ?? row.errorAt) : undefined,
      lastActivityAt: lastActivityOf(row, beside.lastEventAt).toISOString(),
      environment: opt(row.environment),
      version: opt(row.appVersion),
    }),
    correlationId: row.correlationId,
    parentExecutionId: opt(row.parentExecutionId),
    rootExecutionId: opt(row.rootExecutionId),
    workflowTemplateVersionId: opt(row.workflowDefinitionId),
    context: obj<Record<string, unknown>>(open(row.context)),
    cancelReason: opt(open(row.cancelReason) as string | null),
    version: row.version,
    allowedOperations: allowedOperations(status),
    runner,
  })
}
