-- TRUNCATE fires no row trigger: the append-only audit trail refuses it with a statement trigger.
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();
