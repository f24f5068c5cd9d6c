-- CreateTable
CREATE TABLE "TaskInstance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "organizationId" TEXT NOT NULL,
    "taskDefinitionId" TEXT NOT NULL,
    "taskKey" TEXT NOT NULL,
    "taskVersion" TEXT NOT NULL,
    "workflowDefinitionId" TEXT,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "input" TEXT,
    "output" TEXT,
    "error" TEXT,
    "executorId" TEXT,
    "leaseToken" TEXT,
    "leaseExpiresAt" DATETIME,
    "availableAt" DATETIME NOT NULL,
    "timeoutMs" INTEGER NOT NULL,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "taskReference" TEXT,
    "environment" TEXT,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "durationMs" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TaskWorker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "taskTypes" JSONB NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "hostname" TEXT,
    "principal" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "TaskInstance_organizationId_taskKey_status_rank_availableAt_idx" ON "TaskInstance"("organizationId", "taskKey", "status", "rank", "availableAt");

-- CreateIndex
CREATE INDEX "TaskInstance_executionId_stepId_idx" ON "TaskInstance"("executionId", "stepId");

-- CreateIndex
CREATE INDEX "TaskInstance_status_leaseExpiresAt_idx" ON "TaskInstance"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "TaskInstance_executorId_status_idx" ON "TaskInstance"("executorId", "status");

-- CreateIndex
CREATE INDEX "TaskWorker_organizationId_lastSeenAt_idx" ON "TaskWorker"("organizationId", "lastSeenAt");
