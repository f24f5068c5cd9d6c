import { z } from 'zod'
import {
  bulkInputSchema,
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
import { operateProcedure, readProcedure, router } from '../trpc'
import { visibleSql } from '../../domain/access'
import { bulkChange, bulkCount } from '../../services/bulk'

const id = z.string().min(1).max(200)
const byId = <T extends z.ZodRawShape>(shape: T) => z.object({ id, ...shape })

export const executionsRouter = router({
  create: operateProcedure.input(createExecutionSchema).mutation(({ ctx, input }) => ctx.executions.create(ctx.actor, input)),
  get: readProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.reads.get(input.id)),
  list: readProcedure.input(listInputSchema).query(({ ctx, input }) => ctx.reads.list(input)),
  count: readProcedure.input(listFilterSchema).query(({ ctx, input }) => ctx.reads.count(input)),
  /** How many executions a bulk cancel or retry would act on: shown before the operator confirms. */
  bulkCount: readProcedure.input(bulkInputSchema).query(({ ctx, input }) => bulkCount(ctx.reads, input)),
  /** Cancel or retry the executions named, or every one a filter matches (up to 10,000). */
  bulk: operateProcedure.input(bulkInputSchema).mutation(({ ctx, input }) => bulkChange(ctx.executions, ctx.reads, ctx.actor, input)),
  find: readProcedure.input(findInputSchema).query(({ ctx, input }) => ctx.reads.find(input)),
  update: operateProcedure
    .input(byId({ patch: updateExecutionSchema }))
    .mutation(({ ctx, input }) => ctx.executions.update(input.id, ctx.actor, input.patch)),

  start: operateProcedure.input(lifecycleInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.start(input.id, ctx.actor, input)),
  pause: operateProcedure.input(lifecycleInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.pause(input.id, ctx.actor, input)),
  resume: operateProcedure.input(lifecycleInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.resume(input.id, ctx.actor, input)),
  cancel: operateProcedure.input(cancelInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.cancel(input.id, ctx.actor, input)),
  retry: operateProcedure.input(retryInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.executions.retry(input.id, ctx.actor, input)),
  complete: operateProcedure
    .input(byId({ result: completeInputSchema }))
    .mutation(({ ctx, input }) => ctx.executions.complete(input.id, ctx.actor, input.result)),
  fail: operateProcedure.input(byId({ error: failInputSchema })).mutation(({ ctx, input }) => ctx.executions.fail(input.id, ctx.actor, input.error)),

  /** The runner says it is alive (a report that ends a silence). */
  heartbeat: operateProcedure.input(z.object({ id })).mutation(({ ctx, input }) => ctx.executions.heartbeat(input.id, ctx.actor)),
  updateProgress: operateProcedure
    .input(byId({ progress: z.number().min(0).max(100) }))
    .mutation(({ ctx, input }) => ctx.executions.updateProgress(input.id, ctx.actor, input.progress)),
  log: operateProcedure.input(byId({ log: logInputSchema })).mutation(({ ctx, input }) => ctx.executions.log(input.id, ctx.actor, [input.log])),
  logBatch: operateProcedure.input(byId({ logs: logBatchSchema })).mutation(({ ctx, input }) => ctx.executions.log(input.id, ctx.actor, input.logs)),
  reportMetrics: operateProcedure
    .input(byId({ metrics: metricsReportSchema }))
    .mutation(({ ctx, input }) => ctx.executions.reportMetrics(input.id, ctx.actor, input.metrics)),
  checkpoint: operateProcedure
    .input(byId({ checkpoint: checkpointInputSchema }))
    .mutation(({ ctx, input }) => ctx.executions.checkpoint(input.id, ctx.actor, input.checkpoint)),

  startStep: operateProcedure.input(byId({ step: startStepSchema })).mutation(({ ctx, input }) => ctx.executions.startStep(input.id, ctx.actor, input.step)),
  completeStep: operateProcedure
    .input(byId({ stepId: id, ...completeStepSchema.shape }))
    .mutation(({ ctx, input }) => ctx.executions.completeStep(input.id, ctx.actor, input.stepId, input)),
  failStep: operateProcedure
    .input(byId({ stepId: id, error: errorInputSchema }))
    .mutation(({ ctx, input }) => ctx.executions.failStep(input.id, ctx.actor, input.stepId, input.error)),
  skipStep: operateProcedure
    .input(byId({ stepId: id, ...skipStepSchema.shape }))
    .mutation(({ ctx, input }) => ctx.executions.skipStep(input.id, ctx.actor, input.stepId, input)),

  steps: readProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.reads.steps(input.id)),
  logs: readProcedure.input(logsQuerySchema.extend({ id })).query(({ ctx, input }) => ctx.reads.logs(input.id, input)),
  events: readProcedure.input(eventsQuerySchema.extend({ id })).query(({ ctx, input }) => ctx.reads.events(input.id, input)),
  metrics: readProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.reads.metrics(input.id)),
  checkpoints: readProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.reads.checkpoints(input.id)),
  webhooks: readProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.reads.webhooks(input.id)),

  /**
   * Seed 001's watcher: the execution's current state first, then every event as it commits.
   * Tracked by event id: a client reconnecting with its last id gets what it missed, once.
   */
  watch: readProcedure
    .input(z.object({ id, lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      let after = input.lastEventId ? Number(input.lastEventId) : null
      if (after === null) {
        // The id first, then the state: a change in between is in the state and replayed too.
        after = ctx.live.lastEventIdOf(input.id)
        const execution: ServiceExecution = await ctx.reads.watch(input.id)
        yield tracked(String(after), { type: 'state' as const, execution })
      } else {
        await ctx.reads.watch(input.id) // 404 for an unknown execution, or another organisation's
      }
      for await (const { message } of ctx.live.events({ executionId: input.id, lastEventId: after, signal: signal ?? new AbortController().signal })) {
        yield tracked(String(message.eventId), message as WatchMessage | { type: 'state'; execution: ServiceExecution })
      }
    }),

  /** Changes of every execution that matches a list filter, for live list views. */
  feed: readProcedure
    .input(listFilterSchema.extend({ lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const { lastEventId, ...filter } = input
      // Only executions of the subscriber's organisations, like the list itself.
      const live = filter.runner?.length ? [...ctx.runners().live.keys()] : []
      const where = whereSql([...filterClauses(filter, live), visibleSql(ctx.principal.organizations), { sql: '"id" = ?', params: [] }])
      const matches = (executionId: string) => ctx.live.matches(where.sql, [...where.params, executionId])
      const after = lastEventId ? Number(lastEventId) : ctx.live.lastEventId()
      for await (const { message } of ctx.live.events({ lastEventId: after, signal: signal ?? new AbortController().signal, accept: (e) => matches(e.executionId) })) {
        yield tracked(String(message.eventId), message)
      }
    }),
})
