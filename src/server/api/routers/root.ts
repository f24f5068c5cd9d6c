import { z } from 'zod'
import { alertRuleInputSchema, analyticsInputSchema, failureAnalyticsInputSchema, failureDecisionSchema, savedViewInputSchema, serviceInputSchema, startWorkflowSchema, webhookSchema } from '../../domain/schemas'
import { API_KEY_SCOPES, ROLES } from '../../domain/access'
import { adminProcedure, createCallerFactory, operateProcedure, readProcedure, router } from '../trpc'
import { executionsRouter } from './executions'

const id = z.string().min(1).max(200)
const organizations = z.array(id).max(100)

export const appRouter = router({
  executions: executionsRouter,
  /** Who is signed in (or which key is used): the console shows only what this principal may do. */
  me: readProcedure.query(({ ctx }) => {
    const { kind, id, name, role, organizations } = ctx.principal
    return { kind, id, name, role, organizations }
  }),
  analytics: router({
    summary: readProcedure.input(analyticsInputSchema).query(({ ctx, input }) => ctx.reads.analytics(input)),
    /** Failure rate over time, codes, services, steps, failure groups, recovery, trends. */
    failures: readProcedure.input(failureAnalyticsInputSchema).query(({ ctx, input }) => ctx.failures.analytics(input, ctx.principal.organizations)),
    /** Resolve or ignore a failure group (a resolved one reopens when the failure recurs). */
    decide: operateProcedure.input(failureDecisionSchema).mutation(({ ctx, input }) => {
      const decided = ctx.failures.decide(input.fingerprint, input.state, ctx.actor.source?.name ?? ctx.actor.id, ctx.principal.organizations)
      ctx.access.audit.record(ctx.principal, `failureGroup.${input.state}`, null, decided)
      return decided
    }),
  }),
  services: router({
    list: readProcedure.query(({ ctx }) => ctx.catalog.listServices()),
    create: adminProcedure.input(serviceInputSchema).mutation(({ ctx, input }) => ctx.catalog.createService(input)),
    workflows: readProcedure.query(({ ctx }) => ctx.catalog.listWorkflows()),
    addWebhook: adminProcedure
      .input(z.object({ serviceId: id, webhook: webhookSchema }))
      .mutation(({ ctx, input }) => ctx.catalog.addServiceWebhook(input.serviceId, input.webhook, ctx.principal.organizations)),
  }),
  alerts: router({
    rules: readProcedure.query(({ ctx }) => ctx.alerts.listRules()),
    createRule: adminProcedure.input(alertRuleInputSchema).mutation(({ ctx, input }) => ctx.alerts.createRule(input)),
    setRuleEnabled: adminProcedure.input(z.object({ id, enabled: z.boolean() })).mutation(({ ctx, input }) => ctx.alerts.setRuleEnabled(input.id, input.enabled)),
    deleteRule: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => ctx.alerts.deleteRule(input.id)),
    list: readProcedure
      .input(z.object({ status: z.array(z.enum(['firing', 'acknowledged', 'resolved'])).max(3).optional() }))
      .query(({ ctx, input }) => ctx.alerts.listAlerts(input)),
    history: readProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.alerts.history(input.id)),
    acknowledge: operateProcedure.input(z.object({ id })).mutation(({ ctx, input }) => ctx.alerts.acknowledge(input.id, ctx.actor)),
  }),
  /** Saved list views, shared by the whole team. */
  views: router({
    list: readProcedure.query(({ ctx }) => ctx.views.list()),
    save: operateProcedure.input(savedViewInputSchema).mutation(({ ctx, input }) => ctx.views.save(ctx.actor, input)),
    remove: operateProcedure.input(z.object({ id })).mutation(({ ctx, input }) => ctx.views.remove(input.id)),
  }),
  workflows: router({
    list: readProcedure.query(({ ctx }) => ctx.catalog.listWorkflows()),
    start: operateProcedure.input(startWorkflowSchema.extend({ workflow: id })).mutation(({ ctx, input }) => {
      const { workflow, ...options } = input
      return ctx.workflows.start(workflow, { ...options, requestedBy: ctx.actor })
    }),
  }),
  users: router({
    list: adminProcedure.query(({ ctx }) => ctx.access.users.list(ctx.principal)),
    create: adminProcedure
      .input(
        z.object({
          email: z.email().max(200),
          name: z.string().min(1).max(200),
          password: z.string().min(8, 'at least 8 characters').max(200),
          role: z.enum(ROLES),
          organizations,
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const user = await ctx.access.users.create(input, ctx.principal)
        ctx.access.audit.record(ctx.principal, 'user.created', null, { id: user.id, email: user.email, role: user.role, organizations: user.organizations })
        return user
      }),
    setRole: adminProcedure.input(z.object({ id, role: z.enum(ROLES) })).mutation(async ({ ctx, input }) => {
      const changed = await ctx.access.users.setRole(input.id, input.role, ctx.principal)
      ctx.access.audit.record(ctx.principal, 'user.role', null, changed)
      return changed
    }),
    setOrganizations: adminProcedure.input(z.object({ id, organizations })).mutation(({ ctx, input }) => {
      const changed = ctx.access.users.setOrganizations(input.id, input.organizations, ctx.principal)
      ctx.access.audit.record(ctx.principal, 'user.organizations', null, changed)
      return changed
    }),
  }),
  retention: router({
    /** Moves log lines older than `olderThanDays` to compressed archives now; they stay readable. */
    archiveLogs: adminProcedure.input(z.object({ olderThanDays: z.number().int().min(1).max(3650) })).mutation(({ ctx, input }) => {
      const moved = ctx.retention.archive(input.olderThanDays * 86_400_000)
      ctx.access.audit.record(ctx.principal, 'retention.archiveLogs', null, { ...input, ...moved })
      return moved
    }),
  }),
  apiKeys: router({
    list: adminProcedure.query(({ ctx }) => ctx.access.apiKeys.list(ctx.principal)),
    create: adminProcedure
      .input(z.object({ name: z.string().min(1).max(200), organizationId: id, scope: z.enum(API_KEY_SCOPES) }))
      .mutation(({ ctx, input }) => {
        const key = ctx.access.apiKeys.create(input, ctx.principal)
        ctx.access.audit.record(ctx.principal, 'apiKey.created', null, { keyId: key.id, organizationId: key.organizationId, scope: key.scope })
        return key
      }),
    revoke: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => {
      const revoked = ctx.access.apiKeys.revoke(input.id, ctx.principal)
      ctx.access.audit.record(ctx.principal, 'apiKey.revoked', null, { keyId: input.id })
      return revoked
    }),
  }),
  audit: router({
    list: adminProcedure
      .input(
        z.object({
          executionId: id.optional(),
          actorId: id.optional(),
          action: z.string().max(100).optional(),
          before: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(500).default(100),
        }),
      )
      .query(({ ctx, input }) => ctx.access.audit.list(input, ctx.principal)),
  }),
})

export type AppRouter = typeof appRouter
export const createCaller = createCallerFactory(appRouter)
