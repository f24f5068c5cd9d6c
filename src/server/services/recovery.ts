// Recovery strategies registered at run time (seed 002's addRecoveryStrategy /
// removeRecoveryStrategy; domain/recovery.ts decides): each belongs to an organisation, whose
// members see it and whose operators change it. The engine and supervision ask `decide` when a
// step fails; what they then do goes through the write path, with an
// `execution.recovery.applied` event naming the strategy and its RecoveryResult (the write path's
// recoveryApplied, which also counts the application on the strategy's row).
import type { Writer } from '../db/writer'
import {
  decideRecovery,
  matchStrategy,
  problemsOf,
  withDefaults,
  RECOVERY_APPLIED,
  type RecoveryDecision,
  type RecoveryStrategy,
  type RecoveryStrategyInput,
  type RecoveryStrategyPatch,
  type RecoveryType,
} from '../domain/recovery'
import { badRequest, conflict, notFound } from './errors'
import { newId } from './ids'
import semver from 'semver'

interface StrategyRow {
  id: string
  organizationId: string
  key: string
  name: string
  description: string | null
  applicableErrors: string
  type: RecoveryType
  params: string | null
  serviceId: string | null
  workflow: string | null
  priority: number
  enabled: number
  createdBy: string
  applications: number
  lastAppliedAt: number | null
  createdAt: number
  updatedAt: number
}

/** A strategy as the API shows it: the domain's fields, who registered it, and how often it was applied. */
export interface RecoveryStrategyView extends RecoveryStrategy {
  createdBy: string
  updatedAt: string
  applications: number
  lastAppliedAt?: string
}

const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ')

export function serializeStrategy(r: StrategyRow): RecoveryStrategyView {
  const params = (r.params ? JSON.parse(r.params) : {}) as Pick<RecoveryStrategy, 'retry' | 'fallback' | 'restore'>
  return {
    id: r.id,
    key: r.key,
    organizationId: r.organizationId,
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    applicableErrors: JSON.parse(r.applicableErrors) as string[],
    type: r.type,
    ...(params.retry ? { retry: params.retry } : {}),
    ...(params.fallback ? { fallback: params.fallback } : {}),
    ...(params.restore ? { restore: params.restore } : {}),
    ...(r.serviceId ? { serviceId: r.serviceId } : {}),
    ...(r.workflow ? { workflow: r.workflow } : {}),
    priority: r.priority,
    enabled: r.enabled === 1,
    createdBy: r.createdBy,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    applications: r.applications,
    ...(r.lastAppliedAt !== null ? { lastAppliedAt: new Date(r.lastAppliedAt).toISOString() } : {}),
  }
}

/** What a failure of a step gets: the strategy that matched and its decision. */
export interface RecoveryPlan {
  strategy: RecoveryStrategyView
  decision: RecoveryDecision
  /** The failed execution's customer: a fallback workflow runs for it too. */
  customerId: string | null
}

