-- The request id a caller sent (X-Request-Id), kept beside the engine's own in "request_id".
ALTER TABLE "audit_entries" ADD COLUMN "caller_request_id" TEXT;
