import { z } from "zod";

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** An optional text field; an empty string counts as absent. */
const optionalText = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max).optional());

export const createWatchlistSchema = z
  .object({
    name: z.string().trim().min(3).max(120),
    description: z.string().trim().max(2000).default(""),
  })
  .strict();

export const REASON_CATEGORIES = ["WANTED_BY_COURTS", "WANTED_REASONABLE_GROUNDS", "MISSING_VULNERABLE", "RISK_OF_HARM"] as const;
export const reasonCategorySchema = z.enum(REASON_CATEGORIES);

export const REASON_LABELS: Record<(typeof REASON_CATEGORIES)[number], string> = {
  WANTED_BY_COURTS: "Wanted by the courts",
  WANTED_REASONABLE_GROUNDS: "Wanted on reasonable grounds (suspected offence)",
  MISSING_VULNERABLE: "Missing or vulnerable person",
  RISK_OF_HARM: "Risk of harm to themselves or others",
};

export const createEntrySchema = z
  .object({
    subjectReference: z
      .string()
      .trim()
      .min(2)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 _./-]*$/, "letters, digits, spaces and _ . / - only"),
    displayName: optionalText(120),
    reasonCategory: reasonCategorySchema,
    offence: optionalText(200),
    legalBasis: z.string().trim().min(3).max(500),
    imageSource: z.string().trim().min(2).max(200),
    imageTakenAt: z.string().datetime({ offset: true }).optional(),
    expiresAt: z.string().datetime({ offset: true }),
    isTestSubject: z.boolean().default(false),
    /** Equality monitoring only; never used in matching. */
    sex: optionalText(40),
    ethnicity: optionalText(80),
  })
  .strict();

export type CreateEntryInput = z.infer<typeof createEntrySchema>;

export const MAX_FACE_JPEG_BYTES = 64 * 1024;

export const addImageSchema = z
  .object({
    /** 128 little-endian float32 values, base64 (684 characters). */
    embedding: z.string().max(800).regex(base64, "must be base64"),
    modelId: z.string().max(64),
    modelVersion: z.string().max(128),
    detectorScore: z.number().finite().min(0).max(1),
    /** The aligned 112x112 face crop, JPEG, base64. */
    faceJpeg: z
      .string()
      .max(Math.ceil((MAX_FACE_JPEG_BYTES * 4) / 3) + 4, "must be a JPEG of at most 64 KiB")
      .regex(base64, "must be base64"),
  })
  .strict();

export const reviewEntrySchema = z.object({ approve: z.literal(true), note: optionalText(1000) }).strict();

export const listEntriesQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  q: z.string().trim().max(64).optional(),
});

export const removeEntrySchema = z.object({ reason: z.string().trim().min(5).max(1000) }).strict();

// ───────────── Responses (the wire shape: dates as ISO strings; routes check theirs with `satisfies`) ─────────────

const iso = z.string().datetime({ offset: true });

/** One row of GET /api/watchlists: sizes for the lists panel and the deployment form. */
export const watchlistSummarySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string(),
  entries: z.number().int(),
  /** Reviewed, unexpired entries with an enrolled face: what a deployment authorised now would freeze. */
  enrolledActive: z.number().int(),
  testSubjects: z.number().int(),
  awaitingReview: z.number().int(),
  deployments: z.number().int(),
  createdAt: iso,
});
export type WatchlistSummary = z.infer<typeof watchlistSummarySchema>;
export const watchlistListResponseSchema = z.object({ watchlists: z.array(watchlistSummarySchema) });
export type WatchlistListResponse = z.infer<typeof watchlistListResponseSchema>;

/** POST /api/watchlists: the new watchlist. */
export const watchlistCreatedResponseSchema = z.object({
  watchlist: z.object({ id: z.string().uuid(), name: z.string(), description: z.string(), createdAt: iso }),
});
export type WatchlistCreatedResponse = z.infer<typeof watchlistCreatedResponseSchema>;

/** An entry as stored (create, review). */
const entryCore = {
  id: z.string().uuid(),
  watchlistId: z.string().uuid(),
  subjectReference: z.string(),
  displayName: z.string().nullable(),
  reasonCategory: reasonCategorySchema,
  offence: z.string().nullable(),
  legalBasis: z.string(),
  imageSource: z.string(),
  imageTakenAt: iso.nullable(),
  addedById: z.string().uuid(),
  reviewedById: z.string().uuid().nullable(),
  reviewedAt: iso.nullable(),
  expiresAt: iso,
  isTestSubject: z.boolean(),
  sex: z.string().nullable(),
  ethnicity: z.string().nullable(),
  createdAt: iso,
};
export const entryResponseSchema = z.object({ entry: z.object(entryCore) });
export type EntryResponse = z.infer<typeof entryResponseSchema>;

/** One entry of GET /api/watchlists/[id]/entries, with its provenance (never image bytes). */
export const entryViewSchema = z.object({
  ...entryCore,
  addedByName: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  expired: z.boolean(),
  images: z.array(z.object({ id: z.string().uuid(), detectorScore: z.number(), createdAt: iso })),
  possibleDuplicates: z.array(z.object({ entryId: z.string().uuid(), subjectReference: z.string() })),
});
export type EntryView = z.infer<typeof entryViewSchema>;
export const entryPageResponseSchema = z.object({
  watchlist: z.object({ id: z.string().uuid(), name: z.string(), description: z.string() }),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  entries: z.array(entryViewSchema),
});
export type EntryPageResponse = z.infer<typeof entryPageResponseSchema>;

/** POST /api/watchlists/entries/[entryId]/images: the stored image and the other subjects it closely matches. */
export const entryImageResponseSchema = z.object({
  image: z.object({ id: z.string().uuid(), createdAt: iso, possibleDuplicateOf: z.array(z.string().uuid()) }),
  duplicates: z.array(z.object({ entryId: z.string().uuid(), subjectReference: z.string(), score: z.number() })),
});
export type EntryImageResponse = z.infer<typeof entryImageResponseSchema>;

/** POST /api/watchlists/entries/[entryId]/remove. */
export const entryRemovedResponseSchema = z.object({ id: z.string().uuid(), removed: z.boolean() });
export type EntryRemovedResponse = z.infer<typeof entryRemovedResponseSchema>;
