import { z } from 'zod'
import { alertRuleInputSchema, analyticsInputSchema, serviceInputSchema, startWorkflowSchema, webhookSchema } from '../../domain/schemas'
import { createCallerFactory, publicProcedure, router } from '../trpc'
import { executionsRouter } from './executions'

export const appRouter = router({
  executions: executionsRouter,
  analytics: router({
    summary: publicProcedure.input(analyticsInputSchema).query(({ ctx, input }) => ctx.queries.analytics(input)),
  }),
  services: router({
    list: publicProcedure.query(({ ctx }) => ctx.catalog.listServices()),
    create: publicProcedure.input(serviceInputSchema).mutation(({ ctx, input }) => ctx.catalog.createService(input)),
    workflows: publicProcedure.query(({ ctx }) => ctx.catalog.listWorkflows()),
    addWebhook: publicProcedure
      .input(z.object({ serviceId: z.string().min(1).max(200), webhook: webhookSchema }))
      .mutation(({ ctx, input }) => ctx.catalog.addServiceWebhook(input.serviceId, input.webhook)),
  }),
  alerts: router({
    rules: publicProcedure.query(({ ctx }) => ctx.alerts.listRules()),
    createRule: publicProcedure.input(alertRuleInputSchema).mutation(({ ctx, input }) => ctx.alerts.createRule(input)),
    setRuleEnabled: publicProcedure
      .input(z.object({ id: z.string().min(1).max(200), enabled: z.boolean() }))
      .mutation(({ ctx, input }) => ctx.alerts.setRuleEnabled(input.id, input.enabled)),
    deleteRule: publicProcedure.input(z.object({ id: z.string().min(1).max(200) })).mutation(({ ctx, input }) => ctx.alerts.deleteRule(input.id)),
    list: publicProcedure
      .input(z.object({ status: z.array(z.enum(['firing', 'acknowledged', 'resolved'])).max(3).optional() }))
      .query(({ ctx, input }) => ctx.alerts.listAlerts(input)),
    history: publicProcedure.input(z.object({ id: z.string().min(1).max(200) })).query(({ ctx, input }) => ctx.alerts.history(input.id)),
    acknowledge: publicProcedure.input(z.object({ id: z.string().min(1).max(200) })).mutation(({ ctx, input }) => ctx.alerts.acknowledge(input.id, ctx.actor)),
  }),
  workflows: router({
    list: publicProcedure.query(({ ctx }) => ctx.catalog.listWorkflows()),
    start: publicProcedure
      .input(startWorkflowSchema.extend({ workflow: z.string().min(1).max(200) }))
      .mutation(({ ctx, input }) => {
        const { workflow, ...options } = input
        return ctx.workflows.start(workflow, options)
      }),
  }),
})

export type AppRouter = typeof appRouter
export const createCaller = createCallerFactory(appRouter)
