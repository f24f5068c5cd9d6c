// Run-time recovery strategies for the executions outside services drive over the API
// (domain/recovery.ts decides, services/recovery.ts finds them). A step such a service reports
// failed, in a running execution, gets the strategy of its organisations that names its code —
// the same strategies the engine applies to its own runs — through the write path:
//   RETRY               the step starts again (step.started, one attempt more) once the backoff
//                       has passed; the service, hearing it, runs the step again
//   SKIP                the step is skipped; the service goes on with the next
//   FALLBACK            the named workflow starts on the engine, the step completes with its id
//   ABORT               the execution fails, with no automatic retry
//   CHECKPOINT_RESTORE  the execution fails, then goes back to the checkpoint and is retried
//                       (the service, seeing it in `retry`, takes it up again)
// Each is an `execution.recovery.applied` event first, then the action. Everything it looks at is
// in the database (the decision's event says when a retry is due, which checkpoint a restore
// takes), so it carries on across restarts: a step it already decided about is not decided again
// (its event is newer than the step's failure), and an action a crash kept from following its
// event is carried out on the next look.
import { logger } from '../ops/log'
import type { Writer } from '../db/writer'
import type { RecoveryResult } from '../domain/recovery'
import { RECOVERY_APPLIED } from '../domain/recovery'
import { fallbackToTask, startFallbackWorkflow, type StartFallback } from '../engine/recovery'
import type { Clock } from '../lib/clock'
import { open } from '../security/crypto'
import { SUPERVISOR, type ExecutionService } from '../services/executions'
import type { RecoveryService } from '../services/recovery'

/** At most this many failed steps a round: a backlog is worked off over the next rounds. */
const BATCH = 200

interface FailedStep {
  id: string
  stepId: string
  name: string
  errorCode: string | null
  errorMessage: string | null
  failedAt: number
  /** The newest decision about this failure, if any: its action and when its retry is due. */
  action: string | null
  retryAt: number | null
  /** A restore's checkpoint, and the code the decision was about. */
  checkpointId: string | null
  decidedCode: string | null
}

export interface ReportedRecoveryOptions {
  store: Writer
  executions: ExecutionService
  recovery: Pick<RecoveryService, 'decide' | 'checkpointFor'> & Partial<Pick<RecoveryService, 'fallbackTask'>>
  clock: Clock
  startFallback?: StartFallback
}

