// Alert rules (docs/glossary.md): a metric, an operator, a threshold and how long the
// condition must hold. Pure: the evaluator supplies values and the time.

export const ALERT_METRICS = [
  'execution_duration', // the longest running execution's time so far (ms)
  'execution_cost', // the highest cost of an execution created in the window
  'error_rate', // failed / (completed + failed) among executions that ended in the window
  'failures', // executions that failed in the window
  'queue_depth', // executions waiting in the queue
  'overdue_human_steps', // steps open past their due date
  'stalled_executions', // running executions of outside services silent past the allowed silence
  'executions_without_runner', // queued or under way, of a workflow no live engine worker runs
  'metric', // any numeric execution metric, aggregated over executions created in the window
] as const
export type AlertMetric = (typeof ALERT_METRICS)[number]

export const ALERT_OPERATORS = ['gt', 'lt', 'eq', 'gte', 'lte'] as const
export type AlertOperator = (typeof ALERT_OPERATORS)[number]

/** Execution columns an alert on `metric` may aggregate. */
export const ALERT_FIELDS = [
  'durationMs',
  'cost',
  'tokensUsed',
  'promptTokens',
  'completionTokens',
  'modelCalls',
  'apiCalls',
  'retries',
  'progress',
  'qualityScore',
  'errorRate',
] as const
export const ALERT_AGGREGATES = ['avg', 'max', 'min', 'sum', 'count'] as const

/**
 * The thresholds a rule's measure can meet: counts, durations, costs and tokens are never below 0;
 * a rate is a fraction 0–1 (error_rate, errorRate, qualityScore); progress is a percentage 0–100.
 */
export function thresholdRange(rule: { metric: AlertMetric; field?: (typeof ALERT_FIELDS)[number]; aggregate?: (typeof ALERT_AGGREGATES)[number] }): {
  min: number
  max?: number
  what: string
} {
  if (rule.metric === 'error_rate') return { min: 0, max: 1, what: 'a rate (a fraction)' }
  if (rule.metric !== 'metric') return { min: 0, what: 'a count, duration or cost' }
  if (rule.aggregate === 'count') return { min: 0, what: 'a count' }
  if (rule.field === 'errorRate' || rule.field === 'qualityScore') return { min: 0, max: 1, what: `${rule.field} (a fraction)` }
  if (rule.field === 'progress') return { min: 0, max: 100, what: 'progress (a percentage)' }
  return { min: 0, what: rule.field ?? 'the measure' }
}

export function compare(value: number, operator: AlertOperator, threshold: number): boolean {
  switch (operator) {
    case 'gt':
      return value > threshold
    case 'lt':
      return value < threshold
    case 'eq':
      return value === threshold
    case 'gte':
      return value >= threshold
    case 'lte':
      return value <= threshold
  }
}

export interface RuleState {
  /** Since when the condition has held, or null. */
  pendingSince: number | null
  /** Whether an alert of this rule is open (firing or acknowledged). */
  open: boolean
}

/** The next state of a rule, and whether an alert fires or resolves now. */
export function step(state: RuleState, holds: boolean, now: number, forMs: number): { pendingSince: number | null; action: 'fire' | 'resolve' | null } {
  if (!holds) return { pendingSince: null, action: state.open ? 'resolve' : null }
  const since = state.pendingSince ?? now
  return { pendingSince: since, action: !state.open && now - since >= forMs ? 'fire' : null }
}

const SYMBOL: Record<AlertOperator, string> = { gt: '>', lt: '<', eq: '=', gte: '≥', lte: '≤' }
export function describeCondition(metric: string, operator: AlertOperator, threshold: number, value: number): string {
  return `${metric} is ${Number(value.toFixed(4))} (${SYMBOL[operator]} ${threshold})`
}

// Per-execution alerts (seed 002's setAlert(condition, callback)): a condition on one execution,
// fired once, when it has held for `duration` ms.

