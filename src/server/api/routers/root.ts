import { z } from 'zod'
import { analyticsInputSchema, serviceInputSchema, startWorkflowSchema } from '../../domain/schemas'
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
