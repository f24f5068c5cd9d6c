// Writes a realistic, deterministic execution history straight into the database — SQLite, or
// PostgreSQL through the Writer's dialect (bulk import: millions of rows in seconds on SQLite). Row shapes are the ones the write path produces: times in
// epoch milliseconds, JSON as text, one event per change, results, step data and log context
// sealed with the database's key. Each execution is laid out as it would have run: its steps in
// turn, its failures and the retries its policy made (each with its "Retrying after" line), log
// lines inside the step runs they are about; those under way are recent enough to be so.
import { failureFingerprint } from '../domain/failure-fingerprint'
import type { Database } from 'better-sqlite3'
import { onConnection, type Sql } from '../db/connection'
import type { Writer } from '../db/writer'
import { calculateRetryDelay, retryMessage } from '../domain/retry'
import { stepProgress } from '../domain/lifecycle'
import { CUSTOMERS, dependsOnOf, MODEL, PRIORITY_WEIGHTS, PROVIDER, SERVICE_TEMPLATES, workflowIdOf, type FailureTemplate, type ServiceTemplate } from '../built-in/catalog'
import { ensureCatalog } from '../built-in/install'
import { blindIndex } from '../security/blind-index'
import { seal, sealError, sealEventData, sealJson, sealValue } from '../security/crypto'

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
  /** Write nothing when the database holds executions already (`existing` says how many). */
  ifEmpty?: boolean
}

