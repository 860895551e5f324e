-- live-server (issue 10): test outcomes, reject reasons, undo, scope versions, one row per idempotency key.

ALTER TYPE "AlertOutcome" ADD VALUE IF NOT EXISTS 'TEST_PASSED';
ALTER TYPE "AlertOutcome" ADD VALUE IF NOT EXISTS 'TEST_FAILED';

CREATE TYPE "RejectReason" AS ENUM ('NOT_THE_PERSON', 'IMAGE_TOO_POOR', 'DUPLICATE', 'OTHER');

-- A rejection says why; an undone decision stays in the record, marked with when it was undone.
ALTER TABLE "Adjudication" ADD COLUMN "reason" "RejectReason";
ALTER TABLE "Adjudication" ADD COLUMN "undoneAt" TIMESTAMPTZ(3);
ALTER TABLE "Adjudication" ADD COLUMN "userName" TEXT;

-- Bumped with every change of the scope a camera station must search (phase, threshold, gallery, window).
ALTER TABLE "Deployment" ADD COLUMN "scopeVersion" INTEGER NOT NULL DEFAULT 1;

-- Every idempotency key an alert has absorbed (its own and merged sightings'): the primary key makes
-- concurrent copies of one event store it once.
CREATE TABLE "AlertKey" (
    "key" TEXT NOT NULL,
    "alertId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertKey_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "AlertKey_alertId_idx" ON "AlertKey"("alertId");
ALTER TABLE "AlertKey" ADD CONSTRAINT "AlertKey_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "AlertKey" ("key", "alertId", "createdAt")
SELECT a."idempotencyKey", a.id, a."receivedAt" FROM "Alert" a
ON CONFLICT DO NOTHING;
INSERT INTO "AlertKey" ("key", "alertId", "createdAt")
SELECT k, a.id, a."receivedAt" FROM "Alert" a, unnest(a."mergedKeys") AS k
ON CONFLICT DO NOTHING;
