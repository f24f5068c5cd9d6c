import { z } from 'zod'
import {
  cancelInputSchema,
  checkpointInputSchema,
  completeInputSchema,
  completeStepSchema,
  createExecutionSchema,
  errorInputSchema,
  eventsQuerySchema,
  failInputSchema,
  findInputSchema,
  lifecycleInputSchema,
  listFilterSchema,
  listInputSchema,
  logBatchSchema,
  logInputSchema,
  logsQuerySchema,
  metricsReportSchema,
  retryInputSchema,
  skipStepSchema,
  startStepSchema,
  updateExecutionSchema,
} from '../../domain/schemas'
import { publicProcedure, router } from '../trpc'

const id = z.string().min(1).max(200)
const byId = <T extends z.ZodRawShape>(shape: T) => z.object({ id, ...shape })

export const executionsRouter = router({
  create: publicProcedure.input(createExecutionSchema).mutation(({ ctx, input }) => ctx.executions.create(ctx.actor, input)),
  get: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.queries.get(input.id)),
  list: publicProcedure.input(listInputSchema).query(({ ctx, input }) => ctx.queries.list(input)),
  count: publicProcedure.input(listFilterSchema).query(({ ctx, input }) => ctx.queries.count(input)),
  find: publicProcedure.input(findInputSchema).query(({ ctx, input }) => ctx.queries.find(input)),
  update: publicProcedure
    .input(byId({ patch: updateExecutionSchema }))
    .mutation(({ ctx, input }) => ctx.executions.update(input.id, ctx.actor, input.patch)),

  start: publicProcedure.input(lifecycleInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.start(input.id, ctx.actor, input)),
  pause: publicProcedure.input(lifecycleInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.pause(input.id, ctx.actor, input)),
  resume: publicProcedure.input(lifecycleInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.resume(input.id, ctx.actor, input)),
  cancel: publicProcedure.input(cancelInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.cancel(input.id, ctx.actor, input)),
  retry: publicProcedure.input(retryInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.retry(input.id, ctx.actor, input)),
  complete: publicProcedure
    .input(byId({ result: completeInputSchema }))
    .mutation(({ ctx, input }) => ctx.executions.complete(input.id, ctx.actor, input.result)),
  fail: publicProcedure.input(byId({ error: failInputSchema })).mutation(({ ctx, input }) => ctx.executions.fail(input.id, ctx.actor, input.error)),

  updateProgress: publicProcedure
    .input(byId({ progress: z.number().min(0).max(100) }))
    .mutation(({ ctx, input }) => ctx.executions.updateProgress(input.id, ctx.actor, input.progress)),
  log: publicProcedure.input(byId({ log: logInputSchema })).mutation(({ ctx, input }) => ctx.executions.log(input.id, ctx.actor, [input.log])),
  logBatch: publicProcedure.input(byId({ logs: logBatchSchema })).mutation(({ ctx, input }) => ctx.executions.log(input.id, ctx.actor, input.logs)),
  reportMetrics: publicProcedure
    .input(byId({ metrics: metricsReportSchema }))
    .mutation(({ ctx, input }) => ctx.executions.reportMetrics(input.id, ctx.actor, input.metrics)),
  checkpoint: publicProcedure
    .input(byId({ checkpoint: checkpointInputSchema }))
    .mutation(({ ctx, input }) => ctx.executions.checkpoint(input.id, ctx.actor, input.checkpoint)),

  startStep: publicProcedure.input(byId({ step: startStepSchema })).mutation(({ ctx, input }) => ctx.executions.startStep(input.id, ctx.actor, input.step)),
  completeStep: publicProcedure
    .input(byId({ stepId: id, ...completeStepSchema.shape }))
    .mutation(({ ctx, input }) => ctx.executions.completeStep(input.id, ctx.actor, input.stepId, input)),
  failStep: publicProcedure
    .input(byId({ stepId: id, error: errorInputSchema }))
    .mutation(({ ctx, input }) => ctx.executions.failStep(input.id, ctx.actor, input.stepId, input.error)),
  skipStep: publicProcedure
    .input(byId({ stepId: id, ...skipStepSchema.shape }))
    .mutation(({ ctx, input }) => ctx.executions.skipStep(input.id, ctx.actor, input.stepId, input)),

  steps: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.queries.steps(input.id)),
  logs: publicProcedure.input(logsQuerySchema.extend({ id })).query(({ ctx, input }) => ctx.queries.logs(input.id, input)),
  events: publicProcedure.input(eventsQuerySchema.extend({ id })).query(({ ctx, input }) => ctx.queries.events(input.id, input)),
  metrics: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.queries.metrics(input.id)),
  checkpoints: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.queries.checkpoints(input.id)),
})
