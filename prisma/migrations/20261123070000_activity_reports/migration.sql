-- AlterTable
ALTER TABLE "units" ADD COLUMN "households" INTEGER,
ADD COLUMN "family_officials" INTEGER;

-- CreateTable
CREATE TABLE "activity_reports" (
    "id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_on" DATE NOT NULL,
    "details" JSONB NOT NULL,
    "figures" JSONB NOT NULL,
    "reported_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "activity_reports_assignment_id_occurred_on_idx" ON "activity_reports"("assignment_id", "occurred_on");

-- AddForeignKey
ALTER TABLE "activity_reports" ADD CONSTRAINT "activity_reports_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
