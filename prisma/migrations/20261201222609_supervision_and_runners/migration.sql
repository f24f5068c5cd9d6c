-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "reportedAt" DATETIME;
ALTER TABLE "Execution" ADD COLUMN "stalledAt" DATETIME;

-- CreateTable
CREATE TABLE "EngineWorker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "workflows" JSONB NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "leaseMs" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Execution_retry_due_idx" ON "Execution"("nextRunAt") WHERE "status" = 'failed' AND "nextRunAt" IS NOT NULL;
