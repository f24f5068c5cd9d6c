-- DropIndex
DROP INDEX "Execution_assigneeType_createdAt_idx";
