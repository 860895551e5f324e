-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OPERATOR', 'COMMANDER', 'AUTHORISING_OFFICER', 'PRIVACY_OFFICER', 'ADMIN');

-- CreateEnum
CREATE TYPE "LocationType" AS ENUM ('CRIME_HOTSPOT', 'EVENT', 'CRITICAL_INFRASTRUCTURE', 'PERSON_INTELLIGENCE');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'AUTHORISED', 'REFUSED', 'LIVE', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CameraSource" AS ENUM ('LOCAL_PUBLISHER', 'WHEP');

-- CreateEnum
CREATE TYPE "ReasonCategory" AS ENUM ('WANTED_BY_COURTS', 'WANTED_REASONABLE_GROUNDS', 'MISSING_VULNERABLE', 'RISK_OF_HARM');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('PENDING', 'AWAITING_SECOND', 'CONFIRMED', 'REJECTED');

-- CreateEnum
CREATE TYPE "AlertOutcome" AS ENUM ('ENGAGED', 'ARRESTED', 'NO_FURTHER_ACTION', 'NOT_LOCATED');

-- CreateEnum
CREATE TYPE "AdjudicationDecision" AS ENUM ('CONFIRM', 'REJECT', 'OUTCOME');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "sessionsValidAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "userAgent" TEXT,

    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Zone" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "locationType" "LocationType" NOT NULL,
    "rationale" TEXT NOT NULL,
    "geometry" JSONB NOT NULL,
    "areaM2" DOUBLE PRECISION NOT NULL,
    "area" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "archivedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Zone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "zoneId" UUID NOT NULL,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'DRAFT',
    "plannedStart" TIMESTAMPTZ(3) NOT NULL,
    "plannedEnd" TIMESTAMPTZ(3) NOT NULL,
    "purpose" TEXT NOT NULL,
    "locationType" "LocationType" NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "necessity" TEXT NOT NULL,
    "proportionality" TEXT NOT NULL,
    "watchlistCriteria" TEXT NOT NULL,
    "expectedFootfallPerHour" INTEGER,
    "threshold" DOUBLE PRECISION NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "requireSecondConfirmation" BOOLEAN NOT NULL DEFAULT false,
    "dedupWindowSeconds" INTEGER NOT NULL DEFAULT 120,
    "adjudicationSlaMinutes" INTEGER NOT NULL DEFAULT 5,
    "version" INTEGER NOT NULL DEFAULT 1,
    "applicantId" UUID NOT NULL,
    "submittedAt" TIMESTAMPTZ(3),
    "authorisingOfficerId" UUID,
    "authorisedAt" TIMESTAMPTZ(3),
    "authorisedVersion" INTEGER,
    "authorisationReasons" TEXT,
    "refusedAt" TIMESTAMPTZ(3),
    "refusalReasons" TEXT,
    "signageConfirmedAt" TIMESTAMPTZ(3),
    "signageConfirmedById" UUID,
    "selfTestPassedAt" TIMESTAMPTZ(3),
    "liveAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "closureReport" TEXT,
    "cancelledAt" TIMESTAMPTZ(3),
    "cancellationReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentWatchlist" (
    "deploymentId" UUID NOT NULL,
    "watchlistId" UUID NOT NULL,

    CONSTRAINT "DeploymentWatchlist_pkey" PRIMARY KEY ("deploymentId","watchlistId")
);

