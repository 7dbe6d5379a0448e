-- CreateTable
CREATE TABLE "task_proposals" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "kind" TEXT NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "proposed_by" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decision_note" TEXT,
    "decided_by" TEXT,
    "task_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "task_proposals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_proposals_plan_id_status_idx" ON "task_proposals"("plan_id", "status");

-- AddForeignKey
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_proposals" ADD CONSTRAINT "task_proposals_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
