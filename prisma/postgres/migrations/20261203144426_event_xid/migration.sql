-- AlterTable
ALTER TABLE "ExecutionEvent" ADD COLUMN     "xid" BIGINT DEFAULT ((pg_current_xact_id())::text)::bigint;

-- CreateIndex
CREATE INDEX "ExecutionEvent_xid_id_idx" ON "ExecutionEvent"("xid", "id") WHERE ("xid" IS NOT NULL);
