-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "registeredById" TEXT;
