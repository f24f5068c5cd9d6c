-- DropIndex
DROP INDEX "Execution_rootExecutionId_idx";

-- DropIndex
DROP INDEX "Execution_parentExecutionId_idx";

-- DropIndex
DROP INDEX "Execution_errorCode_createdAt_idx";

-- DropIndex
DROP INDEX "Execution_priority_status_createdAt_idx";

-- DropIndex
DROP INDEX "ExecutionStep_status_dueAt_idx";

-- CreateIndex
CREATE INDEX "Execution_queue_idx" ON "Execution"("priority", "createdAt") WHERE "status" = 'queued';

-- CreateIndex
CREATE INDEX "Execution_errorCode_createdAt_idx" ON "Execution"("errorCode", "createdAt") WHERE "errorCode" IS NOT NULL;

-- CreateIndex
CREATE INDEX "Execution_parentExecutionId_idx" ON "Execution"("parentExecutionId") WHERE "parentExecutionId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "Execution_rootExecutionId_idx" ON "Execution"("rootExecutionId") WHERE "rootExecutionId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "ExecutionStep_status_dueAt_idx" ON "ExecutionStep"("status", "dueAt") WHERE "dueAt" IS NOT NULL;
