-- CreateIndex
CREATE INDEX "ExecutionStep_executionId_position_idx" ON "ExecutionStep"("executionId", "position");
