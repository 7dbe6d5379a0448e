-- CreateTable
CREATE TABLE "plan_amendments" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "document" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'applying',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "plan_amendments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plan_amendments_plan_id_created_at_idx" ON "plan_amendments"("plan_id", "created_at");

-- AddForeignKey
ALTER TABLE "plan_amendments" ADD CONSTRAINT "plan_amendments_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;
