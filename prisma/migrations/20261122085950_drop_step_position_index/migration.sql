-- DropIndex
DROP INDEX "ExecutionStep_executionId_position_idx";
