import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/prisma";
import type { AlertOutcome, AlertStatus } from "@/lib/generated/prisma/client";
import { createLiveDeployment } from "./live-fixtures";

export type OversightFixture = Awaited<ReturnType<typeof createLiveDeployment>>;

/** A deployment with a zone, a camera and watchlist entries (see live-fixtures), for oversight tests. */
export const createOversightDeployment = createLiveDeployment;

/** An alert written directly (as the retention job and the reports see them), with a probe crop. */
export async function createAlert(
  fx: OversightFixture,
  opts: {
    capturedAt?: Date;
    status?: AlertStatus;
    outcome?: AlertOutcome | null;
    isTest?: boolean;
    similarity?: number;
    decidedAfterSeconds?: number;
    overdue?: boolean;
    entryId?: string;
  } = {},
) {
  const capturedAt = opts.capturedAt ?? new Date();
  const key = `fx-${randomUUID()}`;
  return db().alert.create({
    data: {
      idempotencyKey: key,
      deploymentId: fx.deployment.id,
      cameraId: fx.camera.id,
      entryId: opts.entryId ?? (opts.isTest ? fx.testEntry.id : fx.entry.id),
      subjectReference: opts.isTest ? fx.testEntry.subjectReference : fx.entry.subjectReference,
      similarity: opts.similarity ?? 0.7,
      thresholdInForce: fx.deployment.threshold,
      modelId: "mobilefacenet",
      modelVersion: "test-version",
      trackId: key,
      probeJpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      capturedAt,
      receivedAt: capturedAt,
      lastSeenAt: capturedAt,
      status: opts.status ?? "PENDING",
      outcome: opts.outcome ?? null,
      isTest: opts.isTest ?? false,
      decidedAt: opts.decidedAfterSeconds === undefined ? null : new Date(capturedAt.getTime() + opts.decidedAfterSeconds * 1000),
      overdueAt: opts.overdue ? new Date(capturedAt.getTime() + 600_000) : null,
    },
  });
}
