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
import { tracked } from '@trpc/server'
import type { ServiceExecution } from '../../domain/execution'
import type { WatchMessage } from '../../events/live'
import { filterClauses, whereSql } from '../../services/execution-sql'
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
  webhooks: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.queries.webhooks(input.id)),

  /**
   * Seed 001's watcher: the execution's current state first, then every event as it commits.
   * Tracked by event id: a client reconnecting with its last id gets what it missed, once.
   */
  watch: publicProcedure
    .input(z.object({ id, lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      let after = input.lastEventId ? Number(input.lastEventId) : null
      if (after === null) {
        // The id first, then the state: a change in between is in the state and replayed too.
        after = ctx.live.lastEventIdOf(input.id)
        const execution: ServiceExecution = await ctx.queries.get(input.id)
        yield tracked(String(after), { type: 'state' as const, execution })
      } else {
        await ctx.queries.get(input.id) // 404 for an unknown execution
      }
      for await (const { message } of ctx.live.events({ executionId: input.id, lastEventId: after, signal: signal ?? new AbortController().signal })) {
        yield tracked(String(message.eventId), message as WatchMessage | { type: 'state'; execution: ServiceExecution })
      }
    }),

  /** Changes of every execution that matches a list filter, for live list views. */
  feed: publicProcedure
    .input(listFilterSchema.extend({ lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const { lastEventId, ...filter } = input
      const where = whereSql([...filterClauses(filter), { sql: '"id" = ?', params: [] }])
      const matches = (executionId: string) => ctx.live.matches(where.sql, [...where.params, executionId])
      const after = lastEventId ? Number(lastEventId) : ctx.live.lastEventId()
      for await (const { message } of ctx.live.events({ lastEventId: after, signal: signal ?? new AbortController().signal, accept: (e) => matches(e.executionId) })) {
        yield tracked(String(message.eventId), message)
      }
    }),
})
