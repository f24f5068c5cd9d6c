// Writes a realistic, deterministic execution history straight into SQLite (bulk import:
// millions of rows in seconds). Row shapes are the ones the write path produces: times in
// epoch milliseconds, JSON as text, one event per change, results, step data and log context
// sealed with the database's key.
import { failureFingerprint } from '../domain/failures'
import type { Database } from 'better-sqlite3'
import { CUSTOMERS, PROVIDER, SERVICE_TEMPLATES, type ServiceTemplate, type StepTemplate } from './catalog'
import { seal, sealJson } from '../security/crypto'

export interface HistoryOptions {
  executions: number
  /** The history spans this many days before `now`. */
  days: number
  seed: number
  now: number
  /** Average log lines per execution. */
  logsPerExecution: number
  /** Full event timelines and checkpoints; off for the 1,000,000-execution benchmark history. */
  detailed: boolean
  onProgress?: (done: number) => void
}

export interface HistoryCounts {
  executions: number
  steps: number
  logs: number
  events: number
  checkpoints: number
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pickWeighted<T extends { weight: number }>(rng: () => number, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0)
  let r = rng() * total
  for (const item of items) {
    r -= item.weight
    if (r <= 0) return item
  }
  return items[items.length - 1]!
}

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
const hex = (rng: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('')
const round6 = (n: number) => Math.round(n * 1e6) / 1e6

const HOUR = 3_600_000
const DAY = 24 * HOUR
const RETRY_POLICY = JSON.stringify({
  maxRetries: 3,
  backoff: 'exponential',
  initialDelay: 1000,
  maxDelay: 60000,
  jitter: true,
  retryableErrors: ['API_TIMEOUT', 'API_RATE_LIMIT', 'SERVICE_UNAVAILABLE', 'API_ERROR', 'MODEL_ERROR', 'DATABASE_ERROR'],
})

type Status = 'queued' | 'starting' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'retry'
const EVERY_STATUS: readonly Status[] = ['running', 'queued', 'paused', 'retry', 'starting', 'failed', 'cancelled', 'completed']

function chooseStatus(rng: () => number, ageMs: number, template: ServiceTemplate): Status {
  const failRate = template.id === 'integration-service' ? 0.14 : template.id === 'batch-processing-service' ? 0.11 : 0.07
  if (ageMs < 12 * HOUR) {
    return pickWeighted(rng, [
      { s: 'running' as const, weight: 35 },
      { s: 'queued' as const, weight: 15 },
      { s: 'paused' as const, weight: 6 },
      { s: 'retry' as const, weight: 4 },
      { s: 'starting' as const, weight: 2 },
      { s: 'completed' as const, weight: 28 },
      { s: 'failed' as const, weight: 7 },
      { s: 'cancelled' as const, weight: 3 },
    ]).s
  }
  const r = rng()
  if (r < failRate) return 'failed'
  if (r < failRate + 0.04) return 'cancelled'
  return 'completed'
}

export function ensureCatalog(db: Database, now: number) {
  const org = db.prepare('INSERT OR IGNORE INTO "Organization" (id, name, createdAt) VALUES (?, ?, ?)')
  org.run(PROVIDER.id, PROVIDER.name, now - 400 * DAY)
  for (const c of CUSTOMERS) org.run(c.id, c.name, now - 400 * DAY)
  const service = db.prepare(
    'INSERT OR IGNORE INTO "Service" (id, name, description, providerId, retryPolicy, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const workflow = db.prepare(
    'INSERT OR IGNORE INTO "WorkflowDefinition" (id, key, version, name, description, serviceId, definition, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  for (const t of SERVICE_TEMPLATES) {
    service.run(t.id, t.name, t.description, PROVIDER.id, RETRY_POLICY, now - 365 * DAY, now - 30 * DAY)
    const steps = t.steps(prng(1)).map((s) => ({ id: s.id, name: s.name, assignee: s.assignee }))
    workflow.run(`${t.id.replace(/-service$/, '')}@1`, t.id.replace(/-service$/, ''), 1, t.name, t.description, t.id, JSON.stringify({ steps }), now - 365 * DAY)
  }
}

export function writeHistory(db: Database, options: HistoryOptions): HistoryCounts {
  const rng = prng(options.seed)
  const { now, days, detailed } = options
  ensureCatalog(db, now)

  const insertOrder = db.prepare('INSERT INTO "Order" (id, serviceId, customerId, status, createdAt) VALUES (?, ?, ?, ?, ?)')
  const insertExecution = db.prepare(`INSERT INTO "Execution" (
    id, orderId, serviceId, status, progress, priority, assigneeType, assigneeId, assignee, result,
    errorCode, errorMessage, errorStep, errorRecoverable, errorRetryCount, errorContext, errorAt, errorFingerprint,
    timeoutMs, retryPolicy, cancelReason, createdAt, updatedAt, startedAt, completedAt, environment, appVersion,
    correlationId, workflowDefinitionId, version, durationMs, pausedMs, pausedAt, tokensUsed, promptTokens,
    completionTokens, modelCalls, cost, apiCalls, retries, retryDurationMs, stepsCompleted, stepsTotal,
    qualityScore, errorRate, costBreakdown, apiCallsByService, stepDurations, customerId, providerId
  ) VALUES (${Array(50).fill('?').join(', ')})`)
  const insertTag = db.prepare('INSERT INTO "ExecutionTag" (executionId, tag) VALUES (?, ?)')
  const insertStep = db.prepare(`INSERT INTO "ExecutionStep" (
    id, executionId, stepId, name, position, status, attempt, retries, assigneeType, assignee, input, output,
    errorCode, errorMessage, error, dueAt, startedAt, completedAt, failedAt, durationMs, createdAt, updatedAt
  ) VALUES (${Array(22).fill('?').join(', ')})`)
  const insertLog = db.prepare(
    'INSERT INTO "ExecutionLog" (executionId, timestamp, level, message, step, context, source, component, traceId, spanId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertEvent = db.prepare(
    'INSERT INTO "ExecutionEvent" (executionId, type, stepId, actorType, actorId, status, data, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertCheckpoint = db.prepare('INSERT INTO "ExecutionCheckpoint" (id, executionId, step, state, metadata, createdAt) VALUES (?, ?, ?, ?, ?, ?)')

  const counts: HistoryCounts = { executions: 0, steps: 0, logs: 0, events: 0, checkpoints: 0 }
  const span = days * DAY

  const writeOne = (index: number) => {
    const template = pickWeighted(rng, SERVICE_TEMPLATES)
    const createdAt = Math.floor(now - span + (span * (index + rng())) / options.executions)
    // The newest executions show every status at least once; the rest follow the weights.
    const fromEnd = options.executions - 1 - index
    const status = fromEnd < EVERY_STATUS.length ? EVERY_STATUS[fromEnd]! : chooseStatus(rng, now - createdAt, template)
    const id = `exec_${createdAt.toString(36).padStart(9, '0')}${index.toString(16).padStart(8, '0')}`
    const orderId = `order_${index.toString(36).padStart(7, '0')}`
    const customer = pick(rng, CUSTOMERS)
    const priority = pickWeighted(rng, [
      { p: 'low', weight: 10 },
      { p: 'normal', weight: 70 },
      { p: 'high', weight: 15 },
      { p: 'urgent', weight: 5 },
    ]).p
    const steps = template.steps(rng)
    const traceId = `trace-${hex(rng, 16)}`
    const failure = status === 'failed' || status === 'retry' ? pickWeighted(rng, template.failures) : null
    const failAt = failure ? Math.max(0, steps.findIndex((s) => s.id === failure.step)) : -1
    const stopAt =
      status === 'completed' ? steps.length
      : status === 'queued' ? 0
      : status === 'starting' ? 0
      : failure ? failAt
      : Math.floor(rng() * steps.length)

    const startedAt = status === 'queued' ? null : createdAt + Math.floor(rng() * 30_000)
    let clock = startedAt ?? createdAt
    let prompt = 0
    let completion = 0
    let modelCalls = 0
    let apiCalls = 0
    const apiByService: Record<string, number> = {}
    const stepDurations: Record<string, number> = {}
    const retries = failure?.recoverable ? Math.floor(rng() * 3) + (status === 'retry' ? 1 : 0) : status === 'completed' && rng() < 0.08 ? 1 : 0

    insertOrder.run(orderId, template.id, customer.id, 'confirmed', createdAt)

    const logsTarget = Math.max(1, Math.round(options.logsPerExecution * (0.6 + rng() * 0.8)))
    const logs: [number, string, string, string | null, string | null, string | null][] = []
    const log = (at: number, level: string, message: string, step: string | null, context?: object) =>
      logs.push([at, level, message, step, context ? sealJson(context) : null, step ? `span-${hex(rng, 8)}` : null])
    const events: [string, string | null, string | null, string | null, number][] = []
    const event = (type: string, step: string | null, status: string | null, data: object | null, at: number) => {
      if (detailed || !type.startsWith('execution.step.')) events.push([type, step, status, data ? JSON.stringify(data) : null, at])
    }
    event('execution.created', null, 'queued', { service: template.id, order: orderId, priority }, createdAt)
    if (startedAt !== null) {
      event('execution.started', null, 'running', { from: 'queued', path: ['starting', 'running'] }, startedAt)
      log(startedAt, 'info', 'Starting execution', null, { service: template.id, steps: steps.length })
    }

    steps.forEach((step: StepTemplate, position) => {
      let stepStatus = 'pending'
      let stepStart: number | null = null
      let stepEnd: number | null = null
      let duration: number | null = null
      let output: string | null = null
      let errorJson: string | null = null
      if (status !== 'queued' && status !== 'starting' && position <= stopAt && position < steps.length) {
        stepStart = clock
        duration = Math.floor(template.baseStepMs * (0.4 + rng() * 1.2))
        if (position < stopAt) {
          stepStatus = 'completed'
          stepEnd = stepStart + duration
          clock = stepEnd
          stepDurations[step.id] = duration
          output = sealJson(step.ai ? { tokens: 0, quality: round6(0.8 + rng() * 0.2) } : { ok: true, records: Math.floor(rng() * 500) })
        } else if (failure && position === failAt) {
          stepStatus = 'failed'
          stepEnd = stepStart + Math.floor(duration / 3)
          clock = stepEnd
          errorJson = JSON.stringify({ code: failure.code, message: failure.messages[0], step: step.id, recoverable: failure.recoverable, retryCount: retries })
        } else if (status === 'running' || status === 'paused' || status === 'cancelled') {
          stepStatus = status === 'running' ? 'running' : status === 'cancelled' ? 'pending' : 'pending'
          duration = null
          if (status !== 'running') stepStart = null
        }
        if (step.ai && stepStart !== null) {
          const p = 300 + Math.floor(rng() * 1700)
          const c = 200 + Math.floor(rng() * 1300)
          prompt += p
          completion += c
          modelCalls += 1
        } else if (stepStart !== null) {
          const api = pick(rng, ['linkedin', 'clearbit', 'sendgrid', 'salesforce', 'hubspot', 'warehouse', 'zendesk'])
          apiByService[api] = (apiByService[api] ?? 0) + 1
          apiCalls += 1
        }
      }
      counts.steps += 1
      const assignee = JSON.stringify(step.assignee === 'ai-agent' ? { type: 'ai-agent', model: 'claude-sonnet-4.5' } : { type: step.assignee })
      const dueAt = step.assignee === 'human' ? createdAt + 8 * HOUR : null
      insertStep.run(
        `${id}-s${position}`, id, step.id, step.name, position, stepStatus, stepStart === null ? 0 : 1, stepStatus === 'failed' ? retries : 0,
        step.assignee, assignee, detailed ? sealJson({ step: step.id }) : null, output,
        stepStatus === 'failed' ? failure!.code : null, stepStatus === 'failed' ? failure!.messages[0] : null, errorJson,
        dueAt, stepStart, stepStatus === 'completed' ? stepEnd : null, stepStatus === 'failed' ? stepEnd : null, stepStatus === 'completed' || stepStatus === 'failed' ? (stepEnd! - stepStart!) : null,
        createdAt, stepEnd ?? stepStart ?? createdAt,
      )
      if (stepStart !== null) {
        event('execution.step.started', step.id, null, { name: step.name, attempt: 1 }, stepStart)
        if (stepStatus === 'completed') event('execution.step.completed', step.id, null, { name: step.name, duration }, stepEnd!)
        if (stepStatus === 'failed') event('execution.step.failed', step.id, null, { name: step.name, error: { code: failure!.code } }, stepEnd!)
      }
    })

    const ended = status === 'completed' || status === 'failed' || status === 'cancelled'
    const completedAt = ended ? Math.max(clock, (startedAt ?? createdAt) + 1) : null
    const errorMessage = failure ? pick(rng, failure.messages) : null
    if (failure) {
      log(completedAt ?? clock, 'error', errorMessage!, failure.step, { error_code: failure.code, attempt: retries + 1 })
      for (let r = 1; r <= retries && status !== 'completed'; r++) {
        log(clock, 'warn', `Retrying after ${2 ** (r - 1)}s (attempt ${r}/3)`, failure.step)
      }
    }
    // Fill the rest of the log budget with the everyday lines of a run.
    const stepIds = steps.map((s) => s.id)
    // Everyday lines belong to the steps that have started.
    const startedSteps = status === 'queued' || status === 'starting' ? [] : stepIds.slice(0, Math.min(stopAt + 1, stepIds.length))
    const until = completedAt ?? Math.min(now, clock + 1000)
    const from = startedAt ?? createdAt
    while (logs.length < logsTarget) {
      const at = from + Math.floor(rng() * Math.max(1, until - from))
      const step = startedSteps.length ? pick(rng, startedSteps) : null
      const r = rng()
      if (!step) log(at, 'debug', `Waiting in queue (position ${1 + Math.floor(rng() * 20)})`, null)
      else if (r < 0.45) log(at, 'info', `Processing ${step}: item ${Math.floor(rng() * 100)}`, step, { item: Math.floor(rng() * 100) })
      else if (r < 0.75) log(at, 'debug', 'AI model request', step, { model: 'claude-sonnet-4.5', prompt_tokens: 100 + Math.floor(rng() * 900), max_tokens: 500 })
      else if (r < 0.92) log(at, 'info', `Fetched ${Math.floor(rng() * 50)} records from ${pick(rng, ['clearbit', 'linkedin', 'salesforce', 'warehouse'])}`, step)
      else log(at, 'warn', 'API response time exceeded threshold', step, { api: 'clearbit', response_time: 5000 + Math.floor(rng() * 3000), threshold: 5000 })
    }
    if (status === 'completed') log(completedAt!, 'info', 'Execution completed', null)
    logs.sort((a, b) => a[0] - b[0])
    for (const [at, level, message, step, context, spanId] of logs) {
      insertLog.run(id, at, level, message, step, context, 'worker', template.id, traceId, spanId)
    }
    counts.logs += logs.length

    if (status === 'completed') event('execution.completed', null, 'completed', { success: true }, completedAt!)
    if (status === 'failed' || status === 'retry') event('execution.failed', failure!.step, 'failed', { error: { code: failure!.code, message: errorMessage } }, completedAt ?? clock)
    if (status === 'retry') event('execution.retry', null, 'retry', { attempt: retries }, clock + 1000)
    if (status === 'cancelled') event('execution.cancelled', null, 'cancelled', { reason: 'Cancelled by operator' }, completedAt!)
    if (status === 'paused') event('execution.paused', null, 'paused', null, clock)
    events.sort((a, b) => a[4] - b[4])
    for (const [type, step, st, data, at] of events) insertEvent.run(id, type, step, 'worker', template.assignee.id, st, data, at)
    counts.events += events.length

    if (detailed && (template.id === 'batch-processing-service' || status === 'paused') && stopAt > 0) {
      const done = stepIds.slice(0, stopAt)
      insertCheckpoint.run(
        `ckpt_${id}`,
        id,
        stepIds[Math.min(stopAt, stepIds.length - 1)]!,
        JSON.stringify({ currentStep: done.length, totalSteps: stepIds.length, completedSteps: done, pendingSteps: stepIds.slice(stopAt), variables: { batch_size: 100 }, results: seal({ processed: done.length * 100 }) }),
        JSON.stringify({ reason: status === 'paused' ? 'pause' : 'interval' }),
        clock,
      )
      counts.checkpoints += 1
    }

    const finished = steps.filter((_, i) => i < stopAt).length
    const aiCost = prompt * 3e-6 + completion * 15e-6
    const apiCost = apiCalls * 0.001
    const durationMs = completedAt !== null && startedAt !== null ? completedAt - startedAt : null
    const computeCost = ((durationMs ?? 0) / 1000) * 0.00002
    const cost = round6(aiCost + apiCost + computeCost)
    const result =
      status === 'completed'
        ? sealJson({ success: true, output: { steps: steps.length, records: Math.floor(rng() * 1000) }, summary: `${template.name} finished ${steps.length} steps` })
        : null
    const tags = template.tags.filter(() => rng() < 0.7)
    if (rng() < 0.05) tags.push('vip')
    if (rng() < 0.2) tags.push('eu')
    insertExecution.run(
      id, orderId, template.id, status,
      status === 'completed' ? 100 : Math.round((finished / steps.length) * 10000) / 100,
      priority, template.assignee.type, template.assignee.id, JSON.stringify(template.assignee), result,
      failure?.code ?? null, errorMessage, failure?.step ?? null, failure ? (failure.recoverable ? 1 : 0) : null, failure ? retries : null,
      failure ? JSON.stringify({ attempt: retries + 1 }) : null, failure ? (completedAt ?? clock) : null,
      failure ? failureFingerprint(failure.code, failure.step, errorMessage!) : null,
      template.id === 'batch-processing-service' ? 7_200_000 : 3_600_000, RETRY_POLICY,
      status === 'cancelled' ? 'Cancelled by operator' : null,
      createdAt, completedAt ?? clock, startedAt, completedAt,
      'production', '1.0.0', `corr-${hex(rng, 12)}`, `${template.id.replace(/-service$/, '')}@1`,
      1 + events.length, durationMs, 0, status === 'paused' ? clock : null,
      prompt + completion, prompt, completion, modelCalls, cost, apiCalls, retries, retries * 2000,
      status === 'completed' ? steps.length : finished, steps.length,
      modelCalls ? round6(0.8 + rng() * 0.2) : null, round6(failure ? 1 / steps.length : 0),
      JSON.stringify({ ai: round6(aiCost), apis: round6(apiCost), compute: round6(computeCost), storage: 0, other: 0 }),
      JSON.stringify(apiByService), JSON.stringify(stepDurations), customer.id, PROVIDER.id,
    )
    for (const tag of tags) insertTag.run(id, tag)
    counts.executions += 1
  }

  const BATCH = 5_000
  for (let start = 0; start < options.executions; start += BATCH) {
    db.transaction(() => {
      // Children are written before their execution row; foreign keys are checked at commit.
      db.pragma('defer_foreign_keys = ON')
      for (let i = start; i < Math.min(options.executions, start + BATCH); i++) writeOne(i)
    })()
    options.onProgress?.(Math.min(options.executions, start + BATCH))
  }
  return counts
}
