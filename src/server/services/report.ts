// Seed 002's ExecutionResult of one execution (GET /api/executions/{id}/report, the SDK's
// `execution.report()` and `BusinessWorkflow.execute()`): what the execution, its metrics, the
// resources it held and its events already say, put in the seed's shape in one answer.
import type { ExecutionReport, ResourceUsage } from '../domain/contracts'
import type { ExecutionMetrics, ServiceExecution } from '../domain/execution'
import type { ExecutionStatus } from '../domain/lifecycle'
import { isFoldedEvent, seedEventOf } from '../events/monitor'
import type { SerializedEvent } from './serialize'

/** The console's statuses as seed 002 names them: waiting to run (queued, or a retry due) is PENDING. */
const SEED_STATUS: Record<ExecutionStatus, ExecutionReport['status']> = {
  queued: 'PENDING',
  starting: 'RUNNING',
  running: 'RUNNING',
  retry: 'PENDING',
  paused: 'PAUSED',
  completed: 'COMPLETED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
}

/** The most events a report's timeline holds (GET …/events pages through the rest). */
export const REPORT_TIMELINE_MAX = 1_000

export function reportOf(
  execution: ServiceExecution,
  metrics: ExecutionMetrics,
  resourceUsage: ResourceUsage[],
  events: { items: SerializedEvent[]; more: boolean },
): ExecutionReport {
  const m = metrics
  const error = execution.error
  const ended = execution.status === 'completed' || execution.status === 'failed' || execution.status === 'cancelled'
  // (An execution under way has no duration yet: its time so far, as the schema says.)
  const totalDuration = m.duration ?? (m.startedAt ? Math.max(0, Date.now() - Date.parse(m.startedAt)) : 0)
  return {
    executionId: execution.$id,
    planId: execution.workflowTemplateVersionId ?? null,
    status: SEED_STATUS[execution.status as ExecutionStatus],
    consoleStatus: execution.status,
    ...(m.startedAt ? { startedAt: m.startedAt } : {}),
    ...(ended && m.completedAt ? { completedAt: m.completedAt } : {}),
    ...(execution.result !== undefined ? { result: execution.result } : {}),
    ...(execution.status === 'failed' && error
      ? {
          error: {
            code: error.code,
            message: error.message,
            ...(error.step ? { taskId: error.step } : {}),
            timestamp: error.timestamp ?? m.completedAt ?? new Date().toISOString(),
            recoverable: error.recoverable,
            ...(error.context ? { context: error.context } : {}),
          },
        }
      : {}),
    metrics: {
      totalDuration,
      effectiveDuration: m.effectiveDuration ?? totalDuration,
      totalCost: (m.cost ?? 0) + (m.resourceCost ?? 0),
      resourceEfficiency: m.resourceEfficiency ?? null,
      qualityScore: m.qualityScore ?? null,
      successRate: m.successRate ?? null,
      throughput: m.throughput ?? 0,
      errorRate: m.errorRate ?? null,
    },
    resourceUsage,
    timeline: events.items
      .filter((e) => !isFoldedEvent(e.type))
      .map((e) => seedEventOf({ eventId: e.id, event: e.type, timestamp: e.timestamp, step: e.step, status: e.status, data: e.data })),
    ...(events.more ? { timelineTruncated: true } : {}),
  }
}