export function createRecoveryService(deps: { writer: Writer; now?: () => number }) {
  const w = deps.writer
  const now = deps.now ?? Date.now

  /**
   * A strategy of one of `organizations`, by its id or its key (another organisation's does not
   * exist, to them). A key is unique in its organisation only: one that several of them use is
   * refused (409) naming them, unless `organizationId` says which.
   */
  function own(idOrKey: string, organizations: readonly string[], organizationId?: string): StrategyRow {
    const within = organizationId !== undefined ? organizations.filter((o) => o === organizationId) : organizations
    if (!within.length) throw notFound('recovery strategy', idOrKey)
    const byId = w.get<StrategyRow>(`SELECT * FROM "RecoveryStrategy" WHERE "id" = ? AND "organizationId" IN (${marks(within)})`, [idOrKey, ...within])
    if (byId) return byId
    const byKey = w.all<StrategyRow>(`SELECT * FROM "RecoveryStrategy" WHERE "key" = ? AND "organizationId" IN (${marks(within)}) ORDER BY "organizationId"`, [idOrKey, ...within])
    if (!byKey.length) throw notFound('recovery strategy', idOrKey)
    if (byKey.length > 1)
      throw conflict(
        `recovery strategy key "${idOrKey}" is used in ${byKey.length} of your organisations (${byKey.map((r) => `${r.organizationId}: ${r.id}`).join(', ')}); use its id, or add ?organizationId= to say which`,
      )
    return byKey[0]!
  }

  /** FALLBACK's target exists for `organizationId`: a workflow (code or template, its own or the console's) or a task definition of its own. */
  function refuseUnknownFallback(fallback: RecoveryStrategy['fallback'] | undefined, organizationId: string) {
    if (!fallback) return
    if (fallback.workflow !== undefined) {
      const known = w.get('SELECT 1 AS hit FROM "WorkflowDefinition" WHERE "key" = ? AND ("organizationId" IS NULL OR "organizationId" = ?) LIMIT 1', [
        fallback.workflow,
        organizationId,
      ])
      if (!known)
        throw badRequest(
          'fallback.workflow',
          `no workflow "${fallback.workflow}" in organisation ${organizationId}: give the key of a code workflow or a workflow template of its (GET /api/workflows lists them; the Definitions page shows them)`,
        )
    }
    if (fallback.task !== undefined) {
      const versions = w
        .all<{ version: string }>('SELECT "version" FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ?', [organizationId, fallback.task])
        .map((r) => r.version)
      if (!versions.length)
        throw badRequest(
          'fallback.task',
          `no task definition "${fallback.task}" in organisation ${organizationId}: give the id of a task definition registered there (GET /api/task-definitions lists them; the Definitions page shows them)`,
        )
      if (fallback.taskVersion !== undefined && !semver.maxSatisfying(versions, fallback.taskVersion))
        throw badRequest('fallback.taskVersion', `no version of task "${fallback.task}" satisfies "${fallback.taskVersion}" (registered: ${versions.join(', ')})`)
    }
  }

  /** The task definition a FALLBACK to a task runs: the newest version satisfying the strategy's, in its organisation (null: gone since). */
  function fallbackTask(organizationId: string, key: string, version?: string) {
    const rows = w.all<{ id: string; version: string; type: string; timeoutMs: number }>(
      'SELECT "id", "version", "type", "timeoutMs" FROM "TaskDefinition" WHERE "organizationId" = ? AND "key" = ?',
      [organizationId, key],
    )
    const chosen = semver.maxSatisfying(
      rows.map((r) => r.version),
      version ?? '*',
    )
    const row = rows.find((r) => r.version === chosen)
    return row ? { organizationId, taskDefinitionId: row.id, taskKey: key, taskVersion: row.version, type: row.type, timeoutMs: row.timeoutMs } : null
  }

  function refuseProblems(s: Pick<RecoveryStrategy, 'type' | 'retry' | 'fallback' | 'restore'>) {
    const [problem] = problemsOf(s)
    if (problem) throw badRequest(problem.path, problem.message)
  }

  const paramsOf = (given: Pick<RecoveryStrategy, 'retry' | 'fallback' | 'restore'>) => {
    const s = withDefaults(given)
    return s.retry || s.fallback || s.restore
      ? JSON.stringify({ ...(s.retry ? { retry: s.retry } : {}), ...(s.fallback ? { fallback: s.fallback } : {}), ...(s.restore ? { restore: s.restore } : {}) })
      : null
  }

  return {
    /** The strategies of `organizations`, by priority then age. */
    list: (organizations: readonly string[]): RecoveryStrategyView[] =>
      organizations.length
        ? w
            .all<StrategyRow>(`SELECT * FROM "RecoveryStrategy" WHERE "organizationId" IN (${marks(organizations)}) ORDER BY "priority", "createdAt", "id"`, [...organizations])
            .map(serializeStrategy)
        : [],

    get: (idOrKey: string, organizations: readonly string[], organizationId?: string) => serializeStrategy(own(idOrKey, organizations, organizationId)),

    /** Registers a strategy of `organizationId`; an id its organisation already uses is refused (409). */
    add(input: Omit<RecoveryStrategyInput, 'organizationId'>, organizationId: string, createdBy: string): RecoveryStrategyView {
      refuseProblems(input)
      refuseUnknownFallback(input.fallback, organizationId)
      const at = now()
      const id = newId('rcv', at)
      const key = input.id ?? id
      if (w.get('SELECT 1 FROM "RecoveryStrategy" WHERE "organizationId" = ? AND "key" = ?', [organizationId, key])) {
        throw conflict(`recovery strategy ${key} already exists in organisation ${organizationId}; change it (PATCH) or remove it first`)
      }
      w.run(
        `INSERT INTO "RecoveryStrategy" ("id", "organizationId", "key", "name", "description", "applicableErrors", "type", "params", "serviceId", "workflow", "priority", "enabled", "createdBy", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          organizationId,
          key,
          input.name,
          input.description ?? null,
          JSON.stringify(input.applicableErrors),
          input.type,
          paramsOf(input),
          input.serviceId ?? null,
          input.workflow ?? null,
          input.priority ?? 100,
          input.enabled === false ? 0 : 1,
          createdBy,
          at,
          at,
        ],
      )
      return serializeStrategy(own(id, [organizationId]))
    },

    /** Changes a strategy's fields; a type's parameters that do not fit the type it ends with are refused (400), nothing changed. */
    update(idOrKey: string, patch: RecoveryStrategyPatch, organizations: readonly string[], organizationId?: string): RecoveryStrategyView {
      const row = own(idOrKey, organizations, organizationId)
      const current = serializeStrategy(row)
      const type = patch.type ?? current.type
      // A new type drops the parameters of the old one unless they are sent again.
      const keep = <K extends 'retry' | 'fallback' | 'restore'>(k: K) =>
        patch[k] === null ? undefined : (patch[k] ?? (patch.type && patch.type !== current.type ? undefined : current[k]))
      const next = { type, retry: keep('retry'), fallback: keep('fallback'), restore: keep('restore') }
      refuseProblems(next)
      if (patch.fallback) refuseUnknownFallback(next.fallback, row.organizationId)
      const fields: Record<string, unknown> = { type, params: paramsOf(next), updatedAt: now() }
      if (patch.name !== undefined) fields.name = patch.name
      if (patch.description !== undefined) fields.description = patch.description
      if (patch.applicableErrors !== undefined) fields.applicableErrors = JSON.stringify(patch.applicableErrors)
      if (patch.serviceId !== undefined) fields.serviceId = patch.serviceId
      if (patch.workflow !== undefined) fields.workflow = patch.workflow
      if (patch.priority !== undefined) fields.priority = patch.priority
      if (patch.enabled !== undefined) fields.enabled = patch.enabled ? 1 : 0
      const columns = Object.keys(fields)
      w.run(`UPDATE "RecoveryStrategy" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [...columns.map((c) => fields[c]), row.id])
      return serializeStrategy(own(row.id, organizations))
    },

    /** Removes a strategy (removeRecoveryStrategy): what it already did stays on the executions' timelines. */
    remove(idOrKey: string, organizations: readonly string[], organizationId?: string): RecoveryStrategyView {
      const row = own(idOrKey, organizations, organizationId)
      w.run('DELETE FROM "RecoveryStrategy" WHERE "id" = ?', [row.id])
      return serializeStrategy(row)
    },

    fallbackTask,

    /** The checkpoint a CHECKPOINT_RESTORE goes back to: the newest, or the newest taken at step `which`; null when there is none. */
    checkpointFor(executionId: string, which: string): string | null {
      const row =
        which === 'latest'
          ? w.get<{ id: string }>('SELECT "id" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1', [executionId])
          : w.get<{ id: string }>('SELECT "id" FROM "ExecutionCheckpoint" WHERE "executionId" = ? AND "step" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1', [
              executionId,
              which,
            ])
      return row?.id ?? null
    },

    /**
     * What a failure of step `stepId` of execution `executionId` with `code` gets from the
     * strategies of the execution's organisations (its customer's and its provider's), or null when
     * none matches. Retries and restores already spent are counted from the execution's own
     * `execution.recovery.applied` events, so a restart of the console loses none.
     */
    decide(executionId: string, stepId: string | undefined, code: string): RecoveryPlan | null {
      const execution = w.get<{ customerId: string | null; providerId: string | null; serviceId: string; workflow: string | null }>(
        `SELECT e."customerId", e."providerId", e."serviceId", d."key" AS "workflow" FROM "Execution" e LEFT JOIN "WorkflowDefinition" d ON d."id" = e."workflowDefinitionId" WHERE e."id" = ?`,
        [executionId],
      )
      if (!execution) return null
      const owners = [...new Set([execution.providerId, execution.customerId].filter((o): o is string => !!o))]
      if (!owners.length) return null
      // A FALLBACK hands the step (its input, and the output later steps read) to other work of the
      // strategy's organisation: only the organisation that runs the execution may do that, not its customer.
      const runsIt = execution.providerId ?? execution.customerId
      const rows = w
        .all<StrategyRow>(`SELECT * FROM "RecoveryStrategy" WHERE "enabled" = 1 AND "organizationId" IN (${marks(owners)})`, owners)
        .filter((r) => r.type !== 'FALLBACK' || r.organizationId === runsIt)
      if (!rows.length) return null
      const strategy = matchStrategy(rows.map(serializeStrategy), { code, serviceId: execution.serviceId, workflow: execution.workflow })
      if (!strategy) return null
      const used = w.get<{ retries: number; restores: number; fallbacks: number }>(
        // (CASE … THEN 1: PostgreSQL sums no booleans; the same counts on SQLite.)
        `SELECT coalesce(sum(CASE WHEN json_extract("data", '$.result.action') = 'RETRY' AND "stepId" IS ? THEN 1 ELSE 0 END), 0) AS "retries",
                coalesce(sum(CASE WHEN json_extract("data", '$.result.action') = 'FALLBACK' AND "stepId" IS ? THEN 1 ELSE 0 END), 0) AS "fallbacks",
                coalesce(sum(CASE WHEN json_extract("data", '$.type') = 'CHECKPOINT_RESTORE' AND json_extract("data", '$.result.action') = 'CHECKPOINT_RESTORE' THEN 1 ELSE 0 END), 0) AS "restores"
         FROM "ExecutionEvent" WHERE "executionId" = ? AND "type" = ? AND json_extract("data", '$.strategyId') = ?`,
        [stepId ?? null, stepId ?? null, executionId, RECOVERY_APPLIED, strategy.id],
      )!
      return {
        strategy,
        customerId: execution.customerId,
        decision: decideRecovery(strategy, { code, step: stepId, retriesUsed: used.retries, restoresUsed: used.restores, fallbacksUsed: used.fallbacks }),
      }
    },
  }
}

export type RecoveryService = ReturnType<typeof createRecoveryService>
