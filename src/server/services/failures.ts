// Failure analytics for a time range and service: the failure rate over time, error codes,
// failures by service and by step, failure groups (domain/failures.ts) with what operators
// decided about them, retry success, time to recovery, and cost and duration trends.
import type { Reader } from '../db/reader'
import { sqlInteger } from '../db/statements'
import type { Dialect, Writer } from '../db/writer'
import { visibleSql } from '../domain/access'
import { groupState, normaliseMessage, type FailureGroupState } from '../domain/failures'
import { failureFingerprint } from '../domain/failure-fingerprint'
import { notFound } from './errors'
import { open, seal } from '../security/crypto'

/** A request's organisations (undefined: the console's own reads, every organisation). */
type Access = readonly string[] | undefined

const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface FailureAnalyticsInput {
  service?: string
  from?: string
  to?: string
}

export interface FailureGroupView {
  fingerprint: string
  errorCode: string
  step: string | null
  /** The failing step's name in one of the group's executions (names carry an execution's own data: `stepNameVaries` says when others differ). */
  stepName: string | null
  stepNameVaries: boolean
  /** The message with what varies taken out; `example` is one as it was written. */
  message: string
  example: string
  count: number
  services: string[]
  firstSeen: string
  lastSeen: string
  state: FailureGroupState | 'reopened'
  changedBy: string | null
  changedAt: string | null
}

/** An execution's failure group as its page's "why it failed" card shows it. */
export interface FailureGroupCard {
  fingerprint: string
  errorCode: string | null
  step: string | null
  /** The group's message with what varies taken out (null when no execution fails this way now). */
  message: string | null
  /** Executions that failed this way (their latest failure), ever and in the last 24 hours. */
  count: number
  lastDay: number
  firstSeen: string
  lastSeen: string
  /** How the retried ones ended: completed, failed again for good, still being retried, cancelled. */
  retries: { recovered: number; gaveUp: number; retrying: number; cancelled: number }
  /** Whether the execution recovered from it (its current failure is another, or none). */
  recovered: boolean
  state: FailureGroupState | 'reopened'
  changedBy: string | null
}

/** The start of the `bucket`-ms interval "createdAt" falls in, in ms: SQLite holds ms (integer division floors), PostgreSQL a timestamp. */
function bucketStart(dialect: Dialect, bucket: number): string {
  return dialect === 'postgres' ? `floor(EXTRACT(EPOCH FROM "createdAt") * 1000 / ${bucket})::bigint * ${bucket}` : `("createdAt" / ${bucket}) * ${bucket}`
}

