// A run-time recovery strategy applied to a failure, as a change of its execution: the
// `execution.recovery.applied` event naming the strategy, the error code and its RecoveryResult,
// and the application counted on the strategy — one transaction. The action itself (a retry, a
// skip, a fallback, the abort, the restore) is the change that follows.
import { RECOVERY_APPLIED, type RecoveryResult } from '../../domain/recovery'
import type { Change, Tx } from './tx'

export interface RecoveryApplication {
  strategy: { id: string; key: string; name: string; type: string }
  code: string
  step?: string
  result: RecoveryResult
}

export function recoveryAppliedChange(tx: Tx, at: Date, input: RecoveryApplication): Change {
  tx.w.run('UPDATE "RecoveryStrategy" SET "applications" = "applications" + 1, "lastAppliedAt" = ? WHERE "id" = ?', [at.getTime(), input.strategy.id])
  const { strategy, code, result } = input
  return {
    events: [
      {
        type: RECOVERY_APPLIED,
        stepId: input.step,
        data: { strategyId: strategy.id, strategyKey: strategy.key, strategy: strategy.name, type: strategy.type, code, result },
      },
    ],
    bumpVersion: false,
  }
}
