import { z } from 'zod'
import {
  alertRuleInputSchema,
  analyticsBreakdownInputSchema,
  analyticsInputSchema,
  auditQuerySchema,
  failureAnalyticsInputSchema,
  failureDecisionSchema,
  savedViewInputSchema,
  serviceInputSchema,
  startWorkflowSchema,
  webhookSchema,
} from '../../domain/schemas'
import { API_KEY_SCOPES, ROLES } from '../../domain/access'
import { taskDefinitionInputSchema, workflowTemplateInputSchema } from '../../domain/templates'
import { taskListQuerySchema } from '../../domain/workers'
import { recoveryStrategyInputSchema, recoveryStrategyPatchSchema } from '../../domain/recovery'
import { resourceInputSchema, resourceUpdateSchema, resourceUsageQuerySchema } from '../../domain/resources'
import { adminProcedure, createCallerFactory, operateProcedure, readProcedure, router } from '../trpc'
import { executionsRouter } from './executions'
import { notificationChannelInputSchema, notificationChannelPatchSchema, notificationListSchema } from '../../domain/notifications'

const id = z.string().min(1).max(200)
const organizations = z.array(id).max(100)

export const appRouter = router({
  executions: executionsRouter,
  /** Who is signed in (or which key is used): the console shows only what this principal may do. */
  /** The signed-in principal's organisations by name, the one providing the most services first (a picker's default). */
  myOrganizations: readProcedure.query(({ ctx }) => ctx.scope.lookups.ownOrganizations()),
  me: readProcedure.query(({ ctx }) => {
    const { kind, id, name, role, organizations } = ctx.scope.principal
    return { kind, id, name, role, organizations, named: ctx.scope.lookups.organizations() }
  }),
  analytics: router({
    summary: readProcedure.input(analyticsInputSchema).query(({ ctx, input }) => ctx.scope.analytics.summary(input)),
    /** Success rate, average duration and cost by service or by workflow version. */
    breakdown: readProcedure.input(analyticsBreakdownInputSchema).query(({ ctx, input }) => ctx.scope.analytics.breakdown(input)),
    /** Failure rate over time, codes, services, steps, failure groups, recovery, trends. */
    failures: readProcedure.input(failureAnalyticsInputSchema).query(({ ctx, input }) => ctx.scope.analytics.failures(input)),
    /** Why an execution failed: its failure group, how often and since when, how retries of it ended. */
    groupOf: readProcedure.input(z.strictObject({ executionId: z.string().min(1).max(100) })).query(({ ctx, input }) => ctx.scope.analytics.groupOf(input.executionId)),
    /** The durations and costs of the same workflow's completed runs (a running execution's forecast). */
    forecastHistory: readProcedure
      .input(z.strictObject({ executionId: z.string().min(1).max(100) }))
      .query(({ ctx, input }) => ctx.scope.analytics.forecastHistory(input.executionId)),
    /** Resolve or ignore a failure group (a resolved one reopens when the failure recurs). */
    decide: operateProcedure.input(failureDecisionSchema).mutation(({ ctx, input }) => ctx.scope.analytics.decide(input.fingerprint, input.state)),
  }),
  services: router({
    list: readProcedure.query(({ ctx }) => ctx.scope.services.list()),
    create: adminProcedure.input(serviceInputSchema).mutation(({ ctx, input }) => ctx.scope.services.create(input)),
    workflows: readProcedure.query(({ ctx }) => ctx.scope.workflows.list()),
    addWebhook: adminProcedure
      .input(z.strictObject({ serviceId: id, webhook: webhookSchema }))
      .mutation(({ ctx, input }) => ctx.scope.services.addWebhook(input.serviceId, input.webhook)),
  }),
  alerts: router({
    rules: readProcedure.query(({ ctx }) => ctx.scope.alerts.rules()),
    createRule: adminProcedure.input(alertRuleInputSchema).mutation(({ ctx, input }) => ctx.scope.alerts.createRule(input)),
    setRuleEnabled: adminProcedure.input(z.strictObject({ id, enabled: z.boolean() })).mutation(({ ctx, input }) => ctx.scope.alerts.setRuleEnabled(input.id, input.enabled)),
    deleteRule: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.alerts.deleteRule(input.id)),
    list: readProcedure
      .input(
        z.strictObject({
          status: z
            .array(z.enum(['firing', 'acknowledged', 'resolved']))
            .max(3)
            .optional(),
        }),
      )
      .query(({ ctx, input }) => ctx.scope.alerts.list(input)),
    history: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.alerts.history(input.id)),
    acknowledge: operateProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.alerts.acknowledge(input.id)),
  }),
  /**
   * Recovery strategies at run time (seed 002's addRecoveryStrategy / removeRecoveryStrategy).
   * Changes need `operate`, as registering a workflow template (which carries its own recovery)
   * does: the services that register their workflows in code register their strategies with the
   * same key; viewers and read keys only list them.
   */
  recovery: router({
    list: readProcedure.query(({ ctx }) => ctx.scope.recovery.list()),
    get: readProcedure.input(z.strictObject({ id, organizationId: id.optional() })).query(({ ctx, input }) => ctx.scope.recovery.get(input.id, input.organizationId)),
    add: operateProcedure.input(recoveryStrategyInputSchema).mutation(({ ctx, input }) => ctx.scope.recovery.add(input)),
    update: operateProcedure
      .input(z.strictObject({ id, organizationId: id.optional(), patch: recoveryStrategyPatchSchema }))
      .mutation(({ ctx, input }) => ctx.scope.recovery.update(input.id, input.patch, input.organizationId)),
    remove: operateProcedure.input(z.strictObject({ id, organizationId: id.optional() })).mutation(({ ctx, input }) => ctx.scope.recovery.remove(input.id, input.organizationId)),
  }),
  /**
   * The signed-in user's notification centre (reviews due, alerts fired, watched executions that
   * failed) and their watches: each user's own, so a viewer marks theirs read too; an API key has none (403).
   */
  notifications: router({
    list: readProcedure.input(notificationListSchema).query(({ ctx, input }) => ctx.scope.notifications.list(input)),
    unreadCount: readProcedure.query(({ ctx }) => ctx.scope.notifications.unreadCount()),
    markRead: readProcedure.input(z.strictObject({ ids: z.array(id).min(1).max(200) })).mutation(({ ctx, input }) => ctx.scope.notifications.markRead(input.ids)),
    markAllRead: readProcedure.mutation(({ ctx }) => ctx.scope.notifications.markAllRead()),
    watching: readProcedure.input(z.strictObject({ executionId: id })).query(({ ctx, input }) => ctx.scope.notifications.watching(input.executionId)),
    setWatching: readProcedure
      .input(z.strictObject({ executionId: id, watch: z.boolean() }))
      .mutation(({ ctx, input }) => ctx.scope.notifications.setWatching(input.executionId, input.watch)),
  }),
  /** Organisations' notification channels: email lists and Slack-compatible incoming webhooks (admins). */
  notificationChannels: router({
    list: adminProcedure.query(({ ctx }) => ctx.scope.notificationChannels.list()),
    create: adminProcedure.input(notificationChannelInputSchema).mutation(({ ctx, input }) => ctx.scope.notificationChannels.create(input)),
    update: adminProcedure
      .input(z.strictObject({ id, patch: notificationChannelPatchSchema }))
      .mutation(({ ctx, input }) => ctx.scope.notificationChannels.update(input.id, input.patch)),
    remove: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.notificationChannels.remove(input.id)),
    test: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.notificationChannels.test(input.id)),
    deliveries: adminProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.notificationChannels.deliveries(input.id)),
  }),
  /** Resources steps hold while they run (docs/resources.md): readers list them, admins change them. */
  resources: router({
    list: readProcedure.query(({ ctx }) => ctx.scope.resources.list()),
    get: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.resources.get(input.id)),
    create: adminProcedure.input(resourceInputSchema).mutation(({ ctx, input }) => ctx.scope.resources.create(input)),
    update: adminProcedure.input(z.strictObject({ id, patch: resourceUpdateSchema })).mutation(({ ctx, input }) => ctx.scope.resources.update(input.id, input.patch)),
    remove: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.resources.remove(input.id)),
    usage: readProcedure.input(resourceUsageQuerySchema.safeExtend({ id })).query(({ ctx, input }) => ctx.scope.resources.usage(input.id, input)),
  }),
  /** The reviewer inbox: every step waiting on a person, soonest due first. */
  inbox: readProcedure
    .input(z.strictObject({ service: z.string().max(100).optional(), assignee: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => ctx.scope.inbox(input)),
  /** Saved list views, shared by the whole team. */
  views: router({
    list: readProcedure.query(({ ctx }) => ctx.scope.views.list()),
    save: operateProcedure.input(savedViewInputSchema).mutation(({ ctx, input }) => ctx.scope.views.save(input)),
    remove: operateProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.views.remove(input.id)),
  }),
  /** Task definitions and workflow templates as data (docs/workflows.md). */
  definitions: router({
    registerTask: operateProcedure
      .input(taskDefinitionInputSchema.extend({ organizationId: id.optional() }))
      .mutation(({ ctx, input }) => ctx.scope.definitions.registerTask(input)),
    tasks: readProcedure
      .input(z.strictObject({ id: z.string().max(100).optional(), latest: z.boolean().optional() }))
      .query(({ ctx, input }) => ctx.scope.definitions.listTasks(input)),
    task: readProcedure.input(z.strictObject({ id, version: z.string().max(100).optional() })).query(({ ctx, input }) => ctx.scope.definitions.getTask(input.id, input.version)),
    registerTemplate: operateProcedure.input(workflowTemplateInputSchema).mutation(({ ctx, input }) => {
      const registered = ctx.scope.definitions.registerTemplate(input)
      return { ...ctx.scope.definitions.template(registered.id), created: registered.created }
    }),
    template: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.definitions.template(input.id)),
  }),
  /** Workers and the task instances they run (docs/workers.md); workers themselves speak REST. */
  workers: router({
    list: readProcedure.query(({ ctx }) => ctx.scope.workers.list()),
    /** Each task type's queue: pending, running, oldest wait, live workers serving it. */
    queues: readProcedure.query(({ ctx }) => ctx.scope.workers.queues()),
    tasks: readProcedure.input(taskListQuerySchema).query(({ ctx, input }) => ctx.scope.tasks.list(input)),
  }),
  workflows: router({
    list: readProcedure.query(({ ctx }) => ctx.scope.workflows.list()),
    /** The launchpad's form: a workflow's versions and the JSON Schema its input is checked against. */
    launchForm: readProcedure
      .input(z.strictObject({ workflow: id, version: z.number().int().positive().optional() }))
      .query(({ ctx, input }) => ctx.scope.workflows.launchForm(input.workflow, input.version)),
    start: operateProcedure.input(startWorkflowSchema.extend({ workflow: id })).mutation(({ ctx, input }) => {
      const { workflow, ...options } = input
      return ctx.scope.workflows.start(workflow, options)
    }),
  }),
  users: router({
    list: adminProcedure.query(({ ctx }) => ctx.scope.users.list()),
    create: adminProcedure
      .input(
        z.strictObject({
          email: z.email().max(200),
          name: z.string().min(1).max(200),
          password: z.string().min(8, 'at least 8 characters').max(200),
          role: z.enum(ROLES),
          organizations,
        }),
      )
      .mutation(({ ctx, input }) => ctx.scope.users.create(input)),
    setRole: adminProcedure.input(z.strictObject({ id, role: z.enum(ROLES) })).mutation(({ ctx, input }) => ctx.scope.users.setRole(input.id, input.role)),
    setOrganizations: adminProcedure.input(z.strictObject({ id, organizations })).mutation(({ ctx, input }) => ctx.scope.users.setOrganizations(input.id, input.organizations)),
    /** Out of the caller's organisations; deleted when that leaves it in none (its sessions end). */
    remove: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.users.remove(input.id)),
  }),
  retention: router({
    /** Moves log lines older than `olderThanDays` to compressed archives now; they stay readable. */
    archiveLogs: adminProcedure
      .input(z.strictObject({ olderThanDays: z.number().int().min(1).max(3650) }))
      .mutation(({ ctx, input }) => ctx.scope.retention.archiveLogs(input.olderThanDays)),
  }),
  apiKeys: router({
    list: adminProcedure.query(({ ctx }) => ctx.scope.apiKeys.list()),
    create: adminProcedure
      .input(z.strictObject({ name: z.string().min(1).max(200), organizationId: id, scope: z.enum(API_KEY_SCOPES) }))
      .mutation(({ ctx, input }) => ctx.scope.apiKeys.create(input)),
    revoke: adminProcedure.input(z.strictObject({ id })).mutation(({ ctx, input }) => ctx.scope.apiKeys.revoke(input.id)),
  }),
  audit: router({
    list: adminProcedure.input(auditQuerySchema).query(({ ctx, input }) => ctx.scope.auditTrail.list(input)),
    /** The actions recorded so far: the audit page's action filter offers them. */
    actions: adminProcedure.query(({ ctx }) => ctx.scope.auditTrail.actions()),
  }),
})

export type AppRouter = typeof appRouter
export const createCaller = createCallerFactory(appRouter)
