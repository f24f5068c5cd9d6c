// Supervision of every execution, whoever runs it (docs/engine.md: timeouts, automatic retries by the
// policy, checkpoints). The engine supervises the runs it holds; this covers the rest — outside
// services' executions driven over the API, and executions no engine worker holds. Everything it
// looks at is in the database, so it carries on across restarts; every change it makes goes
// through the write path, guarded by the status it saw, so two console processes supervising the
// same database cannot both act. With `duties`, one process at a time does the rounds at all
// (ops/duties.ts); another takes over within DUTY_TTL_MS of its death.
import { logger } from '../ops/log'
import { open } from '../security/crypto'
import type { Writer } from '../db/writer'
import type { Clock } from '../lib/clock'
import { pollLoop } from '../lib/loop'
import { SUPERVISOR, type ExecutionService } from '../services/executions'
import { ServiceError } from '../services/errors'
import type { RecoveryService } from '../services/recovery'
import type { StartFallback } from '../engine/recovery'
import { createReportedRecovery } from './recovery'
import type { DutyHolder } from '../ops/duties'

export interface SupervisorOptions {
  store: Writer
  executions: ExecutionService
  clock: Clock
  /** A running outside service's execution silent this long is flagged stalled (STALL_AFTER_MS). */
  silenceMs: number
  /** Checkpoints of running outside executions at this interval (CHECKPOINT_INTERVAL_MS). */
  checkpointEveryMs: number
  /** How often it looks (SUPERVISION_INTERVAL_MS). */
  pollMs?: number
  /** Per-execution alerts: time alone moves silence and duration, so each round measures the armed ones. */
  alerts?: { evaluate(): Promise<string[]> }
  /** Run-time recovery strategies for the steps outside services report failed (recovery.ts). */
  recovery?: Pick<RecoveryService, 'decide' | 'checkpointFor'>
  /** How a FALLBACK strategy's workflow starts (the engine of this process, when it runs). */
  startFallback?: StartFallback
  /** Several processes on one database: the rounds are a duty one of them holds. */
  duties?: DutyHolder
}

export interface SupervisionRound {
  timedOut: string[]
  retried: string[]
  stalled: string[]
  checkpointed: string[]
  /** Per-execution alerts fired this round. */
  alerted: string[]
  /** Executions whose reported step failure a recovery strategy handled this round (or whose retry it started). */
  recovered: string[]
}

/** At most this many of each kind a round: a backlog is worked off over the next rounds. */
const BATCH = 200

