// Seed 000's ServiceExecution as the API shows it, its summary and type guards.
import type { ExecutionError } from './errors'
import type { AssigneeType, ExecutionPriority, ExecutionStatus, LogLevel, StepStatus } from './lifecycle'
import type { RetryPolicy } from './retry'
import type { Runner } from './runner'

export interface ExecutionAssignee {
  type: AssigneeType
  id?: string
  name?: string
  model?: string
  version?: string
  capabilities?: string[]
}

export interface ExecutionResult {
  success: boolean
  output: unknown
  summary: string
  artifacts?: string[]
  metadata?: Record<string, unknown>
}

export interface CostBreakdown {
  ai: number
  apis: number
  compute: number
  storage: number
  other: number
}

export interface ExecutionMetrics {
  startedAt?: string
  completedAt?: string
  duration?: number
  effectiveDuration?: number
  throughput?: number
  tokensUsed?: number
  promptTokens?: number
  completionTokens?: number
  modelCalls?: number
  cost?: number
  costBreakdown?: CostBreakdown
  apiCalls?: number
  apiCallsByService?: Record<string, number>
  retries?: number
  retryDuration?: number
  stepsCompleted: number
  stepsTotal: number
  stepDurations?: Record<string, number>
  qualityScore?: number
  errorRate?: number
  custom?: Record<string, number>
}

export interface ExecutionStep {
  id: string
  name: string
  status: StepStatus
  type?: string
  attempt?: number
  startedAt?: string
  completedAt?: string
  failedAt?: string
  dueAt?: string
  overdue?: boolean
  duration?: number
  assignee?: ExecutionAssignee
  input?: unknown
  output?: unknown
  error?: ExecutionError
  retries?: number
  dependsOn?: string[]
  metadata?: Record<string, unknown>
  childExecutions?: { id: string }[]
}

export interface ExecutionLog {
  id?: number
  timestamp: string
  level: LogLevel
  message: string
  step?: string
  context?: Record<string, unknown>
  metadata?: { source?: string; component?: string; traceId?: string; spanId?: string }
}

export interface ExecutionState {
  currentStep: number
  totalSteps: number
  completedSteps: string[]
  pendingSteps: string[]
  variables: Record<string, unknown>
  results: Record<string, unknown>
}

export interface ExecutionCheckpoint {
  id: string
  timestamp: string
  step: string
  state: ExecutionState
  metadata?: Record<string, unknown>
}

export interface Webhook {
  id?: string
  url: string
  events: string[]
  headers?: Record<string, string>
  retries?: number
  timeout?: number
  secret?: string
}

export interface ExecutionMetadata {
  createdAt: string
  updatedAt: string
  startedAt?: string
  completedAt?: string
  environment?: string
  version?: string
  [key: string]: unknown
}

export interface ServiceExecution {
  $type: 'ServiceExecution'
  $id: string
  order: string
  service: string
  status: ExecutionStatus
  progress: number
  assignee?: ExecutionAssignee
  result?: ExecutionResult
  logs?: ExecutionLog[]
  metrics?: ExecutionMetrics
  error?: ExecutionError
  steps?: ExecutionStep[]
  checkpoints?: ExecutionCheckpoint[]
  priority: ExecutionPriority
  timeout: number
  retryPolicy?: RetryPolicy
  webhooks?: Webhook[]
  tags: string[]
  metadata: ExecutionMetadata
  correlationId: string
  parentExecutionId?: string
  rootExecutionId?: string
  workflowTemplateVersionId?: string
  context?: Record<string, unknown>
  cancelReason?: string
  /** Optimistic concurrency: pass it back as expectedVersion to refuse a stale change. */
  version: number
  allowedOperations: string[]
  /** Who runs it (a workflow on the engine, a service over the API, or no one) and what it waits for. */
  runner?: Runner
}

export interface ExecutionSummary {
  id: string
  status: ExecutionStatus
  progress: number
  startedAt?: string
  completedAt?: string
  duration?: number
  success: boolean
}

export function summarize(execution: ServiceExecution): ExecutionSummary {
  return {
    id: execution.$id,
    status: execution.status,
    progress: execution.progress,
    startedAt: execution.metrics?.startedAt,
    completedAt: execution.metrics?.completedAt,
    duration: execution.metrics?.duration,
    success: execution.status === 'completed' && execution.result?.success !== false,
  }
}

type WithStatus = Pick<ServiceExecution, 'status'>
export function isExecutionComplete(execution: WithStatus): boolean {
  return execution.status === 'completed'
}
export function isExecutionFailed(execution: WithStatus): boolean {
  return execution.status === 'failed'
}
export function isExecutionRunning(execution: WithStatus): boolean {
  return execution.status === 'starting' || execution.status === 'running'
}
