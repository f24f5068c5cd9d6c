// Per-execution alerts (seed 002's setAlert / removeAlert): "tell me when this execution's cost
// passes $5", "when it has been silent for ten minutes", "when it fails", "when progress passes
// 80%". Stored per execution, evaluated on its events as they commit (the bus, after the commit)
// and on supervision's timer (time alone moves silence and duration), fired once through the
// write path (services/executions/alerts.ts). Tenancy is the execution's: another organisation's
// execution is not found, a viewer may list but not set or remove.
import { logger } from '../ops/log'
import type { Writer } from '../db/writer'
import type { EventBus } from '../events/bus'
import type { Actor } from '../domain/actor'
import { canSee } from '../domain/access'
import { describeExecutionAlert, executionAlertHolds, step, type AlertedExecution, type ExecutionAlertCondition, type ExecutionAlertMetric } from '../domain/alerts'
import type { AlertOperator } from '../domain/alerts'
import type { ExecutionAlertView } from '../domain/contracts'
import type { executionAlertInputSchema } from '../domain/schemas'
import { isPrivateHost } from '../domain/network'
import { seal } from '../security/crypto'
import type { z } from 'zod'
import type { ExecutionService } from './executions'
import { assertChangeable } from './executions/apply'
import { badRequest, notFound, ServiceError } from './errors'
import { newId, newWebhookSecret } from './ids'
import { ENDED_STATUSES, hasEnded } from '../domain/lifecycle'

export type ExecutionAlertInput = z.infer<typeof executionAlertInputSchema>

/** Armed alerts an execution may carry: enough for any person's needs, bounded for the timer's reads. */
export const MAX_ALERTS_PER_EXECUTION = 20

interface AlertRow {
  id: string
  executionId: string
  name: string | null
  metric: ExecutionAlertMetric
  operator: AlertOperator | null
  threshold: number | null
  statuses: string | null
  forMs: number
  pendingSince: number | null
  webhookUrl: string | null
  createdBy: string
  createdAt: number
  firedAt: number | null
  value: number | null
  message: string | null
}

type Armed = AlertRow & AlertedExecution

const conditionOf = (a: AlertRow): ExecutionAlertCondition => ({
  metric: a.metric,
  ...(a.operator ? { operator: a.operator } : {}),
  ...(a.threshold !== null ? { threshold: a.threshold } : {}),
  ...(a.statuses ? { statuses: JSON.parse(a.statuses) as string[] } : {}),
  ...(a.forMs ? { duration: a.forMs } : {}),
})

export function serializeExecutionAlert(a: AlertRow): ExecutionAlertView {
  const date = (v: number | null) => (v === null ? undefined : new Date(v).toISOString())
  return {
    id: a.id,
    executionId: a.executionId,
    ...(a.name ? { name: a.name } : {}),
    condition: conditionOf(a) as ExecutionAlertView['condition'],
    ...(a.webhookUrl ? { webhookUrl: a.webhookUrl } : {}),
    createdBy: a.createdBy,
    createdAt: date(a.createdAt)!,
    ...(a.firedAt !== null ? { firedAt: date(a.firedAt), value: a.value ?? undefined, message: a.message ?? undefined } : {}),
  }
}

const ARMED_SQL = `SELECT a.*, e."status", e."cost", e."tokensUsed", e."progress", e."createdAt" AS "executionCreatedAt", e."startedAt", e."pausedAt", e."pausedMs", e."retryDurationMs", e."reportedAt"
  FROM "ExecutionAlert" a JOIN "Execution" e ON e."id" = a."executionId" WHERE a."firedAt" IS NULL`

