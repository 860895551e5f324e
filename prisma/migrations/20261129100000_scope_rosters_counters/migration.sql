-- Deployment rosters: who may see a deployment's alerts, images and live streams.
CREATE TABLE "DeploymentMember" (
    "deploymentId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "addedById" UUID NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeploymentMember_pkey" PRIMARY KEY ("deploymentId","userId")
);

CREATE INDEX "DeploymentMember_userId_idx" ON "DeploymentMember"("userId");

ALTER TABLE "DeploymentMember" ADD CONSTRAINT "DeploymentMember_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "DeploymentMember" ADD CONSTRAINT "DeploymentMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- 64-bit face counters: a deployment's sum must not overflow.
ALTER TABLE "FaceCount" ALTER COLUMN "faces" SET DATA TYPE BIGINT;
