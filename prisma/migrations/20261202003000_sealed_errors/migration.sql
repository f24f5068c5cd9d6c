-- AlterTable: the blind index of the (now sealed) error message, for list search.
ALTER TABLE "Execution" ADD COLUMN "errorTokens" TEXT;
