-- AlterTable
ALTER TABLE "accounts" ADD COLUMN "token_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "password_changed_at" TIMESTAMPTZ(3);
