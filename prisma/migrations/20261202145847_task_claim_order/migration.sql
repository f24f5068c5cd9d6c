-- DropIndex
DROP INDEX "TaskInstance_organizationId_taskKey_status_rank_availableAt_idx";

-- CreateIndex
CREATE INDEX "TaskInstance_organizationId_taskKey_status_rank_createdAt_idx" ON "TaskInstance"("organizationId", "taskKey", "status", "rank", "createdAt");
