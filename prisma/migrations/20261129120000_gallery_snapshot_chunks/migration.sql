-- Watchlist snapshots as packed binary chunks (issue 14): format 2 snapshots keep no JSON payload.
ALTER TABLE "WatchlistSnapshot" ADD COLUMN "format" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "dim" INTEGER,
ADD COLUMN "encoding" TEXT,
ADD COLUMN "chunkCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "rowCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "byteSize" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN "blueListCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "blueListHash" TEXT,
ADD COLUMN "blueListChunkCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "WatchlistSnapshotChunk" (
    "snapshotId" UUID NOT NULL,
    "part" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "WatchlistSnapshotChunk_pkey" PRIMARY KEY ("snapshotId","part","index")
);

-- AddForeignKey
ALTER TABLE "WatchlistSnapshotChunk" ADD CONSTRAINT "WatchlistSnapshotChunk_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "WatchlistSnapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
