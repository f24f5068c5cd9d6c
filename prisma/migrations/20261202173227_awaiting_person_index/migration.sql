-- CreateIndex
CREATE INDEX "ExecutionStep_awaiting_person_idx" ON "ExecutionStep"("dueAt") WHERE "status" = 'running' AND ("type" = 'human' OR "assigneeType" = 'human');
