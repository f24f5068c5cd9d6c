-- DropIndex
DROP INDEX "Execution_status_nextRunAt_idx";

-- CreateIndex
CREATE INDEX "Execution_status_leaseExpiresAt_nextRunAt_idx" ON "Execution"("status", "leaseExpiresAt", "nextRunAt") WHERE "status" IN ('starting', 'running', 'retry');
