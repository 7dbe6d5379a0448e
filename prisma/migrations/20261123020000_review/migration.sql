-- AlterEnum
ALTER TYPE "assignment_status" ADD VALUE 'in_progress' BEFORE 'done';
ALTER TYPE "assignment_status" ADD VALUE 'submitted' BEFORE 'done';

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "figures" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "evidence" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "submitted_at" TIMESTAMPTZ(3),
ADD COLUMN "return_reason" TEXT;
