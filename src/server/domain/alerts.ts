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
