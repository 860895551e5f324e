-- Enrolment at scale (issue 14): the images of an entry are found through an index, not a scan.
CREATE INDEX "WatchlistImage_entryId_idx" ON "WatchlistImage"("entryId");
