// One guarded change of one execution: read the row, check who may change it and the version
// the caller expects, run the change, write it with a version guard, append its events.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { Writer } from '../../db/writer'
import { fromSql } from '../../db/rows'
import { canSee, type Owners } from '../../domain/access'
import type { Actor } from '../../domain/actor'
import { assertDataOperation, type DataOperation, type ExecutionStatus } from '../../domain/lifecycle'
import { conflict, notFound, ServiceError } from '../errors'
import type { Committer } from './commit'
import type { Change, ChangeableRow, Tx } from './tx'

/** The columns of an execution a step boundary reads (a third of the row, its cheap third). */
const STEP_CHANGE_COLUMNS =
  '"id", "status", "version", "customerId", "providerId", "stalledAt", "startedAt", "stepsTotal", "stepsCompleted", "progress", "progressReported", "stepDurations", "context", "errorRate"'
/** What a step boundary reads (see STEP_CHANGE_COLUMNS). */
export type StepChangeRow = ChangeableRow &
  Pick<ExecutionRow, 'startedAt' | 'stepsTotal' | 'stepsCompleted' | 'progress' | 'progressReported' | 'stepDurations' | 'context' | 'errorRate'>

/** An execution's whole row, through the write path's connection or a Reader. */
export function loadExecution(w: Pick<Writer, 'get'>, id: string): ExecutionRow | null {
  const raw = w.get<Record<string, unknown>>('SELECT * FROM "Execution" WHERE "id" = ?', [id])
  return raw ? fromSql<ExecutionRow>('Execution', raw) : null
}

export function loadForStepChange(w: Writer, id: string): StepChangeRow | null {
  const raw = w.get<Record<string, unknown>>(`SELECT ${STEP_CHANGE_COLUMNS} FROM "Execution" WHERE "id" = ?`, [id])
  return raw ? fromSql<StepChangeRow>('Execution', raw) : null
}

/** An execution the request may read but, by its role in the execution's organisations, not change. */
const readOnly = (id: string) => new ServiceError('FORBIDDEN', `your role in the organisations of execution ${id} lets you read it, not change it`)

/** Not found to whoever may not see it; read-only to whoever may only read it. */
export function assertChangeable(actor: Actor, executionId: string, owners: Owners | null | undefined): void {
  if (owners && canSee(actor.organizations, owners)) return
  throw owners && actor.readable && canSee(actor.readable, owners) ? readOnly(executionId) : notFound('execution', executionId)
}

/** Refuses a data operation (a step change, a report) the execution's status does not allow. */
export function guard(operation: DataOperation, row: Pick<ExecutionRow, 'status'>) {
  assertDataOperation(operation, row.status as ExecutionStatus)
}

/**
 * Runs `fn` on the execution as `load` reads it, and writes what it changed under a version
 * guard; with `returning`, the update reads the row back for `answer`.
 */
export function applyTo<Row extends ChangeableRow, R>(
  commit: Committer,
  tx: Tx,
  load: (w: Writer, id: string) => Row | null,
  executionId: string,
  actor: Actor,
  expectedVersion: number | undefined,
  fn: (row: Row, at: Date) => Change,
  returning: boolean,
  answer: (updated: Record<string, unknown> | undefined, row: Row) => R,
): Promise<R> {
  const { w } = tx
  return commit.write(actor, (at) => {
    const row = load(w, executionId)
    assertChangeable(actor, executionId, row)
    if (expectedVersion !== undefined && expectedVersion !== row!.version) {
      throw conflict(`stale version: expected ${expectedVersion} but execution ${executionId} is at version ${row!.version} (status ${row!.status}); reload and try again`)
    }
    const { data, events, bumpVersion = true } = fn(row!, at)
    // A change by whoever runs or steers the execution is a report: it ends a silence.
    // Supervision's own changes (a stall flag, an interval checkpoint) are not, and the engine's
    // need not be: silence is watched in the executions the engine does not run (and its step
    // boundaries, the hottest writes there are, stay a column lighter).
    const reports = isReport(actor)
    if (reports && row!.stalledAt) events.unshift({ type: 'execution.stall_cleared', data: { stalledAt: row!.stalledAt.toISOString() } })
    const set = tx.tables.setClause({
      ...data,
      updatedAt: at,
      ...(bumpVersion ? { version: row!.version + 1 } : {}),
      ...(reports ? { reportedAt: at, ...(row!.stalledAt ? { stalledAt: null } : {}) } : {}),
    })
    const sql = `UPDATE "Execution" SET ${set.sql} WHERE "id" = ? AND "version" = ?`
    const params = [...set.params, executionId, row!.version]
    // (Without RETURNING, SQLite keeps no result table for the update.)
    const updated = returning ? w.get<Record<string, unknown>>(`${sql} RETURNING *`, params) : undefined
    if (returning ? !updated : w.run(sql, params).changes !== 1) throw conflict(`execution ${executionId} changed while this change was made; try again`)
    // The version it left: live pages show it without reading the execution again.
    return { value: answer(updated, row!), events, executionId, version: bumpVersion ? row!.version + 1 : row!.version }
  })
}

/** Whether a change by this actor is a report of whoever runs or steers the execution (not supervision's, not the engine's). */
export const isReport = (actor: Actor) => actor.type !== 'system' && actor.type !== 'engine'
