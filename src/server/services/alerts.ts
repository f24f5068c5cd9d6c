// Alert rules and alerts: each rule belongs to an organisation and measures its executions;
// alerts fire when the condition holds long enough, are acknowledged by its operators, resolve
// when the condition clears. Every change of an alert is appended to AlertEvent, and its
// notification to the webhook and notification outboxes (and members' centres) in the same transaction.
import type { Writer } from '../db/writer'
import { compare, describeCondition, step, type AlertMetric, type AlertOperator } from '../domain/alerts'
import type { Actor } from '../domain/actor'
import type { RunnerDirectory } from '../domain/runner'
import { badRequest, conflict, notFound, toServiceError } from './errors'
import { newId, newWebhookSecret } from './ids'
import { visibleSql } from '../domain/access'
import { isPrivateHost } from '../domain/network'
import { seal } from '../security/crypto'
import { notifyAlert } from '../notifications/outbox'

export interface AlertRuleInput {
  name: string
  metric: AlertMetric
  field?: string
  aggregate?: string
  serviceId?: string
  operator: AlertOperator
  threshold: number
  windowMs?: number
  forMs?: number
  webhookUrl?: string
  enabled?: boolean
}

interface RuleRow {
  id: string
  organizationId: string | null
  name: string
  metric: AlertMetric
  field: string | null
  aggregate: string | null
  serviceId: string | null
  operator: AlertOperator
  threshold: number
  windowMs: number
  forMs: number
  webhookUrl: string | null
  enabled: number
  pendingSince: number | null
}

