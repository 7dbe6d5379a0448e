-- CreateTable
CREATE TABLE "evidence_files" (
    "id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "activity_id" UUID,
    "attached_at" TIMESTAMPTZ(3),
    "filename" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "thumbnail_sha256" TEXT,
    "uploaded_by_id" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_files_assignment_id_uploaded_at_idx" ON "evidence_files"("assignment_id", "uploaded_at");

-- CreateIndex
CREATE INDEX "evidence_files_activity_id_idx" ON "evidence_files"("activity_id");

-- CreateIndex
CREATE INDEX "evidence_files_sha256_idx" ON "evidence_files"("sha256");

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity_reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
