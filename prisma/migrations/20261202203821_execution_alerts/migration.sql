-- CreateTable
CREATE TABLE "ExecutionAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "name" TEXT,
    "metric" TEXT NOT NULL,
    "operator" TEXT,
    "threshold" REAL,
    "statuses" JSONB,
    "forMs" INTEGER NOT NULL DEFAULT 0,
    "pendingSince" DATETIME,
    "webhookUrl" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firedAt" DATETIME,
    "value" REAL,
    "message" TEXT,
    CONSTRAINT "ExecutionAlert_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Webhook" (
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
    "organizationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "alertRuleId" TEXT,
    "executionAlertId" TEXT,
    CONSTRAINT "Webhook_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webhook_alertRuleId_fkey" FOREIGN KEY ("alertRuleId") REFERENCES "AlertRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webhook_executionAlertId_fkey" FOREIGN KEY ("executionAlertId") REFERENCES "ExecutionAlert" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webhook_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Webhook" ("alertRuleId", "createdAt", "enabled", "events", "executionId", "headers", "id", "organizationId", "retries", "secret", "serviceId", "timeoutMs", "url") SELECT "alertRuleId", "createdAt", "enabled", "events", "executionId", "headers", "id", "organizationId", "retries", "secret", "serviceId", "timeoutMs", "url" FROM "Webhook";
DROP TABLE "Webhook";
ALTER TABLE "new_Webhook" RENAME TO "Webhook";
CREATE INDEX "Webhook_executionId_idx" ON "Webhook"("executionId");
CREATE INDEX "Webhook_serviceId_idx" ON "Webhook"("serviceId");
CREATE INDEX "Webhook_alertRuleId_idx" ON "Webhook"("alertRuleId");
CREATE INDEX "Webhook_executionAlertId_idx" ON "Webhook"("executionAlertId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ExecutionAlert_executionId_idx" ON "ExecutionAlert"("executionId");

-- CreateIndex
CREATE INDEX "ExecutionAlert_firedAt_executionId_idx" ON "ExecutionAlert"("firedAt", "executionId");