export function createSupervisor(options: SupervisorOptions) {
  const { store, executions, clock, silenceMs, checkpointEveryMs } = options
  const lifetime = new AbortController()
  let loop: Promise<unknown> | undefined
  const reported = options.recovery ? createReportedRecovery({ store, executions, recovery: options.recovery, clock, startFallback: options.startFallback }) : undefined

  /** Running and held by no live lease (an outside service's, or one no engine worker holds), past its timeout. */
  const overdue = (now: number) =>
    store.all<{ id: string; timeoutMs: number }>(
      `SELECT "id", "timeoutMs" FROM "Execution"
       WHERE "status" IN ('starting', 'running', 'retry') AND "status" = 'running'
         AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < ?)
         AND "startedAt" + "timeoutMs" + "pausedMs" + "retryDurationMs" <= ?
       LIMIT ${BATCH}`,
      [now, now],
    )

  /** Failed executions whose automatic retry is due (set by the failure, see the write path's fail). */
  const retriesDue = (now: number) =>
    store.all<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "status" = 'failed' AND "nextRunAt" IS NOT NULL AND "nextRunAt" <= ? LIMIT ${BATCH}`, [now])

  /** Outside services' running executions with no report for the allowed silence; waiting on a person is not silence. */
  const silent = (now: number) =>
    store.all<{ id: string }>(
      `SELECT "id" FROM "Execution" e
       WHERE "status" IN ('starting', 'running', 'retry') AND "status" = 'running' AND "workflowDefinitionId" IS NULL AND "stalledAt" IS NULL
         AND coalesce("reportedAt", "startedAt", "createdAt") <= ?
         AND NOT EXISTS (SELECT 1 FROM "ExecutionStep" s WHERE s."executionId" = e."id" AND s."status" = 'running' AND (s."type" = 'human' OR s."assigneeType" = 'human'))
       LIMIT ${BATCH}`,
      [now - silenceMs],
    )

  /** Outside services' running executions whose newest checkpoint is older than the interval. */
  const checkpointsDue = (now: number) =>
    store.all<{ id: string }>(
      `SELECT e."id" FROM "Execution" e
       WHERE "status" IN ('starting', 'running', 'retry') AND "status" = 'running' AND "workflowDefinitionId" IS NULL
         AND coalesce((SELECT max(c."createdAt") FROM "ExecutionCheckpoint" c WHERE c."executionId" = e."id"), "startedAt", "createdAt") <= ?
       LIMIT ${BATCH}`,
      [now - checkpointEveryMs],
    )

  /** The variables of an execution's newest checkpoint: the state its service last reported. */
  const lastVariables = (id: string): Record<string, unknown> | undefined => {
    const newest = store.get<{ state: string }>('SELECT "state" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC LIMIT 1', [id])
    const variables = newest ? open((JSON.parse(newest.state) as { variables?: unknown }).variables) : undefined // sealed at rest
    return variables !== null && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : undefined
  }

  /**
   * Runs each change; one that the execution's own moves overtook (refused) is left alone. A kind
   * whose look fails (a row it cannot read) is reported and skipped: the other kinds go on.
   */
  async function each<T extends { id: string }>(kind: string, find: () => T[], change: (item: T) => Promise<unknown>): Promise<string[]> {
    let items: T[]
    try {
      items = find()
    } catch (error) {
      logger('supervision').error({ err: error }, `supervision: could not look for ${kind}`)
      return []
    }
    const results = await Promise.allSettled(items.map(async (item) => change(item)))
    const done: string[] = []
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') done.push(items[i]!.id)
      else if (!ServiceError.is(r.reason)) logger('supervision').error({ err: r.reason, executionId: items[i]!.id }, `supervision: ${kind} of ${items[i]!.id} failed`)
    })
    return done
  }

  async function tick(): Promise<SupervisionRound> {
    const now = clock.now()
    const round: SupervisionRound = { timedOut: [], retried: [], stalled: [], checkpointed: [], alerted: [], recovered: [] }
    // Renewed before each kind, so a slow round keeps the duty while it works, and stops if it lost it.
    const held = () => !options.duties || options.duties.hold('supervision', Math.max(10_000, (options.pollMs ?? 1_000) * 5))
    if (!held()) return round
    round.timedOut = await each(
      'timeouts',
      () => overdue(now),
      (e) => executions.fail(e.id, SUPERVISOR, { code: 'TIMEOUT', message: `execution exceeded its timeout of ${e.timeoutMs} ms`, recoverable: true, expectedStatus: ['running'] }),
    )
    if (!held()) return round
    round.retried = await each(
      'due retries',
      () => retriesDue(now),
      (e) => executions.retry(e.id, SUPERVISOR, { deferred: true, automatic: true, expectedStatus: ['failed'] }),
    )
    if (!held()) return round
    round.stalled = await each(
      'silent executions',
      () => silent(now),
      (e) => executions.markStalled(e.id, silenceMs),
    )
    if (!held()) return round
    round.checkpointed = await each(
      'checkpoints due',
      () => checkpointsDue(now),
      (e) => executions.checkpoint(e.id, SUPERVISOR, { metadata: { reason: 'interval' }, variables: lastVariables(e.id) }),
    )
    if (!held()) return round
    try {
      round.recovered = (await reported?.round()) ?? []
    } catch (error) {
      logger('supervision').error({ err: error }, 'supervision: could not apply recovery strategies')
    }
    if (!held()) return round
    try {
      round.alerted = (await options.alerts?.evaluate()) ?? []
    } catch (error) {
      logger('supervision').error({ err: error }, 'supervision: could not evaluate execution alerts')
    }
    return round
  }

  return {
    tick,
    start() {
      loop ??= pollLoop(tick, { clock, pollMs: options.pollMs ?? 1_000, signal: lifetime.signal, name: 'supervision' }).done
    },
    async stop() {
      lifetime.abort()
      await loop
    },
  }
}

export type Supervisor = ReturnType<typeof createSupervisor>
