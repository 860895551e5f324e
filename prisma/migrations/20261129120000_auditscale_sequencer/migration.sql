-- Audit trail that scales: writers insert records unsequenced (seq, prevHash and hash NULL) inside
-- their own transaction, without any lock; one sequencer (elected through a session advisory lock)
-- later gives each committed record its place in the hash chain, in the order it observes them.
-- Rows keep their own identity ("id", insertion order) apart from their chain position ("seq").

ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_update_delete;
ALTER TABLE "AuditEvent" ADD COLUMN "id" BIGINT;
UPDATE "AuditEvent" SET "id" = "seq";
ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_no_update_delete;

CREATE SEQUENCE "AuditEvent_id_seq" OWNED BY "AuditEvent"."id";
SELECT setval('"AuditEvent_id_seq"', COALESCE((SELECT max("id") FROM "AuditEvent"), 0) + 1, false);
ALTER TABLE "AuditEvent" ALTER COLUMN "id" SET DEFAULT nextval('"AuditEvent_id_seq"'),
                         ALTER COLUMN "id" SET NOT NULL;
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_pkey";
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id");
ALTER TABLE "AuditEvent" ALTER COLUMN "seq" DROP NOT NULL,
                         ALTER COLUMN "prevHash" DROP NOT NULL,
                         ALTER COLUMN "hash" DROP NOT NULL;
-- Also finds the pending rows (seq IS NULL) and the chain head (max seq).
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- Still append-only: the one UPDATE allowed is the sequencer's, giving a pending row its seq,
-- prevHash and hash once, with every other field unchanged. DELETE and TRUNCATE stay refused
-- (the purge switches the trigger off inside its own transaction, as before).
CREATE OR REPLACE FUNCTION vigil_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.seq IS NULL AND OLD."prevHash" IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW."prevHash" IS NOT NULL AND NEW.hash IS NOT NULL
     AND (NEW.id, NEW."occurredAt", NEW."actorId", NEW."actorEmail", NEW."actorRole", NEW.action, NEW.outcome,
          NEW."targetType", NEW."targetId", NEW."deploymentId", NEW.details, NEW."requestId", NEW.ip)
         IS NOT DISTINCT FROM
         (OLD.id, OLD."occurredAt", OLD."actorId", OLD."actorEmail", OLD."actorRole", OLD.action, OLD.outcome,
          OLD."targetType", OLD."targetId", OLD."deploymentId", OLD.details, OLD."requestId", OLD.ip)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only: % on "AuditEvent" is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- No NOTIFY trigger here on purpose: a transaction that NOTIFYs takes a database-wide lock at commit,
-- which serialises commits again (measured: about half the append rate at 32 writers). Writers wake
-- the sequencer with one NOTIFY per process every 20 ms at most, outside their transaction
-- (lib/audit/wake-audit-sequencer.ts), and the sequencer also polls.
