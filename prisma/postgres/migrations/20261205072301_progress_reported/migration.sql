-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "progressReported" BOOLEAN NOT NULL DEFAULT false;
