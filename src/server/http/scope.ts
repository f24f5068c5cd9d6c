// A request's scope: everything a caller may do, already bound to who it is — its actor for the
// write path, its organisations for reads, its principal for the audit trail. Routers and REST
// routes see only this, never the services themselves, so a forgotten organisation argument
// cannot exist. One function per thing a caller can ask; the services stay plain.
import { holdStream } from './stream-quota'
import { config } from '../config'
import type { z } from 'zod'
import type { AppServices } from '../context'
import { organizationsAllowing, severalOrganizations, visibleSql, type Permission, type Principal } from '../domain/access'
import { badRequest, notFound, ServiceError } from '../services/errors'
import type { FailureGroupState } from '../domain/failures'
import type { InboxInput } from '../services/inbox'
import type { NotificationChannelInput, NotificationChannelPatch } from '../domain/notifications'
import type {
  BulkInput,
  CreateExecutionInput,
  ListFilter,
  LogInput,
  MetricsReport,
  UpdateExecutionInput,
  alertRuleInputSchema,
  checkpointInputSchema,
  customerInputSchema,
  customerListSchema,
  orderInputSchema,
  orderListSchema,
  completeStepSchema,
  errorInputSchema,
  failureAnalyticsInputSchema,
  resultSchema,
  serviceInputSchema,
  startStepSchema,
  webhookSchema,
  executionAlertInputSchema,
} from '../domain/schemas'
import type { StartOptions } from '../engine/engine'
import type { RecoveryStrategyInput, RecoveryStrategyPatch } from '../domain/recovery'
import { withTaskDefaults, type taskDefinitionInputSchema, type WorkflowTemplateInput } from '../domain/templates'
import type { ClaimedTask, claimInputSchema, signalsInputSchema, taskCompleteSchema, taskFailSchema, taskListQuerySchema, workerInputSchema } from '../domain/workers'
import { actorOf } from '../auth/access'
import { callerFacing } from '../retention/archive-store'
import { readsOf } from '../auth/reads'
import { bulkChange, bulkCount } from '../services/bulk'
import { replayExecution, rerunExecution } from '../services/replays'
import { reportOf, REPORT_TIMELINE_MAX } from '../services/report'
import type { Actor } from '../domain/actor'
import type { Precondition } from '../services/executions'
import { filterClauses, whereSql } from '../services/execution-sql'
import type { ServiceExecution } from '../domain/execution'
import type { WatchMessage } from '../events/live'
import type { allocateInputSchema, releaseInputSchema, resourceInputSchema, resourceUpdateSchema } from '../domain/resources'

type Role = Principal['role']

/** A stream that ended because its principal was let out says so (throws its reason). */
function endedBy(signal: AbortSignal) {
  if (signal.aborted && ServiceError.is(signal.reason)) throw signal.reason
}
type ErrorInput = z.infer<typeof errorInputSchema>

/**
 * `need`: what the request was let in for. A role is per organisation, so the scope acts only in
 * the organisations where the principal's role allows that (an admin of A and viewer of B
 * administers A); it reads in all of its organisations.
 */
