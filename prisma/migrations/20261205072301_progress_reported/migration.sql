-- AlterTable (SQLite adds a NOT NULL column with a constant default in place: no copy of the table)
ALTER TABLE "Execution" ADD COLUMN "progressReported" BOOLEAN NOT NULL DEFAULT false;
