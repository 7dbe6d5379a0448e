-- CreateTable
CREATE TABLE "extension_requests" (
    "id" UUID NOT NULL,
    "assignment_id" UUID NOT NULL,
    "current_deadline" TIMESTAMPTZ(3) NOT NULL,
    "requested_deadline" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decision_note" TEXT,
    "decided_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "extension_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "extension_requests_assignment_id_created_at_idx" ON "extension_requests"("assignment_id", "created_at");

-- CreateIndex
CREATE INDEX "extension_requests_status_created_at_idx" ON "extension_requests"("status", "created_at");

-- AddForeignKey
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_assignment_id_fkey" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
