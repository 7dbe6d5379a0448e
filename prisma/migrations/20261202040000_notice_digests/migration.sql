-- AlterTable
ALTER TABLE "notifications" ADD COLUMN "account_id" UUID,
ADD COLUMN "deliver_after" TIMESTAMPTZ(3),
ADD COLUMN "digest_key" TEXT,
ADD COLUMN "read_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "notice_settings" (
    "account_id" UUID NOT NULL,
    "modes" JSONB NOT NULL DEFAULT '{}',
    "digest_time" TEXT,
    "urgent_on_days_off" BOOLEAN,
    "copy_when_delegated" BOOLEAN,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_settings_pkey" PRIMARY KEY ("account_id")
);

-- CreateIndex
CREATE INDEX "notifications_account_id_id_idx" ON "notifications"("account_id", "id");

-- CreateIndex
CREATE INDEX "notifications_status_deliver_after_idx" ON "notifications"("status", "deliver_after");

-- CreateIndex
CREATE INDEX "notifications_digest_key_idx" ON "notifications"("digest_key");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_settings" ADD CONSTRAINT "notice_settings_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
