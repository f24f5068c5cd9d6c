// The one way into the audit trail (the table itself refuses updates and deletes).
import type { Writer } from '../db/writer'

export interface AuditWho {
  type: string
  id: string
  name: string | null
  ip: string | null
  userAgent: string | null
}

/** Appends one entry on `w`, inside whatever transaction the caller holds. */
export function appendAudit(w: Writer, at: Date, who: AuditWho, action: string, executionId: string | null, detail?: unknown) {
  w.run(
    'INSERT INTO "AuditEntry" ("at", "actorType", "actorId", "actorName", "ip", "userAgent", "action", "executionId", "detail") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [at.getTime(), who.type, who.id, who.name, who.ip, who.userAgent, action, executionId, detail === undefined ? null : JSON.stringify(detail)],
  )
}