export function createAlertService(deps: {
  writer: Writer
  now?: () => Date
  /** What the engine workers run: which waiting executions no one can take. */
  runners?: () => RunnerDirectory
  /** Alert webhooks to loopback or private addresses are refused unless allowed (tests, local development). */
  allowPrivateWebhooks?: boolean
}) {
  const w = deps.writer
  const now = deps.now ?? (() => new Date())

  /** A rule of one of `organizations` (another organisation's does not exist, to them). */
  function ownRule(id: string, organizations: readonly string[]): RuleRow {
    const rule = w.get<RuleRow>(`SELECT * FROM "AlertRule" WHERE "id" = ? AND "organizationId" IN (${marks(organizations)})`, [id, ...organizations])
    if (!rule) throw notFound('alert rule', id)
    return rule
  }

  /** The rule's metric now, over the executions of the rule's organisation only. */
  function measure(rule: RuleRow, at: number): number {
    const since = at - rule.windowMs
    const owned = rule.organizationId ? visibleSql([rule.organizationId]) : { sql: '1 = 1', params: [] }
    const service = ` AND ${owned.sql}${rule.serviceId ? ' AND "serviceId" = ?' : ''}`
    const s = [...owned.params, ...(rule.serviceId ? [rule.serviceId] : [])]
    const one = (sql: string, params: unknown[]) => w.get<{ v: number | null }>(sql, params)?.v ?? 0
    switch (rule.metric) {
      case 'queue_depth':
        return one(`SELECT count(*) AS v FROM "Execution" WHERE "status" = 'queued'${service}`, s)
      case 'failures':
        return one(`SELECT count(*) AS v FROM "Execution" WHERE "status" = 'failed' AND "completedAt" >= ?${service}`, [since, ...s])
      case 'error_rate': {
        const r = w.get<{ failed: number; ended: number }>(
          `SELECT sum(CASE WHEN "status" = 'failed' THEN 1 ELSE 0 END) AS failed, count(*) AS ended FROM "Execution" WHERE "status" IN ('completed', 'failed') AND "completedAt" >= ?${service}`,
          [since, ...s],
        )
        return r && r.ended ? r.failed / r.ended : 0
      }
      case 'execution_duration':
        return one(`SELECT max(? - "startedAt") AS v FROM "Execution" WHERE "status" = 'running'${service}`, [at, ...s])
      case 'execution_cost':
        return one(`SELECT max("cost") AS v FROM "Execution" WHERE "createdAt" >= ?${service}`, [since, ...s])
      case 'stalled_executions':
        return one(`SELECT count(*) AS v FROM "Execution" WHERE "status" IN ('starting', 'running', 'retry') AND "status" = 'running' AND "stalledAt" IS NOT NULL${service}`, s)
      case 'executions_without_runner': {
        const live = [...(deps.runners?.().live.keys() ?? [])]
        // PostgreSQL refuses an empty NOT IN (); with no runner live, every workflow's execution counts.
        const takenBy = live.length ? ` AND "workflowDefinitionId" NOT IN (${live.map(() => '?').join(', ')})` : ''
        return one(
          `SELECT count(*) AS v FROM "Execution" WHERE "status" IN ('queued', 'starting', 'running', 'retry') AND "workflowDefinitionId" IS NOT NULL${takenBy}${service}`,
          [...live, ...s],
        )
      }
      case 'overdue_human_steps':
        return one(
          `SELECT count(*) AS v FROM "ExecutionStep" st JOIN "Execution" e ON e."id" = st."executionId"
           WHERE st."status" = 'running' AND st."dueAt" < ?${service}`,
          [at, ...s],
        )
      case 'metric':
        // field and aggregate were checked against fixed lists when the rule was saved.
        return one(`SELECT ${rule.aggregate}("${rule.field}") AS v FROM "Execution" WHERE "createdAt" >= ?${service}`, [since, ...s])
    }
  }

  /**
   * What the queue waits on, for an alert's message: queued executions by workflow (or outside
   * service), each saying whether anything can take them.
   */
  function queueDetail(rule: RuleRow): string {
    const directory = deps.runners?.()
    const owned = rule.organizationId ? visibleSql([rule.organizationId]) : { sql: '1 = 1', params: [] }
    const groups = w.all<{ workflow: string | null; serviceId: string; n: number }>(
      `SELECT "workflowDefinitionId" AS workflow, "serviceId", count(*) AS n FROM "Execution" WHERE "status" = 'queued' AND ${owned.sql}${rule.serviceId ? ' AND "serviceId" = ?' : ''}
       GROUP BY 1, 2 ORDER BY n DESC LIMIT 5`,
      [...owned.params, ...(rule.serviceId ? [rule.serviceId] : [])],
    )
    return groups
      .map((g) => {
        if (g.workflow === null) return `${g.n} of ${directory?.services.get(g.serviceId) ?? g.serviceId} (waiting for the service to start them)`
        const known = directory?.workflows.get(g.workflow)
        const name = known ? `${known.name} v${known.version}` : g.workflow
        const workers = directory?.live.get(g.workflow) ?? 0
        return `${g.n} of ${name} (${directory ? (workers ? `${workers} engine ${workers === 1 ? 'worker runs' : 'workers run'} it` : 'no worker runs it') : 'on the engine'})`
      })
      .join('; ')
  }

  const openAlert = (ruleId: string) =>
    w.get<{ id: string }>(`SELECT "id" FROM "Alert" WHERE "ruleId" = ? AND "status" IN ('firing', 'acknowledged') ORDER BY "firedAt" DESC LIMIT 1`, [ruleId])

  function event(alertId: string, type: string, actorId: string, value: number | null, at: number) {
    w.run('INSERT INTO "AlertEvent" ("alertId", "type", "actorId", "value", "createdAt") VALUES (?, ?, ?, ?, ?)', [alertId, type, actorId, value, at])
  }

  const readAlert = (id: string) => {
    const raw = w.get<Record<string, unknown>>('SELECT a.*, r."name" AS "ruleName" FROM "Alert" a JOIN "AlertRule" r ON r."id" = a."ruleId" WHERE a."id" = ?', [id])
    return raw ? serializeAlert(raw) : null
  }

  /**
   * The alert webhooks' outbox: a delivery of `payload` to every enabled webhook of the rule,
   * written in the transaction that fires or resolves the alert; sent, signed and retried by the
   * webhook deliverer like executions' (never a request of its own from here).
   */
  function queueNotification(ruleId: string, payload: unknown, at: number) {
    w.run(
      `INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventId", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
       SELECT 'msg_' || lower(hex(randomblob(12))), "id", NULL, ?, 'pending', 0, ?, ?, ? FROM "Webhook" WHERE "alertRuleId" = ? AND "enabled" = 1`,
      [JSON.stringify(payload), at, at, at, ruleId],
    )
  }

  return {
    /**
     * A rule of `organizationId` (one of its creator's): it measures that organisation's
     * executions only. With a webhook, the answer carries the webhook's signing secret, once.
     */
    createRule(input: AlertRuleInput, organizationId: string) {
      if (input.webhookUrl && !deps.allowPrivateWebhooks && isPrivateHost(new URL(input.webhookUrl).hostname)) {
        throw badRequest('webhookUrl', 'a loopback or private address; allowed only with WEBHOOK_ALLOW_PRIVATE=1')
      }
      // Two rules of one name cannot be told apart in the list, in alerts or by their buttons.
      const same = w.get<{ id: string }>('SELECT "id" FROM "AlertRule" WHERE "organizationId" = ? AND lower("name") = lower(?)', [organizationId, input.name])
      if (same) throw conflict(`name: an alert rule named "${input.name}" already exists in this organisation (${same.id}); choose another name`)
      const at = now().getTime()
      const id = newId('rule', at)
      const secret = input.webhookUrl ? newWebhookSecret() : undefined
      w.transaction(() => {
        w.run(
          `INSERT INTO "AlertRule" ("id", "organizationId", "name", "metric", "field", "aggregate", "serviceId", "operator", "threshold", "windowMs", "forMs", "webhookUrl", "enabled", "createdAt", "updatedAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            organizationId,
            input.name,
            input.metric,
            input.field ?? null,
            input.aggregate ?? null,
            input.serviceId ?? null,
            input.operator,
            input.threshold,
            input.windowMs ?? 3_600_000,
            input.forMs ?? 0,
            input.webhookUrl ?? null,
            input.enabled === false ? 0 : 1,
            at,
            at,
          ],
        )
        if (input.webhookUrl) {
          w.run(
            `INSERT INTO "Webhook" ("id", "alertRuleId", "organizationId", "url", "events", "retries", "timeoutMs", "secret", "enabled", "createdAt") VALUES (?, ?, ?, ?, ?, 3, 5000, ?, TRUE, ?)`,
            [newId('wh', at), id, organizationId, input.webhookUrl, JSON.stringify(['alert.fired', 'alert.resolved']), seal(secret!), at],
          )
        }
      })
      return { ...this.getRule(id, [organizationId]), ...(secret ? { webhookSecret: secret } : {}) }
    },

    getRule: (id: string, organizations: readonly string[]) => serializeRule(ownRule(id, organizations) as unknown as Record<string, unknown>),

    listRules: (organizations: readonly string[]) =>
      w.all<Record<string, unknown>>(`SELECT * FROM "AlertRule" WHERE "organizationId" IN (${marks(organizations)}) ORDER BY "createdAt"`, [...organizations]).map(serializeRule),

    setRuleEnabled(id: string, enabled: boolean, organizations: readonly string[]) {
      ownRule(id, organizations)
      w.run('UPDATE "AlertRule" SET "enabled" = ?, "pendingSince" = NULL, "updatedAt" = ? WHERE "id" = ?', [enabled ? 1 : 0, now().getTime(), id])
      return this.getRule(id, organizations)
    },

    deleteRule(id: string, organizations: readonly string[]) {
      ownRule(id, organizations)
      w.run('DELETE FROM "AlertRule" WHERE "id" = ?', [id])
    },

    /** Alerts of the rules of `organizations`, newest first. */
    listAlerts(filter: { status?: string[] }, organizations: readonly string[]) {
      const status = filter.status?.length ? ` AND a."status" IN (${marks(filter.status)})` : ''
      return w
        .all<Record<string, unknown>>(
          `SELECT a.*, r."name" AS "ruleName", COALESCE(u."name", k."name") AS "acknowledgedByName" FROM "Alert" a JOIN "AlertRule" r ON r."id" = a."ruleId"
           LEFT JOIN "User" u ON u."id" = a."acknowledgedBy" LEFT JOIN "ApiKey" k ON k."id" = a."acknowledgedBy"
           WHERE r."organizationId" IN (${marks(organizations)})${status} ORDER BY a."firedAt" DESC LIMIT 500`,
          [...organizations, ...(filter.status ?? [])],
        )
        .map(serializeAlert)
    },

    history(alertId: string, organizations: readonly string[]) {
      ownAlert(alertId, organizations)
      return w
        .all<{ id: number; type: string; actorId: string; value: number | null; createdAt: number }>('SELECT * FROM "AlertEvent" WHERE "alertId" = ? ORDER BY "id"', [alertId])
        .map((e) => ({
          ...e,
          createdAt: new Date(e.createdAt).toISOString(),
        }))
    },

    /** Acknowledged by an operator of the alert's organisation (`actor.organizations`). */
    acknowledge(alertId: string, actor: Actor) {
      try {
        return w.transaction(() => {
          const alert = ownAlert(alertId, actor.organizations ?? [])
          if (alert.status !== 'firing') throw conflict(`cannot acknowledge: alert is ${alert.status}; only a firing alert is acknowledged`)
          const at = now().getTime()
          w.run(`UPDATE "Alert" SET "status" = 'acknowledged', "acknowledgedAt" = ?, "acknowledgedBy" = ? WHERE "id" = ?`, [at, actor.id, alertId])
          event(alertId, 'alert.acknowledged', actor.id, null, at)
          return readAlert(alertId)!
        })
      } catch (error) {
        throw toServiceError(error)
      }
    },

    /** Measures every enabled rule once: fires and resolves alerts, their notifications in the outbox; returns what changed. */
    async evaluate(): Promise<{ fired: string[]; resolved: string[] }> {
      const at = now().getTime()
      const fired: string[] = []
      const resolved: string[] = []
      w.transaction(() => {
        for (const rule of w.all<RuleRow>('SELECT * FROM "AlertRule" WHERE "enabled" = 1')) {
          const value = measure(rule, at)
          const open = openAlert(rule.id)
          const next = step({ pendingSince: rule.pendingSince, open: !!open }, compare(value, rule.operator, rule.threshold), at, rule.forMs)
          w.run('UPDATE "AlertRule" SET "pendingSince" = ? WHERE "id" = ?', [next.pendingSince, rule.id])
          if (next.action === 'fire') {
            const id = newId('alert', at)
            const detail = rule.metric === 'queue_depth' && value > 0 ? ` — ${queueDetail(rule)}` : ''
            const message = `${rule.name}: ${describeCondition(rule.metric === 'metric' ? `${rule.aggregate}(${rule.field})` : rule.metric, rule.operator, rule.threshold, value)}${rule.serviceId ? ` for ${rule.serviceId}` : ''}${detail}`
            w.run(`INSERT INTO "Alert" ("id", "ruleId", "status", "value", "message", "firedAt") VALUES (?, ?, 'firing', ?, ?, ?)`, [id, rule.id, value, message, at])
            event(id, 'alert.fired', 'alerting', value, at)
            fired.push(id)
            const alert = readAlert(id)!
            queueNotification(rule.id, { event: 'alert.fired', timestamp: new Date(at).toISOString(), alert }, at)
            notifyAlert(w, { id, organizationId: rule.organizationId, rule: rule.name, message, value }, 'alert.fired', at)
          } else if (next.action === 'resolve' && open) {
            w.run(`UPDATE "Alert" SET "status" = 'resolved', "resolvedAt" = ? WHERE "id" = ?`, [at, open.id])
            event(open.id, 'alert.resolved', 'alerting', value, at)
            resolved.push(open.id)
            const alert = readAlert(open.id)!
            queueNotification(rule.id, { event: 'alert.resolved', timestamp: new Date(at).toISOString(), alert }, at)
            notifyAlert(w, { id: open.id, organizationId: rule.organizationId, rule: rule.name, message: alert.message, value }, 'alert.resolved', at)
          }
        }
      })
      return { fired, resolved }
    },
  }

  /** An alert of a rule of one of `organizations`. */
  function ownAlert(id: string, organizations: readonly string[]) {
    const alert = w.get<{ status: string }>(
      `SELECT a."status" FROM "Alert" a JOIN "AlertRule" r ON r."id" = a."ruleId" WHERE a."id" = ? AND r."organizationId" IN (${marks(organizations)})`,
      [id, ...organizations],
    )
    if (!alert) throw notFound('alert', id)
    return alert
  }
}

/** `?, ?` for a list; a list of none matches nothing. */
const marks = (values: readonly unknown[]) => (values.length ? values.map(() => '?').join(', ') : 'NULL')

function serializeRule(raw: Record<string, unknown>) {
  const r = raw
  return {
    id: r.id as string,
    organizationId: (r.organizationId as string | null) ?? undefined,
    name: r.name as string,
    metric: r.metric as AlertMetric,
    field: (r.field as string | null) ?? undefined,
    aggregate: (r.aggregate as string | null) ?? undefined,
    serviceId: (r.serviceId as string | null) ?? undefined,
    operator: r.operator as AlertOperator,
    threshold: r.threshold as number,
    windowMs: r.windowMs as number,
    forMs: r.forMs as number,
    webhookUrl: (r.webhookUrl as string | null) ?? undefined,
    enabled: r.enabled === 1,
    pendingSince: r.pendingSince === null ? undefined : new Date(r.pendingSince as number).toISOString(),
  }
}

function serializeAlert(raw: Record<string, unknown>) {
  const date = (v: unknown) => (v === null || v === undefined ? undefined : new Date(v as number).toISOString())
  return {
    id: raw.id as string,
    ruleId: raw.ruleId as string,
    rule: raw.ruleName as string,
    status: raw.status as 'firing' | 'acknowledged' | 'resolved',
    value: raw.value as number,
    message: raw.message as string,
    firedAt: date(raw.firedAt)!,
    acknowledgedAt: date(raw.acknowledgedAt),
    acknowledgedBy: (raw.acknowledgedBy as string | null) ?? undefined,
    /** Who acknowledged it, by name (a person's or an API key's), where the list reads it. */
    acknowledgedByName: (raw.acknowledgedByName as string | null) ?? undefined,
    resolvedAt: date(raw.resolvedAt),
  }
}

export type AlertService = ReturnType<typeof createAlertService>
