// The engine's queue: every statement the engine runs on the database itself, in one place —
// the due-execution reads, the reads of an execution and its steps while it runs, the leases
// (which worker runs an execution), parking and waking, the definitions it registers and the
// worker registry. Changes to executions do not come here: they go through the execution
// service, the same write path as an operator's.
//
// Leases are infrastructure, not history: no events, no version bump, one guarded statement
// each, run in the execution service's next shared transaction (`read`) so they cost no commit
// of their own. Plain reads run on the write path's connection directly: committed data, no
// round trip.
import type { Execution as ExecutionRow, ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Writer } from '../db/writer'
import { sqlInteger } from '../db/statements'
import { fromSql } from '../db/rows'
import { beatWorker, registerWorker, stopWorker, type WorkerRegistration } from '../services/workers'

/** An execution the scheduler found due, as its read gave it. */
export interface Claimable {
  id: string
  status: string
  workflowDefinitionId: string | null
}

/** A step as a run knows it. */
export type StepView = Pick<StepRow, 'stepId' | 'status' | 'output' | 'attempt' | 'error' | 'errorCode' | 'errorMessage'>

/** A child execution as its parent's sub-workflow step looks at it. */
export type ChildView = Pick<ExecutionRow, 'id' | 'status' | 'result' | 'errorCode' | 'errorRecoverable' | 'errorRetryCount' | 'retryPolicy'>

/** A workflow definition's version as the WorkflowDefinition table holds it. */
export interface DefinitionRow {
  id: string
  key: string
  version: number
  name: string
  description: string | null
  serviceId: string
  definition: string
  createdAt: number
}

/** A workflow registered as data (services/definitions.ts), as the engine compiles it. */
export interface TemplateRow {
  id: string
  key: string
  version: number
  serviceId: string
  organizationId: string
  template: string
}

/** A task definition version as a template's task step runs it. */
export interface TaskDefinitionRow {
  id: string
  key: string
  version: string
  name: string
  type: string
  inputSchema: string
  outputSchema: string
  timeoutMs: number
  retryPolicy: string | null
  /** Seed 002's ResourceRequirements as JSON (null: none). */
  resources: string | null
}

/** The scheduler's reads of due executions, for one set of workflows (their SQL built once). */
export interface DueReads {
  /** Executions under way (due retries, resumed, woken, orphaned) nobody holds, oldest first. */
  underWay(now: number, limit: number): Claimable[]
  /** Queued executions of one priority, oldest first. */
  queued(priority: string, limit: number): Claimable[]
}

/** Who claims what a due read finds (PostgreSQL: the read takes the lease, see `due`). */
export interface Claimant {
  workerId: string
  leaseMs: number
}

export interface QueueStore {
  /** Runs `fn` (reads, lease statements) in the execution service's next shared transaction. */
  read<T>(fn: () => T): Promise<T>
  /**
   * The due reads. On PostgreSQL they claim what they return (`claimedOnRead`): the rows are
   * locked `FOR UPDATE SKIP LOCKED` and leased to `claimant` in the same statement, so another
   * node's read passes over them instead of starting the same executions and losing the race.
   */
  due(workflows: readonly string[], claimant: Claimant): DueReads
  /** Whether `due` leased what it returned (the scheduler gives back what it does not launch). */
  readonly claimedOnRead: boolean
  saveDefinition(row: DefinitionRow): void

  execution(id: string): ExecutionRow | null
  status(id: string): string | undefined
  /** The execution's parent: undefined when there is no such execution, null when it has none. */
  parentOf(id: string): string | null | undefined
  correlationIdOf(id: string): string | undefined
  /** How many executions descend from this one's root (its whole tree but the root). */
  treeSize(id: string): number
  children(id: string, stepId: string): ChildView[]
  /** The execution's steps changed at or after `since`. */
  stepsChangedSince(id: string, since: number): StepView[]
  runningSteps(id: string): string[]
  /** The step's newest checkpoints, newest first (at most 20). */
  stepCheckpoints(id: string, stepId: string): { state: unknown; metadata: unknown }[]

