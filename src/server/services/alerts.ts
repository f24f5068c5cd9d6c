// Alert rules and alerts: rules measured on the executions, fired when their condition holds
// long enough, acknowledged by operators, resolved when the condition clears. Every change of
// an alert is appended to AlertEvent.
import type { Writer } from '../db/writer'
import { compare, describeCondition, step, type AlertMetric, type AlertOperator } from '../domain/alerts'
import type { Actor } from './executions'
import type { RunnerDirectory } from '../domain/runner'
import { conflict, notFound, toServiceError } from './errors'
import { newId } from './ids'

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
  notify?: (url: string, body: unknown) => Promise<void>
  /** What the engine workers run: which waiting executions no one can take. */
  runners?: () => RunnerDirectory
}) {
  const w = deps.writer
  const now = deps.now ?? (() => new Date())
  const notify =
    deps.notify ??
    (async (url: string, body: unknown) => {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) })
    })

  /** The rule's metric now. */
  function measure(rule: RuleRow, at: number): number {
    const since = at - rule.windowMs
    const service = rule.serviceId ? ' AND "serviceId" = ?' : ''
    const s = rule.serviceId ? [rule.serviceId] : []
    const one = (sql: string, params: unknown[]) => w.get<{ v: number | null }>(sql, params)?.v ?? 0
    switch (rule.metric) {
      case 'queue_depth':
        return one(`SELECT count(*) AS v FROM "Execution" WHERE "status" = 'queued'${service}`, s)
      case 'failures':
        return one(`SELECT count(*) AS v FROM "Execution" WHERE "status" = 'failed' AND "completedAt" >= ?${service}`, [since, ...s])
      case 'error_rate': {
        const r = w.get<{ failed: number; ended: number }>(
          `SELECT sum("status" = 'failed') AS failed, count(*) AS ended FROM "Execution" WHERE "status" IN ('completed', 'failed') AND "completedAt" >= ?${service}`,
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
        return one(
          `SELECT count(*) AS v FROM "Execution" WHERE "status" IN ('queued', 'starting', 'running', 'retry') AND "workflowDefinitionId" IS NOT NULL AND "workflowDefinitionId" NOT IN (${live.map(() => '?').join(', ')})${service}`,
          [...live, ...s],
        )
      }
      case 'overdue_human_steps':
        return one(
          `SELECT count(*) AS v FROM "ExecutionStep" st JOIN "Execution" e ON e."id" = st."executionId"
           WHERE st."status" = 'running' AND st."dueAt" < ?${rule.serviceId ? ' AND e."serviceId" = ?' : ''}`,
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
  function queueDetail(serviceId: string | null): string {
    const directory = deps.runners?.()
    const groups = w.all<{ workflow: string | null; serviceId: string; n: number }>(
      `SELECT "workflowDefinitionId" AS workflow, "serviceId", count(*) AS n FROM "Execution" WHERE "status" = 'queued'${serviceId ? ' AND "serviceId" = ?' : ''}
       GROUP BY 1, 2 ORDER BY n DESC LIMIT 5`,
      serviceId ? [serviceId] : [],
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

  return {
    createRule(input: AlertRuleInput) {
      const at = now().getTime()
      const id = newId('rule', at)
      w.run(
        `INSERT INTO "AlertRule" ("id", "name", "metric", "field", "aggregate", "serviceId", "operator", "threshold", "windowMs", "forMs", "webhookUrl", "enabled", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, input.name, input.metric, input.field ?? null, input.aggregate ?? null, input.serviceId ?? null, input.operator, input.threshold, input.windowMs ?? 3_600_000, input.forMs ?? 0, input.webhookUrl ?? null, input.enabled === false ? 0 : 1, at, at],
      )
      return this.getRule(id)
    },

    getRule(id: string) {
      const raw = w.get<Record<string, unknown>>('SELECT * FROM "AlertRule" WHERE "id" = ?', [id])
      if (!raw) throw notFound('alert rule', id)
      return serializeRule(raw)
    },

    listRules: () => w.all<Record<string, unknown>>('SELECT * FROM "AlertRule" ORDER BY "createdAt"').map(serializeRule),

    setRuleEnabled(id: string, enabled: boolean) {
      const { changes } = w.run('UPDATE "AlertRule" SET "enabled" = ?, "pendingSince" = NULL, "updatedAt" = ? WHERE "id" = ?', [enabled ? 1 : 0, now().getTime(), id])
      if (!changes) throw notFound('alert rule', id)
      return this.getRule(id)
    },

    deleteRule(id: string) {
      const { changes } = w.run('DELETE FROM "AlertRule" WHERE "id" = ?', [id])
      if (!changes) throw notFound('alert rule', id)
    },

    listAlerts(filter: { status?: string[] } = {}) {
      const where = filter.status?.length ? `WHERE a."status" IN (${filter.status.map(() => '?').join(', ')})` : ''
      return w
        .all<Record<string, unknown>>(`SELECT a.*, r."name" AS "ruleName" FROM "Alert" a JOIN "AlertRule" r ON r."id" = a."ruleId" ${where} ORDER BY a."firedAt" DESC LIMIT 500`, filter.status ?? [])
        .map(serializeAlert)
    },

    history: (alertId: string) =>
      w.all<{ id: number; type: string; actorId: string; value: number | null; createdAt: number }>('SELECT * FROM "AlertEvent" WHERE "alertId" = ? ORDER BY "id"', [alertId]).map((e) => ({
        ...e,
        createdAt: new Date(e.createdAt).toISOString(),
      })),

    acknowledge(alertId: string, actor: Actor) {
      try {
        return w.transaction(() => {
          const alert = w.get<{ status: string }>('SELECT "status" FROM "Alert" WHERE "id" = ?', [alertId])
          if (!alert) throw notFound('alert', alertId)
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

    /** Measures every enabled rule once: fires and resolves alerts; returns what changed. */
    async evaluate(): Promise<{ fired: string[]; resolved: string[] }> {
      const at = now().getTime()
      const fired: string[] = []
      const resolved: string[] = []
      const notifications: { url: string; body: unknown }[] = []
      w.transaction(() => {
        for (const rule of w.all<RuleRow>('SELECT * FROM "AlertRule" WHERE "enabled" = 1')) {
          const value = measure(rule, at)
          const open = openAlert(rule.id)
          const next = step({ pendingSince: rule.pendingSince, open: !!open }, compare(value, rule.operator, rule.threshold), at, rule.forMs)
          w.run('UPDATE "AlertRule" SET "pendingSince" = ? WHERE "id" = ?', [next.pendingSince, rule.id])
          if (next.action === 'fire') {
            const id = newId('alert', at)
            const detail = rule.metric === 'queue_depth' && value > 0 ? ` — ${queueDetail(rule.serviceId)}` : ''
            const message = `${rule.name}: ${describeCondition(rule.metric === 'metric' ? `${rule.aggregate}(${rule.field})` : rule.metric, rule.operator, rule.threshold, value)}${rule.serviceId ? ` for ${rule.serviceId}` : ''}${detail}`
            w.run(`INSERT INTO "Alert" ("id", "ruleId", "status", "value", "message", "firedAt") VALUES (?, ?, 'firing', ?, ?, ?)`, [id, rule.id, value, message, at])
            event(id, 'alert.fired', 'alerting', value, at)
            fired.push(id)
            if (rule.webhookUrl) notifications.push({ url: rule.webhookUrl, body: { event: 'alert.fired', alert: readAlert(id) } })
          } else if (next.action === 'resolve' && open) {
            w.run(`UPDATE "Alert" SET "status" = 'resolved', "resolvedAt" = ? WHERE "id" = ?`, [at, open.id])
            event(open.id, 'alert.resolved', 'alerting', value, at)
            resolved.push(open.id)
            if (rule.webhookUrl) notifications.push({ url: rule.webhookUrl, body: { event: 'alert.resolved', alert: readAlert(open.id) } })
          }
        }
      })
      // Notifications after the commit; a receiver that is down does not undo an alert.
      await Promise.allSettled(notifications.map((n) => notify(n.url, n.body)))
      return { fired, resolved }
    },
  }
}

function serializeRule(raw: Record<string, unknown>) {
  const r = raw
  return {
    id: r.id as string,
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
    resolvedAt: date(raw.resolvedAt),
  }
}

export type AlertService = ReturnType<typeof createAlertService>