export function createFailureService({ reader, writer, now = () => new Date() }: { reader: Reader; writer: Writer; now?: () => Date }) {
  function range(input: FailureAnalyticsInput) {
    const to = input.to ? Date.parse(input.to) : now().getTime()
    const from = input.from ? Date.parse(input.from) : to - 7 * DAY
    return { from, to, bucket: to - from <= 2 * DAY ? HOUR : DAY }
  }
  function where(input: FailureAnalyticsInput, organizations: Access, extra: string[] = [], extraParams: unknown[] = []) {
    const { from, to } = range(input)
    const clauses = ['"createdAt" >= ?', '"createdAt" <= ?', ...extra]
    const params: unknown[] = [from, to, ...extraParams]
    if (input.service) {
      clauses.push('"serviceId" = ?')
      params.push(input.service)
    }
    if (organizations) {
      const visible = visibleSql(organizations)
      clauses.push(visible.sql)
      params.push(...visible.params)
    }
    return { sql: `WHERE ${clauses.join(' AND ')}`, params }
  }

  return {
    analytics(input: FailureAnalyticsInput, organizations?: Access) {
      const { from, to, bucket } = range(input)
      const all = where(input, organizations)
      // Over time: executions created in each bucket, how many of them failed, cost and duration.
      const series = reader
        .all<{ t: number; total: number; failed: number; completed: number; cancelled: number; cost: number | null; duration: number | null }>(
          `SELECT ${bucketStart(reader.dialect, bucket)} AS t, count(*) AS total,
             sum(CASE WHEN "status" IN ('failed', 'retry') THEN 1 ELSE 0 END) AS failed, sum(CASE WHEN "status" = 'completed' THEN 1 ELSE 0 END) AS completed,
             sum(CASE WHEN "status" = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
             avg("cost") AS cost, avg(CASE WHEN "status" = 'completed' THEN "durationMs" END) AS duration
           FROM "Execution" ${all.sql} GROUP BY t ORDER BY t`,
          all.params,
        )
        .map((r) => ({
          at: new Date(r.t).toISOString(),
          total: r.total,
          failed: r.failed,
          completed: r.completed,
          // Its own count: cancelled is neither a success nor a failure, nor still under way.
          cancelled: r.cancelled,
          failureRate: r.failed + r.completed ? r.failed / (r.failed + r.completed) : null,
          averageCost: r.cost,
          averageDuration: r.duration,
        }))

      // Failures by group, service and step, from the failures' own index.
      const failed = where(input, organizations, ['"errorFingerprint" IS NOT NULL', "\"status\" IN ('failed', 'retry')"])
      const rows = reader.all<{ fingerprint: string; code: string; step: string | null; service: string; message: string; n: number; first: number; last: number }>(
        // code and step are the fingerprint's own (one value per group): min() says so to PostgreSQL.
        `SELECT "errorFingerprint" AS fingerprint, min("errorCode") AS code, min("errorStep") AS step, "serviceId" AS service,
           min("errorMessage") AS message, count(*) AS n, min("errorAt") AS first, max("errorAt") AS last
         FROM "Execution" ${failed.sql} GROUP BY "errorFingerprint", "serviceId"`,
        failed.params,
      )
      // What the reader's own organisations decided (the newest, where several did): another
      // organisation's decisions, and who made them, are not theirs to see.
      const mine = organizations ? `WHERE "organizationId" IN (${organizations.map(() => '?').join(', ') || 'NULL'})` : ''
      const decided = new Map(
        reader
          .all<{ fingerprint: string; state: FailureGroupState; changedBy: string; changedAt: number }>(
            `SELECT "fingerprint", "state", "changedBy", "changedAt" FROM "FailureGroup" ${mine} ORDER BY "changedAt"`,
            [...(organizations ?? [])],
          )
          .map((d) => [d.fingerprint, d]),
      )
      const groups = new Map<string, FailureGroupView>()
      const byCode: Record<string, number> = {}
      const byService: Record<string, number> = {}
      const byStep: Record<string, number> = {}
      for (const r of rows) {
        byCode[r.code] = (byCode[r.code] ?? 0) + r.n
        byService[r.service] = (byService[r.service] ?? 0) + r.n
        const step = r.step ?? '(execution)'
        byStep[step] = (byStep[step] ?? 0) + r.n
        const g = groups.get(r.fingerprint)
        if (g) {
          g.count += r.n
          g.services.push(r.service)
          if (r.first < Date.parse(g.firstSeen)) g.firstSeen = new Date(r.first).toISOString()
          if (r.last > Date.parse(g.lastSeen)) g.lastSeen = new Date(r.last).toISOString()
        } else {
          const example = open(r.message) as string // sealed at rest
          groups.set(r.fingerprint, {
            fingerprint: r.fingerprint,
            errorCode: r.code,
            step: r.step,
            stepName: null,
            stepNameVaries: false,
            message: normaliseMessage(example),
            example,
            count: r.n,
            services: [r.service],
            firstSeen: new Date(r.first).toISOString(),
            lastSeen: new Date(r.last).toISOString(),
            state: 'open',
            changedBy: null,
            changedAt: null,
          })
        }
      }
      for (const g of groups.values()) {
        // The step's name as the executions' own pages show it (two of the group's, of those the reader sees).
        if (g.step) {
          const seen = where(input, organizations, ['"errorFingerprint" = ?'], [g.fingerprint])
          const names = reader.all<{ name: string }>(
            `SELECT DISTINCT s."name" AS name FROM "ExecutionStep" s WHERE s."stepId" = ? AND s."executionId" IN (SELECT "id" FROM "Execution" ${seen.sql} LIMIT 100) LIMIT 2`,
            [g.step, ...seen.params],
          )
          g.stepName = names[0]?.name ?? null
          g.stepNameVaries = names.length > 1
        }
        const d = decided.get(g.fingerprint)
        g.state = groupState(d ? { state: d.state, changedAt: new Date(d.changedAt) } : undefined, new Date(g.lastSeen))
        g.changedBy = d?.changedBy ?? null
        g.changedAt = d ? new Date(d.changedAt).toISOString() : null
      }

      // Recovery: of executions that were retried, how many completed, and how long recovery took.
      const retried = where(input, organizations, ['"retries" > 0'])
      const recovery = reader.get<{ completed: number; failed: number; wait: number | null }>(
        `SELECT sum(CASE WHEN "status" = 'completed' THEN 1 ELSE 0 END) AS completed, sum(CASE WHEN "status" IN ('failed', 'retry') THEN 1 ELSE 0 END) AS failed,
           avg(CASE WHEN "status" = 'completed' THEN "retryDurationMs" END) AS wait
         FROM "Execution" ${retried.sql}`,
        retried.params,
      )!
      const finished = series.reduce((n, p) => n + p.failed + p.completed, 0)
      const recovered = recovery.completed ?? 0
      const stillFailed = recovery.failed ?? 0
      return {
        service: input.service ?? null,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        bucket: bucket === HOUR ? ('hour' as const) : ('day' as const),
        series,
        byCode,
        byService,
        byStep,
        groups: [...groups.values()].sort((a, b) => b.count - a.count),
        /** Failed / (failed + completed) over the whole range. */
        failureRate: finished ? series.reduce((n, p) => n + p.failed, 0) / finished : null,
        retrySuccessRate: recovered + stillFailed ? recovered / (recovered + stillFailed) : null,
        meanTimeToRecovery: recovery.wait,
      }
    },

    /**
     * The group of an execution's current failure (or, once it recovered, of its latest one) among
     * the executions `organizations` see; null when it never failed, not found when it is not theirs to see.
     */
    groupOf(executionId: string, organizations?: Access): FailureGroupCard | null {
      const scope = organizations ? visibleSql(organizations) : { sql: '1', params: [] }
      const own = reader.get<{ current: string | null; latest: string | null }>(
        `SELECT "errorFingerprint" AS current, "failureFingerprint" AS latest FROM "Execution" WHERE "id" = ? AND ${scope.sql}`,
        [executionId, ...scope.params],
      )
      if (!own) throw notFound('execution', executionId) // (another organisation's is not found either)
      const fingerprint = own.current ?? own.latest
      if (!fingerprint) return null
      const at = now().getTime()
      const seen = reader.get<{ n: number; day: number | null; first: number; last: number }>(
        `SELECT count(*) AS n, sum(CASE WHEN "createdAt" >= ? THEN 1 ELSE 0 END) AS day, min("createdAt") AS first, max("createdAt") AS last
         FROM "Execution" WHERE "failureFingerprint" = ? AND ${scope.sql}`,
        [at - DAY, fingerprint, ...scope.params],
      )!
      const retried = reader.all<{ status: string; n: number }>(
        `SELECT "status", count(*) AS n FROM "Execution" WHERE "failureFingerprint" = ? AND "retries" > 0 AND ${scope.sql} GROUP BY "status"`,
        [fingerprint, ...scope.params],
      )
      const ended = (statuses: string[]) => retried.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.n, 0)
      const example = reader.get<{ code: string; step: string | null; message: string }>(
        `SELECT "errorCode" AS code, "errorStep" AS step, "errorMessage" AS message FROM "Execution" WHERE "errorFingerprint" = ? AND ${scope.sql} LIMIT 1`,
        [fingerprint, ...scope.params],
      )
      const mine = organizations ? `AND "organizationId" IN (${organizations.map(() => '?').join(', ') || 'NULL'})` : ''
      const decided = reader.get<{ state: FailureGroupState; changedBy: string; changedAt: number }>(
        `SELECT "state", "changedBy", "changedAt" FROM "FailureGroup" WHERE "fingerprint" = ? ${mine} ORDER BY "changedAt" DESC LIMIT 1`,
        [fingerprint, ...(organizations ?? [])],
      )
      return {
        fingerprint,
        errorCode: example?.code ?? null,
        step: example?.step ?? null,
        message: example ? normaliseMessage(open(example.message) as string) : null,
        count: seen.n,
        lastDay: seen.day ?? 0,
        firstSeen: new Date(seen.first).toISOString(),
        lastSeen: new Date(seen.last).toISOString(),
        retries: {
          recovered: ended(['completed']),
          gaveUp: ended(['failed']),
          retrying: ended(['retry', 'queued', 'starting', 'running', 'paused']),
          cancelled: ended(['cancelled']),
        },
        recovered: own.current !== fingerprint,
        state: groupState(decided ? { state: decided.state, changedAt: new Date(decided.changedAt) } : undefined, new Date(seen.last)),
        changedBy: decided?.changedBy ?? null,
      }
    },

    /**
     * Resolve or ignore a group (or open it again), for each of `organizations` that sees it:
     * each organisation decides about its own failures.
     */
    decide(fingerprint: string, state: FailureGroupState, who: string, organizations: readonly string[]) {
      const at = now().getTime()
      const decidedFor: string[] = []
      let example: { code: string; step: string | null; message: string } | undefined
      writer.transaction(() => {
        for (const organization of organizations) {
          const scope = visibleSql([organization])
          const seen = writer.get<{ code: string; step: string | null; message: string }>(
            `SELECT "errorCode" AS code, "errorStep" AS step, "errorMessage" AS message FROM "Execution" WHERE "errorFingerprint" = ? AND ${scope.sql} LIMIT 1`,
            [fingerprint, ...scope.params],
          )
          if (!seen) continue
          example ??= seen
          decidedFor.push(organization)
          writer.run(
            `INSERT INTO "FailureGroup" ("organizationId", "fingerprint", "errorCode", "step", "message", "state", "changedBy", "changedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT ("organizationId", "fingerprint") DO UPDATE SET "state" = excluded."state", "changedBy" = excluded."changedBy", "changedAt" = excluded."changedAt"`,
            [organization, fingerprint, seen.code, seen.step, seal(normaliseMessage(open(seen.message) as string)), state, who, at],
          )
        }
      })
      if (!example) throw notFound('failure group', fingerprint)
      return { fingerprint, state, changedBy: who, changedAt: new Date(at).toISOString(), organizations: decidedFor }
    },
  }
}

export type FailureService = ReturnType<typeof createFailureService>

/**
 * Failures recorded before failure groups existed get their fingerprint: a pass over the table in
 * primary-key order (which both databases have; PostgreSQL has no rowid), a batch per transaction.
 * Returns how many were filled in.
 */
export async function backfillFingerprints(writer: Writer, batch = 2_000): Promise<number> {
  let after = ''
  let filled = 0
  for (;;) {
    const rows = writer.all<{ id: string; code: string; step: string | null; message: string | null }>(
      `SELECT "id", "errorCode" AS code, "errorStep" AS step, "errorMessage" AS message FROM "Execution"
       WHERE "id" > ? AND "errorCode" IS NOT NULL AND "errorFingerprint" IS NULL ORDER BY "id" LIMIT ${sqlInteger(batch)}`,
      [after],
    )
    if (!rows.length) return filled
    writer.transaction(() => {
      for (const r of rows)
        writer.run('UPDATE "Execution" SET "errorFingerprint" = ? WHERE "id" = ? AND "errorFingerprint" IS NULL', [
          failureFingerprint(r.code, r.step, (open(r.message) as string | null) ?? ''),
          r.id,
        ])
    })
    filled += rows.length
    after = rows.at(-1)!.id
    // Let requests in between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
}