export function createReportedRecovery({ store, executions, recovery, clock, startFallback }: ReportedRecoveryOptions) {
  /**
   * Failed steps of running executions no engine runs, in organisations with an enabled strategy,
   * with the newest decision about their failure. Read from the running executions (few, by the
   * status index) to their steps, never by scanning every step.
   */
  const failedSteps = () =>
    store.all<FailedStep>(
      `SELECT e."id", s."stepId", s."name", s."errorCode", s."errorMessage", s."failedAt",
              json_extract(v."data", '$.result.action') AS "action", json_extract(v."data", '$.result.newState.retryAt') AS "retryAt",
              json_extract(v."data", '$.result.newState.checkpointId') AS "checkpointId", json_extract(v."data", '$.code') AS "decidedCode"
       FROM "Execution" e
       JOIN "ExecutionStep" s ON s."executionId" = e."id" AND s."status" = 'failed'
       LEFT JOIN "ExecutionEvent" v ON v."id" = (
         SELECT max(x."id") FROM "ExecutionEvent" x WHERE x."executionId" = e."id" AND x."stepId" = s."stepId" AND x."type" = '${RECOVERY_APPLIED}' AND x."createdAt" >= s."failedAt")
       WHERE e."status" IN ('starting', 'running', 'retry') AND e."status" = 'running' AND e."workflowDefinitionId" IS NULL
         AND EXISTS (SELECT 1 FROM "RecoveryStrategy" r WHERE r."enabled" = 1 AND r."organizationId" IN (e."customerId", e."providerId"))
       LIMIT ${BATCH}`,
    )

  async function recover(step: FailedStep, now: number): Promise<boolean> {
    const { id, stepId } = step
    // Decided before: a retry starts the step once it is due; anything else is done.
    const code = step.errorCode ?? 'SYSTEM_ERROR'
    const message = (open(step.errorMessage) as string | null) ?? code
    if (step.action !== null) {
      // Decided before. A due retry starts the step; a skip, abort or restore whose action did
      // not follow its event (a crash between the two changes) is carried out now. (A fallback
      // is not started twice: its step stays failed for the service or an operator.)
      if (step.action === 'RETRY') {
        if (step.retryAt === null || step.retryAt > now) return false
        await executions.startStep(id, SUPERVISOR, { id: stepId, name: step.name })
      } else if (step.action === 'SKIP') {
        await executions.skipStep(id, SUPERVISOR, stepId, { reason: `${code}: skipped by a recovery strategy` })
      } else if (step.action === 'ABORT' || step.action === 'CHECKPOINT_RESTORE') {
        await executions.fail(id, SUPERVISOR, { code: step.decidedCode ?? code, message, step: stepId, recoverable: false, expectedStatus: ['running'] })
        if (step.action === 'CHECKPOINT_RESTORE' && step.checkpointId)
          await executions.restoreCheckpoint(id, SUPERVISOR, { checkpointId: step.checkpointId, expectedStatus: ['failed'] })
      } else return false
      return true
    }
    const plan = recovery.decide(id, stepId, code)
    if (!plan) return false
    const { strategy, decision } = plan
    const record = (result: RecoveryResult) => executions.recoveryApplied(id, SUPERVISOR, { strategy, code, step: stepId, result })
    const abort = async (result: RecoveryResult) => {
      await record(result)
      await executions.fail(id, SUPERVISOR, { code, message, step: stepId, recoverable: false, expectedStatus: ['running'] })
    }
    switch (decision.kind) {
      case 'retry': {
        const retryAt = now + decision.delay
        await record({ ...decision.result, newState: { ...decision.result.newState, retryAt } })
        if (decision.delay <= 0) await executions.startStep(id, SUPERVISOR, { id: stepId, name: step.name })
        return true
      }
      case 'skip':
        await record(decision.result)
        await executions.skipStep(id, SUPERVISOR, stepId, { reason: `${code}: skipped by recovery strategy ${strategy.key}` })
        return true
      case 'fallback': {
        if (decision.task) {
          // The step runs again as the fallback task's instance, for a worker; its result ends the step.
          const handed = await fallbackToTask(
            { executions, actor: SUPERVISOR, recovery, now: () => clock.now() },
            plan,
            id,
            { id: stepId, name: step.name },
            { code, message, recoverable: false },
            decision.task,
            decision.result,
          )
          if (handed.kind === 'settled') await executions.fail(id, SUPERVISOR, { code, message, step: stepId, recoverable: false, expectedStatus: ['running'] })
          return true
        }
        const workflow = decision.workflow!
        const { started, problem } = await startFallbackWorkflow(startFallback, plan, workflow, { executionId: id, stepId, code, message })
        if (!started) {
          await abort({ success: false, action: 'ABORT', message: `Could not fall back to workflow ${workflow}: ${problem}; the execution is aborted` })
          return true
        }
        await record({ ...decision.result, newState: { fallbackExecutionId: started.id, workflow } })
        await executions.startStep(id, SUPERVISOR, { id: stepId, name: step.name })
        await executions.completeStep(id, SUPERVISOR, stepId, { output: { fallback: { workflow, executionId: started.id } }, metadata: { fallback: true } })
        return true
      }
      case 'abort':
        await abort(decision.result)
        return true
      case 'restore': {
        const checkpointId = recovery.checkpointFor(id, decision.checkpoint)
        if (!checkpointId) {
          await abort({ success: false, action: 'ABORT', message: `No checkpoint to restore (${decision.checkpoint}): the execution is aborted` })
          return true
        }
        await record({ ...decision.result, newState: { checkpointId } })
        await executions.fail(id, SUPERVISOR, { code, message, step: stepId, recoverable: false, expectedStatus: ['running'] })
        await executions.restoreCheckpoint(id, SUPERVISOR, { checkpointId, expectedStatus: ['failed'] })
        return true
      }
    }
  }

  return {
    /** One look: applies what is due; answers the executions it changed. */
    async round(): Promise<string[]> {
      const now = clock.now()
      const changed: string[] = []
      for (const step of failedSteps()) {
        try {
          if (await recover(step, now)) changed.push(step.id)
        } catch (error) {
          // Overtaken by the service's own moves (it failed or completed the execution meanwhile): left alone.
          if (process.env.DEBUG_RECOVERY || !(error as { kind?: string }).kind)
            logger('supervision').error({ err: error, executionId: step.id }, `supervision: recovery of ${step.id} step ${step.stepId} failed`)
        }
      }
      return changed
    },
  }
}
