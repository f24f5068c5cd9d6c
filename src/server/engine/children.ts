// Sub-workflow steps in the run loop: the children start once (a fan-out: one per element of
// the step's list), then the step waits — parked — until they have all ended: completed with
// their results, or failed with the first child that ended without a retry ahead of it.
import { canRetry, type RetryPolicy } from '../domain/retry'
import type { ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import { open } from '../security/crypto'
import { toErrorInfo, type ErrorInfo } from './control'
import type { QueueStore } from './queue-store'
import type { Expression } from './step'
import type { ChildSpec, StepDefinition } from './workflow'

/**
 * Executions under one root, at most: a step fans out to a thousand children, and nested fan-outs
 * multiply (three levels would be a billion), so the tree as a whole has a bound.
 */
export const MAX_TREE = 100_000

export interface ChildStepDeps {
  executions: ExecutionService
  queue: QueueStore
  actor: Actor
  startWorkflow: (
    workflow: string,
    start: { input?: Record<string, unknown>; parent: { executionId: string; stepId: string }; correlationId?: string; within?: string },
  ) => Promise<unknown>
  /** Executions under one root at most (MAX_TREE unless configured). */
  maxTree?: number
}

export function createChildSteps({ executions, queue, actor, startWorkflow, maxTree = MAX_TREE }: ChildStepDeps) {
  /** Sub-workflow steps: start the children once, then wait until they have all ended. */
  async function driveChildren(
    id: string,
    step: StepDefinition,
    stepRow: Pick<StepRow, 'status'> | undefined,
    expression: Expression,
    /** The team whose workflow this is: its children run only its workflows or the console's. */
    within: string | undefined,
  ): Promise<'changed' | 'waiting' | 'failed' | { failed: ErrorInfo }> {
    const children = queue.children(id, step.id)
    if (stepRow?.status !== 'running') {
      await executions.startStep(id, actor, { id: step.id, name: step.name })
      if (children.length === 0) {
        let specs: ChildSpec[]
        try {
          specs = step.children!(expression)
        } catch (thrown) {
          return { failed: toErrorInfo(thrown) }
        }
        const tree = queue.treeSize(id)
        if (tree + specs.length > maxTree)
          return {
            failed: {
              code: 'CONFIGURATION_ERROR',
              message: `step ${step.id}: ${specs.length} more children would make ${tree + specs.length} executions under one root; at most ${maxTree.toLocaleString('en-US')} (MAX_EXECUTION_TREE)`,
              recoverable: false,
            },
          }
        const correlationId = queue.correlationIdOf(id)
        for (const child of specs) {
          try {
            await startWorkflow(child.workflow, { input: child.input, parent: { executionId: id, stepId: step.id }, correlationId, within })
          } catch (thrown) {
            return { failed: { code: 'CONFIGURATION_ERROR', message: `step ${step.id}: ${(thrown as Error).message}`, recoverable: false } }
          }
        }
      }
      return 'changed'
    }
    // A failed child whose retry policy will run it again is still on its way.
    const ended = (c: (typeof children)[number]) =>
      c.status === 'cancelled' ||
      (c.status === 'failed' &&
        !canRetry({
          status: c.status,
          error: c.errorCode ? { code: c.errorCode, recoverable: c.errorRecoverable ?? false, retryCount: c.errorRetryCount ?? 0 } : null,
          retryPolicy: c.retryPolicy as RetryPolicy | null,
        }))
    const failedChild = children.find(ended)
    if (failedChild) {
      await executions.failStep(id, actor, step.id, { code: 'DEPENDENCY_ERROR', message: `child execution ${failedChild.id} ${failedChild.status}`, recoverable: true })
      return 'failed'
    }
    if (children.length && children.every((c) => c.status === 'completed')) {
      await executions.completeStep(id, actor, step.id, { output: { children: children.map((c) => ({ id: c.id, result: open(c.result) })) } })
      return 'changed'
    }
    return 'waiting'
  }

  return { driveChildren }
}