/**
 * What a per-execution alert measures: `cost` (its cost so far), `tokens`, `progress` (0–100),
 * `duration` (ms it has run, pauses and retry waits left out), `silence` (ms since whoever runs it
 * last reported, while it runs), `status` (it reached one of `statuses`).
 */
export const EXECUTION_ALERT_METRICS = ['cost', 'tokens', 'progress', 'duration', 'silence', 'status'] as const
export type ExecutionAlertMetric = (typeof EXECUTION_ALERT_METRICS)[number]

export interface ExecutionAlertCondition {
  metric: ExecutionAlertMetric
  operator?: AlertOperator
  threshold?: number
  statuses?: readonly string[]
  /** How long (ms) it must hold before it fires. */
  duration?: number
}

/** What of an execution the conditions read (times in ms since the epoch). */
export interface AlertedExecution {
  status: string
  cost: number
  tokensUsed: number
  progress: number
  createdAt: number
  startedAt: number | null
  pausedAt: number | null
  pausedMs: number
  retryDurationMs: number
  reportedAt: number | null
}

/** The condition's metric of the execution now. */
export function measureExecution(metric: ExecutionAlertMetric, e: AlertedExecution, now: number): number {
  switch (metric) {
    case 'cost':
      return e.cost
    case 'tokens':
      return e.tokensUsed
    case 'progress':
      return e.progress
    case 'duration': {
      if (e.startedAt === null) return 0
      const until = e.status === 'paused' && e.pausedAt !== null ? e.pausedAt : now
      return Math.max(0, until - e.startedAt - e.pausedMs - e.retryDurationMs)
    }
    case 'silence':
      // Only a running execution can be silent: a paused or queued one is waiting, not silent.
      return e.status === 'running' ? Math.max(0, now - (e.reportedAt ?? e.startedAt ?? e.createdAt)) : 0
    case 'status':
      return 0
  }
}

/** Whether the condition holds for the execution now, and the value it measured. */
export function executionAlertHolds(c: ExecutionAlertCondition, e: AlertedExecution, now: number): { holds: boolean; value: number } {
  if (c.metric === 'status') {
    const reached = (c.statuses ?? []).includes(e.status)
    return { holds: reached, value: reached ? 1 : 0 }
  }
  const value = measureExecution(c.metric, e, now)
  // Silence holds only while it runs (a measured 0 of a paused execution must not match `lt`).
  if ((c.metric === 'silence' || c.metric === 'duration') && value === 0 && e.status !== 'running') return { holds: false, value }
  return { holds: compare(value, c.operator!, c.threshold!), value }
}

const UNIT: Record<ExecutionAlertMetric, (v: number) => string> = {
  cost: (v) => `$${Number(v.toFixed(4))}`,
  tokens: (v) => `${Math.round(v)} tokens`,
  progress: (v) => `${Number(v.toFixed(1))}%`,
  duration: (v) => `${Math.round(v / 1000)} s`,
  silence: (v) => `${Math.round(v / 1000)} s`,
  status: () => '',
}

/** The condition as an operator reads it: "cost > $5", "silence ≥ 600 s", "status is failed or cancelled". */
export function describeExecutionCondition(c: ExecutionAlertCondition): string {
  const held = c.duration ? ` for ${Math.round(c.duration / 1000)} s` : ''
  if (c.metric === 'status') return `status is ${(c.statuses ?? []).join(' or ')}`
  return `${c.metric} ${SYMBOL[c.operator!]} ${UNIT[c.metric](c.threshold!)}${held}`
}

/** What a fired alert says: its condition and what was measured. */
export function describeExecutionAlert(c: ExecutionAlertCondition, value: number, status: string, name?: string): string {
  const measured = c.metric === 'status' ? `the execution is ${status}` : `${c.metric} is ${UNIT[c.metric](value)}`
  return `${name ? `${name}: ` : ''}${measured} (${describeExecutionCondition(c)})`
}
