import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { UNDO_SECONDS, type AlertView } from "@/lib/live/live-schemas";

export type { AlertView } from "@/lib/live/live-schemas";

/** What operators see of an alert (no image bytes: those come from the access-logged image route). */
export const alertViewInclude = {
  camera: { select: { id: true, name: true, lat: true, lng: true } },
  entry: { select: { id: true, subjectReference: true, displayName: true, reasonCategory: true, offence: true, legalBasis: true, isTestSubject: true } },
  adjudications: {
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
    select: { id: true, userId: true, userName: true, decision: true, outcome: true, reason: true, note: true, isTest: true, createdAt: true, undoneAt: true },
  },
  deployment: { select: { id: true, reference: true, requireSecondConfirmation: true, adjudicationSlaMinutes: true } },
} satisfies Prisma.AlertInclude;

type AlertWithView = Omit<Prisma.AlertGetPayload<{ include: typeof alertViewInclude }>, "probeJpeg">;

/** The view of an alert sent to consoles (parsed there with alertViewSchema). */
export function toAlertView(a: AlertWithView, now = new Date()): AlertView {
  const slaMs = a.deployment.adjudicationSlaMinutes * 60_000;
  const open = a.status === "PENDING" || a.status === "AWAITING_SECOND";
  const inForce = a.adjudications.filter((j) => !j.undoneAt);
  const last = inForce.length ? inForce[inForce.length - 1] : null;
  const undoUntil = last ? new Date(last.createdAt.getTime() + UNDO_SECONDS * 1000) : null;
  return {
    id: a.id,
    deploymentId: a.deploymentId,
    deploymentReference: a.deployment.reference,
    camera: a.camera,
    entry: a.entry,
    subjectReference: a.subjectReference,
    similarity: a.similarity,
    thresholdInForce: a.thresholdInForce,
    modelId: a.modelId,
    modelVersion: a.modelVersion,
    trackId: a.trackId,
    capturedAt: a.capturedAt.toISOString(),
    receivedAt: a.receivedAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    sightings: a.sightings,
    status: a.status,
    isTest: a.isTest,
    outcome: a.outcome,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    secondsToDecision: a.decidedAt ? Math.round((a.decidedAt.getTime() - a.receivedAt.getTime()) / 1000) : null,
    overdue: open && (a.overdueAt !== null || now.getTime() - a.receivedAt.getTime() > slaMs),
    requireSecondConfirmation: a.deployment.requireSecondConfirmation,
    probeImageUrl: `/api/alerts/${a.id}/image?kind=probe`,
    watchlistImageUrl: a.entryId ? `/api/alerts/${a.id}/image?kind=watchlist` : null,
    adjudications: a.adjudications.map((j) => ({ ...j, createdAt: j.createdAt.toISOString(), undoneAt: j.undoneAt?.toISOString() ?? null })),
    lastDecisionBy: last ? { userId: last.userId, name: last.userName, decision: last.decision } : null,
    undoableUntil: undoUntil && undoUntil > now ? undoUntil.toISOString() : null,
  };
}
