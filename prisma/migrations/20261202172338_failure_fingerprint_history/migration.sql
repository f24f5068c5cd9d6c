-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "failureFingerprint" TEXT;

-- CreateIndex
CREATE INDEX "Execution_failureFingerprint_createdAt_idx" ON "Execution"("failureFingerprint", "createdAt") WHERE "failureFingerprint" IS NOT NULL;

-- Failures recorded before this column: their group, as the current failure names it.
UPDATE "Execution" SET "failureFingerprint" = "errorFingerprint" WHERE "errorFingerprint" IS NOT NULL;
