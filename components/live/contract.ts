/**
 * TEMPORARY: the console's view of the live-loop contract (/work/notes/live-contract.md) until
 * lib/live/live-schemas.ts and the new exports of lib/alerts/alert-schemas.ts land from h/live-server.
 * Then this file only re-exports them.
 */
import { z } from "zod";

export const liveScopeSchema = z.object({
  deploymentId: z.string().uuid(),
  reference: z.string(),
  status: z.string(),
  phase: z.enum(["self-test", "live", "stopped"]),
  stoppedReason: z.string().nullable(),
  threshold: z.number(),
  gallery: z.object({ kind: z.enum(["blue-list", "full", "none"]), size: z.number(), hash: z.string().nullable(), snapshotId: z.string().nullable() }),
  windowStart: z.string(),
  windowEnd: z.string(),
  modelId: z.string(),
  modelVersion: z.string(),
  version: z.number(),
});
export type LiveScope = z.infer<typeof liveScopeSchema>;

export const deploymentChangedEventSchema = z.object({ scope: liveScopeSchema, change: z.string() });

const adjudicationSchema = z.object({
  id: z.string(),
  userId: z.string(),
  decision: z.string(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  isTest: z.boolean(),
  createdAt: z.string(),
});

export const alertViewSchema = z.object({
  id: z.string(),
  deploymentId: z.string(),
  deploymentReference: z.string(),
  camera: z.object({ id: z.string(), name: z.string(), lat: z.number(), lng: z.number() }),
  entry: z
    .object({
      id: z.string(),
      subjectReference: z.string(),
      displayName: z.string().nullable(),
      reasonCategory: z.string(),
      offence: z.string().nullable(),
      legalBasis: z.string().nullable(),
      isTestSubject: z.boolean(),
    })
    .nullable(),
  subjectReference: z.string(),
  similarity: z.number(),
  thresholdInForce: z.number(),
  modelId: z.string(),
  modelVersion: z.string(),
  trackId: z.string(),
  capturedAt: z.string(),
  receivedAt: z.string(),
  lastSeenAt: z.string(),
  sightings: z.number(),
  status: z.enum(["PENDING", "AWAITING_SECOND", "CONFIRMED", "REJECTED"]),
  isTest: z.boolean(),
  outcome: z.string().nullable(),
  decidedAt: z.string().nullable(),
  secondsToDecision: z.number().nullable(),
  overdue: z.boolean(),
  requireSecondConfirmation: z.boolean(),
  probeImageUrl: z.string(),
  watchlistImageUrl: z.string().nullable(),
  adjudications: z.array(adjudicationSchema),
  undoableUntil: z.string().nullable().optional(),
  lastDecisionBy: z.unknown().optional(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

export const countsEventSchema = z.object({ deploymentId: z.string(), cameraId: z.string().optional(), facesProcessed: z.number(), scopeVersion: z.number().nullable().optional() });

export const REJECT_REASONS = [
  { value: "NOT_THE_PERSON", label: "Not the person" },
  { value: "IMAGE_TOO_POOR", label: "Image too poor to judge" },
  { value: "DUPLICATE", label: "Duplicate of another alert" },
  { value: "OTHER", label: "Other (say why)" },
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number]["value"];

const REAL_OUTCOMES = [
  { value: "ENGAGED", label: "Engaged" },
  { value: "ARRESTED", label: "Arrested" },
  { value: "NO_FURTHER_ACTION", label: "No further action" },
  { value: "NOT_LOCATED", label: "Not located" },
] as const;
const TEST_OUTCOMES = [
  { value: "TEST_PASSED", label: "Test passed" },
  { value: "TEST_FAILED", label: "Test failed" },
] as const;
export function outcomesFor(isTest: boolean): readonly { value: string; label: string }[] {
  return isTest ? TEST_OUTCOMES : REAL_OUTCOMES;
}

export const UNDO_SECONDS = 10;
