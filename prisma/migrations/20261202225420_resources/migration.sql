-- AlterTable
ALTER TABLE "TaskDefinition" ADD COLUMN "resources" JSONB;

-- CreateTable
CREATE TABLE "Resource" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "capacity" REAL NOT NULL,
    "unit" TEXT NOT NULL DEFAULT 'units',
    "costPerUnit" REAL,
    "windowMs" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ResourceAllocation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "amount" REAL NOT NULL,
    "priority" INTEGER NOT NULL,
    "durationMs" INTEGER,
    "status" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "allocatedAt" DATETIME,
    "releasedAt" DATETIME,
    "amountUsed" REAL,
    "cost" REAL,
    "reason" TEXT,
    CONSTRAINT "ResourceAllocation_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Resource_organizationId_type_key" ON "Resource"("organizationId", "type");

-- CreateIndex
CREATE INDEX "ResourceAllocation_resourceId_status_idx" ON "ResourceAllocation"("resourceId", "status");

-- CreateIndex
CREATE INDEX "ResourceAllocation_executionId_idx" ON "ResourceAllocation"("executionId");
