import { z } from "zod";
import { addImageSchema, createEntrySchema, MAX_FACE_JPEG_BYTES } from "./watchlist-schemas";

/** Rows per request and photos per row: a batch stays under about 2 MB of JSON. */
export const MAX_BULK_ROWS = 20;
export const MAX_IMAGES_PER_ROW = 3;
export const MAX_BULK_CHECK_REFERENCES = 5000;
export const MAX_BULK_BODY_BYTES = MAX_BULK_ROWS * Math.ceil((MAX_FACE_JPEG_BYTES * 4) / 3) + 512 * 1024;

const fileName = z.string().trim().min(1).max(200);

export const bulkRowSchema = z
  .object({
    /** Line of the manifest the row came from (for the report). */
    line: z.number().int().min(2).max(1_000_000),
    entry: createEntrySchema,
    images: z
      .array(addImageSchema.extend({ file: fileName }).strict())
      .min(1)
      .max(MAX_IMAGES_PER_ROW),
  })
  .strict();

export const bulkEnrolRequestSchema = z.discriminatedUnion("action", [
  /** Which of these references are already on the watchlist (resume). */
  z.object({ action: z.literal("check"), references: z.array(z.string().trim().min(1).max(64)).max(MAX_BULK_CHECK_REFERENCES) }).strict(),
  z
    .object({
      action: z.literal("enrol"),
      rows: z.array(bulkRowSchema).min(1).max(MAX_BULK_ROWS),
    })
    .strict(),
]);

export type TBulkEnrolRequest = z.infer<typeof bulkEnrolRequestSchema>;
export type TBulkRow = z.infer<typeof bulkRowSchema>;

const duplicateSchema = z.object({ subjectReference: z.string(), score: z.number() });

export const bulkRowResultSchema = z.object({
  line: z.number(),
  subjectReference: z.string(),
  status: z.enum(["enrolled", "already_enrolled", "invalid"]),
  entryId: z.string().nullable(),
  /** Other subjects of the watchlist this face closely matches (the entry is kept and flagged for review). */
  duplicates: z.array(duplicateSchema),
  message: z.string().nullable(),
  /** Server time for this row's transaction (lock, duplicate check, inserts, audit). */
  serverMs: z.number(),
});

export const bulkEnrolResponseSchema = z.union([
  z.object({ action: z.literal("check"), existing: z.array(z.object({ subjectReference: z.string(), entryId: z.string(), images: z.number() })) }),
  z.object({ action: z.literal("enrol"), results: z.array(bulkRowResultSchema) }),
]);

export type TBulkRowResult = z.infer<typeof bulkRowResultSchema>;
export type TBulkEnrolResponse = z.infer<typeof bulkEnrolResponseSchema>;
