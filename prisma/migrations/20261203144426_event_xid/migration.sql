-- AlterTable
ALTER TABLE "ExecutionEvent" ADD COLUMN "xid" BIGINT;

-- CreateIndex
CREATE INDEX "ExecutionEvent_xid_id_idx" ON "ExecutionEvent"("xid", "id") WHERE "xid" IS NOT NULL;
