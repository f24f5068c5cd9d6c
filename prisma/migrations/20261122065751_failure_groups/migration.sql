-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "errorFingerprint" TEXT;

-- CreateTable
CREATE TABLE "FailureGroup" (
    "fingerprint" TEXT NOT NULL PRIMARY KEY,
    "errorCode" TEXT NOT NULL,
    "step" TEXT,
    "message" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Execution_errorFingerprint_createdAt_idx" ON "Execution"("errorFingerprint", "createdAt") WHERE "errorFingerprint" IS NOT NULL;
