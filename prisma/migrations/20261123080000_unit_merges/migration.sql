-- AlterTable
ALTER TABLE "units" ADD COLUMN "merged_into_id" UUID,
ADD COLUMN "merged_at" TIMESTAMPTZ(3);

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "units"("id") ON DELETE SET NULL ON UPDATE CASCADE;
