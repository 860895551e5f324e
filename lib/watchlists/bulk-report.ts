import type { TBulkEnrolResponse, TBulkRow } from "./bulk-enrol-schemas";
import { toCsv } from "./parse-manifest";

/** What happened to one manifest row, for the web page's report and the CLI's (same words in both). */
export type BulkRowStatus =
  | "enrolled"
  | "possible_duplicate"
  | "already_enrolled"
  | "no_face"
  | "several_faces"
  | "face_too_small"
  | "low_quality"
  | "missing_photo"
  | "unreadable_photo"
  | "invalid_row"
  | "failed";

export const BULK_STATUS_LABELS: Record<BulkRowStatus, string> = {
  enrolled: "Enrolled",
  possible_duplicate: "Enrolled: possible duplicate",
  already_enrolled: "Already enrolled (skipped)",
  no_face: "No face",
  several_faces: "Several faces",
  face_too_small: "Face too small",
  low_quality: "Low quality",
  missing_photo: "Photo not found",
  unreadable_photo: "Photo unreadable",
  invalid_row: "Invalid row",
  failed: "Failed (retry)",
};

/** Statuses after which the row is done: a resumed run does not process it again. */
export const FINAL_STATUSES: ReadonlySet<BulkRowStatus> = new Set(["enrolled", "possible_duplicate", "already_enrolled"]);

export interface BulkReportRow {
  line: number;
  subjectReference: string;
  files: string;
  status: BulkRowStatus;
  detail: string;
  /** Server time for the row's transaction, when it reached the server. */
  serverMs?: number;
}

/** The server's answer to one batch of the enrol action, as report rows (the web page's and the CLI's). */
export function reportRowsOfEnrolled(batch: readonly TBulkRow[], results: Extract<TBulkEnrolResponse, { action: "enrol" }>["results"]): BulkReportRow[] {
  return results.map((r) => {
    const files = (batch.find((b) => b.line === r.line)?.images ?? []).map((i) => i.file).join(";");
    const status: BulkRowStatus =
      r.status === "invalid" ? "invalid_row" : r.status === "already_enrolled" ? "already_enrolled" : r.duplicates.length ? "possible_duplicate" : "enrolled";
    const detail = r.duplicates.length
      ? `possible duplicate of ${r.duplicates.map((d) => `${d.subjectReference} (${d.score.toFixed(2)})`).join(", ")}`
      : (r.message ?? "");
    return { line: r.line, subjectReference: r.subjectReference, files, status, detail, serverMs: r.serverMs };
  });
}

/** The enrolment worker's rejection reasons, as report statuses. */
export function statusForRejection(reason: string): BulkRowStatus {
  switch (reason) {
    case "no_face":
      return "no_face";
    case "multiple_faces":
      return "several_faces";
    case "face_too_small":
      return "face_too_small";
    default:
      return "low_quality";
  }
}

export function bulkReportCsv(rows: BulkReportRow[]): string {
  return toCsv([
    ["line", "reference", "files", "status", "detail", "server_ms"],
    ...[...rows].sort((a, b) => a.line - b.line).map((r) => [r.line, r.subjectReference, r.files, r.status, r.detail, r.serverMs ?? ""]),
  ]);
}
