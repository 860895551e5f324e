import { createEntrySchema, REASON_CATEGORIES, REASON_LABELS, type CreateEntryInput } from "./watchlist-schemas";

/**
 * The bulk-enrolment manifest: a CSV with a header row, one subject per row. Shared by the
 * web page (validated in the browser before any photo is read) and `npm run watchlist:import`.
 *
 *   reference,display_name,reason,offence,legal_basis,image_source,image_date,expiry,files,test_subject
 *
 * `reason` is a category code (WANTED_BY_COURTS …) or its label; dates are YYYY-MM-DD or ISO
 * 8601; `files` lists the subject's photo(s), relative to the folder or zip, separated by ";".
 */
export const MANIFEST_COLUMNS = [
  "reference",
  "display_name",
  "reason",
  "offence",
  "legal_basis",
  "image_source",
  "image_date",
  "expiry",
  "files",
  "test_subject",
] as const;
const REQUIRED = ["reference", "reason", "legal_basis", "image_source", "expiry", "files"] as const;
export const MAX_MANIFEST_ROWS = 5000;
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

export interface ManifestRow {
  /** Line of the CSV the row starts on (the header is line 1). */
  line: number;
  entry: CreateEntryInput;
  files: string[];
}

export interface ManifestError {
  line: number;
  field: string;
  message: string;
}

export interface ParsedManifest {
  rows: ManifestRow[];
  errors: ManifestError[];
}

/** RFC 4180 records with the line each starts on (quoted fields may hold commas, quotes and newlines). */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      any = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      any = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      fields.push(field);
      if (any || field !== "") out.push({ line: start, fields });
      fields = [];
      field = "";
      any = false;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== "") {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out;
}

function toIso(value: string, endOfDay: boolean): string | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T${endOfDay ? "23:59:59" : "12:00:00"}Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? null : d.toISOString();
  }
  const d = new Date(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

function toReason(value: string): string {
  const v = value.trim();
  const upper = v.toUpperCase().replace(/[\s-]+/g, "_");
  if ((REASON_CATEGORIES as readonly string[]).includes(upper)) return upper;
  const byLabel = Object.entries(REASON_LABELS).find(([, label]) => label.toLowerCase() === v.toLowerCase());
  return byLabel ? byLabel[0] : v;
}

/** Validates every row (all errors, each with its line) before anything is enrolled. */
export function parseManifest(text: string, now = new Date()): ParsedManifest {
  const errors: ManifestError[] = [];
  if (text.length > MAX_MANIFEST_BYTES)
    return { rows: [], errors: [{ line: 1, field: "file", message: `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB` }] };
  const records = parseCsvRecords(text);
  if (!records.length) return { rows: [], errors: [{ line: 1, field: "header", message: "the manifest is empty" }] };
  const header = records[0].fields.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      rows: [],
      errors: [{ line: records[0].line, field: "header", message: `missing column(s): ${missing.join(", ")} (expected ${MANIFEST_COLUMNS.join(",")})` }],
    };
  const unknown = header.filter((h) => !(MANIFEST_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) errors.push({ line: records[0].line, field: "header", message: `unknown column(s): ${unknown.join(", ")}` });
  const body = records.slice(1);
  if (body.length > MAX_MANIFEST_ROWS)
    return { rows: [], errors: [{ line: body[MAX_MANIFEST_ROWS].line, field: "file", message: `at most ${MAX_MANIFEST_ROWS} rows per manifest` }] };
  if (!body.length) errors.push({ line: records[0].line, field: "file", message: "the manifest has no rows" });
  const rows: ManifestRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of body) {
    const get = (c: (typeof MANIFEST_COLUMNS)[number]) => {
      const i = header.indexOf(c);
      return i >= 0 ? (fields[i] ?? "").trim() : "";
    };
    if (fields.length !== header.length) {
      errors.push({ line, field: "row", message: `${fields.length} field(s), the header has ${header.length}` });
      continue;
    }
    const rowErrors: ManifestError[] = [];
    const expiresAt = toIso(get("expiry"), true);
    if (!expiresAt) rowErrors.push({ line, field: "expiry", message: "not a date (YYYY-MM-DD or ISO 8601)" });
    else if (new Date(expiresAt) <= now) rowErrors.push({ line, field: "expiry", message: "the expiry must be in the future" });
    const imageDate = get("image_date");
    const imageTakenAt = imageDate ? toIso(imageDate, false) : undefined;
    if (imageTakenAt === null) rowErrors.push({ line, field: "image_date", message: "not a date (YYYY-MM-DD or ISO 8601)" });
    else if (imageTakenAt && new Date(imageTakenAt) > now)
      rowErrors.push({ line, field: "image_date", message: "the photo cannot have been taken in the future" });
    const testSubject = get("test_subject").toLowerCase();
    if (testSubject && !["yes", "no", "true", "false", "1", "0", "y", "n"].includes(testSubject))
      rowErrors.push({ line, field: "test_subject", message: "yes or no" });
    const files = get("files")
      .split(";")
      .map((f) => f.trim().replace(/^\.?\//, ""))
      .filter(Boolean);
    if (!files.length) rowErrors.push({ line, field: "files", message: "name at least one photo" });
    if (files.length > 3) rowErrors.push({ line, field: "files", message: "at most 3 photos per subject" });
    const parsed = createEntrySchema.safeParse({
      subjectReference: get("reference"),
      displayName: get("display_name"),
      reasonCategory: toReason(get("reason")),
      offence: get("offence"),
      legalBasis: get("legal_basis"),
      imageSource: get("image_source"),
      ...(imageTakenAt ? { imageTakenAt } : {}),
      expiresAt: expiresAt ?? "",
      isTestSubject: ["yes", "true", "1", "y"].includes(testSubject),
    });
    if (!parsed.success) {
      const names: Record<string, string> = {
        subjectReference: "reference",
        displayName: "display_name",
        reasonCategory: "reason",
        legalBasis: "legal_basis",
        imageSource: "image_source",
        imageTakenAt: "image_date",
        expiresAt: "expiry",
      };
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "row");
        if ((key === "expiresAt" || key === "imageTakenAt") && rowErrors.some((e) => e.field === names[key])) continue;
        rowErrors.push({ line, field: names[key] ?? key, message: key === "reasonCategory" ? `one of ${REASON_CATEGORIES.join(", ")}` : issue.message });
      }
    }
    const ref = get("reference");
    if (ref && seen.has(ref.toLowerCase()))
      rowErrors.push({ line, field: "reference", message: `the same reference is on line ${seen.get(ref.toLowerCase())}` });
    else if (ref) seen.set(ref.toLowerCase(), line);
    if (rowErrors.length || !parsed.success) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({ line, entry: parsed.data, files });
  }
  return { rows, errors };
}

/** The per-row report as CSV (RFC 4180 quoting). */
export function toCsv(rows: (string | number)[][]): string {
  const q = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(q).join(",")).join("\r\n") + "\r\n";
}
