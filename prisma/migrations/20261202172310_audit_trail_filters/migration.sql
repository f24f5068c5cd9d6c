-- DropIndex
DROP INDEX "AuditEntry_actorId_id_idx";

-- DropIndex
DROP INDEX "AuditEntry_executionId_id_idx";

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_executionId_at_idx" ON "AuditEntry"("executionId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");
