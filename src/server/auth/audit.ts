// The one way into the audit trail (the table itself refuses updates and deletes).
import type { Writer } from '../db/writer'

export interface AuditWho {
  type: string
  id: string
  name: string | null
  ip: string | null
  userAgent: string | null
}

/**
 * Appends one entry on `w`, inside whatever transaction the caller holds. An entry not about an
 * execution names the organisations it concerns: only their admins read it.
 */
export function appendAudit(w: Writer, at: Date, who: AuditWho, action: string, executionId: string | null, detail?: unknown, organizations?: readonly string[]) {
  w.run(
    'INSERT INTO "AuditEntry" ("at", "actorType", "actorId", "actorName", "ip", "userAgent", "action", "executionId", "organizations", "detail") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      at.getTime(),
      who.type,
      who.id,
      who.name,
      who.ip,
      who.userAgent,
      action,
      executionId,
      organizations ? JSON.stringify([...new Set(organizations)]) : null,
      detail === undefined ? null : JSON.stringify(detail),
    ],
  )
}
