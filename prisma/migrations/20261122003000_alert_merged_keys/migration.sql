-- Idempotency keys of repeat sightings merged into an alert, so a retried merge is not counted twice.
ALTER TABLE "Alert" ADD COLUMN "mergedKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];
CREATE INDEX "Alert_mergedKeys_idx" ON "Alert" USING GIN ("mergedKeys");
