// Creating an execution: its order, its steps, tags and webhooks, in one change; or, for the
// engine, created and begun at once (running, leased, its first steps started).
import type { Execution as ExecutionRow, ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Webhook } from '../../domain/execution'
import { fromSql } from '../../db/rows'
import { sqlInteger } from '../../db/statements'
import { canSee, customerKnownSql, defaultCustomerOf, severalCustomers, type Owners } from '../../domain/access'
import type { Actor } from '../../domain/actor'
import { stepProgress } from '../../domain/lifecycle'
import { DEFAULT_TIMEOUT_MS } from '../../domain/retry'
import type { CreateExecutionInput } from '../../domain/schemas'
import { sealJson } from '../../security/crypto'
import { badRequest, notFound } from '../errors'
import type { CarriedStep } from '../../domain/replay'
import { placeholders } from '../execution-sql'
import { newId, uuidv7 } from '../ids'
import { maskedHeaders, webhookFields } from '../webhook-fields'
import { splitMetadata, writeTags } from './fields'
import type { Fields } from './tables'
import { insertTaskInstance, type TaskDispatch } from './tasks'
import type { Lease, NewEvent, Tx } from './tx'

const DEFAULT_CUSTOMER = { id: 'org-self-serve', name: 'Self-serve customers' }

/** A request's customer when it names none (see defaultCustomerOf); a principal with no organisations (the engine, a script) gets the self-serve customer. */
function defaultCustomer(organizations: readonly string[] | undefined, providerId: string | null): string {
  if (!organizations?.length) return DEFAULT_CUSTOMER.id
  const customer = defaultCustomerOf(organizations, providerId)
  if (customer === undefined) throw badRequest('customer', severalCustomers(organizations, 'this execution'))
  return customer
}

/** An execution as its create wrote it. */
export interface Created {
  row: ExecutionRow
  steps: StepRow[]
  tags: string[]
  /** Its own webhooks, as stored (the events an alias stood for: domain/schemas.ts). */
  webhooks?: Webhook[]
}

/** The engine's start at once: its lease, the steps that start with it, and who starts it. */
export type Begin = {
  lease: Lease
  steps: readonly string[]
  by: Actor
  /** Task steps among `steps`: their attempts' task instances, dispatched with them (steps not here start without one). */
  tasks?: ReadonlyMap<string, TaskDispatch>
}

/**
 * A replay of an execution (a start with its input, edited or not) or a rerun from one of its
 * steps: the new execution names the original in its metadata (`replayOf`), the original gets an
 * `execution.replayed` event naming the new one, in the same change; a rerun's `carried` steps
 * are written finished, with the original's outputs, so the engine runs only the rest (a run
 * passes over finished steps, as a retry's does).
 */
export interface Replay {
  of: string
  fromStep?: string
  carried?: ReadonlyMap<string, CarriedStep>
}

/**
 * Creates an execution, queued or (input.status) already running. `begin` is the engine's start
 * at once: running, with its lease, and those steps started (attempt 1).
 */
