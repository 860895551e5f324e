import { z } from "zod";
import { MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import { isAllowedWhepUrl, WHEP_ORIGIN_MESSAGE } from "@/lib/rtc/whep-origin";

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Longest deployment window an application may ask for. */
export const MAX_WINDOW_HOURS = 24;

export const cameraSchema = z
  .object({
    name: text(2, 80),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    headingDeg: z.number().min(0).max(360).default(0),
    fovDeg: z.number().min(5).max(180).default(60),
    rangeM: z.number().min(1).max(200).default(25),
    source: z.enum(["LOCAL_PUBLISHER", "WHEP"]).default("LOCAL_PUBLISHER"),
    whepUrl: z
      .string()
      .max(500)
      .url()
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
      .refine((u) => isAllowedWhepUrl(u), WHEP_ORIGIN_MESSAGE)
      .optional(),
  })
  .strict()
  .refine((c) => c.source !== "WHEP" || !!c.whepUrl, { message: "a WHEP camera needs its whepUrl", path: ["whepUrl"] });

export const deploymentInputSchema = z
  .object({
    name: text(3, 120),
    zoneId: z.string().uuid(),
    plannedStart: z.string().datetime({ offset: true }),
    plannedEnd: z.string().datetime({ offset: true }),
    purpose: text(10, 2000),
    legalBasis: text(5, 1000),
    necessity: text(10, 4000),
    proportionality: text(10, 4000),
    watchlistCriteria: text(10, 2000),
    expectedFootfallPerHour: z.number().int().min(0).max(1_000_000).optional(),
    threshold: z.number().min(MIN_MATCH_THRESHOLD).max(MAX_MATCH_THRESHOLD),
    watchlistIds: z.array(z.string().uuid()).min(1, "choose at least one watchlist").max(10),
    cameras: z.array(cameraSchema).min(1, "add at least one camera").max(20),
    requireSecondConfirmation: z.boolean().default(false),
    dedupWindowSeconds: z.number().int().min(10).max(3600).default(120),
    adjudicationSlaMinutes: z.number().int().min(1).max(120).default(5),
  })
  .strict()
  .refine((d) => new Date(d.plannedEnd) > new Date(d.plannedStart), { message: "the window must end after it starts", path: ["plannedEnd"] })
  .refine((d) => new Date(d.plannedEnd).getTime() - new Date(d.plannedStart).getTime() <= MAX_WINDOW_HOURS * 3600_000, {
    message: `a deployment window is at most ${MAX_WINDOW_HOURS} hours`,
    path: ["plannedEnd"],
  });

export type DeploymentInput = z.infer<typeof deploymentInputSchema>;

export const reasonsSchema = z.object({ reasons: text(10, 4000) }).strict();
export const closeSchema = z.object({ report: text(10, 8000) }).strict();
export const cancelSchema = z.object({ reason: text(5, 2000) }).strict();
export const thresholdChangeSchema = z
  .object({ threshold: z.number().min(MIN_MATCH_THRESHOLD).max(MAX_MATCH_THRESHOLD), reason: text(10, 2000) })
  .strict();
export const selfTestSchema = z.object({ alertId: z.string().uuid() }).strict();

export const listDeploymentsQuery = z.object({
  status: z.enum(["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED", "LIVE", "CLOSED", "CANCELLED"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});
