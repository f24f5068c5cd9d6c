import { z } from 'zod'
import { allocateInputSchema, releaseInputSchema } from '../../domain/resources'
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
  restoreCheckpointSchema,
  retryInputSchema,
  skipStepSchema,
  startStepSchema,
  updateExecutionSchema,
  executionAlertInputSchema,
} from '../../domain/schemas'
import { executionAlertSchema, executionProgressSchema, executionSchema } from '../../domain/contracts'
import { replayInputSchema, rerunInputSchema } from '../../domain/replay'
import { tracked } from '@trpc/server'
import { ServiceError } from '../../services/errors'
import { heldStream, operateProcedure, readProcedure, router } from '../trpc'

const id = z.string().min(1).max(200)
const byId = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ id, ...shape })

// Answers that are an execution declare the output contract (domain/contracts.ts): what the
// serializers make is checked against it, and the client's types come from it.
export const executionsRouter = router({
  create: operateProcedure
    .input(createExecutionSchema)
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.create(input)),
  // Not parsed at every call: it answers up to 20,000 steps, and test/contract.test.ts holds
  // the serializer to the same schema.
  get: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }): Promise<z.input<typeof executionSchema>> => ctx.scope.reads.get(input.id)),
  /** A page of list rows (domain/execution.ts: ExecutionListRow); the REST list and find answer whole executions. */
  list: readProcedure.input(listInputSchema).query(({ ctx, input }) => ctx.scope.reads.listRows(input)),
  count: readProcedure.input(listFilterSchema).query(({ ctx, input }) => ctx.scope.reads.count(input)),
  /** A new run of its workflow with its input (edited or not), linked to it: "Replay of …". */
  replay: operateProcedure
    .input(replayInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.replay(input.id, input)),
  /** A new run from one of its steps: the steps before it carried over with their outputs, the rest run again. */
  rerun: operateProcedure
    .input(rerunInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.rerun(input.id, input.fromStep)),
  /** How many executions a bulk cancel or retry would act on: shown before the operator confirms. */
  bulkCount: readProcedure.input(bulkInputSchema).query(({ ctx, input }) => ctx.scope.executions.bulkCount(input)),
  /** Cancel or retry the executions named, or every one a filter matches (up to 10,000). */
  bulk: operateProcedure.input(bulkInputSchema).mutation(({ ctx, input }) => ctx.scope.executions.bulk(input)),
  find: readProcedure.input(findInputSchema).query(({ ctx, input }) => ctx.scope.reads.find(input)),
  update: operateProcedure
    .input(byId({ patch: updateExecutionSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.update(input.id, input.patch)),

  start: operateProcedure
    .input(lifecycleInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.start(input.id, input)),
  pause: operateProcedure
    .input(lifecycleInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.pause(input.id, input)),
  resume: operateProcedure
    .input(lifecycleInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.resume(input.id, input)),
  cancel: operateProcedure
    .input(cancelInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.cancel(input.id, input)),
  /** A failed execution back to one of its checkpoints, then retried: the steps it had finished are kept, the rest run again. */
  restoreCheckpoint: operateProcedure
    .input(restoreCheckpointSchema.extend({ id, checkpointId: id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => {
      const { id: executionId, checkpointId, ...precondition } = input
      return ctx.scope.executions.restoreCheckpoint(executionId, checkpointId, precondition)
    }),
  retry: operateProcedure
    .input(retryInputSchema.extend({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.retry(input.id, input)),
  complete: operateProcedure
    .input(byId({ result: completeInputSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.complete(input.id, input.result)),
  fail: operateProcedure
    .input(byId({ error: failInputSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.fail(input.id, input.error)),

  /** The runner says it is alive (a report that ends a silence). */
  heartbeat: operateProcedure
    .input(z.strictObject({ id }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.heartbeat(input.id)),
  updateProgress: operateProcedure
    .input(byId({ progress: z.number().min(0).max(100) }))

    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.updateProgress(input.id, input.progress)),
  log: operateProcedure.input(byId({ log: logInputSchema })).mutation(({ ctx, input }) => ctx.scope.executions.log(input.id, [input.log])),
  logBatch: operateProcedure.input(byId({ logs: logBatchSchema })).mutation(({ ctx, input }) => ctx.scope.executions.log(input.id, input.logs)),
  reportMetrics: operateProcedure
    .input(byId({ metrics: metricsReportSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.reportMetrics(input.id, input.metrics)),
  checkpoint: operateProcedure
    .input(byId({ checkpoint: checkpointInputSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.checkpoint(input.id, input.checkpoint)),

  startStep: operateProcedure
    .input(byId({ step: startStepSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.startStep(input.id, input.step)),
  completeStep: operateProcedure
    .input(byId({ stepId: id, ...completeStepSchema.shape }))

    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.completeStep(input.id, input.stepId, input)),
  failStep: operateProcedure
    .input(byId({ stepId: id, error: errorInputSchema }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.failStep(input.id, input.stepId, input.error)),
  skipStep: operateProcedure
    .input(byId({ stepId: id, ...skipStepSchema.shape }))
    .output(executionSchema)
    .mutation(({ ctx, input }) => ctx.scope.executions.skipStep(input.id, input.stepId, input)),

  steps: readProcedure
    .input(
      z.strictObject({
        id,
        ids: z.array(z.string().min(1).max(200)).min(1).max(500).optional().describe('Only these steps'),
        from: z.number().int().min(0).optional().describe('Only the steps from this position on (a page loads a long execution’s steps after its first ones)'),
        limit: z.number().int().min(1).max(20_000).optional().describe('At most this many, from `from` (or the first) on'),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.scope.reads.steps(input.id, input.ids ?? (input.from !== undefined || input.limit !== undefined ? { from: input.from ?? 0, limit: input.limit } : undefined)),
    ),
  /** The execution without its steps: what a live page reads again when a change touched more than its steps. */
  summary: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }): Promise<z.input<typeof executionSchema>> => ctx.scope.reads.summary(input.id)),
  logs: readProcedure.input(logsQuerySchema.extend({ id })).query(({ ctx, input }) => ctx.scope.reads.logs(input.id, input)),
  events: readProcedure.input(eventsQuerySchema.extend({ id })).query(({ ctx, input }) => ctx.scope.reads.events(input.id, input)),
  metrics: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.reads.metrics(input.id)),
  checkpoints: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.reads.checkpoints(input.id)),
  webhooks: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.reads.webhooks(input.id)),

  /**
   * Seed 001's watcher: the execution's current state first, then every event as it commits.
   * Tracked by event id: a client reconnecting with its last id gets what it missed, once.
   */
  watch: readProcedure.input(z.strictObject({ id, lastEventId: z.string().regex(/^\d+$/).nullish() })).subscription(async function* ({ ctx, input, signal }) {
    const after = input.lastEventId ? Number(input.lastEventId) : null
    for await (const { eventId, message } of heldStream(ctx.scope, ctx.scope.live.watch(input.id, after, signal ?? new AbortController().signal)))
      yield tracked(String(eventId), message)
  }),

  /** Seed 002's ResourceUsage: each allocation of its steps, waiting, held or released (docs/resources.md). */
  resources: readProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => ctx.scope.resources.ofExecution(input.id)),
  /** Seed 002's allocateResources / releaseResources, for a runner outside the engine (docs/resources.md). */
  allocateResources: operateProcedure.input(allocateInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.scope.resources.allocate(input.id, input)),
  releaseResources: operateProcedure.input(releaseInputSchema.extend({ id })).mutation(({ ctx, input }) => ctx.scope.resources.release(input.id, input)),
  /** Seed 002's ExecutionProgress: percentage, tasks, the likely time to finish (from the same workflow's runs), the current phase. */
  progress: readProcedure
    .input(z.strictObject({ id }))
    .output(executionProgressSchema)
    .query(({ ctx, input }) => ctx.scope.progress(input.id)),
  /** The progress of up to 100 executions at once (the list's ETA column): each the caller may not see is left out. */
  progressMany: readProcedure.input(z.strictObject({ ids: z.array(id).min(1).max(100) })).query(({ ctx, input }) => {
    const out: Record<string, z.infer<typeof executionProgressSchema>> = {}
    for (const one of input.ids) {
      try {
        out[one] = ctx.scope.progress(one)
      } catch (error) {
        // Not found (or another organisation's): left out.
        if (!ServiceError.is(error) || error.kind !== 'NOT_FOUND') throw error
      }
    }
    return out
  }),
  /** Seed 002's monitor(): ExecutionUpdates, tracked by the last event each covers. */
  monitor: readProcedure.input(z.strictObject({ id, lastEventId: z.string().regex(/^\d+$/).nullish() })).subscription(async function* ({ ctx, input, signal }) {
    const after = input.lastEventId ? Number(input.lastEventId) : null
    for await (const update of heldStream(ctx.scope, ctx.scope.live.monitor(input.id, after, signal ?? new AbortController().signal))) yield tracked(String(update.eventId), update)
  }),
  /** Alerts on this execution (seed 002's setAlert): armed and fired. */
  alerts: readProcedure
    .input(z.strictObject({ id }))
    .output(z.array(executionAlertSchema))
    .query(({ ctx, input }) => ctx.scope.executionAlerts.list(input.id)),
  setAlert: operateProcedure.input(z.strictObject({ id, alert: executionAlertInputSchema })).mutation(({ ctx, input }) => ctx.scope.executionAlerts.set(input.id, input.alert)),
  removeAlert: operateProcedure
    .input(z.strictObject({ id, alertId: id }))
    .output(executionAlertSchema)
    .mutation(({ ctx, input }) => ctx.scope.executionAlerts.remove(input.id, input.alertId)),

  /** Changes of every execution that matches a list filter, for live list views. */
  feed: readProcedure.input(listFilterSchema.safeExtend({ lastEventId: z.string().regex(/^\d+$/).nullish() })).subscription(async function* ({ ctx, input, signal }) {
    const { lastEventId, ...filter } = input
    for await (const { message } of heldStream(ctx.scope, ctx.scope.live.feed(filter, lastEventId ? Number(lastEventId) : null, signal ?? new AbortController().signal))) {
      yield tracked(String(message.eventId), message)
    }
  }),
})
