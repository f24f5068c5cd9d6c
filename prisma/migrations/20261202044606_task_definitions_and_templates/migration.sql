-- AlterTable
ALTER TABLE "WorkflowDefinition" ADD COLUMN "organizationId" TEXT;
ALTER TABLE "WorkflowDefinition" ADD COLUMN "template" JSONB;

-- CreateTable
CREATE TABLE "TaskDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL,
    "inputSchema" JSONB NOT NULL,
    "outputSchema" JSONB NOT NULL,
    "timeoutMs" INTEGER NOT NULL,
    "retryPolicy" JSONB,
    "executionConfig" TEXT NOT NULL,
    "metadata" JSONB,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT,
    CONSTRAINT "TaskDefinition_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TaskDefinition_organizationId_key_version_key" ON "TaskDefinition"("organizationId", "key", "version");