export function createExecution(
  tx: Tx,
  input: CreateExecutionInput,
  at: Date,
  actor: Actor,
  begin?: Begin,
  replay?: Replay,
): { id: string; events: (NewEvent & { executionId: string })[]; created: Created } {
  const { w } = tx
  const service = w.get<{ id: string; retryPolicy: string | null; providerId: string | null }>('SELECT "id", "retryPolicy", "providerId" FROM "Service" WHERE "id" = ?', [
    input.service,
  ])
  if (!service) {
    const known = w.all<{ id: string }>('SELECT "id" FROM "Service" ORDER BY "id" LIMIT 20')
    throw badRequest('service', `service '${input.service}' not found; known services: ${known.map((s) => s.id).join(', ') || 'none'}`)
  }
  const orderId = input.order ?? newId('order', at.getTime())
  // An order id made just now names no order yet.
  const order = input.order
    ? w.get<{ serviceId: string; customerId: string; providerId: string | null }>(
        'SELECT o."serviceId", o."customerId", s."providerId" FROM "Order" o JOIN "Service" s ON s."id" = o."serviceId" WHERE o."id" = ?',
        [orderId],
      )
    : undefined
  if (order) {
    // Order ids are chosen by callers and shared by every organisation: one another organisation
    // took is not said to be anyone's or for any service.
    if (!canSee(actor.organizations, order)) throw badRequest('order', `order '${orderId}' is taken by another organisation; choose another id`)
    if (order.serviceId !== service.id) throw badRequest('order', `order '${orderId}' is for service '${order.serviceId}', not '${service.id}'`)
    // An execution of an order is its customer's (seed 001: a provider executes the orders placed
    // for its services); a customer named beside it must be that one, not silently another.
    if (input.customer !== undefined && input.customer !== order.customerId) {
      throw badRequest('customer', `order '${orderId}' is customer '${order.customerId}''s, not '${input.customer}'`)
    }
  }
  // A request acts for its organisations, and the execution must be one it may see (its customer
  // or the service's provider).
  const customerId = order?.customerId ?? input.customer ?? defaultCustomer(actor.organizations, service.providerId)
  if (!canSee(actor.organizations, { customerId, providerId: service.providerId })) {
    throw badRequest(
      input.order ? 'order' : 'customer',
      `organisation '${customerId}' is not yours and service '${service.id}' is not provided by one of your organisations (${actor.organizations!.join(', ') || 'none'})`,
    )
  }
  if (!order) {
    if (customerId === DEFAULT_CUSTOMER.id) {
      w.run('INSERT OR IGNORE INTO "Organization" ("id", "name", "createdAt") VALUES (?, ?, ?)', [DEFAULT_CUSTOMER.id, DEFAULT_CUSTOMER.name, at.getTime()])
    } else {
      // A provider works for its customers (as its orders are placed: marketplace.ts), not for any
      // organisation it names, whose lists, alerts and notifications the execution would join; one
      // that is not its customer is as unknown as one that does not exist.
      const known = customerKnownSql(customerId, actor.organizations)
      if (!w.get(known.sql, known.params)) {
        throw badRequest('customer', `organisation '${customerId}' not found`)
      }
    }
    tx.tables.insert('Order', { id: orderId, serviceId: service.id, customerId, status: 'confirmed', createdAt: at })
  }
  let parent: { id: string; rootExecutionId: string | null; correlationId: string } | undefined
  if (input.parentExecutionId) {
    const found = w.get<{ id: string; rootExecutionId: string | null; correlationId: string } & Owners>(
      'SELECT "id", "rootExecutionId", "correlationId", "customerId", "providerId" FROM "Execution" WHERE "id" = ?',
      [input.parentExecutionId],
    )
    parent = found && canSee(actor.organizations, found) ? found : undefined
    if (!parent) throw badRequest('parentExecutionId', `execution '${input.parentExecutionId}' not found`)
  }
  // (The engine's starts name a definition it registered itself, and checked who may start it.)
  if (input.workflowTemplateVersionId && !begin) {
    // The engine runs an execution that names a workflow as that workflow: only the console's own
    // or the caller's organisations' may be named (another's is not said to exist), for its service.
    const workflow = w.get<{ serviceId: string | null; organizationId: string | null }>('SELECT "serviceId", "organizationId" FROM "WorkflowDefinition" WHERE "id" = ?', [
      input.workflowTemplateVersionId,
    ])
    if (!workflow || (workflow.organizationId !== null && actor.organizations && !actor.organizations.includes(workflow.organizationId))) {
      throw badRequest('workflowTemplateVersionId', `workflow definition '${input.workflowTemplateVersionId}' not found`)
    }
    if (workflow.serviceId !== null && workflow.serviceId !== service.id) {
      throw badRequest('workflowTemplateVersionId', `workflow definition '${input.workflowTemplateVersionId}' is for service '${workflow.serviceId}', not '${service.id}'`)
    }
  }
  if (replay) {
    const original = w.get<Owners>('SELECT "customerId", "providerId" FROM "Execution" WHERE "id" = ?', [replay.of])
    if (!original || !canSee(actor.organizations, original)) throw notFound('execution', replay.of)
  }
  const stepIds = new Set<string>()
  for (const [i, s] of (input.steps ?? []).entries()) {
    if (stepIds.has(s.id)) throw badRequest(`steps.${i}.id`, `duplicate step id '${s.id}'`)
    stepIds.add(s.id)
  }

  // "Replay of …" is the console's to say: only a replay names the execution it replays.
  if (!replay && input.metadata && Object.hasOwn(input.metadata, 'replayOf')) {
    throw badRequest('metadata.replayOf', 'metadata.replayOf is set by a replay (POST /executions/{id}/replay or /rerun), not by a caller; use another key')
  }
  const id = newId('exec', at.getTime())
  const carried = replay?.carried ?? new Map<string, CarriedStep>()
  const steps = input.steps ?? []
  const finished = steps.filter((s) => s.status === 'skipped' || s.status === 'disabled' || carried.has(s.id)).length
  const stepsTotal = Math.max(steps.length, input.metrics?.stepsTotal ?? 0)
  const { environment, appVersion, extra } = splitMetadata({
    ...input.metadata,
    ...(replay ? { replayOf: { id: replay.of, ...(replay.fromStep ? { fromStep: replay.fromStep } : {}) } } : {}),
  })
  const running = input.status === 'running' || begin !== undefined
  const startNow = new Set(begin?.steps)
  // Rows come back as written (RETURNING), for the answer: nothing is read again.
  const executionRaw = tx.tables.insert(
    'Execution',
    {
      id,
      orderId,
      serviceId: service.id,
      status: running ? 'running' : 'queued',
      progress: input.progress ?? stepProgress(finished, stepsTotal) ?? 0,
      progressReported: input.progress !== undefined,
      priority: input.priority ?? 'normal',
      assigneeType: input.assignee?.type ?? null,
      assigneeId: input.assignee?.id ?? null,
      assignee: input.assignee ?? null,
      timeoutMs: input.timeout ?? DEFAULT_TIMEOUT_MS,
      retryPolicy: input.retryPolicy ?? (service.retryPolicy ? JSON.parse(service.retryPolicy) : null),
      createdAt: at,
      updatedAt: at,
      startedAt: running ? at : null,
      environment: typeof environment === 'string' ? environment : null,
      appVersion: typeof appVersion === 'string' ? appVersion : null,
      // Metadata and context are sealed at rest.
      metadata: Object.keys(extra).length ? sealJson(extra) : null,
      // Time-ordered (UUIDv7): a new id lands beside the last in the index, not on a random page.
      correlationId: input.correlationId ?? parent?.correlationId ?? uuidv7(),
      parentExecutionId: parent?.id ?? null,
      rootExecutionId: parent ? (parent.rootExecutionId ?? parent.id) : null,
      parentStepId: input.parentStepId ?? null,
      customerId,
      providerId: service.providerId,
      workflowDefinitionId: input.workflowTemplateVersionId ?? null,
      context: sealJson(input.context ?? null),
      stepsTotal,
      stepsCompleted: Math.max(finished, input.metrics?.stepsCompleted ?? 0),
      ...(begin ? { leaseOwner: begin.lease.workerId, leaseExpiresAt: new Date(at.getTime() + begin.lease.leaseMs) } : {}),
    },
    true,
  )!
  const startedSteps = steps.filter((s) => startNow.has(s.id) && (s.status ?? 'pending') === 'pending' && !carried.has(s.id))
  const stepFields = steps.map((s, position): Fields => {
    const started = startedSteps.includes(s)
    const kept = carried.get(s.id)
    return {
      id: newId('step', at.getTime()),
      executionId: id,
      stepId: s.id,
      name: s.name ?? s.id,
      type: s.type ?? null,
      position,
      // A rerun's carried step: finished as in the original, with its output; it does not run here.
      status: kept?.status ?? (started ? 'running' : (s.status ?? 'pending')),
      startedAt: started ? at : null,
      attempt: started ? 1 : 0,
      assigneeType: s.assignee?.type ?? null,
      assignee: s.assignee ?? null,
      input: sealJson(s.input),
      dependsOn: s.dependsOn ?? null,
      dueAt: s.dueAt ? new Date(s.dueAt) : null,
      output: kept?.status === 'completed' ? sealJson(kept.output ?? null) : null,
      // Sealed, as the execution's is; a carried step says where it was carried from.
      metadata: sealJson(kept ? { ...s.metadata, carriedFrom: replay!.of } : s.metadata),
      createdAt: at,
      updatedAt: at,
    }
  })
  // Every step in one statement (a long batch in statements of 500: SQLite binds at most 32,766 values).
  const stepRows: Record<string, unknown>[] = []
  for (let i = 0; i < stepFields.length; i += 500) stepRows.push(...tx.tables.insertRows('ExecutionStep', stepFields.slice(i, i + 500), true)!)
  const tags = writeTags(w, id, input.tags ?? [])
  const webhooks: Webhook[] = []
  for (const [i, hook] of (input.webhooks ?? []).entries()) {
    const { fields } = webhookFields(hook, { allowPrivate: tx.allowPrivateWebhooks, field: `webhooks.${i}.url`, at })
    tx.webhookWritten()
    tx.tables.insert('Webhook', { ...fields, headers: fields.headers === null ? null : JSON.stringify(fields.headers), executionId: id, enabled: true })
    webhooks.push({ id: fields.id, url: fields.url, events: fields.events, headers: maskedHeaders(hook.headers), retries: fields.retries, timeout: fields.timeoutMs })
  }
  // `queued` tells schedulers whether it joined the queue or started at once.
  const events: (NewEvent & { executionId: string })[] = [
    {
      executionId: id,
      type: 'execution.created',
      status: 'queued',
      data: { service: service.id, order: orderId, priority: input.priority ?? 'normal', queued: !running, ...(replay ? { replayOf: replay.of, fromStep: replay.fromStep } : {}) },
    },
  ]
  // The original hears of it in the same change: its page lists its replays from these events.
  if (replay) events.push({ executionId: replay.of, type: 'execution.replayed', data: { replay: id, fromStep: replay.fromStep, carried: [...carried.keys()] } })
  // Started by the engine (begin) or reported running by its worker.
  const by = begin?.by
  if (running) events.push({ executionId: id, type: 'execution.started', status: 'running', data: { from: 'queued', path: ['starting', 'running'] }, by })
  for (const s of startedSteps) {
    const task = begin?.tasks?.get(s.id)
    const taskId = task ? insertTaskInstance(tx, id, s.id, 1, at, task) : undefined
    events.push({ executionId: id, type: 'execution.step.started', stepId: s.id, data: { name: s.name ?? s.id, attempt: 1, ...(taskId ? { taskId } : {}) }, by })
  }
  const created = {
    row: fromSql<ExecutionRow>('Execution', executionRaw),
    steps: stepRows.map((raw) => fromSql<StepRow>('ExecutionStep', raw)),
    tags,
    ...(webhooks.length ? { webhooks } : {}),
  }
  return { id, events, created }
}

/** Where the engine may start at once only when no queued execution would be left without a free slot. */
export type QueueAhead = { priorities: readonly string[]; workflows: readonly string[]; slots: number }

/** Whether the executions queued ahead (of those workflows, at those priorities) would take every free slot. */
export function queueTakesEverySlot(tx: Tx, { priorities, workflows, slots }: QueueAhead): boolean {
  const queued = tx.w.get<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM "Execution" WHERE "priority" IN (${placeholders(priorities.length)}) AND "status" = 'queued' AND "workflowDefinitionId" IN (${placeholders(workflows.length)}) LIMIT ${sqlInteger(slots)})`,
    [...priorities, ...workflows],
  )!.n
  return queued >= slots
}
