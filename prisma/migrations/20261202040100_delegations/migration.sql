-- CreateTable
CREATE TABLE "delegations" (
    "id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "head_id" UUID NOT NULL,
    "deputy_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delegations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delegations_deputy_id_ends_at_idx" ON "delegations"("deputy_id", "ends_at");

-- CreateIndex
CREATE INDEX "delegations_head_id_ends_at_idx" ON "delegations"("head_id", "ends_at");

-- AddForeignKey
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_head_id_fkey" FOREIGN KEY ("head_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_deputy_id_fkey" FOREIGN KEY ("deputy_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