export function scopeOf(services: AppServices, principal: Principal, need: Permission, stillAdmitted: () => Promise<boolean> = async () => true) {
  const acting = organizationsAllowing(principal, need)
  const bound: Principal = { ...principal, organizations: acting }
  const actor: Actor = { ...actorOf(bound), readable: principal.organizations }
  const organizations = principal.organizations
  const reads = readsOf(services, principal)
  const x = services.executions
  const { access, live } = services
  /** Records what this principal did that is not an execution's change (those the write path records), for the organisations it concerns. */
  const audit = (action: string, detail: unknown, concerns: readonly string[] = acting) => access.audit.record(principal, action, null, detail, concerns)
  /**
   * Of several organisations, the one a request that names none acts for: the one of them that
   * provides services (the console's own team, for an admin of every organisation), never silently
   * the first (a customer, whose members would then see and change what was made). Undefined when
   * that says nothing (none or several of them provide): the request must name one.
   */
  const homeOf = (organizations: readonly string[]): string | undefined => {
    const providers = services.lookups.providing(organizations)
    return providers.length === 1 ? providers[0] : undefined
  }
  /** One of the organisations it acts in: the one named, its only one, or its home (homeOf); refused naming the allowed ones. */
  const actingFor = (field: string, organizationId: string | undefined) => {
    const chosen = organizationId ?? (acting.length > 1 ? homeOf(acting) : acting[0])
    if (organizationId === undefined && acting.length > 1 && chosen === undefined) throw badRequest(field, severalOrganizations(acting))
    if (!chosen || !acting.includes(chosen)) throw badRequest(field, `one of the organisations where your role allows this (${acting.join(', ') || 'none'})`)
    return chosen
  }

  /**
   * A signal that aborts once this request is no longer let in (a key revoked, a session ended,
   * a role taken away): open streams look every STREAM_RECHECK_MS and end within a few seconds.
   */
  const admittedSignals = new WeakSet<AbortSignal>()
  function whileAdmitted(signal: AbortSignal): AbortSignal {
    // One that says so already (a transport that waits on it too): no second look.
    if (admittedSignals.has(signal)) return signal
    // Already over (its client left while it was let in): no look to start, and none to stop.
    if (signal.aborted) return signal
    const ended = new AbortController()
    const stop = () => clearInterval(timer)
    const timer = setInterval(() => {
      stillAdmitted().then(
        (yes) => {
          if (!yes) {
            stop()
            ended.abort(new ServiceError('UNAUTHENTICATED', 'this stream ended: its API key was revoked, its session ended, or its role no longer allows it'))
          }
        },
        () => {},
      )
    }, config().STREAM_RECHECK_MS) // how often an open stream checks that its principal is still let in
    timer.unref?.()
    signal.addEventListener('abort', stop, { once: true })
    const admitted = AbortSignal.any([signal, ended.signal])
    admittedSignals.add(admitted)
    return admitted
  }

  return {
    principal,
    actor,
    reads,
    stillAdmitted,
    whileAdmitted,
    /** Counts a live stream this principal opens, or refuses it past its limit (stream-quota.ts); returns how to count it closed. */
    holdStream: () => holdStream(principal),

    executions: {
      create: (input: CreateExecutionInput, idempotencyKey?: { principal: string; key: string }) => x.create(actor, input, { idempotencyKey }),
      update: (id: string, input: UpdateExecutionInput) => x.update(id, actor, input),
      start: (id: string, input: Precondition = {}) => x.start(id, actor, input),
      pause: (id: string, input: Precondition = {}) => x.pause(id, actor, input),
      resume: (id: string, input: Precondition = {}) => x.resume(id, actor, input),
      cancel: (id: string, input: Precondition & { reason?: string } = {}) => x.cancel(id, actor, input),
      retry: (id: string, input: Precondition & { deferred?: boolean } = {}) => x.retry(id, actor, input),
      /** A failed execution back to its checkpoint `checkpointId`, then retried (what the checkpoint had finished does not run again). */
      restoreCheckpoint: (id: string, checkpointId: string, input: Precondition = {}) => x.restoreCheckpoint(id, actor, { ...input, checkpointId }),
      complete: (id: string, input: z.infer<typeof resultSchema> & Precondition) => x.complete(id, actor, input),
      fail: (id: string, input: ErrorInput & Precondition) => x.fail(id, actor, input),
      heartbeat: (id: string) => x.heartbeat(id, actor),
      updateProgress: (id: string, progress: number) => x.updateProgress(id, actor, progress),
      log: (id: string, lines: LogInput[]) => x.log(id, actor, lines),
      reportMetrics: (id: string, report: MetricsReport) => x.reportMetrics(id, actor, report),
      checkpoint: (id: string, input: z.infer<typeof checkpointInputSchema>) => x.checkpoint(id, actor, input),
      startStep: (id: string, step: z.infer<typeof startStepSchema>) => x.startStep(id, actor, step),
      completeStep: (id: string, stepId: string, input: z.infer<typeof completeStepSchema> = {}) => x.completeStep(id, actor, stepId, input),
      failStep: (id: string, stepId: string, error: ErrorInput) => x.failStep(id, actor, stepId, error),
      skipStep: (id: string, stepId: string, input: { reason?: string; disabled?: boolean } = {}) => x.skipStep(id, actor, stepId, input),
      /** A new run of its workflow with its input, edited or not, linked to it (the execution must be one this caller may act on). */
      replay: (id: string, input: { input?: Record<string, unknown>; version?: number }) => replayExecution(services, actor, id, input),
      /** A new run of its workflow and input from `fromStep`: the steps before it carried over with their outputs. */
      rerun: (id: string, fromStep: string) => rerunExecution(services, actor, id, fromStep),
      /** How many executions a bulk cancel or retry would act on (shown before the operator confirms). */
      bulkCount: (input: Pick<BulkInput, 'operation' | 'filter' | 'ids'>) => bulkCount(reads, input),
      bulk: (input: BulkInput) => bulkChange(x, readsOf(services, bound), actor, input),
    },

    live: {
      /**
       * Seed 001's watcher: the execution's state first (unless resuming after `lastEventId`),
       * then every event as it commits, each with its event id. Not found (404) when this
       * principal may not see it.
       */
      async *watch(
        executionId: string,
        lastEventId: number | null,
        outer: AbortSignal,
      ): AsyncGenerator<{ eventId: number; message: WatchMessage | { type: 'state'; eventId: number; execution: ServiceExecution }; json?: string }> {
        const signal = whileAdmitted(outer)
        let after = lastEventId === null ? null : live.resumePoint(lastEventId)
        if (after === null) {
          // The id first, then the state: a change in between is in the state and replayed too.
          after = live.lastEventIdOf(executionId)
          const execution = await reads.watch(executionId)
          yield { eventId: after, message: { type: 'state', eventId: after, execution } }
        } else await reads.watch(executionId)
        for await (const { message, json } of live.events({ executionId, lastEventId: after, signal })) yield { eventId: message.eventId, message, json }
        endedBy(signal)
      },

      /**
       * Seed 002's monitor(): ExecutionUpdates of one execution (the first at once unless
       * resuming after `lastEventId`), until `outer` aborts or its principal is let out.
       */
      async *monitor(executionId: string, lastEventId: number | null, outer: AbortSignal) {
        const signal = whileAdmitted(outer)
        await reads.watch(executionId)
        yield* services.monitor.updates({ executionId, lastEventId: lastEventId === null ? null : live.resumePoint(lastEventId), signal })
        endedBy(signal)
      },

      /**
       * Changes of every execution that matches a list filter, of this principal's organisations
       * only. A fresh one tells `onStart`, at once, the newest event id of theirs it starts after
       * (live.newestVisibleEventId; none when they have none of late): a client keeps it as its
       * last, so a reconnect before any event of its own misses nothing that came meanwhile.
       */
      async *feed(filter: ListFilter, lastEventId: number | null, outer: AbortSignal, onStart?: (eventId: number) => void) {
        const signal = whileAdmitted(outer)
        const liveWorkflows = filter.runner?.length ? [...services.runners().live.keys()] : []
        const visible = visibleSql(organizations)
        const clauses = [...filterClauses(filter, liveWorkflows), visible]
        const where = whereSql([...clauses, { sql: '"id" = ?', params: [] }])
        const matches = (executionId: string) => live.matches(where.sql, [...where.params, executionId])
        // (Before the feed's own start: a resume from it must come from no later than the feed began.)
        const start = lastEventId === null && onStart ? live.newestVisibleEventId(visible) : null
        const after = lastEventId === null ? live.lastEventId() : live.resumePoint(lastEventId)
        if (start !== null) onStart?.(start)
        // The replay filters in SQL; live events one by one as they come.
        const replayWhere = { sql: clauses.map((c) => c.sql).join(' AND '), params: clauses.flatMap((c) => c.params) }
        yield* live.events({ lastEventId: after, fresh: lastEventId === null, signal, accept: (e) => matches(e.executionId), replayWhere })
        endedBy(signal)
      },
    },

    services: {
      list: () => services.catalog.listServices(),
      /** A service provided by one of the organisations this admin administers. */
      create: (input: z.infer<typeof serviceInputSchema>) => services.catalog.createService({ ...input, providerId: actingFor('providerId', input.providerId) }),
      /** A webhook of a service, heard only of the executions this principal's organisations may see. */
      addWebhook: (serviceId: string, hook: z.infer<typeof webhookSchema>) => services.catalog.addServiceWebhook(serviceId, hook, acting),
    },

    /** What executions refer to, as far as this principal may see them (404 otherwise). */
    lookups: {
      /** Its own organisations, named (pages show names, not ids). */
      organizations: () => services.lookups.named(organizations),
      service: (id: string) => services.lookups.service(id),
      workflow: (id: string) => services.lookups.workflow(id, organizations),
      order: (id: string) => services.lookups.order(id, organizations),
      organization: (id: string) => services.lookups.organization(id, organizations),
      /** The principal's own organisations by name, the one providing the most services first. */
      ownOrganizations: () => services.lookups.ownOrganizations(organizations),
    },

    /** Seed 001's marketplace under the executions' tenancy rule: another organisation's order or customer is not found. */
    marketplace: {
      services: () => services.marketplace.services(),
      orders: (filter: z.infer<typeof orderListSchema>) => services.marketplace.orders(filter, organizations),
      async createOrder(input: z.infer<typeof orderInputSchema>) {
        const order = await services.marketplace.createOrder(input, acting)
        const provider = services.lookups.service(order.service).provider
        audit(
          'order.created',
          order,
          [order.customer, ...(provider && acting.includes(provider) ? [provider] : [])].filter((o) => acting.includes(o)),
        )
        return order
      },
      customers: (filter: z.infer<typeof customerListSchema>) => services.marketplace.customers(filter, organizations),
      customer: (id: string) => services.marketplace.customer(id, organizations),
      async createCustomer(input: z.infer<typeof customerInputSchema>) {
        const { organizationId, ...customer } = input
        const registeredBy = actingFor('organizationId', organizationId)
        const created = await services.marketplace.createCustomer(customer, registeredBy)
        audit('customer.created', { ...created, registeredBy }, [registeredBy])
        return created
      },
      /** Seed 000's ExecutionWithRelations: the execution with its order, service, workflow and customer as objects. */
      async withRelations(id: string) {
        const execution = await reads.get(id)
        const order = services.lookups.order(execution.order, organizations)
        return {
          ...execution,
          order,
          service: services.lookups.service(execution.service),
          workflow: execution.workflowTemplateVersionId ? services.lookups.workflow(execution.workflowTemplateVersionId, organizations) : null,
          customer: services.lookups.organization(order.customer, organizations),
        }
      },
    },

    /** Task definitions of this principal's organisations; workflow templates of the services they provide. */
    definitions: {
      registerTask: (input: z.infer<typeof taskDefinitionInputSchema> & { organizationId?: string }) => {
        const { organizationId, ...sent } = input
        const definition = withTaskDefaults(sent)
        const registered = services.definitions.registerTask(definition, actingFor('organizationId', organizationId), `${principal.kind}:${principal.id}`)
        if (registered.created) audit('taskDefinition.registered', { id: definition.id, version: definition.version }, [registered.definition.organization])
        return registered
      },
      listTasks: (filter: { id?: string; latest?: boolean }) => services.definitions.listTasks(organizations, filter),
      getTask: (id: string, version?: string) => services.definitions.getTask(id, version, organizations),
      registerTemplate: (input: WorkflowTemplateInput) => {
        const registered = services.definitions.registerTemplate(input, acting)
        if (registered.created) audit('workflowTemplate.registered', { id: registered.id }, acting)
        return registered
      },
      listTemplates: (filter: { id?: string; latest?: boolean }) => services.definitions.templates(organizations, filter),
      /** A template in full (its expressions and defaults): the console's own to everyone, a team's to its organisation. */
      template: (idOrKey: string) => {
        const found = services.definitions.template(idOrKey)
        if (found.organization !== null && !organizations.includes(found.organization)) throw notFound('workflow', idOrKey)
        return found
      },
    },

    /** Workers of this principal's organisations, and the task instances they claim (docs/workers.md). */
    workers: {
      register: (input: z.infer<typeof workerInputSchema>) => {
        const { organizationId, ...worker } = input
        return services.tasks.registerWorker(worker, actingFor('organizationId', organizationId), `${principal.kind}:${principal.id}`)
      },
      stop: (id: string) => services.tasks.stopWorker(id, acting),
      /** A worker's connection: refused unless it is one of this principal's, still registered. */
      attach: (id: string) => ({ concurrency: services.tasks.worker(id, acting).concurrency }),
      /**
       * Tasks for the worker, answered only while its principal is still let in: a key revoked
       * during the long poll gets a 401, and what was handed to it meanwhile goes back to PENDING.
       */
      async claim(id: string, input: z.infer<typeof claimInputSchema>, signal?: AbortSignal) {
        const tasks = await services.tasks.claim(id, acting, { max: input.max ?? 1, waitMs: input.waitMs ?? 20_000, start: input.start }, signal)
        if (await stillAdmitted()) return tasks
        if (tasks.length) services.tasks.handBack(tasks)
        throw new ServiceError('UNAUTHENTICATED', 'this claim ended: its API key was revoked, its session ended, or its role no longer allows work')
      },
      signals: (id: string, input: z.infer<typeof signalsInputSchema>, signal?: AbortSignal) => services.tasks.signals(id, acting, input.since, input.waitMs ?? 20_000, signal),
      list: () => services.tasks.workers(organizations),
      queues: () => services.tasks.queues(organizations),
    },
    tasks: {
      start: (taskId: string, leaseToken: string) => services.tasks.start(taskId, leaseToken, acting),
      heartbeat: (taskId: string, leaseToken: string) => services.tasks.heartbeat(taskId, leaseToken, acting),
      /** `answer: false` (a worker's socket): nothing is read back. */
      complete: (taskId: string, input: z.infer<typeof taskCompleteSchema>, options?: { answer?: boolean }) =>
        services.tasks.complete(taskId, input.leaseToken, actor, input.output, options),
      fail: (taskId: string, input: z.infer<typeof taskFailSchema>, options?: { answer?: boolean }) => services.tasks.fail(taskId, input.leaseToken, actor, input.error, options),
      /** The result over a worker's socket, with `room` it gives back: answers the tasks handed to it at once. */
      completeAndTake: (taskId: string, input: z.infer<typeof taskCompleteSchema>, reporter: { workerId: string; room: number }) =>
        services.tasks.completeAndTake(taskId, input.leaseToken, actor, input.output, reporter),
      /** Tasks handed to a worker that never heard of them (its connection closed): PENDING again for another. */
      handBack: (tasks: readonly ClaimedTask[]) => services.tasks.handBack(tasks),
      list: (filter: z.infer<typeof taskListQuerySchema>) => services.tasks.list(organizations, filter),
    },

    workflows: {
      list: () => services.catalog.listWorkflows(organizations),
      /** What the launchpad draws: the workflow's versions and the schema its input is checked against. */
      launchForm: (workflow: string, version?: number) => services.definitions.launchForm(workflow, version, organizations),
      /** A run on the engine, recorded as this caller's and within its organisations. */
      start: (workflow: string, options: Omit<StartOptions, 'requestedBy'>) => services.workflows.start(workflow, { ...options, requestedBy: actor }),
    },

    /**
     * The signed-in user's own notification centre and watches. An API key has no user: it is
     * refused (403) rather than shown someone's notifications.
     */
    notifications: (() => {
      const me = () => {
        if (principal.kind !== 'user') throw new ServiceError('FORBIDDEN', 'notifications belong to a signed-in user; an API key has none (sign in to the console)')
        return principal.id
      }
      const n = services.notifications
      return {
        list: (input: { unreadOnly?: boolean; limit?: number }) => n.list(me(), input),
        unreadCount: () => ({ unread: n.unreadCount(me()) }),
        markRead: (ids: readonly string[]) => n.markRead(me(), ids),
        markAllRead: () => n.markAllRead(me()),
        watching: (executionId: string) => n.watching(me(), executionId, organizations),
        setWatching: (executionId: string, watch: boolean) => n.setWatching(me(), executionId, watch, organizations),
      }
    })(),

    /** An organisation's notification channels (email, Slack-compatible webhooks): its admins'. */
    notificationChannels: {
      list: () => services.notifications.channels.list(acting),
      create: (input: NotificationChannelInput) => {
        const created = services.notifications.channels.create(input, actingFor('organizationId', input.organizationId))
        audit('notificationChannel.created', { id: created.id, name: created.name, kind: created.kind, events: created.events }, [created.organizationId])
        return created
      },
      update: (id: string, patch: NotificationChannelPatch) => {
        const updated = services.notifications.channels.update(id, patch, acting)
        audit('notificationChannel.updated', { id, fields: Object.keys(patch) }, [updated.organizationId])
        return updated
      },
      remove: (id: string) => {
        const { organizationId } = services.notifications.channels.get(id, acting)
        const removed = services.notifications.channels.remove(id, acting)
        audit('notificationChannel.removed', { id }, [organizationId])
        return removed
      },
      test: (id: string) => services.notifications.channels.test(id, acting, principal.name),
      deliveries: (id: string) => services.notifications.channels.deliveries(id, acting),
    },

    /** Steps waiting on a person, across the executions this caller sees. */
    inbox: (input: InboxInput) => services.inbox.awaiting(input, organizations),

    analytics: {
      summary: (input: Parameters<typeof reads.analytics>[0]) => reads.analytics(input),
      /** The same figures by service or by workflow version. */
      breakdown: (input: Parameters<typeof reads.analyticsBreakdown>[0]) => reads.analyticsBreakdown(input),
      failures: (input: z.infer<typeof failureAnalyticsInputSchema>) => services.failures.analytics(input, organizations),
      /** The failure group of an execution's current or latest failure (its page's "why it failed" card). */
      groupOf: (executionId: string) => services.failures.groupOf(executionId, organizations),
      /** How the same workflow's completed runs went: what a running execution's forecast is drawn from. */
      forecastHistory: (executionId: string) => services.forecasts.historyOf(executionId, organizations),
      /** Resolve or ignore a failure group (a resolved one reopens when the failure recurs). */
      decide: (fingerprint: string, state: FailureGroupState) => {
        const decided = services.failures.decide(fingerprint, state, actor.source?.name ?? actor.id, acting)
        audit(`failureGroup.${state}`, decided, decided.organizations)
        return decided
      },
    },

    /** Alerts on one execution (seed 002's setAlert / removeAlert): set and removed by whoever may operate it. */
    executionAlerts: {
      list: (executionId: string) => services.executionAlerts.list(executionId, organizations),
      set: (executionId: string, input: z.infer<typeof executionAlertInputSchema>) => {
        const alert = services.executionAlerts.set(executionId, input, actor, `${principal.kind}:${principal.id}`)
        audit('executionAlert.set', { executionId, id: alert.id, condition: alert.condition, webhookUrl: alert.webhookUrl })
        return alert
      },
      remove: (executionId: string, alertId: string) => {
        const removed = services.executionAlerts.remove(executionId, alertId, actor)
        audit('executionAlert.removed', { executionId, id: alertId })
        return removed
      },
    },

    resources: {
      list: () => services.resources.list(organizations),
      get: (id: string) => services.resources.get(id, organizations),
      create: (input: z.infer<typeof resourceInputSchema>) => {
        const { organizationId, ...resource } = input
        const created = services.resources.create(resource, actingFor('organizationId', organizationId))
        audit('resource.created', { id: created.id, name: created.name, type: created.type, capacity: created.capacity }, [created.organizationId])
        return created
      },
      update: (id: string, input: z.infer<typeof resourceUpdateSchema>) => {
        const changed = services.resources.update(id, input, acting)
        audit('resource.changed', { id, ...input }, [changed.organizationId])
        return changed
      },
      remove: (id: string) => {
        const removed = services.resources.remove(id, acting)
        audit('resource.removed', { id }, [removed.organizationId])
        return removed
      },
      usage: (id: string, range: { from?: string; to?: string; buckets?: number }) => services.resources.usage(id, organizations, range),
      /**
       * Seed 002's allocateResources for a runner outside the engine: its execution's step asks
       * (all or nothing, by priority, as the engine's steps do), waiting up to `wait` ms.
       */
      async allocate(executionId: string, input: z.infer<typeof allocateInputSchema>) {
        const step = input.step ?? 'execution'
        const until = Date.now() + (input.wait ?? 0)
        services.progress.row(executionId, organizations) // (not found to whoever may not see it)
        const organizationId = services.resources.organizationOf(executionId)
        for (;;) {
          const acquired = await x.acquireResources(executionId, actor, step, organizationId ?? '', input.requirements)
          if ('problem' in acquired) throw badRequest('requirements', acquired.problem.replace(/^resources/, ''))
          if (acquired.granted) {
            const held = services.resources.ofExecution(executionId).filter((u) => u.stepId === step && u.status === 'allocated')
            return { status: 'allocated' as const, resources: held.map((u) => ({ id: u.resourceId, name: u.name, type: u.resourceType, amount: u.amount, unit: u.unit })) }
          }
          if (Date.now() >= until) return { status: 'waiting' as const, resources: [], waitingFor: acquired.waitingFor }
          await new Promise((r) => setTimeout(r, Math.min(250, until - Date.now())))
        }
      },
      release: (executionId: string, input: z.infer<typeof releaseInputSchema>) =>
        x.releaseResources(executionId, actor, input.step ?? 'execution', input.resourceIds).then((released) => ({ released })),
      /** Seed 002's ResourceUsage of an execution this principal may see (not found otherwise). */
      ofExecution: (executionId: string) => {
        services.progress.row(executionId, organizations)
        return services.resources.ofExecution(executionId)
      },
    },

    /** An execution's progress with an estimate (seed 002's ExecutionProgress). */
    progress: (executionId: string) => services.progress.of(executionId, organizations),
    /** Seed 002's ExecutionResult of an execution: status, result or error, metrics, resources held, timeline (services/report.ts). Its steps are not read: a 10,000-step execution's report is its summary's size. */
    report: async (executionId: string) => {
      const [execution, metrics, events] = await Promise.all([reads.summary(executionId), reads.metrics(executionId), reads.events(executionId, { limit: REPORT_TIMELINE_MAX })])
      return reportOf(execution, metrics, services.resources.ofExecution(executionId), { items: events.items, more: events.nextCursor !== null })
    },

    alerts: {
      rules: () => services.alerts.listRules(organizations),
      createRule: (input: z.infer<typeof alertRuleInputSchema>) => {
        const { organizationId, ...rule } = input
        const created = services.alerts.createRule(rule, actingFor('organizationId', organizationId))
        audit('alertRule.created', { id: created.id, name: created.name, webhookUrl: created.webhookUrl }, [created.organizationId!])
        return created
      },
      setRuleEnabled: (id: string, enabled: boolean) => services.alerts.setRuleEnabled(id, enabled, acting),
      deleteRule: (id: string) => services.alerts.deleteRule(id, acting),
      list: (filter: { status?: ('firing' | 'acknowledged' | 'resolved')[] }) => services.alerts.listAlerts(filter, organizations),
      history: (id: string) => services.alerts.history(id, organizations),
      acknowledge: (id: string) => services.alerts.acknowledge(id, actor),
    },

    /** Recovery strategies at run time (seed 002's addRecoveryStrategy / removeRecoveryStrategy): read by members, changed where the principal operates. */
    recovery: {
      list: () => services.recovery.list(organizations),
      get: (id: string, organizationId?: string) => services.recovery.get(id, organizations, organizationId),
      add: (input: RecoveryStrategyInput) => {
        const { organizationId, ...strategy } = input
        const added = services.recovery.add(strategy, actingFor('organizationId', organizationId), `${principal.kind}:${principal.id}`)
        audit('recoveryStrategy.added', { id: added.id, key: added.key, type: added.type, applicableErrors: added.applicableErrors }, [added.organizationId])
        return added
      },
      update: (id: string, patch: RecoveryStrategyPatch, organizationId?: string) => {
        const updated = services.recovery.update(id, patch, acting, organizationId)
        audit('recoveryStrategy.updated', { id: updated.id, key: updated.key, changed: Object.keys(patch) }, [updated.organizationId])
        return updated
      },
      remove: (id: string, organizationId?: string) => {
        const removed = services.recovery.remove(id, acting, organizationId)
        audit('recoveryStrategy.removed', { id: removed.id, key: removed.key }, [removed.organizationId])
        return removed
      },
    },

    views: {
      list: () => services.views.list(organizations),
      save: (input: { name: string; query: string; organizationId?: string }) =>
        services.views.save(actor, { ...input, organizationId: input.organizationId ?? (acting.length > 1 ? homeOf(acting) : undefined) }),
      remove: (id: string) => services.views.remove(id, acting),
    },

    users: {
      list: () => access.users.list(principal),
      async create(input: { email: string; name: string; password: string; role: Role; organizations: string[] }) {
        const user = await access.users.create(input, principal)
        audit('user.created', { id: user.id, email: user.email, role: user.role, organizations: user.organizations }, user.organizations)
        return user
      },
      async setRole(id: string, role: Role) {
        const changed = await access.users.setRole(id, role, principal)
        audit('user.role', changed, changed.organizations)
        return changed
      },
      setOrganizations(id: string, organizations: string[]) {
        const changed = access.users.setOrganizations(id, organizations, principal)
        audit('user.organizations', changed)
        return changed
      },
      remove(id: string) {
        const removed = access.users.remove(id, principal)
        audit('user.removed', removed, removed.organizations)
        return removed
      },
    },

    apiKeys: {
      list: () => access.apiKeys.list(principal),
      create(input: Parameters<typeof access.apiKeys.create>[0]) {
        const key = access.apiKeys.create(input, principal)
        audit('apiKey.created', { keyId: key.id, organizationId: key.organizationId, scope: key.scope }, [key.organizationId])
        return key
      },
      revoke(id: string) {
        const revoked = access.apiKeys.revoke(id, principal)
        audit('apiKey.revoked', { keyId: id }, [revoked.organizationId])
        return revoked
      },
    },

    auditTrail: {
      list: (q: Parameters<typeof access.audit.list>[0]) => access.audit.list(q, principal),
      actions: () => access.audit.actions(),
    },

    retention: {
      /** Moves log lines older than `olderThanDays` to compressed archives now; they stay readable. */
      async archiveLogs(olderThanDays: number) {
        const moved = await services.retention.archive(olderThanDays * 86_400_000, acting).catch((error: unknown) => {
          throw callerFacing(error, 'archiving log lines failed; they stay in the database')
        })
        audit('retention.archiveLogs', { olderThanDays, ...moved })
        return moved
      },
    },
  }
}

export type Scope = ReturnType<typeof scopeOf>
