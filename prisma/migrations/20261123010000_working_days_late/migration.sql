-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "working_days_late" INTEGER;