-- CreateTable
CREATE TABLE "ThresholdChange" (
    "id" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "fromThreshold" DOUBLE PRECISION NOT NULL,
    "toThreshold" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "authorisedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ThresholdChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Camera" (
    "id" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lng" DOUBLE PRECISION NOT NULL,
    "headingDeg" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "fovDeg" DOUBLE PRECISION NOT NULL DEFAULT 60,
    "rangeM" DOUBLE PRECISION NOT NULL DEFAULT 25,
    "source" "CameraSource" NOT NULL DEFAULT 'LOCAL_PUBLISHER',
    "whepUrl" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Camera_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Watchlist" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Watchlist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WatchlistEntry" (
    "id" UUID NOT NULL,
    "watchlistId" UUID NOT NULL,
    "subjectReference" TEXT NOT NULL,
    "displayName" TEXT,
    "reasonCategory" "ReasonCategory" NOT NULL,
    "offence" TEXT,
    "legalBasis" TEXT NOT NULL,
    "imageSource" TEXT NOT NULL,
    "imageTakenAt" TIMESTAMPTZ(3),
    "addedById" UUID NOT NULL,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "isTestSubject" BOOLEAN NOT NULL DEFAULT false,
    "sex" TEXT,
    "ethnicity" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WatchlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WatchlistImage" (
    "id" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "faceJpeg" BYTEA NOT NULL,
    "embedding" BYTEA NOT NULL,
    "embeddingModelId" TEXT NOT NULL,
    "embeddingModelVersion" TEXT NOT NULL,
    "embeddingDim" INTEGER NOT NULL,
    "detectorScore" DOUBLE PRECISION NOT NULL,
    "possibleDuplicateOf" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WatchlistImage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WatchlistSnapshot" (
    "id" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "payload" BYTEA,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destroyedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WatchlistSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "deploymentId" UUID NOT NULL,
    "cameraId" UUID NOT NULL,
    "entryId" UUID,
    "subjectReference" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "thresholdInForce" DOUBLE PRECISION NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "probeJpeg" BYTEA,
    "capturedAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "sightings" INTEGER NOT NULL DEFAULT 1,
    "status" "AlertStatus" NOT NULL DEFAULT 'PENDING',
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "outcome" "AlertOutcome",
    "decidedAt" TIMESTAMPTZ(3),
    "overdueAt" TIMESTAMPTZ(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Adjudication" (
    "id" UUID NOT NULL,
    "alertId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "decision" "AdjudicationDecision" NOT NULL,
    "outcome" "AlertOutcome",
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Adjudication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaceCount" (
    "cameraId" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "faces" INTEGER NOT NULL,

    CONSTRAINT "FaceCount_pkey" PRIMARY KEY ("cameraId","minute")
);

-- CreateTable
CREATE TABLE "LiveEvent" (
    "seq" BIGSERIAL NOT NULL,
    "deploymentId" UUID,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "RtcSession" (
    "id" UUID NOT NULL,
    "cameraId" UUID NOT NULL,
    "viewerUserId" UUID,
    "offerSdp" TEXT NOT NULL,
    "answerSdp" TEXT,
    "publisherCandidates" JSONB NOT NULL DEFAULT '[]',
    "viewerCandidates" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RtcSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrimeImport" (
    "id" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "rowsRead" INTEGER NOT NULL DEFAULT 0,
    "rowsAccepted" INTEGER NOT NULL DEFAULT 0,
    "rowsRejected" INTEGER NOT NULL DEFAULT 0,
    "rejections" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CrimeImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrimeRecord" (
    "id" BIGSERIAL NOT NULL,
    "importId" UUID NOT NULL,
    "crimeId" TEXT,
    "month" TEXT NOT NULL,
    "reportedBy" TEXT,
    "fallsWithin" TEXT,
    "lng" DOUBLE PRECISION NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "location" TEXT,
    "lsoaCode" TEXT,
    "lsoaName" TEXT,
    "crimeType" TEXT NOT NULL,
    "lastOutcome" TEXT,
    "context" TEXT,

    CONSTRAINT "CrimeRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGINT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "actorId" UUID,
    "actorEmail" TEXT,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "targetType" TEXT,
    "targetId" TEXT,
    "deploymentId" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,
    "ip" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" UUID NOT NULL,
    "asOf" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "error" TEXT,

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeletionReceipt" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "periodStart" TIMESTAMPTZ(3),
    "periodEnd" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL,
    "deploymentId" UUID,
    "retentionRunId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletionReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Deployment_reference_key" ON "Deployment"("reference");

-- CreateIndex
CREATE INDEX "Deployment_status_idx" ON "Deployment"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Watchlist_name_key" ON "Watchlist"("name");

-- CreateIndex
CREATE INDEX "WatchlistEntry_expiresAt_idx" ON "WatchlistEntry"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "WatchlistEntry_watchlistId_subjectReference_key" ON "WatchlistEntry"("watchlistId", "subjectReference");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_idempotencyKey_key" ON "Alert"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Alert_deploymentId_capturedAt_idx" ON "Alert"("deploymentId", "capturedAt");

-- CreateIndex
CREATE INDEX "Alert_capturedAt_idx" ON "Alert"("capturedAt");

-- CreateIndex
CREATE INDEX "Adjudication_alertId_idx" ON "Adjudication"("alertId");

-- CreateIndex
CREATE INDEX "FaceCount_deploymentId_minute_idx" ON "FaceCount"("deploymentId", "minute");

-- CreateIndex
CREATE INDEX "LiveEvent_createdAt_idx" ON "LiveEvent"("createdAt");

-- CreateIndex
CREATE INDEX "RtcSession_cameraId_createdAt_idx" ON "RtcSession"("cameraId", "createdAt");

-- CreateIndex
CREATE INDEX "CrimeRecord_month_crimeType_idx" ON "CrimeRecord"("month", "crimeType");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_occurredAt_idx" ON "AuditEvent"("occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_idx" ON "AuditEvent"("actorId");

-- CreateIndex
CREATE INDEX "AuditEvent_deploymentId_idx" ON "AuditEvent"("deploymentId");

-- CreateIndex
CREATE INDEX "AuditCheckpoint_seq_idx" ON "AuditCheckpoint"("seq");

-- CreateIndex
CREATE INDEX "DeletionReceipt_createdAt_idx" ON "DeletionReceipt"("createdAt");

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentWatchlist" ADD CONSTRAINT "DeploymentWatchlist_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentWatchlist" ADD CONSTRAINT "DeploymentWatchlist_watchlistId_fkey" FOREIGN KEY ("watchlistId") REFERENCES "Watchlist"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThresholdChange" ADD CONSTRAINT "ThresholdChange_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Camera" ADD CONSTRAINT "Camera_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WatchlistEntry" ADD CONSTRAINT "WatchlistEntry_watchlistId_fkey" FOREIGN KEY ("watchlistId") REFERENCES "Watchlist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WatchlistImage" ADD CONSTRAINT "WatchlistImage_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "WatchlistEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WatchlistSnapshot" ADD CONSTRAINT "WatchlistSnapshot_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_cameraId_fkey" FOREIGN KEY ("cameraId") REFERENCES "Camera"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "WatchlistEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Adjudication" ADD CONSTRAINT "Adjudication_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceCount" ADD CONSTRAINT "FaceCount_cameraId_fkey" FOREIGN KEY ("cameraId") REFERENCES "Camera"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaceCount" ADD CONSTRAINT "FaceCount_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RtcSession" ADD CONSTRAINT "RtcSession_cameraId_fkey" FOREIGN KEY ("cameraId") REFERENCES "Camera"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrimeRecord" ADD CONSTRAINT "CrimeRecord_importId_fkey" FOREIGN KEY ("importId") REFERENCES "CrimeImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeletionReceipt" ADD CONSTRAINT "DeletionReceipt_retentionRunId_fkey" FOREIGN KEY ("retentionRunId") REFERENCES "RetentionRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

