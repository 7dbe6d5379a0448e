-- CreateEnum
CREATE TYPE "plan_status" AS ENUM ('active', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "assignment_role" AS ENUM ('lead', 'coordinate');

-- CreateEnum
CREATE TYPE "assignment_status" AS ENUM ('assigned', 'done', 'cancelled');

-- CreateTable
CREATE TABLE "units" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parent_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "units_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "issuing_body" TEXT NOT NULL,
    "issued_on" DATE NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "note" TEXT,
    "status" "plan_status" NOT NULL DEFAULT 'active',
    "definition" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "targets" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "value" DECIMAL(14,2) NOT NULL,
    "description" TEXT,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "kind" TEXT NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assignments" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "role" "assignment_role" NOT NULL,
    "status" "assignment_status" NOT NULL DEFAULT 'assigned',
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "summary" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "completed_late" BOOLEAN,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "plan_id" UUID NOT NULL,
    "assignment_id" UUID,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "units_code_key" ON "units"("code");

-- CreateIndex
CREATE INDEX "units_parent_id_idx" ON "units"("parent_id");

-- CreateIndex
CREATE INDEX "plans_status_issued_on_idx" ON "plans"("status", "issued_on");

-- CreateIndex
CREATE UNIQUE INDEX "plans_code_issued_on_key" ON "plans"("code", "issued_on");

-- CreateIndex
CREATE UNIQUE INDEX "targets_plan_id_code_key" ON "targets"("plan_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "tasks_plan_id_code_key" ON "tasks"("plan_id", "code");

-- CreateIndex
CREATE INDEX "assignments_unit_id_status_deadline_idx" ON "assignments"("unit_id", "status", "deadline");

-- CreateIndex
CREATE INDEX "assignments_status_deadline_idx" ON "assignments"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "assignments_task_id_unit_id_key" ON "assignments"("task_id", "unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "events_key_key" ON "events"("key");

-- CreateIndex
CREATE INDEX "events_plan_id_occurred_at_idx" ON "events"("plan_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_assignment_id_occurred_at_idx" ON "events"("assignment_id", "occurred_at");

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "targets" ADD CONSTRAINT "targets_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