export interface HistoryCounts {
  executions: number
  steps: number
  logs: number
  events: number
  checkpoints: number
  /** With `ifEmpty`: the executions found, which left the database as it was. */
  existing: number
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

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Only executions this recent are still under way (queued, running, paused, retrying): older ones ended, as their timeouts say they must have. */
const UNDER_WAY_WINDOW = 30 * MINUTE

type Status = 'queued' | 'starting' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'retry'
const EVERY_STATUS: readonly Status[] = ['running', 'queued', 'paused', 'retry', 'starting', 'failed', 'cancelled', 'completed']

function chooseStatus(rng: () => number, ageMs: number, template: ServiceTemplate): Status {
  const failRate = template.id === 'integration-service' ? 0.14 : template.id === 'batch-processing-service' ? 0.11 : 0.07
  if (ageMs < UNDER_WAY_WINDOW) {
    return pickWeighted(rng, [
      { s: 'running' as const, weight: 35 },
      { s: 'queued' as const, weight: 10 },
      { s: 'paused' as const, weight: 6 },
      { s: 'retry' as const, weight: 4 },
      { s: 'starting' as const, weight: 2 },
      { s: 'completed' as const, weight: 33 },
      { s: 'failed' as const, weight: 7 },
      { s: 'cancelled' as const, weight: 3 },
    ]).s
  }
  const r = rng()
  if (r < failRate) return 'failed'
  if (r < failRate + 0.04) return 'cancelled'
  return 'completed'
}

/** Whether the template's retry policy retries this failure automatically. */
const covered = (t: ServiceTemplate, f: FailureTemplate) => f.recoverable && (t.retryPolicy.retryableErrors ?? []).includes(f.code as never)

/** SQLite's limit on a statement's parameters is 32,766, PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000

/**
 * Rows of one table, kept until flush() and written several hundred to a statement: on
 * PostgreSQL each statement is a round trip, which row by row made 10,000 executions' half a
 * million rows take minutes. Every statement but a flush's last has the same text (prepared once).
 */
function bulkInsert(sql: Sql, table: string, columns: readonly string[]) {
  const perStatement = Math.min(500, Math.floor(MAX_PARAMETERS / columns.length))
  const row = `(${columns.map(() => '?').join(', ')})`
  const statement = (rows: number) => `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`
  const full = statement(perStatement)
  let values: unknown[] = []
  return {
    add(...row: unknown[]) {
      for (const v of row) values.push(v)
    },
    flush() {
      const size = perStatement * columns.length
      for (let at = 0; at < values.length; at += size) {
        const chunk = values.slice(at, at + size)
        sql.run(chunk.length === size ? full : statement(chunk.length / columns.length), chunk)
      }
      values = []
    },
  }
}

/** One run of one step in the simulated timeline. */
interface StepRun {
  position: number
  attempt: number
  start: number
  /** Absent while it runs. */
  end?: number
  outcome: 'completed' | 'failed' | 'running'
}

export function writeHistory(db: Database | Writer, options: HistoryOptions): HistoryCounts {
  const rng = prng(options.seed)
  const { now, days, detailed } = options
  ensureCatalog(db, now)

  const sql = onConnection(db)
  const insertOrder = bulkInsert(sql, 'Order', ['id', 'serviceId', 'customerId', 'status', 'createdAt'])
  const insertExecution = bulkInsert(sql, 'Execution', [
    ...['id', 'orderId', 'serviceId', 'status', 'progress', 'priority', 'assigneeType', 'assigneeId', 'assignee', 'result'],
    ...['errorCode', 'errorMessage', 'errorTokens', 'errorStep', 'errorRecoverable', 'errorRetryCount', 'errorContext', 'errorAt', 'errorFingerprint', 'failureFingerprint'],
    ...['timeoutMs', 'retryPolicy', 'cancelReason', 'createdAt', 'updatedAt', 'startedAt', 'completedAt', 'environment', 'appVersion'],
    ...['correlationId', 'workflowDefinitionId', 'version', 'durationMs', 'pausedMs', 'pausedAt', 'tokensUsed', 'promptTokens'],
    ...['completionTokens', 'modelCalls', 'cost', 'apiCalls', 'retries', 'retryDurationMs', 'stepsCompleted', 'stepsTotal'],
    ...['qualityScore', 'errorRate', 'costBreakdown', 'apiCallsByService', 'stepDurations', 'customerId', 'providerId', 'nextRunAt', 'reportedAt'],
  ])
  const insertTag = bulkInsert(sql, 'ExecutionTag', ['executionId', 'tag'])
  const insertStep = bulkInsert(sql, 'ExecutionStep', [
    ...['id', 'executionId', 'stepId', 'name', 'type', 'position', 'status', 'attempt', 'retries', 'assigneeType', 'assignee', 'input', 'output'],
    ...['errorCode', 'errorMessage', 'error', 'dependsOn', 'dueAt', 'startedAt', 'completedAt', 'failedAt', 'durationMs', 'createdAt', 'updatedAt'],
  ])
  const insertLog = bulkInsert(sql, 'ExecutionLog', ['executionId', 'timestamp', 'level', 'message', 'step', 'context', 'source', 'component', 'traceId', 'spanId'])
  const insertEvent = bulkInsert(sql, 'ExecutionEvent', ['executionId', 'type', 'stepId', 'actorType', 'actorId', 'status', 'data', 'createdAt'])
  const insertCheckpoint = bulkInsert(sql, 'ExecutionCheckpoint', ['id', 'executionId', 'step', 'state', 'metadata', 'createdAt'])
  // Parents before children: PostgreSQL checks each foreign key as the row is written.
  const tables = [insertOrder, insertExecution, insertTag, insertStep, insertLog, insertEvent, insertCheckpoint]

  const counts: HistoryCounts = { executions: 0, steps: 0, logs: 0, events: 0, checkpoints: 0, existing: 0 }
  const span = days * DAY

  const writeOne = (index: number) => {
    const template = pickWeighted(rng, SERVICE_TEMPLATES)
    const steps = template.steps
    const policy = template.retryPolicy
    const fromEnd = options.executions - 1 - index
    // The newest executions show every status at least once, a few minutes old: those under way
    // are within their timeouts.
    const forced = fromEnd < EVERY_STATUS.length ? EVERY_STATUS[fromEnd]! : undefined
    const createdAt = forced ? now - (fromEnd + 1) * 3 * MINUTE - Math.floor(rng() * MINUTE) : Math.floor(now - span + (span * (index + rng())) / options.executions)
    const status = forced ?? chooseStatus(rng, now - createdAt, template)
    const id = `exec_${createdAt.toString(36).padStart(9, '0')}${index.toString(16).padStart(8, '0')}`
    const orderId = `order_${index.toString(36).padStart(7, '0')}`
    const customer = pick(rng, CUSTOMERS)
    const priority = pickWeighted(rng, PRIORITY_WEIGHTS).p
    const traceId = `trace-${hex(rng, 16)}`
    // Who reports: the engine's worker for a workflow, the outside service itself otherwise.
    const actor: [string, string] = template.workflow ? ['engine', 'demo-engine'] : ['api', 'support-desk']

    // What went wrong, and how often it was retried: only what the policy covers is retried, and
    // a failure it covers ends failed only once the retries are used up.
    const retriable = template.failures.filter((f) => covered(template, f))
    const retriedToSuccess = status === 'completed' && retriable.length > 0 && rng() < 0.08
    const failure = status === 'failed' ? pickWeighted(rng, template.failures) : status === 'retry' || retriedToSuccess ? pickWeighted(rng, retriable) : null
    const retries =
      status === 'failed' ? (covered(template, failure!) ? policy.maxRetries : 0) : status === 'retry' || retriedToSuccess ? 1 + Math.floor(rng() * policy.maxRetries) : 0
    const failAt = failure
      ? Math.max(
          0,
          steps.findIndex((s) => s.id === failure.step),
        )
      : -1
    // How far the last attempt got (running, paused, cancelled: part of the way).
    const stopAt =
      status === 'completed'
        ? steps.length
        : status === 'queued' || status === 'starting'
          ? 0
          : status === 'failed' || status === 'retry'
            ? failAt
            : Math.floor(rng() * steps.length)
    const errorMessage = failure ? pick(rng, failure.messages) : null

    // Random draws are taken once, in order, so the timeline can be laid out again squeezed into
    // the time there was (a recent execution must not end in the future) with the same draws.
    const draws: number[] = []
    let drawn = 0
    const draw = () => (drawn < draws.length ? draws[drawn++]! : (draws.push(rng()), draws[drawn++]!))
    const startedAt = status === 'queued' || status === 'starting' ? null : createdAt + Math.floor(draw() * 30_000)

    const layOut = (scale: number) => {
      drawn = 1
      const runs: StepRun[] = []
      const waits: { failedAt: number; retryAt: number; delay: number; attempt: number }[] = []
      let clock = startedAt ?? createdAt
      const duration = () => Math.max(200, Math.floor(template.baseStepMs * (0.4 + draw() * 1.2) * scale))
      const attempt = new Map<number, number>()
      const run = (position: number, outcome: StepRun['outcome']) => {
        const n = (attempt.get(position) ?? 0) + 1
        attempt.set(position, n)
        const d = duration()
        const r: StepRun = { position, attempt: n, start: clock, outcome, ...(outcome === 'running' ? {} : { end: clock + (outcome === 'failed' ? Math.floor(d / 3) : d) }) }
        runs.push(r)
        if (r.end !== undefined) clock = r.end
        return r
      }
      if (startedAt !== null) {
        let from = 0
        // Attempts that failed at the failure's step, each followed by the policy's wait.
        const failing = status === 'failed' ? retries + 1 : status === 'retry' || retriedToSuccess ? retries : 0
        for (let a = 1; a <= failing; a++) {
          for (let p = from; p < failAt; p++) run(p, 'completed')
          from = failAt
          run(failAt, 'failed')
          if (a <= retries) {
            const delay = Math.max(100, Math.floor(calculateRetryDelay(a, policy, draw) * Math.min(1, scale * 4)))
            waits.push({ failedAt: clock, retryAt: clock + delay, delay, attempt: a })
            // A `retry` execution waits for its last backoff still.
            if (!(status === 'retry' && a === retries)) clock += delay
          }
        }
        if (status === 'completed') for (let p = from; p < steps.length; p++) run(p, 'completed')
        else if (status === 'running' || status === 'paused' || status === 'cancelled') {
          for (let p = from; p < stopAt; p++) run(p, 'completed')
          if (status === 'running') run(stopAt, 'running')
        }
      }
      return { runs, waits, clock }
    }
    let timeline = layOut(1)
    // Squeezed into the time since it started when it would otherwise end after now.
    if (startedAt !== null && timeline.clock > now - 5_000) timeline = layOut(Math.max(0.001, (now - 5_000 - startedAt) / (timeline.clock - startedAt)))
    const { runs, waits } = timeline
    let clock = timeline.clock

    const ended = status === 'completed' || status === 'failed' || status === 'cancelled'
    const completedAt = ended ? Math.max(clock, (startedAt ?? createdAt) + 1) : null
    const retryDue = status === 'retry' ? waits.at(-1)!.retryAt : null
    if (status === 'running') clock = now - Math.floor(draw() * 2_000)

    insertOrder.add(orderId, template.id, customer.id, 'confirmed', createdAt)

    const logs: [number, string, string, string | null, string | null, string | null][] = []
    const log = (at: number, level: string, message: string, step: string | null, context?: object) =>
      logs.push([at, level, message, step, context ? sealJson(context) : null, step ? `span-${hex(rng, 8)}` : null])
    const events: [string, string | null, string | null, string | null, number][] = []
    const event = (type: string, step: string | null, status: string | null, data: object | null, at: number) => {
      if (detailed || !type.startsWith('execution.step.')) events.push([type, step, status, data ? JSON.stringify(sealEventData(data)) : null, at])
    }
    event('execution.created', null, 'queued', { service: template.id, order: orderId, priority, queued: true }, createdAt)
    if (startedAt !== null) {
      event('execution.started', null, 'running', { from: 'queued', path: ['starting', 'running'] }, startedAt)
      log(startedAt, 'info', 'Starting execution', null, { service: template.id, steps: steps.length })
    } else {
      log(createdAt, 'debug', `Waiting in queue (position ${1 + Math.floor(rng() * 20)})`, null)
    }

    // Tokens, calls and cost of every step run.
    let prompt = 0
    let completion = 0
    let modelCalls = 0
    let apiCalls = 0
    const apiByService: Record<string, number> = {}
    for (const r of runs) {
      const step = steps[r.position]!
      if (step.ai) {
        prompt += 300 + Math.floor(rng() * 1700)
        completion += 200 + Math.floor(rng() * 1300)
        modelCalls += 1
      } else if (step.assignee !== 'human') {
        const api = pick(rng, ['linkedin', 'clearbit', 'sendgrid', 'salesforce', 'hubspot', 'warehouse', 'zendesk'])
        apiByService[api] = (apiByService[api] ?? 0) + 1
        apiCalls += 1
      }
      event('execution.step.started', step.id, null, { name: step.name, attempt: r.attempt }, r.start)
      if (r.outcome === 'completed') event('execution.step.completed', step.id, null, { name: step.name, duration: r.end! - r.start }, r.end!)
      if (r.outcome === 'failed') {
        event('execution.step.failed', step.id, null, { name: step.name, error: { code: failure!.code, message: errorMessage } }, r.end!)
        log(r.end!, 'error', errorMessage!, step.id, { error_code: failure!.code, attempt: r.attempt })
      }
    }
    // Each wait between attempts: the failure, the retry it called for, the next start.
    waits.forEach((w, i) => {
      event('execution.failed', failure!.step, 'failed', { error: { code: failure!.code, message: errorMessage, recoverable: failure!.recoverable, retryCount: i } }, w.failedAt)
      log(w.failedAt, 'warn', retryMessage({ attempt: w.attempt, maxRetries: policy.maxRetries, delay: w.delay }), failure!.step)
      event('execution.retry', null, 'retry', { attempt: w.attempt, error: failure!.code, runAt: new Date(w.retryAt).toISOString() }, w.failedAt)
      if (!(status === 'retry' && i === waits.length - 1))
        event('execution.started', null, 'running', { from: 'retry', path: ['starting', 'running'], attempt: w.attempt }, w.retryAt)
    })

    // Everyday lines, each inside the run of the step it is about.
    const logsTarget = Math.max(1, Math.round(options.logsPerExecution * (0.6 + rng() * 0.8)))
    const withTime = runs.map((r) => ({ r, until: r.end ?? Math.max(r.start + 1, now - 1_000) }))
    while (runs.length && logs.length < logsTarget) {
      const { r, until } = pick(rng, withTime)
      const step = steps[r.position]!.id
      const at = r.start + Math.floor(rng() * Math.max(1, until - r.start))
      const x = rng()
      if (x < 0.45) log(at, 'info', `Processing ${step}: item ${Math.floor(rng() * 100)}`, step, { item: Math.floor(rng() * 100) })
      else if (x < 0.75 && steps[r.position]!.ai) log(at, 'debug', 'AI model request', step, { model: MODEL, prompt_tokens: 100 + Math.floor(rng() * 900), max_tokens: 500 })
      else if (x < 0.92) log(at, 'info', `Fetched ${Math.floor(rng() * 50)} records from ${pick(rng, ['clearbit', 'linkedin', 'salesforce', 'warehouse'])}`, step)
      else log(at, 'warn', 'API response time exceeded threshold', step, { api: 'clearbit', response_time: 5000 + Math.floor(rng() * 3000), threshold: 5000 })
    }
    if (status === 'completed') log(completedAt!, 'info', 'Execution completed', null)
    logs.sort((a, b) => a[0] - b[0])
    for (const [at, level, message, step, context, spanId] of logs) {
      insertLog.add(id, at, level, seal(message), step, context, 'worker', template.id, traceId, spanId)
    }
    counts.logs += logs.length

    // Steps as the last run of each left them.
    const lastRun = new Map<number, StepRun>()
    for (const r of runs) lastRun.set(r.position, r)
    const stepDurations: Record<string, number> = {}
    let finished = 0
    steps.forEach((step, position) => {
      const r = lastRun.get(position)
      const status = r?.outcome ?? 'pending'
      if (status === 'completed') {
        finished += 1
        stepDurations[step.id] = r!.end! - r!.start
      }
      const output = status === 'completed' ? sealJson(step.ai ? { tokens: 0, quality: round6(0.8 + rng() * 0.2) } : { ok: true, records: Math.floor(rng() * 500) }) : null
      const errorJson =
        status === 'failed'
          ? JSON.stringify(sealError({ code: failure!.code, message: errorMessage, step: step.id, recoverable: failure!.recoverable, retryCount: retries }))
          : null
      const human = step.assignee === 'human'
      const assignee = JSON.stringify(step.ai ? { type: 'ai-agent', model: MODEL } : human ? { type: 'human', id: 'editor-1', name: 'Sarah Editor' } : { type: step.assignee })
      insertStep.add(
        `${id}-s${position}`,
        id,
        step.id,
        step.name,
        human ? 'human' : 'task',
        position,
        status,
        r?.attempt ?? 0,
        r ? r.attempt - 1 : 0,
        step.assignee,
        assignee,
        detailed ? sealJson({ step: step.id }) : null,
        output,
        status === 'failed' ? failure!.code : null,
        status === 'failed' ? seal(errorMessage) : null,
        errorJson,
        JSON.stringify(dependsOnOf(template, position)),
        human && r ? r.start + 8 * HOUR : null,
        r?.start ?? null,
        status === 'completed' ? r!.end! : null,
        status === 'failed' ? r!.end! : null,
        r?.end !== undefined ? r.end - r.start : null,
        createdAt,
        r?.end ?? r?.start ?? createdAt,
      )
      counts.steps += 1
    })

    if (status === 'completed') event('execution.completed', null, 'completed', { success: true }, completedAt!)
    if (status === 'failed')
      event(
        'execution.failed',
        failure!.step,
        'failed',
        { error: { code: failure!.code, message: errorMessage, recoverable: failure!.recoverable, retryCount: retries } },
        completedAt!,
      )
    if (status === 'cancelled') event('execution.cancelled', null, 'cancelled', { from: 'running', reason: 'Cancelled by operator' }, completedAt!)
    if (status === 'paused') event('execution.paused', null, 'paused', null, clock)
    events.sort((a, b) => a[4] - b[4])
    for (const [type, step, st, data, at] of events) insertEvent.add(id, type, step, actor[0], actor[1], st, data, at)
    counts.events += events.length

    const stepIds = steps.map((s) => s.id)
    if (detailed && (template.id === 'batch-processing-service' || status === 'paused') && finished > 0) {
      const done = steps.filter((_, p) => lastRun.get(p)?.outcome === 'completed').map((s) => s.id)
      insertCheckpoint.add(
        `ckpt_${id}`,
        id,
        done.at(-1)!,
        JSON.stringify({
          currentStep: done.length,
          totalSteps: stepIds.length,
          completedSteps: done,
          pendingSteps: stepIds.filter((s) => !done.includes(s)),
          variables: sealValue({ batch_size: 100 }),
          results: seal({ processed: done.length * 100 }),
        }),
        JSON.stringify({ reason: status === 'paused' ? 'pause' : 'interval' }),
        clock,
      )
      counts.checkpoints += 1
    }

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
    const failedRuns = runs.filter((r) => r.outcome === 'failed').length
    const finalError = status === 'failed' || status === 'retry'
    const retryWait = waits.filter((w, i) => !(status === 'retry' && i === waits.length - 1)).reduce((sum, w) => sum + w.delay, 0)
    const lastActivity = Math.max(startedAt ?? createdAt, ...runs.map((r) => r.end ?? r.start))
    insertExecution.add(
      id,
      orderId,
      template.id,
      status,
      status === 'completed' ? 100 : (stepProgress(finished, steps.length) ?? 0),
      priority,
      template.assignee.type,
      template.assignee.id,
      JSON.stringify(template.assignee),
      result,
      finalError ? failure!.code : null,
      finalError ? seal(errorMessage) : null,
      finalError ? blindIndex(errorMessage) : null,
      finalError ? failure!.step : null,
      finalError ? (failure!.recoverable ? 1 : 0) : null,
      finalError ? retries : null,
      finalError ? sealJson({ attempt: retries + 1 }) : null,
      finalError ? (waits.at(-1)?.failedAt ?? completedAt) : null,
      finalError ? failureFingerprint(failure!.code, failure!.step, errorMessage!) : null,
      // Recovered ones keep the group of the failure they recovered from.
      failure ? failureFingerprint(failure.code, failure.step, errorMessage!) : null,
      template.timeoutMs,
      JSON.stringify(policy),
      status === 'cancelled' ? 'Cancelled by operator' : null,
      createdAt,
      completedAt ?? lastActivity,
      startedAt,
      completedAt,
      'production',
      '1.0.0',
      `corr-${hex(rng, 12)}`,
      workflowIdOf(template),
      1 + events.length,
      durationMs,
      0,
      status === 'paused' ? clock : null,
      prompt + completion,
      prompt,
      completion,
      modelCalls,
      cost,
      apiCalls,
      retries,
      retryWait,
      finished,
      steps.length,
      modelCalls ? round6(0.8 + rng() * 0.2) : null,
      runs.length ? round6(failedRuns / runs.length) : null,
      JSON.stringify({ ai: round6(aiCost), apis: round6(apiCost), compute: round6(computeCost), storage: 0, other: 0 }),
      JSON.stringify(apiByService),
      JSON.stringify(stepDurations),
      customer.id,
      PROVIDER.id,
      retryDue,
      ended ? null : lastActivity,
    )
    for (const tag of tags) insertTag.add(id, tag)
    counts.executions += 1
  }

  const executionsIn = () => (sql.get('SELECT count(*) AS "n" FROM "Execution"', []) as { n: number }).n
  // Asked first to spare the work, then again in the first batch's transaction: two consoles
  // starting together on one database (cluster mode) both find it empty, and one of them seeds.
  if (options.ifEmpty && (counts.existing = executionsIn())) return counts
  // A batch is one transaction. On PostgreSQL it holds the writer lock, which other nodes wait
  // for up to the busy timeout (5 s): 500 executions' rows take ~2.5 s there.
  const BATCH = sql.dialect === 'postgres' ? 500 : 5_000
  for (let start = 0; start < options.executions; start += BATCH) {
    for (let i = start; i < Math.min(options.executions, start + BATCH); i++) writeOne(i)
    sql.transaction(() => {
      if (options.ifEmpty && start === 0 && (counts.existing = executionsIn())) return
      for (const table of tables) table.flush()
    })
    if (counts.existing) return { executions: 0, steps: 0, logs: 0, events: 0, checkpoints: 0, existing: counts.existing }
    options.onProgress?.(Math.min(options.executions, start + BATCH))
  }
  return counts
}
