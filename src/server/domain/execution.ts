// ServiceExecution as the API shows it (docs/api.md), its summary and type guards.
import type { z } from 'zod'
import type { checkpointSchema, executionSchema, executionStateSchema, logSchema, metricsSchema, stepSchema } from './contracts'
import type { assigneeSchema, resultSchema } from './schemas'
import type { ExecutionStatus } from './lifecycle'

// The types are the output contract's (contracts.ts), inferred: one source for the API's shapes.
export type ExecutionAssignee = z.infer<typeof assigneeSchema>
export type ExecutionResult = z.infer<typeof resultSchema>
export type ExecutionMetrics = z.infer<typeof metricsSchema>
export type CostBreakdown = NonNullable<ExecutionMetrics['costBreakdown']>
export type ExecutionStep = z.infer<typeof stepSchema>
export type ExecutionLog = z.infer<typeof logSchema>
export type ExecutionState = z.infer<typeof executionStateSchema>
export type ExecutionCheckpoint = z.infer<typeof checkpointSchema>
export type ServiceExecution = z.infer<typeof executionSchema>
export type Webhook = NonNullable<ServiceExecution['webhooks']>[number]
export type ExecutionMetadata = ServiceExecution['metadata']

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

// Seed 000's type guards: one copy, shared with the SDK (which exports them to clients).
export { isExecutionComplete, isExecutionFailed, isExecutionRunning } from '../../../packages/sdk/src/guards'

/**
 * An execution as a list row shows it: what the table's columns, its row actions and the command
 * palette read, and no more. The list page carries its first fifty in its HTML; whole executions
 * (retry policy, timestamps, every metric, an error's stack and context) were 2.5 times the bytes,
 * each serialised, parsed and revived on the way (bench:pages).
 */
export interface ExecutionListRow {
  $id: string
  status: ServiceExecution['status']
  service: string
  priority: ServiceExecution['priority']
  progress: number
  assignee?: ServiceExecution['assignee']
  runner?: ServiceExecution['runner']
  tags: string[]
  error?: { code: string; message: string }
  metadata: { createdAt: string; startedAt?: string }
  metrics?: { duration?: number; cost?: number; tokensUsed?: number }
}