  /** Takes the lease when it is free, expired, or already ours. */
  claim(id: string, workerId: string, leaseMs: number): Promise<boolean>
  /** The worker's heartbeat: it is alive (the runner of its workflows), and its leases are extended; returns the ids it still holds. */
  extendLeases(ids: string[], workerId: string, leaseMs: number): Promise<string[]>
  release(id: string, workerId: string): Promise<void>
  /**
   * Gives up the lease of a running execution that only waits (for people, for children)
   * until `until` or until something wakes it, so it does not hold a worker's slot.
   */
  park(id: string, workerId: string, until: Date): Promise<void>
  /** Makes a parked execution due now. */
  wake(id: string): Promise<boolean>

  /** The newest task instance of a step: its status and the retries of the step used before it. */
  latestTask(id: string, stepId: string): LatestTask | undefined
  /** How many workflow versions were registered as data (the scheduler compiles new ones). */
  templateCount(): number
  /** Every workflow version registered as data. */
  templates(): TemplateRow[]
  taskDefinition(organizationId: string, key: string, version: string): TaskDefinitionRow | undefined

  registerWorker(worker: WorkerRegistration, at: number): void
  stopWorker(id: string, at: number): void
}

/** A step's newest task instance, as the run looks at it (and a recovery's fallback instance is dispatched again from). */
export interface LatestTask {
  status: string
  retryCount: number
  taskReference: string | null
  organizationId: string
  taskDefinitionId: string
  taskKey: string
  taskVersion: string
  type: string
  priority: string
  timeoutMs: number
  /** Sealed JSON. */
  input: string | null
}

export interface QueueStoreOptions {
  writer: Writer
  /** The execution service's `read`: runs a function inside its next shared transaction. */
  read: <T>(fn: () => T) => Promise<T>
  /** The time of the lease statements. */
  now: () => number
}

const placeholders = (n: number) => Array(n).fill('?').join(', ')

/**
 * PostgreSQL's due reads (docs/cluster.md, "The queue"): the classic claim — pick the oldest due
 * rows nobody holds, skipping rows another transaction has locked, and lease them to this worker
 * in the same statement. Queued executions read without a live lease only: one leased here is on
 * its way to being begun by the node that claimed it.
 */
function claimingDueReads(w: Writer, workflows: readonly string[], { workerId, leaseMs }: Claimant, now: () => number): DueReads {
  // No workflow registered yet (PostgreSQL has no `IN ()`): nothing is due here.
  if (!workflows.length) return { underWay: () => [], queued: () => [] }
  const inRegistered = `"workflowDefinitionId" IN (${placeholders(workflows.length)})`
  const claim = (pick: string) => `UPDATE "Execution" SET "leaseOwner" = ?, "leaseExpiresAt" = ? WHERE "id" IN (${pick} FOR UPDATE SKIP LOCKED)
     RETURNING "id", "status", "workflowDefinitionId", "createdAt"`
  const underWaySql = (limit: number) =>
    claim(`SELECT "id" FROM "Execution" WHERE "status" IN ('starting', 'running', 'retry') AND ("nextRunAt" IS NULL OR "nextRunAt" <= ?) AND ${inRegistered}
       AND (("leaseExpiresAt" IS NULL AND "leaseOwner" IS NULL) OR "leaseExpiresAt" < ?) ORDER BY "createdAt", "id" LIMIT ${sqlInteger(limit)}`)
  const queuedSql = (limit: number) =>
    claim(`SELECT "id" FROM "Execution" WHERE "priority" = ? AND "status" = 'queued' AND ${inRegistered}
       AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < ?) ORDER BY "createdAt", "id" LIMIT ${sqlInteger(limit)}`)
  // RETURNING keeps no order: oldest first again.
  const claimed = (rows: (Claimable & { createdAt: number })[]) =>
    rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(({ id, status, workflowDefinitionId }) => ({ id, status, workflowDefinitionId }))
  return {
    underWay: (at, limit) => claimed(w.all(underWaySql(limit), [workerId, at + leaseMs, at, ...workflows, at])),
    queued: (priority, limit) => {
      const at = now()
      return claimed(w.all(queuedSql(limit), [workerId, at + leaseMs, priority, ...workflows, at]))
    },
  }
}

