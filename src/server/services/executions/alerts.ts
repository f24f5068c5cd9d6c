// A per-execution alert firing, as a change of its execution: the alert marked fired (once: a
// second process that measured the same is refused by the guard), an `execution.alert` event on
// the timeline, and a signed delivery to the alert's webhook in the outbox — one transaction.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import { conflict } from '../errors'
import type { Change, Tx } from './tx'

export interface Firing {
  alertId: string
  name?: string
  condition: Record<string, unknown>
  value: number
  message: string
}

export function fireAlertChange(tx: Tx, row: Pick<ExecutionRow, 'id' | 'status' | 'progress' | 'cost'>, at: Date, firing: Firing): Change {
  const marked = tx.w.run(
    `UPDATE "ExecutionAlert" SET "firedAt" = ?, "value" = ?, "message" = ?, "pendingSince" = NULL WHERE "id" = ? AND "executionId" = ? AND "firedAt" IS NULL`,
    [at.getTime(), firing.value, firing.message, firing.alertId, row.id],
  )
  if (marked.changes !== 1) throw conflict(`alert ${firing.alertId} of execution ${row.id} has already fired or was removed`)
  const data = { alertId: firing.alertId, ...(firing.name ? { name: firing.name } : {}), condition: firing.condition, value: firing.value, message: firing.message }
  const payload = {
    event: 'execution.alert',
    timestamp: at.toISOString(),
    alert: { id: firing.alertId, executionId: row.id, ...data, firedAt: at.toISOString() },
    execution: { id: row.id, status: row.status, progress: row.progress, cost: row.cost },
  }
  tx.w.run(
    `INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventId", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
     SELECT 'msg_' || lower(hex(randomblob(12))), "id", NULL, ?, 'pending', 0, ?, ?, ? FROM "Webhook" WHERE "executionAlertId" = ? AND "enabled" = 1`,
    [JSON.stringify(payload), at.getTime(), at.getTime(), at.getTime(), firing.alertId],
  )
  return { events: [{ type: 'execution.alert', data }], bumpVersion: false }
}
