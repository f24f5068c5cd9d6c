-- Durations in ms past int4's 24.8 days (a month-old execution retried, a paused one resumed
-- weeks later) as SQLite's 64-bit INTEGER holds them; definitions' documents as json, which keeps
-- their keys in the order written (jsonb sorts them: a launch form's fields came out reordered).
-- AlterTable
ALTER TABLE "Execution" ALTER COLUMN "durationMs" SET DATA TYPE BIGINT,
ALTER COLUMN "pausedMs" SET DATA TYPE BIGINT,
ALTER COLUMN "retryDurationMs" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "ExecutionStep" ALTER COLUMN "durationMs" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "TaskDefinition" ALTER COLUMN "inputSchema" SET DATA TYPE JSON,
ALTER COLUMN "outputSchema" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "TaskInstance" ALTER COLUMN "durationMs" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "WorkflowDefinition" ALTER COLUMN "definition" SET DATA TYPE JSON,
ALTER COLUMN "template" SET DATA TYPE JSON;
