-- DropIndex
DROP INDEX "SavedView_name_key";

-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN "organizationId" TEXT;

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "organizations" JSONB;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN "role" TEXT;

-- AlterTable
ALTER TABLE "SavedView" ADD COLUMN "organizationId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FailureGroup" (
    "organizationId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "errorCode" TEXT NOT NULL,
    "step" TEXT,
    "message" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL,

    PRIMARY KEY ("organizationId", "fingerprint")
);
-- Decisions made before each organisation had its own: the console's main provider's.
INSERT INTO "new_FailureGroup" ("organizationId", "changedAt", "changedBy", "errorCode", "fingerprint", "message", "state", "step") SELECT coalesce((SELECT "providerId" FROM "Service" WHERE "providerId" IS NOT NULL GROUP BY "providerId" ORDER BY count(*) DESC, "providerId" LIMIT 1), 'org-self-serve'), "changedAt", "changedBy", "errorCode", "fingerprint", "message", "state", "step" FROM "FailureGroup";
DROP TABLE "FailureGroup";
ALTER TABLE "new_FailureGroup" RENAME TO "FailureGroup";
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
    CONSTRAINT "Webhook_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webhook_alertRuleId_fkey" FOREIGN KEY ("alertRuleId") REFERENCES "AlertRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webhook_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Webhook" ("createdAt", "enabled", "events", "executionId", "headers", "id", "organizationId", "retries", "secret", "serviceId", "timeoutMs", "url") SELECT "createdAt", "enabled", "events", "executionId", "headers", "id", "organizationId", "retries", "secret", "serviceId", "timeoutMs", "url" FROM "Webhook";
DROP TABLE "Webhook";
ALTER TABLE "new_Webhook" RENAME TO "Webhook";
CREATE INDEX "Webhook_executionId_idx" ON "Webhook"("executionId");
CREATE INDEX "Webhook_serviceId_idx" ON "Webhook"("serviceId");
CREATE INDEX "Webhook_alertRuleId_idx" ON "Webhook"("alertRuleId");
CREATE TABLE "new_WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "eventId" INTEGER,
    "payload" JSONB,
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
INSERT INTO "new_WebhookDelivery" ("attemptLog", "attempts", "createdAt", "eventId", "id", "lastError", "lastLatencyMs", "lastStatus", "nextAttemptAt", "status", "updatedAt", "webhookId") SELECT "attemptLog", "attempts", "createdAt", "eventId", "id", "lastError", "lastLatencyMs", "lastStatus", "nextAttemptAt", "status", "updatedAt", "webhookId" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_eventId_key" ON "WebhookDelivery"("webhookId", "eventId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AlertRule_organizationId_idx" ON "AlertRule"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_organizationId_name_key" ON "SavedView"("organizationId", "name");

-- Rules and views made before they had an organisation belong to the console's main provider
-- (the organisation that provides most services: who operates the console).
UPDATE "AlertRule" SET "organizationId" = (SELECT "providerId" FROM "Service" WHERE "providerId" IS NOT NULL GROUP BY "providerId" ORDER BY count(*) DESC, "providerId" LIMIT 1) WHERE "organizationId" IS NULL;
UPDATE "SavedView" SET "organizationId" = (SELECT "providerId" FROM "Service" WHERE "providerId" IS NOT NULL GROUP BY "providerId" ORDER BY count(*) DESC, "providerId" LIMIT 1) WHERE "organizationId" IS NULL;