export function createExecutionAlertService(deps: {
  writer: Writer
  executions: ExecutionService
  now?: () => number
  /** Webhooks to loopback or private addresses are refused unless allowed (tests, local development). */
  allowPrivateWebhooks?: boolean
}) {
  const w = deps.writer
  const now = deps.now ?? Date.now
  /** Executions with an armed alert (this process's view; the timer's round refreshes it from the table). */
  let armedExecutions = new Set<string>()
  let loaded = false
  const refresh = () => {
    armedExecutions = new Set(w.all<{ executionId: string }>('SELECT DISTINCT "executionId" FROM "ExecutionAlert" WHERE "firedAt" IS NULL').map((r) => r.executionId))
    loaded = true
  }

  /** The execution's owners, checked against the actor: not found to whoever may not see it, refused to whoever may only read it. */
  function changeable(executionId: string, actor: Actor) {
    const owners = w.get<{ customerId: string | null; providerId: string | null; status: string }>('SELECT "customerId", "providerId", "status" FROM "Execution" WHERE "id" = ?', [
      executionId,
    ])
    assertChangeable(actor, executionId, owners)
    return owners!
  }

  function visible(executionId: string, organizations: readonly string[]) {
    const owners = w.get<{ customerId: string | null; providerId: string | null }>('SELECT "customerId", "providerId" FROM "Execution" WHERE "id" = ?', [executionId])
    if (!owners || !canSee(organizations, owners)) throw notFound('execution', executionId)
  }

  /** Measures the armed alerts `rows` and fires those whose condition has held long enough; answers the ids fired. */
  async function evaluateRows(rows: Armed[]): Promise<string[]> {
    const at = now()
    const fired: string[] = []
    for (const row of rows) {
      const condition = conditionOf(row)
      const e: AlertedExecution = { ...row, createdAt: (row as unknown as { executionCreatedAt: number }).executionCreatedAt }
      const { holds, value } = executionAlertHolds(condition, e, at)
      const next = step({ pendingSince: row.pendingSince, open: false }, holds, at, row.forMs)
      if (next.action === 'fire') {
        try {
          await deps.executions.fireAlert(row.executionId, {
            alertId: row.id,
            name: row.name ?? undefined,
            condition: condition as unknown as Record<string, unknown>,
            value,
            message: describeExecutionAlert(condition, value, row.status, row.name ?? undefined),
          })
          fired.push(row.id)
        } catch (error) {
          // Another process fired it first, or it was removed meanwhile: nothing to do.
          if (!ServiceError.is(error)) logger('alerts').error({ err: error }, `execution alerts: firing ${row.id} failed`)
        }
      } else if (next.pendingSince !== row.pendingSince) {
        w.run('UPDATE "ExecutionAlert" SET "pendingSince" = ? WHERE "id" = ? AND "firedAt" IS NULL', [next.pendingSince, row.id])
      }
    }
    return fired
  }

  /** Evaluations asked for by events, one at a time per execution and coalesced while one runs. */
  const due = new Set<string>()
  let draining: Promise<void> | null = null
  function evaluateSoon(executionId: string) {
    due.add(executionId)
    draining ??= (async () => {
      await new Promise((resolve) => setImmediate(resolve))
      while (due.size) {
        const ids = [...due]
        due.clear()
        for (const id of ids) await evaluateExecution(id).catch((error) => logger('alerts').error({ err: error }, 'execution alerts: evaluation failed'))
      }
      draining = null
    })()
  }

  async function evaluateExecution(executionId: string): Promise<string[]> {
    const fired = await evaluateRows(w.all<Armed>(`${ARMED_SQL} AND a."executionId" = ?`, [executionId]))
    if (!w.get('SELECT 1 AS hit FROM "ExecutionAlert" WHERE "executionId" = ? AND "firedAt" IS NULL', [executionId])) armedExecutions.delete(executionId)
    return fired
  }

  return {
    /** Sets an alert on an execution this actor may change; answers it (with its webhook's signing secret, once). */
    set(executionId: string, input: ExecutionAlertInput, actor: Actor, createdBy: string) {
      const owners = changeable(executionId, actor)
      if (hasEnded(owners.status) && input.metric !== 'status') {
        throw new ServiceError('CONFLICT', `cannot set a ${input.metric} alert: execution ${executionId} is ${owners.status}; only a status alert applies once it has ended`)
      }
      const armed = w.get<{ n: number }>('SELECT count(*) AS n FROM "ExecutionAlert" WHERE "executionId" = ? AND "firedAt" IS NULL', [executionId])!.n
      if (armed >= MAX_ALERTS_PER_EXECUTION)
        throw new ServiceError('CONFLICT', `execution ${executionId} already has ${armed} armed alerts, the most it may have; remove one first`)
      if (input.webhookUrl && !deps.allowPrivateWebhooks && isPrivateHost(new URL(input.webhookUrl).hostname)) {
        throw badRequest('webhookUrl', 'a loopback or private address; allowed only with WEBHOOK_ALLOW_PRIVATE=1')
      }
      const at = now()
      const id = newId('xalert', at)
      const secret = input.webhookUrl ? newWebhookSecret() : undefined
      // The organisation the webhook speaks for: one of the actor's that may see the execution.
      const organizationId = actor.organizations?.find((o) => o === owners.customerId || o === owners.providerId) ?? null
      w.transaction(() => {
        w.run(
          `INSERT INTO "ExecutionAlert" ("id", "executionId", "name", "metric", "operator", "threshold", "statuses", "forMs", "webhookUrl", "createdBy", "createdAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            executionId,
            input.name ?? null,
            input.metric,
            input.operator ?? null,
            input.threshold ?? null,
            input.statuses ? JSON.stringify(input.statuses) : null,
            input.duration ?? 0,
            input.webhookUrl ?? null,
            createdBy,
            at,
          ],
        )
        if (input.webhookUrl) {
          w.run(
            `INSERT INTO "Webhook" ("id", "executionAlertId", "organizationId", "url", "events", "retries", "timeoutMs", "secret", "enabled", "createdAt") VALUES (?, ?, ?, ?, ?, 3, 5000, ?, TRUE, ?)`,
            [newId('wh', at), id, organizationId, input.webhookUrl, JSON.stringify(['execution.alert']), seal(secret!), at],
          )
        }
      })
      armedExecutions.add(executionId)
      // A condition that already holds (a status alert on a failed execution, a cost already past) fires now, not at the next event.
      evaluateSoon(executionId)
      return { ...this.get(id), ...(secret ? { webhookSecret: secret } : {}) }
    },

    get(id: string): ExecutionAlertView {
      const row = w.get<AlertRow>('SELECT * FROM "ExecutionAlert" WHERE "id" = ?', [id])
      if (!row) throw notFound('alert', id)
      return serializeExecutionAlert(row)
    },

    /** An execution's alerts, armed and fired, oldest first (to whoever may see the execution). */
    list(executionId: string, organizations: readonly string[]): ExecutionAlertView[] {
      visible(executionId, organizations)
      return w.all<AlertRow>('SELECT * FROM "ExecutionAlert" WHERE "executionId" = ? ORDER BY "createdAt", "id"', [executionId]).map(serializeExecutionAlert)
    },

    /** Removes an alert (armed or fired) of an execution this actor may change; answers what was removed. */
    remove(executionId: string, alertId: string, actor: Actor): ExecutionAlertView {
      changeable(executionId, actor)
      const row = w.get<AlertRow>('SELECT * FROM "ExecutionAlert" WHERE "id" = ? AND "executionId" = ?', [alertId, executionId])
      if (!row) throw notFound('alert', alertId)
      w.run('DELETE FROM "ExecutionAlert" WHERE "id" = ?', [alertId])
      return serializeExecutionAlert(row)
    },

    /**
     * Supervision's round: every armed alert of an execution that has not ended (an ended one's
     * last events were evaluated as they came). Answers the ids fired.
     */
    async evaluate(): Promise<string[]> {
      refresh()
      return evaluateRows(w.all<Armed>(`${ARMED_SQL} AND e."status" NOT IN (${ENDED_STATUSES.map((s) => `'${s}'`).join(', ')}) LIMIT 5000`))
    },

    /** One execution's armed alerts now (what an event of it asks for). */
    evaluateExecution,

    /** Evaluates an execution's alerts after each of its events commits; answers the unsubscribe. */
    listen(bus: EventBus): () => void {
      if (!loaded) refresh()
      return bus.subscribe((event) => {
        if (event.type !== 'execution.alert' && armedExecutions.has(event.executionId)) evaluateSoon(event.executionId)
      })
    },

    /** Resolves once the evaluations events asked for have run (tests). */
    settled: async () => {
      while (draining) await draining
    },
  }
}

export type ExecutionAlertService = ReturnType<typeof createExecutionAlertService>
