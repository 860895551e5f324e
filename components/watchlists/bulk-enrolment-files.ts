/** The bulk enrolment page's browser helpers: the saved report of a run (for resume), downloads, the manifest template. */
import type { BulkReportRow, BulkRowStatus } from "@/lib/watchlists/bulk-report";
import { MANIFEST_COLUMNS, toCsv, type ParsedManifest } from "@/lib/watchlists/parse-manifest";
import type { PhotoSource } from "./photo-source";

/** Outcomes that leave a row not enrolled. */
export const PROBLEM: ReadonlySet<BulkRowStatus> = new Set([
  "no_face",
  "several_faces",
  "face_too_small",
  "low_quality",
  "missing_photo",
  "unreadable_photo",
  "invalid_row",
  "failed",
]);

export async function sha256(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, 24);
}

export const storageKey = (watchlistId: string, manifestHash: string) => `vigil.bulk-enrol.${watchlistId}.${manifestHash}`;

export function loadSaved(key: string): BulkReportRow[] {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as BulkReportRow[]) : [];
  } catch {
    return [];
  }
}

export function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const TEMPLATE = toCsv([
  [...MANIFEST_COLUMNS],
  [
    "SUBJ-0001",
    "Jane Doe",
    "WANTED_BY_COURTS",
    "Burglary",
    "Arrest warrant 2026/123, Highbury Corner Magistrates",
    "Custody image",
    "2026-03-02",
    "2027-03-01",
    "SUBJ-0001/front.jpg",
    "no",
  ],
]);

/** The manifest's invalid rows as report rows (header and file problems stop the run instead). */
export function invalidManifestRows(parsed: ParsedManifest | null): BulkReportRow[] {
  if (!parsed) return [];
  const byLine = new Map<number, string[]>();
  for (const e of parsed.errors)
    if (e.field !== "header" && e.field !== "file") byLine.set(e.line, [...(byLine.get(e.line) ?? []), `${e.field}: ${e.message}`]);
  return [...byLine].map(([line, messages]) => ({ line, subjectReference: "", files: "", status: "invalid_row" as const, detail: messages.join("; ") }));
}

/** How many rows name a photo the chosen folder or zip does not hold. */
export function rowsMissingPhotos(parsed: ParsedManifest, source: PhotoSource): number {
  const normal = (f: string) =>
    f
      .replace(/\\/g, "/")
      .replace(/^\.?\//, "")
      .toLowerCase();
  return parsed.rows.filter((r) => r.files.some((f) => !source.files.has(normal(f)))).length;
}
