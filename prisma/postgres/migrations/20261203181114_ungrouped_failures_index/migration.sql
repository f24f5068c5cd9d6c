-- CreateIndex
CREATE INDEX "Execution_ungrouped_idx" ON "Execution"("id") WHERE ("errorCode" IS NOT NULL AND "errorFingerprint" IS NULL);
