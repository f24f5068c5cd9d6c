-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "providerId" TEXT,
    "retryPolicy" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Service_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'confirmed',
    "input" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Order_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkflowDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "serviceId" TEXT,
    "definition" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WorkflowDefinition_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Execution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "assigneeType" TEXT,
    "assigneeId" TEXT,
    "assignee" JSONB,
    "result" JSONB,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "errorStep" TEXT,
    "errorRecoverable" BOOLEAN,
    "errorRetryCount" INTEGER,
    "errorStack" TEXT,
    "errorContext" JSONB,
    "errorAt" DATETIME,
    "timeoutMs" INTEGER NOT NULL DEFAULT 3600000,
    "retryPolicy" JSONB,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "environment" TEXT,
    "appVersion" TEXT,
    "metadata" JSONB,
    "correlationId" TEXT NOT NULL,
    "parentExecutionId" TEXT,
    "rootExecutionId" TEXT,
    "parentStepId" TEXT,
    "workflowDefinitionId" TEXT,
    "context" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "durationMs" INTEGER,
    "pausedMs" INTEGER NOT NULL DEFAULT 0,
    "pausedAt" DATETIME,
    "tokensUsed" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "modelCalls" INTEGER NOT NULL DEFAULT 0,
    "cost" REAL NOT NULL DEFAULT 0,
    "apiCalls" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "retryDurationMs" INTEGER NOT NULL DEFAULT 0,
    "stepsCompleted" INTEGER NOT NULL DEFAULT 0,
    "stepsTotal" INTEGER NOT NULL DEFAULT 0,
    "qualityScore" REAL,
    "errorRate" REAL,
    "costBreakdown" JSONB,
    "apiCallsByService" JSONB,
    "stepDurations" JSONB,
    "customMetrics" JSONB,
    CONSTRAINT "Execution_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Execution_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Execution_workflowDefinitionId_fkey" FOREIGN KEY ("workflowDefinitionId") REFERENCES "WorkflowDefinition" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Execution_parentExecutionId_fkey" FOREIGN KEY ("parentExecutionId") REFERENCES "Execution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionTag" (
    "executionId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("executionId", "tag"),
    CONSTRAINT "ExecutionTag_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "assigneeType" TEXT,
    "assignee" JSONB,
    "dependsOn" JSONB,
    "input" JSONB,
    "output" JSONB,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "error" JSONB,
    "dueAt" DATETIME,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "failedAt" DATETIME,
    "durationMs" INTEGER,
    "metadata" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExecutionStep_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "executionId" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "step" TEXT,
    "context" JSONB,
    "source" TEXT,
    "component" TEXT,
    "traceId" TEXT,
    "spanId" TEXT,
    CONSTRAINT "ExecutionLog_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "metadata" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExecutionCheckpoint_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "executionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stepId" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "status" TEXT,
    "data" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExecutionEvent_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT,
    "serviceId" TEXT,
    "url" TEXT NOT NULL,
    "events" JSONB NOT NULL,
    "headers" JSONB,
    "retries" INTEGER NOT NULL DEFAULT 3,
    "timeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Webhook_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webhook_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastStatus" INTEGER,
    "lastLatencyMs" INTEGER,
    "lastError" TEXT,
    "attemptLog" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Order_customerId_idx" ON "Order"("customerId");

-- CreateIndex
CREATE INDEX "Order_serviceId_idx" ON "Order"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowDefinition_key_version_key" ON "WorkflowDefinition"("key", "version");

-- CreateIndex
CREATE INDEX "Execution_createdAt_id_idx" ON "Execution"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Execution_status_createdAt_idx" ON "Execution"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_serviceId_createdAt_idx" ON "Execution"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_status_serviceId_createdAt_idx" ON "Execution"("status", "serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_serviceId_createdAt_status_durationMs_cost_errorCode_idx" ON "Execution"("serviceId", "createdAt", "status", "durationMs", "cost", "errorCode");

-- CreateIndex
CREATE INDEX "Execution_priority_status_createdAt_idx" ON "Execution"("priority", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_assigneeType_createdAt_idx" ON "Execution"("assigneeType", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_errorCode_createdAt_idx" ON "Execution"("errorCode", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_correlationId_idx" ON "Execution"("correlationId");

-- CreateIndex
CREATE INDEX "Execution_parentExecutionId_idx" ON "Execution"("parentExecutionId");

-- CreateIndex
CREATE INDEX "Execution_rootExecutionId_idx" ON "Execution"("rootExecutionId");

-- CreateIndex
CREATE INDEX "Execution_orderId_idx" ON "Execution"("orderId");

-- CreateIndex
CREATE INDEX "ExecutionTag_tag_executionId_idx" ON "ExecutionTag"("tag", "executionId");

-- CreateIndex
CREATE INDEX "ExecutionStep_executionId_position_idx" ON "ExecutionStep"("executionId", "position");

-- CreateIndex
CREATE INDEX "ExecutionStep_status_dueAt_idx" ON "ExecutionStep"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExecutionStep_executionId_stepId_key" ON "ExecutionStep"("executionId", "stepId");

-- CreateIndex
CREATE INDEX "ExecutionLog_executionId_id_idx" ON "ExecutionLog"("executionId", "id");

-- CreateIndex
CREATE INDEX "ExecutionLog_executionId_level_id_idx" ON "ExecutionLog"("executionId", "level", "id");

-- CreateIndex
CREATE INDEX "ExecutionLog_executionId_step_id_idx" ON "ExecutionLog"("executionId", "step", "id");

-- CreateIndex
CREATE INDEX "ExecutionLog_timestamp_idx" ON "ExecutionLog"("timestamp");

-- CreateIndex
CREATE INDEX "ExecutionCheckpoint_executionId_createdAt_idx" ON "ExecutionCheckpoint"("executionId", "createdAt");

-- CreateIndex
CREATE INDEX "ExecutionEvent_executionId_id_idx" ON "ExecutionEvent"("executionId", "id");

-- CreateIndex
CREATE INDEX "ExecutionEvent_type_id_idx" ON "ExecutionEvent"("type", "id");

-- CreateIndex
CREATE INDEX "Webhook_executionId_idx" ON "Webhook"("executionId");

-- CreateIndex
CREATE INDEX "Webhook_serviceId_idx" ON "Webhook"("serviceId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_eventId_key" ON "WebhookDelivery"("webhookId", "eventId");
