-- The audit trail is append-only. UPDATE, DELETE and TRUNCATE on "AuditEvent" raise an error.
-- ENABLE ALWAYS makes the triggers fire even with session_replication_role = replica, the usual
-- way to bypass ordinary triggers. (Where the deployment separates database roles, the app's role
-- should also be granted only INSERT and SELECT on this table: see docs/oversight.md.)
CREATE OR REPLACE FUNCTION vigil_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on "AuditEvent" is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS audit_event_no_update_delete ON "AuditEvent";
CREATE TRIGGER audit_event_no_update_delete
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION vigil_audit_append_only();

DROP TRIGGER IF EXISTS audit_event_no_truncate ON "AuditEvent";
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_audit_append_only();

ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_no_update_delete;
ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_no_truncate;