export function createQueueStore({ writer: w, read, now }: QueueStoreOptions): QueueStore {
  return {
    read,

    claimedOnRead: w.dialect === 'postgres',

    due(workflows, claimant) {
      if (w.dialect === 'postgres') return claimingDueReads(w, workflows, claimant, now)
      const inRegistered = `"workflowDefinitionId" IN (${placeholders(workflows.length)})`
      // Under way: read from the index of executions under way, by lease — two ranges, those no one
      // holds and those whose lease lapsed, so the executions workers hold now are never read (the
      // look runs every poll) — then sorted by age: ordering by the creation-time index instead
      // would walk a long history's every finished execution. (A lease is set and cleared with its
      // owner: no owner, no expiry.)
      const dueWhere = `"status" IN ('starting', 'running', 'retry') AND ("nextRunAt" IS NULL OR "nextRunAt" <= ?) AND ${inRegistered}`
      const underWaySql = (limit: number) => `SELECT "id", "status", "workflowDefinitionId" FROM (
           SELECT "id", "status", "workflowDefinitionId", "createdAt" FROM "Execution" WHERE ${dueWhere} AND "leaseExpiresAt" IS NULL AND "leaseOwner" IS NULL
           UNION ALL
           SELECT "id", "status", "workflowDefinitionId", "createdAt" FROM "Execution" WHERE ${dueWhere} AND "leaseExpiresAt" < ?
         ) ORDER BY "createdAt", "id" LIMIT ${sqlInteger(limit)}`
      // One priority at a time, each an index range read in age order: cheaper than one UNION of
      // the four with a sort. (Age alone: a tie-break on id would sort every queued row of a
      // priority first.)
      const queueSql = (limit: number) =>
        `SELECT "id", "status", "workflowDefinitionId" FROM "Execution" WHERE "priority" = ? AND "status" = 'queued' AND ${inRegistered} ORDER BY "createdAt" LIMIT ${sqlInteger(limit)}`
      return {
        underWay: (at, limit) => w.all<Claimable>(underWaySql(limit), [at, ...workflows, at, ...workflows, at]),
        queued: (priority, limit) => w.all<Claimable>(queueSql(limit), [priority, ...workflows]),
      }
    },

    saveDefinition(row) {
      w.run(
        `INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "description", "serviceId", "definition", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "description" = excluded."description", "definition" = excluded."definition"`,
        [row.id, row.key, row.version, row.name, row.description, row.serviceId, row.definition, row.createdAt],
      )
    },

    execution(id) {
      const raw = w.get<Record<string, unknown>>('SELECT * FROM "Execution" WHERE "id" = ?', [id])
      return raw ? fromSql<ExecutionRow>('Execution', raw) : null
    },
    status: (id) => w.get<{ status: string }>('SELECT "status" FROM "Execution" WHERE "id" = ?', [id])?.status,
    parentOf: (id) => w.get<{ parentExecutionId: string | null }>('SELECT "parentExecutionId" FROM "Execution" WHERE "id" = ?', [id])?.parentExecutionId,
    correlationIdOf: (id) => w.get<{ correlationId: string }>('SELECT "correlationId" FROM "Execution" WHERE "id" = ?', [id])?.correlationId,
    treeSize: (id) =>
      Number(
        w.get<{ n: number | string }>(
          `SELECT count(*) AS "n" FROM "Execution" WHERE "rootExecutionId" = (SELECT coalesce("rootExecutionId", "id") FROM "Execution" WHERE "id" = ?)`,
          [id],
        )?.n ?? 0,
      ),
    children: (id, stepId) =>
      w
        .all<Record<string, unknown>>(
          `SELECT "id", "status", "result", "errorCode", "errorRecoverable", "errorRetryCount", "retryPolicy" FROM "Execution"
         WHERE "parentExecutionId" = ? AND "parentStepId" = ? ORDER BY "createdAt", "id"`,
          [id, stepId],
        )
        .map((raw) => fromSql<ChildView>('Execution', raw)),
    stepsChangedSince: (id, since) =>
      w
        .all<Record<string, unknown>>(
          'SELECT "stepId", "status", "output", "attempt", "error", "errorCode", "errorMessage" FROM "ExecutionStep" WHERE "executionId" = ? AND "updatedAt" >= ?',
          [id, since],
        )
        .map((raw) => fromSql<StepView>('ExecutionStep', raw)),
    runningSteps: (id) => w.all<{ stepId: string }>(`SELECT "stepId" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'running'`, [id]).map((r) => r.stepId),
    stepCheckpoints: (id, stepId) =>
      w
        .all<Record<string, unknown>>(
          'SELECT "state", "metadata" FROM "ExecutionCheckpoint" WHERE "executionId" = ? AND "step" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 20',
          [id, stepId],
        )
        .map((raw) => fromSql<{ state: unknown; metadata: unknown }>('ExecutionCheckpoint', raw)),

    claim: (id, workerId, leaseMs) =>
      read(() => {
        const at = now()
        const { changes } = w.run(
          `UPDATE "Execution" SET "leaseOwner" = ?, "leaseExpiresAt" = ?
           WHERE "id" = ? AND ("leaseOwner" IS NULL OR "leaseOwner" = ? OR "leaseExpiresAt" < ?)`,
          [workerId, at + leaseMs, id, workerId, at],
        )
        return changes === 1
      }),
    extendLeases: async (ids, workerId, leaseMs) => {
      const marks = placeholders(ids.length)
      return read(() => {
        const at = now()
        beatWorker(w, workerId, at)
        if (!ids.length) return []
        w.run(`UPDATE "Execution" SET "leaseExpiresAt" = ? WHERE "leaseOwner" = ? AND "id" IN (${marks})`, [at + leaseMs, workerId, ...ids])
        return w.all<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "leaseOwner" = ? AND "id" IN (${marks})`, [workerId, ...ids]).map((r) => r.id)
      })
    },
    release: (id, workerId) =>
      read(() => {
        w.run('UPDATE "Execution" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "id" = ? AND "leaseOwner" = ?', [id, workerId])
      }),
    park: (id, workerId, until) =>
      read(() => {
        w.run(`UPDATE "Execution" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "nextRunAt" = ? WHERE "id" = ? AND "leaseOwner" = ? AND "status" = 'running'`, [
          until.getTime(),
          id,
          workerId,
        ])
      }),
    wake: (id) =>
      read(() => {
        const { changes } = w.run(`UPDATE "Execution" SET "nextRunAt" = ? WHERE "id" = ? AND "status" = 'running' AND "nextRunAt" IS NOT NULL`, [now(), id])
        return changes === 1
      }),

    latestTask: (id, stepId) =>
      w.get<LatestTask>(
        `SELECT "status", "retryCount", "taskReference", "organizationId", "taskDefinitionId", "taskKey", "taskVersion", "type", "priority", "timeoutMs", "input"
         FROM "TaskInstance" WHERE "executionId" = ? AND "stepId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`,
        [id, stepId],
      ),
    templateCount: () => w.get<{ n: number }>('SELECT count(*) AS n FROM "WorkflowDefinition" WHERE "template" IS NOT NULL', [])!.n,
    templates: () =>
      w.all<TemplateRow>(
        'SELECT "id", "key", "version", "serviceId", "organizationId", "template" FROM "WorkflowDefinition" WHERE "template" IS NOT NULL ORDER BY "key", "version"',
        [],
      ),
    taskDefinition: (organizationId, key, version) =>
      w.get<TaskDefinitionRow>(
        'SELECT "id", "key", "version", "name", "type", "inputSchema", "outputSchema", "timeoutMs", "retryPolicy", "resources" FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ? AND "version" = ?',
        [organizationId, key, version],
      ),

    registerWorker: (worker, at) => registerWorker(w, worker, at),
    stopWorker: (id, at) => stopWorker(w, id, at),
  }
}
