import { z } from "zod";

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const createWatchlistSchema = z.object({
  name: z.string().trim().min(3).max(120),
  description: z.string().trim().max(2000).default(""),
});

export const reasonCategorySchema = z.enum(["WANTED_BY_COURTS", "WANTED_REASONABLE_GROUNDS", "MISSING_VULNERABLE", "RISK_OF_HARM"]);

export const createEntrySchema = z.object({
  subjectReference: z.string().trim().min(2).max(64),
  displayName: z.string().trim().max(120).optional(),
  reasonCategory: reasonCategorySchema,
  offence: z.string().trim().max(200).optional(),
  legalBasis: z.string().trim().min(3).max(500),
  imageSource: z.string().trim().min(2).max(200),
  imageTakenAt: z.string().datetime({ offset: true }).optional(),
  expiresAt: z.string().datetime({ offset: true }),
  isTestSubject: z.boolean().default(false),
  sex: z.string().trim().max(40).optional(),
  ethnicity: z.string().trim().max(80).optional(),
});

export const MAX_FACE_JPEG_BYTES = 64 * 1024;

export const addImageSchema = z.object({
  /** 128 little-endian float32 values, base64 (684 characters). */
  embedding: z.string().max(800).regex(base64, "must be base64"),
  modelId: z.string().max(64),
  modelVersion: z.string().max(128),
  detectorScore: z.number().finite().min(0).max(1),
  faceJpeg: z.string().max(Math.ceil((MAX_FACE_JPEG_BYTES * 4) / 3) + 4, "must be a JPEG of at most 64 KiB").regex(base64, "must be base64"),
});

export const reviewEntrySchema = z.object({ approve: z.literal(true), note: z.string().trim().max(1000).optional() });
