// A lifecycle change asked of many executions, tried without changing anything: each is run as
// the real change runs it — the row read, who may change it, the lifecycle's rules, the writes
// it makes — in a savepoint that is rolled back, inside a transaction that is rolled back too.
// What would be refused is refused with the same reason the real change would give.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { Writer } from '../../db/writer'
import type { Actor } from '../../domain/actor'
import { toServiceError } from '../errors'
import { assertChangeable, loadExecution } from './apply'
import type { Change } from './tx'

/** Thrown to roll back what a tried change wrote. */
const UNDO = Symbol('dry run: undo')

export type Verdict = { id: string; ok: true } | { id: string; ok: false; message: string }

export function tryChanges(w: Writer, actor: Actor, ids: readonly string[], change: (id: string, row: ExecutionRow, at: Date) => Change, at: Date): Verdict[] {
  const verdicts: Verdict[] = []
  try {
    w.transaction(() => {
      for (const id of ids) {
        try {
          w.savepoint(() => {
            const row = loadExecution(w, id)
            assertChangeable(actor, id, row)
            change(id, row!, at)
            throw UNDO
          })
        } catch (error) {
          if (error === UNDO) verdicts.push({ id, ok: true })
          else verdicts.push({ id, ok: false, message: (toServiceError(error) as Error).message })
        }
      }
      throw UNDO
    })
  } catch (error) {
    if (error !== UNDO) throw error
  }
  return verdicts
}
