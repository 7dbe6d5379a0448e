-- CreateTable
CREATE TABLE "plan_drafts" (
    "id" UUID NOT NULL,
    "owner_unit_id" UUID NOT NULL,
    "content" JSONB NOT NULL,
    "plan_id" UUID,
    "created_by" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_at" TIMESTAMPTZ(3),

    CONSTRAINT "plan_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "plan_drafts_plan_id_key" ON "plan_drafts"("plan_id");

-- CreateIndex
CREATE INDEX "plan_drafts_owner_unit_id_updated_at_idx" ON "plan_drafts"("owner_unit_id", "updated_at");

-- AddForeignKey
ALTER TABLE "plan_drafts" ADD CONSTRAINT "plan_drafts_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_drafts" ADD CONSTRAINT "plan_drafts_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;
