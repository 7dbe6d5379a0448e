-- AlterTable
ALTER TABLE "tasks" ADD COLUMN "report_every" TEXT,
ADD COLUMN "reporting_from" DATE,
ADD COLUMN "reporting_to" DATE;
