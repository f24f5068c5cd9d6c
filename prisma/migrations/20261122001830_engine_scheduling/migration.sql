-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "leaseExpiresAt" DATETIME;
ALTER TABLE "Execution" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Execution" ADD COLUMN "nextRunAt" DATETIME;

-- CreateIndex
CREATE INDEX "Execution_status_nextRunAt_idx" ON "Execution"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "Execution_leaseExpiresAt_idx" ON "Execution"("leaseExpiresAt");
