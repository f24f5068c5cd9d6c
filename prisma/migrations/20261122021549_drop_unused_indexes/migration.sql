-- DropIndex
DROP INDEX "Execution_leaseExpiresAt_idx";

-- DropIndex
DROP INDEX "ExecutionEvent_type_id_idx";
