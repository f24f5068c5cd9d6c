// The one write path. Every change of an execution — from tRPC, REST, the engine or the demo
// workload — goes through these functions. Each runs in one transaction: read the row, check
// the expected version and the lifecycle, write, append events. Events are published to the
// bus only after the commit.
import { randomUUID } from 'node:crypto'
import { Prisma } from '@/generated/prisma/client'
import type { Execution as ExecutionRow, ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import type { CommittedEvent, EventBus } from '../events/bus'
import { isRecoverableByDefault } from '../domain/errors'
import type { ExecutionState, ServiceExecution } from '../domain/execution'
import {
  assertDataOperation,
  isStepFinished,
  operationForTarget,
  planOperation,
  type DataOperation,
  type ExecutionStatus,
  type LifecycleOperation,
  type StepStatus,
} from '../domain/lifecycle'
import type {
  CreateExecutionInput,
  LogInput,
  MetricsReport,
  UpdateExecutionInput,
} from '../domain/schemas'
import type { z } from 'zod'
import type {
  checkpointInputSchema,
  completeStepSchema,
  errorInputSchema,
  resultSchema,
  startStepSchema,
} from '../domain/schemas'
import { badRequest, conflict, notFound, toServiceError } from './errors'
import { newId } from './ids'
import { readExecution } from './queries'

export interface Actor {
  type: 'operator' | 'api' | 'worker' | 'engine' | 'system'
  id: string
}

export interface ServiceDeps {
  db: Db
  bus: EventBus
  /** Injectable clock for deterministic tests. */
  now?: () => Date
}

type Tx = Prisma.TransactionClient
type NewEvent = { type: string; stepId?: string; status?: string; data?: unknown }
type Change = {
  data?: Prisma.ExecutionUpdateManyMutationInput
  events: NewEvent[]
  /** Telemetry (progress, metrics, logs) leaves the version alone so operators' expectedVersion stays valid. */
  bumpVersion?: boolean
}
type ErrorInput = z.infer<typeof errorInputSchema>
type ResultInput = z.infer<typeof resultSchema>

const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const
const KEEP_CHECKPOINTS = 20
const MAX_RESULTS_IN_CHECKPOINT = 200
const DEFAULT_CUSTOMER = { id: 'org-self-serve', name: 'Self-serve customers' }

const json = (v: unknown) => (v === undefined ? undefined : (v as Prisma.InputJsonValue))
const ms = (from: Date | null, to: Date) => (from ? Math.max(0, to.getTime() - from.getTime()) : null)

/**
 * Appends events in one statement and returns them with their ids. Raw SQL because every
 * write pays for it: Prisma's createManyAndReturn costs ~2 ms a call here, this ~0.2 ms.
 */
async function appendEvents(tx: Tx, actor: Actor, at: Date, events: (NewEvent & { executionId: string })[]): Promise<CommittedEvent[]> {
  const rows = events.map((e) => [e.executionId, e.type, e.stepId ?? null, e.status ?? null, e.data === undefined ? null : JSON.stringify(e.data)])
  const ids = await tx.$queryRawUnsafe<{ id: bigint | number }[]>(
    `INSERT INTO "ExecutionEvent" ("executionId", "type", "stepId", "status", "data", "actorType", "actorId", "createdAt")
     SELECT value->>0, value->>1, value->>2, value->>3, value->>4, ?, ?, ? FROM json_each(?) ORDER BY key RETURNING "id"`,
    actor.type,
    actor.id,
    at.getTime(),
    JSON.stringify(rows),
  )
  // Ids grow in insertion order (AUTOINCREMENT, rows inserted by key); RETURNING's order is not promised.
  const sorted = ids.map((r) => Number(r.id)).sort((a, b) => a - b)
  return events.map((e, i) => ({
    id: sorted[i]!,
    executionId: e.executionId,
    type: e.type,
    stepId: e.stepId ?? null,
    actorType: actor.type,
    actorId: actor.id,
    status: e.status ?? null,
    data: e.data ?? null,
    createdAt: at,
  }))
}

export function createExecutionService(deps: ServiceDeps) {
  const { db, bus } = deps
  const now = deps.now ?? (() => new Date())

  /** Runs fn in a transaction, appends its events, publishes them after the commit. */
  async function write<T>(actor: Actor, fn: (tx: Tx, at: Date) => Promise<{ value: T; events: (NewEvent & { executionId: string })[] }>): Promise<T> {
    let committed: CommittedEvent[] = []
    try {
      const value = await db.$transaction(async (tx) => {
        const at = now()
        const { value, events } = await fn(tx, at)
        committed = events.length ? await appendEvents(tx, actor, at, events) : []
        return value
      }, TX_OPTIONS)
      bus.publish(committed)
      return value
    } catch (error) {
      throw toServiceError(error)
    }
  }

  /** Changes one execution: version check, the change itself, the guarded update, the events. */
  async function change(
    executionId: string,
    actor: Actor,
    expectedVersion: number | undefined,
    fn: (row: ExecutionRow, tx: Tx, at: Date) => Promise<Change>,
  ): Promise<ServiceExecution> {
    await write(actor, async (tx, at) => {
      const row = await tx.execution.findUnique({ where: { id: executionId } })
      if (!row) throw notFound('execution', executionId)
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw conflict(
          `stale version: expected ${expectedVersion} but execution ${executionId} is at version ${row.version} (status ${row.status}); reload and try again`,
        )
      }
      const { data, events, bumpVersion = true } = await fn(row, tx, at)
      const updated = await tx.execution.updateMany({
        where: { id: executionId, version: row.version },
        data: { ...data, updatedAt: at, ...(bumpVersion ? { version: row.version + 1 } : {}) },
      })
      if (updated.count !== 1) throw conflict(`execution ${executionId} changed while this change was made; try again`)
      return { value: undefined, events: events.map((e) => ({ ...e, executionId })) }
    })
    // The header only: steps are read where they are shown (get, steps), not after every change.
    return readExecution(db, executionId)
  }

  // ---- lifecycle ----------------------------------------------------------------------

  function startChange(row: ExecutionRow, at: Date, operation: LifecycleOperation = 'start'): Change {
    const path = planOperation(operation, row.status as ExecutionStatus)
    return {
      data: { status: 'running', startedAt: row.startedAt ?? at, completedAt: null, durationMs: null, nextRunAt: null },
      events: [{ type: 'execution.started', status: 'running', data: { from: row.status, path } }],
    }
  }

  async function pauseChange(row: ExecutionRow, tx: Tx, at: Date): Promise<Change> {
    planOperation('pause', row.status as ExecutionStatus)
    const checkpoint = await writeCheckpoint(tx, row, at, { reason: 'pause' })
    return {
      data: { status: 'paused', pausedAt: at },
      events: [{ type: 'execution.paused', status: 'paused', data: { checkpointId: checkpoint.id } }],
    }
  }

  async function resumeChange(row: ExecutionRow, tx: Tx, at: Date): Promise<Change> {
    planOperation('resume', row.status as ExecutionStatus)
    const checkpoint = await tx.executionCheckpoint.findFirst({ where: { executionId: row.id }, orderBy: { createdAt: 'desc' }, select: { id: true } })
    const pausedFor = ms(row.pausedAt, at) ?? 0
    return {
      data: { status: 'running', pausedAt: null, pausedMs: row.pausedMs + pausedFor, nextRunAt: null },
      events: [{ type: 'execution.resumed', status: 'running', data: { checkpointId: checkpoint?.id, pausedFor } }],
    }
  }

  function completeChange(row: ExecutionRow, at: Date, result: ResultInput): Change {
    planOperation('complete', row.status as ExecutionStatus)
    return {
      data: {
        status: 'completed',
        result: json(result),
        progress: 100,
        completedAt: at,
        durationMs: ms(row.startedAt, at),
        stepsCompleted: Math.max(row.stepsCompleted, row.stepsTotal),
        errorCode: null,
        errorMessage: null,
        errorStep: null,
        errorRecoverable: null,
        errorStack: null,
        errorContext: Prisma.DbNull,
        errorAt: null,
      },
      events: [{ type: 'execution.completed', status: 'completed', data: { success: result.success, summary: result.summary } }],
    }
  }

  function failChange(row: ExecutionRow, at: Date, error: ErrorInput): Change {
    planOperation('fail', row.status as ExecutionStatus)
    const recoverable = error.recoverable ?? isRecoverableByDefault(error.code)
    const retryCount = error.retryCount ?? row.retries
    return {
      data: {
        status: 'failed',
        errorCode: error.code,
        errorMessage: error.message,
        errorStep: error.step ?? null,
        errorRecoverable: recoverable,
        errorRetryCount: retryCount,
        errorStack: error.stack ?? null,
        errorContext: json(error.context),
        errorAt: error.timestamp ? new Date(error.timestamp) : at,
        completedAt: at,
        durationMs: ms(row.startedAt, at),
      },
      events: [{ type: 'execution.failed', status: 'failed', stepId: error.step, data: { error: { ...error, recoverable, retryCount } } }],
    }
  }

  async function retryChange(row: ExecutionRow, tx: Tx, at: Date, deferred: boolean, runAt?: Date): Promise<Change> {
    const path = planOperation('retry', row.status as ExecutionStatus)
    // Failed steps are asked again; completed ones keep their outputs and do not run again.
    await tx.executionStep.updateMany({ where: { executionId: row.id, status: 'failed' }, data: { status: 'pending', updatedAt: at } })
    const attempt = row.retries + 1
    const retryEvent: NewEvent = { type: 'execution.retry', status: 'retry', data: { attempt, error: row.errorCode } }
    const waited = ms(row.completedAt, at) ?? 0
    const common = {
      retries: attempt,
      errorRetryCount: (row.errorRetryCount ?? 0) + 1,
      retryDurationMs: row.retryDurationMs + waited,
      completedAt: null,
      durationMs: null,
    }
    if (deferred) return { data: { ...common, status: 'retry', nextRunAt: runAt ?? at }, events: [{ ...retryEvent, data: { attempt, error: row.errorCode, runAt: (runAt ?? at).toISOString() } }] }
    return {
      data: { ...common, status: 'running', nextRunAt: null },
      events: [retryEvent, { type: 'execution.started', status: 'running', data: { from: 'retry', path: path.slice(1), attempt } }],
    }
  }

  function cancelChange(row: ExecutionRow, at: Date, reason: string | undefined): Change {
    planOperation('cancel', row.status as ExecutionStatus)
    const pausedFor = ms(row.pausedAt, at) ?? 0
    return {
      data: {
        status: 'cancelled',
        cancelReason: reason ?? null,
        completedAt: at,
        durationMs: ms(row.startedAt, at),
        pausedAt: null,
        pausedMs: row.pausedMs + pausedFor,
      },
      events: [{ type: 'execution.cancelled', status: 'cancelled', data: { from: row.status, reason } }],
    }
  }

  async function writeCheckpoint(
    tx: Tx,
    row: ExecutionRow,
    at: Date,
    metadata: Record<string, unknown>,
    given?: { step: string; state: ExecutionState },
    forStep?: string,
    variables?: Record<string, unknown>,
  ) {
    let step = given?.step
    let state = given?.state
    if (!state) {
      const steps = await tx.executionStep.findMany({
        where: { executionId: row.id },
        orderBy: { position: 'asc' },
        select: { stepId: true, status: true },
      })
      // Step outputs are the results; a long batch records how many instead of every one.
      const outputs =
        steps.length <= MAX_RESULTS_IN_CHECKPOINT
          ? await tx.executionStep.findMany({ where: { executionId: row.id, status: 'completed' }, select: { stepId: true, output: true } })
          : null
      const completed = steps.filter((s) => isStepFinished(s.status as StepStatus))
      const current = steps.find((s) => !isStepFinished(s.status as StepStatus))
      step = forStep ?? current?.stepId ?? completed.at(-1)?.stepId ?? 'execution'
      state = {
        currentStep: completed.length,
        totalSteps: Math.max(steps.length, row.stepsTotal),
        completedSteps: completed.map((s) => s.stepId),
        pendingSteps: steps.filter((s) => !isStepFinished(s.status as StepStatus)).map((s) => s.stepId),
        variables: variables ?? (row.context as Record<string, unknown> | null) ?? {},
        results: outputs
          ? Object.fromEntries(outputs.filter((s) => s.output !== null).map((s) => [s.stepId, s.output]))
          : { completedSteps: completed.length },
      }
    }
    const created = await tx.executionCheckpoint.create({
      data: { id: newId('ckpt', at.getTime()), executionId: row.id, step: step!, state: json(state)!, metadata: json(metadata), createdAt: at },
      select: { id: true },
    })
    // Restores use the newest checkpoints; older ones of a long run (one per step boundary) go.
    await tx.$executeRawUnsafe(
      `DELETE FROM "ExecutionCheckpoint" WHERE "executionId" = ? AND "id" NOT IN
         (SELECT "id" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?)`,
      row.id,
      row.id,
      KEEP_CHECKPOINTS,
    )
    return created
  }

  // ---- steps --------------------------------------------------------------------------

  /** stepsTotal, stepsCompleted and progress after a step changed (progress derives from steps). */
  async function stepTotals(tx: Tx, row: ExecutionRow) {
    const counts = await tx.executionStep.groupBy({ by: ['status'], where: { executionId: row.id }, _count: { _all: true } })
    let all = 0
    let finished = 0
    for (const c of counts) {
      all += c._count._all
      if (isStepFinished(c.status as StepStatus)) finished += c._count._all
    }
    const stepsTotal = Math.max(all, row.stepsTotal)
    const progress = stepsTotal === 0 ? row.progress : Math.round((finished / stepsTotal) * 10000) / 100
    return { stepsTotal, stepsCompleted: finished, progress }
  }

  async function findStep(tx: Tx, executionId: string, stepId: string): Promise<StepRow> {
    const step = await tx.executionStep.findUnique({ where: { executionId_stepId: { executionId, stepId } } })
    if (!step) throw notFound(`step ${stepId} of execution`, executionId)
    return step
  }

  function guard(operation: DataOperation, row: ExecutionRow) {
    assertDataOperation(operation, row.status as ExecutionStatus)
  }

  // ---- the service ----------------------------------------------------------------------

  return {
    async create(actor: Actor, input: CreateExecutionInput): Promise<ServiceExecution> {
      const executionId = await write(actor, async (tx, at) => {
        const service = await tx.service.findUnique({ where: { id: input.service }, select: { id: true, retryPolicy: true } })
        if (!service) {
          const known = await tx.service.findMany({ select: { id: true }, take: 20, orderBy: { id: 'asc' } })
          throw badRequest('service', `service '${input.service}' not found; known services: ${known.map((s) => s.id).join(', ') || 'none'}`)
        }
        const orderId = input.order ?? newId('order', at.getTime())
        const order = await tx.order.findUnique({ where: { id: orderId }, select: { serviceId: true } })
        if (order && order.serviceId !== service.id) {
          throw badRequest('order', `order '${orderId}' is for service '${order.serviceId}', not '${service.id}'`)
        }
        if (!order) {
          const customerId = input.customer ?? DEFAULT_CUSTOMER.id
          if (!input.customer) {
            await tx.organization.upsert({ where: { id: customerId }, create: { ...DEFAULT_CUSTOMER, createdAt: at }, update: {} })
          } else if (!(await tx.organization.findUnique({ where: { id: customerId }, select: { id: true } }))) {
            throw badRequest('customer', `organisation '${customerId}' not found`)
          }
          await tx.order.create({ data: { id: orderId, serviceId: service.id, customerId, createdAt: at } })
        }
        let parent: { id: string; rootExecutionId: string | null; correlationId: string } | null = null
        if (input.parentExecutionId) {
          parent = await tx.execution.findUnique({
            where: { id: input.parentExecutionId },
            select: { id: true, rootExecutionId: true, correlationId: true },
          })
          if (!parent) throw badRequest('parentExecutionId', `execution '${input.parentExecutionId}' not found`)
        }
        if (input.workflowTemplateVersionId) {
          const wf = await tx.workflowDefinition.findUnique({ where: { id: input.workflowTemplateVersionId }, select: { id: true } })
          if (!wf) throw badRequest('workflowTemplateVersionId', `workflow definition '${input.workflowTemplateVersionId}' not found`)
        }
        const stepIds = new Set<string>()
        for (const [i, s] of (input.steps ?? []).entries()) {
          if (stepIds.has(s.id)) throw badRequest(`steps.${i}.id`, `duplicate step id '${s.id}'`)
          stepIds.add(s.id)
        }

        const id = newId('exec', at.getTime())
        const steps = input.steps ?? []
        const finished = steps.filter((s) => s.status === 'skipped' || s.status === 'disabled').length
        const stepsTotal = Math.max(steps.length, input.metrics?.stepsTotal ?? 0)
        const { environment, version: appVersion, createdAt: _c, updatedAt: _u, startedAt: _s, completedAt: _d, ...extra } = input.metadata ?? {}
        await tx.execution.create({
          data: {
            id,
            orderId,
            serviceId: service.id,
            status: 'queued',
            progress: input.progress ?? (stepsTotal ? Math.round((finished / stepsTotal) * 10000) / 100 : 0),
            priority: input.priority ?? 'normal',
            assigneeType: input.assignee?.type ?? null,
            assigneeId: input.assignee?.id ?? null,
            assignee: json(input.assignee),
            timeoutMs: input.timeout ?? 3_600_000,
            retryPolicy: json(input.retryPolicy ?? service.retryPolicy ?? undefined),
            createdAt: at,
            updatedAt: at,
            environment: typeof environment === 'string' ? environment : null,
            appVersion: typeof appVersion === 'string' ? appVersion : null,
            metadata: Object.keys(extra).length ? json(extra) : undefined,
            correlationId: input.correlationId ?? parent?.correlationId ?? randomUUID(),
            parentExecutionId: parent?.id ?? null,
            rootExecutionId: parent ? (parent.rootExecutionId ?? parent.id) : null,
            parentStepId: input.parentStepId ?? null,
            workflowDefinitionId: input.workflowTemplateVersionId ?? null,
            context: json(input.context),
            stepsTotal,
            stepsCompleted: Math.max(finished, input.metrics?.stepsCompleted ?? 0),
          },
        })
        if (steps.length) {
          await tx.executionStep.createMany({
            data: steps.map((s, position) => ({
              id: randomUUID(),
              executionId: id,
              stepId: s.id,
              name: s.name ?? s.id,
              type: s.type ?? null,
              position,
              status: s.status ?? 'pending',
              assigneeType: s.assignee?.type ?? null,
              assignee: json(s.assignee),
              input: json(s.input),
              dependsOn: json(s.dependsOn),
              dueAt: s.dueAt ? new Date(s.dueAt) : null,
              metadata: json(s.metadata),
              createdAt: at,
              updatedAt: at,
            })),
          })
        }
        if (input.tags?.length) {
          await tx.executionTag.createMany({ data: [...new Set(input.tags)].map((tag) => ({ executionId: id, tag })) })
        }
        if (input.webhooks?.length) {
          await tx.webhook.createMany({
            data: input.webhooks.map((w) => ({
              id: newId('wh', at.getTime()),
              executionId: id,
              url: w.url,
              events: json(w.events)!,
              headers: json(w.headers),
              retries: w.retries ?? 3,
              timeoutMs: w.timeout ?? 5_000,
              secret: w.secret ?? null,
              createdAt: at,
            })),
          })
        }
        const events: (NewEvent & { executionId: string })[] = [
          { executionId: id, type: 'execution.created', status: 'queued', data: { service: service.id, order: orderId, priority: input.priority ?? 'normal' } },
        ]
        if (input.status === 'running') {
          await tx.execution.update({ where: { id }, data: { status: 'running', startedAt: at } })
          events.push({ executionId: id, type: 'execution.started', status: 'running', data: { from: 'queued', path: ['starting', 'running'] } })
        }
        return { value: id, events }
      })
      return readExecution(db, executionId, { steps: true })
    },

    start: (id: string, actor: Actor, input: { expectedVersion?: number } = {}) =>
      change(id, actor, input.expectedVersion, async (row, _tx, at) => startChange(row, at)),

    pause: (id: string, actor: Actor, input: { expectedVersion?: number } = {}) =>
      change(id, actor, input.expectedVersion, (row, tx, at) => pauseChange(row, tx, at)),

    resume: (id: string, actor: Actor, input: { expectedVersion?: number } = {}) =>
      change(id, actor, input.expectedVersion, (row, tx, at) => resumeChange(row, tx, at)),

    complete: (id: string, actor: Actor, input: ResultInput & { expectedVersion?: number }) => {
      const { expectedVersion, ...result } = input
      return change(id, actor, expectedVersion, async (row, _tx, at) => completeChange(row, at, result))
    },

    fail: (id: string, actor: Actor, input: ErrorInput & { expectedVersion?: number }) => {
      const { expectedVersion, ...error } = input
      return change(id, actor, expectedVersion, async (row, _tx, at) => failChange(row, at, error))
    },

    /** failed → retry → running; `deferred` stops in retry until `runAt`, when the scheduler starts it. */
    retry: (id: string, actor: Actor, input: { expectedVersion?: number; deferred?: boolean; runAt?: Date } = {}) =>
      change(id, actor, input.expectedVersion, (row, tx, at) => retryChange(row, tx, at, input.deferred ?? false, input.runAt)),

    cancel: (id: string, actor: Actor, input: { reason?: string; expectedVersion?: number } = {}) =>
      change(id, actor, input.expectedVersion, async (row, _tx, at) => cancelChange(row, at, input.reason)),

    /** PUT: change fields, and the status too when asked, in one transaction. */
    update(id: string, actor: Actor, input: UpdateExecutionInput): Promise<ServiceExecution> {
      return change(id, actor, input.expectedVersion, async (row, tx, at) => {
        let status: Change = { events: [] }
        if (input.status && input.status !== row.status) {
          const operation = operationForTarget(row.status as ExecutionStatus, input.status)
          if (operation === 'complete' && !input.result) throw badRequest('result', 'required to set status completed')
          if (operation === 'fail' && !input.error) throw badRequest('error', 'required to set status failed')
          status =
            operation === 'start' ? startChange(row, at)
            : operation === 'pause' ? await pauseChange(row, tx, at)
            : operation === 'resume' ? await resumeChange(row, tx, at)
            : operation === 'complete' ? completeChange(row, at, input.result!)
            : operation === 'fail' ? failChange(row, at, input.error!)
            : operation === 'retry' ? await retryChange(row, tx, at, false)
            : cancelChange(row, at, input.reason)
        }
        const data: Prisma.ExecutionUpdateManyMutationInput = {}
        const fields: string[] = []
        if (input.progress !== undefined) (data.progress = input.progress), fields.push('progress')
        if (input.priority !== undefined) (data.priority = input.priority), fields.push('priority')
        if (input.timeout !== undefined) (data.timeoutMs = input.timeout), fields.push('timeout')
        if (input.retryPolicy !== undefined) (data.retryPolicy = input.retryPolicy ?? Prisma.DbNull), fields.push('retryPolicy')
        if (input.context !== undefined) (data.context = json(input.context)), fields.push('context')
        if (input.assignee !== undefined) {
          data.assigneeType = input.assignee?.type ?? null
          data.assigneeId = input.assignee?.id ?? null
          data.assignee = input.assignee ? json(input.assignee) : Prisma.DbNull
          fields.push('assignee')
        }
        if (input.metadata !== undefined) {
          const { environment, version, createdAt: _c, updatedAt: _u, startedAt: _s, completedAt: _d, ...extra } = input.metadata
          if (typeof environment === 'string') data.environment = environment
          if (typeof version === 'string') data.appVersion = version
          data.metadata = json({ ...((row.metadata as Record<string, unknown> | null) ?? {}), ...extra })
          fields.push('metadata')
        }
        if (input.tags !== undefined) {
          await tx.executionTag.deleteMany({ where: { executionId: id } })
          if (input.tags.length) await tx.executionTag.createMany({ data: [...new Set(input.tags)].map((tag) => ({ executionId: id, tag })) })
          fields.push('tags')
        }
        const events = [...status.events]
        if (fields.length) events.push({ type: 'execution.updated', data: { fields } })
        if (input.progress !== undefined) events.push({ type: 'execution.progress', data: { progress: input.progress } })
        if (!events.length) throw badRequest('body', 'nothing to change: give status or at least one field')
        return { data: { ...data, ...status.data }, events }
      })
    },

    updateProgress: (id: string, actor: Actor, progress: number) =>
      change(id, actor, undefined, async (row) => {
        guard('updateProgress', row)
        return { data: { progress }, events: [{ type: 'execution.progress', data: { progress } }], bumpVersion: false }
      }),

    /** Starts a pending or failed step; `restart` (the engine's) also restarts one a lost worker left running. */
    startStep: (id: string, actor: Actor, input: z.infer<typeof startStepSchema>, options: { restart?: boolean } = {}) =>
      change(id, actor, undefined, async (row, tx, at) => {
        guard('startStep', row)
        const existing = await tx.executionStep.findUnique({ where: { executionId_stepId: { executionId: id, stepId: input.id } } })
        const restartable = existing?.status === 'pending' || existing?.status === 'failed' || (options.restart && existing?.status === 'running')
        if (existing && !restartable) {
          throw conflict(`cannot start step ${input.id}: it is ${existing.status}; only pending or failed steps start`)
        }
        const fields = {
          status: 'running',
          startedAt: at,
          completedAt: null,
          failedAt: null,
          durationMs: null,
          updatedAt: at,
          ...(input.name ? { name: input.name } : {}),
          ...(input.type ? { type: input.type } : {}),
          ...(input.assignee ? { assignee: json(input.assignee), assigneeType: input.assignee.type ?? null } : {}),
          ...(input.input !== undefined ? { input: json(input.input) } : {}),
          ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
          ...(input.metadata ? { metadata: json(input.metadata) } : {}),
        }
        let attempt = 1
        if (existing) {
          attempt = existing.attempt + 1
          await tx.executionStep.update({
            where: { id: existing.id },
            data: { ...fields, attempt, retries: existing.status === 'failed' ? existing.retries + 1 : existing.retries },
          })
        } else {
          const position = await tx.executionStep.count({ where: { executionId: id } })
          await tx.executionStep.create({
            data: { ...fields, id: randomUUID(), executionId: id, stepId: input.id, name: input.name ?? input.id, position, attempt, createdAt: at },
          })
        }
        const totals = await stepTotals(tx, row)
        return {
          data: totals,
          events: [
            {
              type: 'execution.step.started',
              stepId: input.id,
              data: { name: input.name ?? existing?.name ?? input.id, attempt, ...(existing?.status === 'running' ? { restarted: true } : {}) },
            },
          ],
        }
      }),

    completeStep: (id: string, actor: Actor, stepId: string, input: z.infer<typeof completeStepSchema> = {}) =>
      change(id, actor, undefined, async (row, tx, at) => {
        guard('completeStep', row)
        const step = await findStep(tx, id, stepId)
        if (step.status !== 'running') throw conflict(`cannot complete step ${stepId}: it is ${step.status}; only a running step completes`)
        const duration = ms(step.startedAt, at) ?? 0
        await tx.executionStep.update({
          where: { id: step.id },
          data: {
            status: 'completed',
            completedAt: at,
            durationMs: duration,
            output: json(input.output),
            updatedAt: at,
            ...(input.metadata ? { metadata: json({ ...((step.metadata as object | null) ?? {}), ...input.metadata }) } : {}),
          },
        })
        const totals = await stepTotals(tx, row)
        const stepDurations = { ...((row.stepDurations as Record<string, number> | null) ?? {}), [stepId]: duration }
        return {
          data: { ...totals, stepDurations },
          events: [
            { type: 'execution.step.completed', stepId, data: { name: step.name, duration } },
            { type: 'execution.progress', data: { progress: totals.progress } },
          ],
        }
      }),

    failStep: (id: string, actor: Actor, stepId: string, error: ErrorInput) =>
      change(id, actor, undefined, async (row, tx, at) => {
        guard('failStep', row)
        const step = await findStep(tx, id, stepId)
        if (step.status !== 'running') throw conflict(`cannot fail step ${stepId}: it is ${step.status}; only a running step fails`)
        const full = {
          ...error,
          step: stepId,
          recoverable: error.recoverable ?? isRecoverableByDefault(error.code),
          retryCount: error.retryCount ?? step.retries,
          timestamp: error.timestamp ?? at.toISOString(),
        }
        await tx.executionStep.update({
          where: { id: step.id },
          data: { status: 'failed', failedAt: at, durationMs: ms(step.startedAt, at), errorCode: error.code, errorMessage: error.message, error: json(full), updatedAt: at },
        })
        return { data: await stepTotals(tx, row), events: [{ type: 'execution.step.failed', stepId, data: { name: step.name, error: full } }] }
      }),

    skipStep: (id: string, actor: Actor, stepId: string, input: { reason?: string; disabled?: boolean } = {}) =>
      change(id, actor, undefined, async (row, tx, at) => {
        guard('skipStep', row)
        const step = await findStep(tx, id, stepId)
        if (step.status !== 'pending' && step.status !== 'failed') {
          throw conflict(`cannot skip step ${stepId}: it is ${step.status}; only a pending or failed step is skipped`)
        }
        const status = input.disabled ? 'disabled' : 'skipped'
        await tx.executionStep.update({
          where: { id: step.id },
          data: { status, completedAt: at, updatedAt: at, metadata: json({ ...((step.metadata as object | null) ?? {}), skipReason: input.reason }) },
        })
        const totals = await stepTotals(tx, row)
        return { data: totals, events: [{ type: `execution.step.${status}`, stepId, data: { name: step.name, reason: input.reason } }] }
      }),

    reportMetrics: (id: string, actor: Actor, report: MetricsReport) =>
      change(id, actor, undefined, async (row) => {
        guard('reportMetrics', row)
        const add = (a: Record<string, number> | null, b: Record<string, number> | undefined) => {
          if (!b) return undefined
          const out: Record<string, number> = { ...(a ?? {}) }
          for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v
          return out
        }
        const tokens = report.tokensUsed ?? (report.promptTokens ?? 0) + (report.completionTokens ?? 0)
        return {
          data: {
            tokensUsed: { increment: tokens },
            promptTokens: { increment: report.promptTokens ?? 0 },
            completionTokens: { increment: report.completionTokens ?? 0 },
            modelCalls: { increment: report.modelCalls ?? 0 },
            cost: { increment: report.cost ?? Object.values(report.costBreakdown ?? {}).reduce((s, v) => s + (v ?? 0), 0) },
            apiCalls: { increment: report.apiCalls ?? Object.values(report.apiCallsByService ?? {}).reduce((s, v) => s + v, 0) },
            costBreakdown: json(add(row.costBreakdown as Record<string, number> | null, report.costBreakdown as Record<string, number> | undefined)),
            apiCallsByService: json(add(row.apiCallsByService as Record<string, number> | null, report.apiCallsByService)),
            customMetrics: report.custom ? json({ ...((row.customMetrics as object | null) ?? {}), ...report.custom }) : undefined,
            ...(report.qualityScore !== undefined ? { qualityScore: report.qualityScore } : {}),
            ...(report.errorRate !== undefined ? { errorRate: report.errorRate } : {}),
          },
          events: [{ type: 'execution.metrics', data: report }],
          bumpVersion: false,
        }
      }),

    /** Saves a checkpoint; without `state` it is computed from the steps (completed, pending, results). */
    checkpoint: (
      id: string,
      actor: Actor,
      input: Partial<z.infer<typeof checkpointInputSchema>> & { variables?: Record<string, unknown> },
    ) =>
      change(id, actor, undefined, async (row, tx, at) => {
        guard('checkpoint', row)
        const given = input.state && input.step ? { step: input.step, state: input.state } : undefined
        const checkpoint = await writeCheckpoint(tx, row, at, input.metadata ?? {}, given, input.step, input.variables)
        return { events: [{ type: 'execution.checkpoint', stepId: input.step, data: { checkpointId: checkpoint.id } }], bumpVersion: false }
      }),

    // ---- leases: which worker runs an execution. Infrastructure, not history: no events,
    // no version bump, one guarded statement each.

    /** Takes the lease when it is free, expired, or already ours. */
    async claim(id: string, workerId: string, leaseMs: number): Promise<boolean> {
      const at = now()
      const { count } = await db.execution.updateMany({
        where: { id, OR: [{ leaseOwner: null }, { leaseOwner: workerId }, { leaseExpiresAt: { lt: at } }] },
        data: { leaseOwner: workerId, leaseExpiresAt: new Date(at.getTime() + leaseMs) },
      })
      return count === 1
    },

    /** Extends this worker's leases; returns the ids it still holds. */
    async heartbeat(ids: string[], workerId: string, leaseMs: number): Promise<string[]> {
      if (!ids.length) return []
      const until = new Date(now().getTime() + leaseMs)
      await db.execution.updateMany({ where: { id: { in: ids }, leaseOwner: workerId }, data: { leaseExpiresAt: until } })
      const held = await db.execution.findMany({ where: { id: { in: ids }, leaseOwner: workerId }, select: { id: true } })
      return held.map((h) => h.id)
    },

    async release(id: string, workerId: string): Promise<void> {
      await db.execution.updateMany({ where: { id, leaseOwner: workerId }, data: { leaseOwner: null, leaseExpiresAt: null } })
    },

    /**
     * Gives up the lease of a running execution that only waits (for people, for children)
     * until `until` or until something wakes it, so it does not hold a worker's slot.
     */
    async park(id: string, workerId: string, until: Date): Promise<void> {
      await db.execution.updateMany({
        where: { id, leaseOwner: workerId, status: 'running' },
        data: { leaseOwner: null, leaseExpiresAt: null, nextRunAt: until },
      })
    },

    /** Makes a parked execution due now. */
    async wake(id: string): Promise<boolean> {
      const { count } = await db.execution.updateMany({ where: { id, status: 'running', nextRunAt: { not: null } }, data: { nextRunAt: now() } })
      return count === 1
    },

    /** Records a recovery action of seed 002 (RETRY, SKIP, FALLBACK, ABORT, CHECKPOINT_RESTORE). */
    recordRecovery: (id: string, actor: Actor, input: { action: string; code: string; step?: string; detail?: Record<string, unknown> }) =>
      change(id, actor, undefined, async () => ({
        events: [{ type: 'execution.recovery', stepId: input.step, data: { action: input.action, code: input.code, ...input.detail } }],
        bumpVersion: false,
      })),

    /** Appends log lines in one transaction with one `execution.log` event naming their id range. */
    async log(id: string, actor: Actor, lines: LogInput[]): Promise<{ count: number; firstId: number; lastId: number }> {
      return write(actor, async (tx, at) => {
        const exists = await tx.execution.findUnique({ where: { id }, select: { id: true } })
        if (!exists) throw notFound('execution', id)
        // Prisma's createMany spends ~300 ms on 1,000 rows here; SQLite expands one JSON
        // parameter into the rows itself in a few milliseconds (bench/log-ingest.ts).
        const rows = lines.map((l) => [
          l.timestamp ? Date.parse(l.timestamp) : at.getTime(),
          l.level,
          l.message,
          l.step ?? null,
          l.context === undefined ? null : JSON.stringify(l.context),
          l.metadata?.source ?? null,
          l.metadata?.component ?? null,
          l.metadata?.traceId ?? null,
          l.metadata?.spanId ?? null,
        ])
        await tx.$executeRawUnsafe(
          `INSERT INTO "ExecutionLog" ("executionId", "timestamp", "level", "message", "step", "context", "source", "component", "traceId", "spanId")
           SELECT ?, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8 FROM json_each(?)`,
          id,
          JSON.stringify(rows),
        )
        // One connection writes at a time, so the rows of this batch have consecutive ids.
        const [{ lastId: last }] = await tx.$queryRawUnsafe<[{ lastId: bigint | number }]>('SELECT last_insert_rowid() AS lastId')
        const lastId = Number(last)
        const firstId = lastId - lines.length + 1
        const levels: Record<string, number> = {}
        for (const l of lines) levels[l.level] = (levels[l.level] ?? 0) + 1
        return {
          value: { count: lines.length, firstId, lastId },
          events: [{ executionId: id, type: 'execution.log', data: { count: lines.length, firstId, lastId, levels } }],
        }
      })
    },
  }
}

export type ExecutionService = ReturnType<typeof createExecutionService>
