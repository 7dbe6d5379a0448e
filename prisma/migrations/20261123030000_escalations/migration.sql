-- AlterTable
ALTER TABLE "units" ADD COLUMN "email" TEXT,
ADD COLUMN "head_name" TEXT,
ADD COLUMN "head_email" TEXT;

-- AlterTable
ALTER TABLE "plans" ADD COLUMN "issuing_unit_id" UUID,
ADD COLUMN "assigning_unit_id" UUID;

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "deadline_version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "escalations" (
    "id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "deadline_version" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "overdue_since" TIMESTAMPTZ(3) NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "notified" JSONB NOT NULL DEFAULT '[]',
    "resolved_at" TIMESTAMPTZ(3),
    "resolution" TEXT,

    CONSTRAINT "escalations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "assignment_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "level" INTEGER,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "escalations_resolved_at_level_idx" ON "escalations"("resolved_at", "level");

-- CreateIndex
CREATE UNIQUE INDEX "escalations_assignment_id_deadline_version_level_key" ON "escalations"("assignment_id", "deadline_version", "level");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_key_key" ON "notifications"("key");

-- CreateIndex
CREATE INDEX "notifications_assignment_id_created_at_idx" ON "notifications"("assignment_id", "created_at");

-- AddForeignKey
ALTER TABLE "plans" ADD CONSTRAINT "plans_issuing_unit_id_fkey" FOREIGN KEY ("issuing_unit_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plans" ADD CONSTRAINT "plans_assigning_unit_id_fkey" FOREIGN KEY ("assigning_unit_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
