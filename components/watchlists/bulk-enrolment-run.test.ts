import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { TBulkEnrolRequest, TBulkEnrolResponse } from "@/lib/watchlists/bulk-enrol-schemas";
import type { BulkReportRow } from "@/lib/watchlists/bulk-report";
import { parseManifest } from "@/lib/watchlists/parse-manifest";
import { BULK_BATCH_ROWS, startBulkRun, type BulkRunState } from "./bulk-enrolment-run";
import { photosFromFolder, photosFromZip } from "./photo-source";
import type { EnrolOutcome } from "./use-enrolment";

const HEADER = "reference,reason,legal_basis,image_source,expiry,files";
function manifest(n: number) {
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) lines.push(`S-${i},WANTED_BY_COURTS,Arrest warrant,Custody,2099-01-01,p${i}.jpg`);
  return parseManifest(lines.join("\n")).rows;
}
const photo = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: "image/jpeg" });
const ok = (): EnrolOutcome => ({
  ok: true,
  embedding: "AAAA",
  faceJpeg: "AAAA",
  previewUrl: "blob:x",
  detectorScore: 0.9,
  faceSize: 100,
  modelId: "m",
  modelVersion: "v",
});

/** A fake server: remembers enrolled references, like the bulk route (idempotent on reference). */
function server(opts: { existing?: string[]; failOnce?: boolean } = {}) {
  const enrolled = new Set(opts.existing ?? []);
  const batches: number[] = [];
  let fail = opts.failOnce ?? false;
  const post = async (body: TBulkEnrolRequest): Promise<TBulkEnrolResponse> => {
    if (body.action === "check")
      return { action: "check", existing: body.references.filter((r) => enrolled.has(r)).map((r) => ({ subjectReference: r, entryId: r, images: 1 })) };
    if (fail) {
      fail = false;
      throw new Error("Network error");
    }
    batches.push(body.rows.length);
    return {
      action: "enrol",
      results: body.rows.map((r) => {
        const again = enrolled.has(r.entry.subjectReference);
        enrolled.add(r.entry.subjectReference);
        return {
          line: r.line,
          subjectReference: r.entry.subjectReference,
          status: again ? "already_enrolled" : "enrolled",
          entryId: "e",
          duplicates: r.entry.subjectReference === "S-3" ? [{ subjectReference: "S-1", score: 0.71 }] : [],
          message: null,
          serverMs: 3,
        };
      }),
    };
  };
  return { post, enrolled, batches };
}

async function runOnce(rows: ReturnType<typeof manifest>, srv: ReturnType<typeof server>, previous: BulkReportRow[] = [], stopAfter?: number) {
  const photos = new Map(rows.filter((r) => r.entry.subjectReference !== "S-4").map((r) => [r.files[0], photo(r.files[0])]));
  let saved: BulkReportRow[] = [];
  let calls = 0;
  const handle = startBulkRun(
    {
      rows,
      photos,
      enrol: async (f) => {
        calls++;
        if (stopAfter !== undefined && calls === stopAfter) handle.stop();
        return f.name === "p2.jpg" ? { ok: false, reason: "multiple_faces", message: "two faces" } : ok();
      },
      post: srv.post,
      previous,
      save: (r) => (saved = r),
    },
    () => {},
  );
  const final: BulkRunState = await handle.finished;
  return { final, saved, calls };
}

describe("a bulk enrolment run", () => {
  it("embeds each row, posts finished rows in batches, reports every row", async () => {
    const rows = manifest(25);
    const srv = server();
    const { final, saved } = await runOnce(rows, srv);
    expect(final.phase).toBe("done");
    expect(srv.batches).toEqual([BULK_BATCH_ROWS, BULK_BATCH_ROWS, 3]);
    const status = (ref: string) => saved.find((r) => r.subjectReference === ref)?.status;
    expect(saved).toHaveLength(25);
    expect([status("S-1"), status("S-2"), status("S-3"), status("S-4")]).toEqual(["enrolled", "several_faces", "possible_duplicate", "missing_photo"]);
    expect(saved.find((r) => r.subjectReference === "S-3")?.detail).toBe("possible duplicate of S-1 (0.71)");
  });

  it("stops on request and resumes where it stopped, without enrolling anything twice", async () => {
    const rows = manifest(25);
    const srv = server();
    const first = await runOnce(rows, srv, [], 12);
    expect(first.final.phase).toBe("stopped");
    expect(first.saved.length).toBeLessThan(25);
    // A reload: the saved report plus the server's list of references.
    const second = await runOnce(rows, srv, first.saved);
    expect(second.final.phase).toBe("done");
    expect(second.saved).toHaveLength(25);
    expect(second.calls).toBe(
      25 - first.saved.length - 1 /* the missing photo needs no embedding */ + (first.saved.some((r) => r.subjectReference === "S-4") ? 1 : 0),
    );
    expect(second.saved.filter((r) => r.status === "already_enrolled")).toEqual([]);
    expect(srv.enrolled.size).toBe(23);
  });

  it("a lost batch is reported as failed and is retried on resume; rows already on the server are skipped", async () => {
    const rows = manifest(12);
    const srv = server({ failOnce: true, existing: ["S-12"] });
    const first = await runOnce(rows, srv);
    expect(first.saved.filter((r) => r.status === "failed")).toHaveLength(12 - 1 - 2);
    expect(first.saved.find((r) => r.subjectReference === "S-12")?.status).toBe("already_enrolled");
    const second = await runOnce(rows, srv, first.saved);
    expect(second.saved.filter((r) => r.status === "failed")).toEqual([]);
    expect(second.saved.filter((r) => r.status === "enrolled" || r.status === "possible_duplicate")).toHaveLength(9);
  });
});

describe("photo sources", () => {
  it("a zip: photos and a top-level manifest, a single wrapping folder ignored, case-insensitive names", async () => {
    const zip = zipSync({
      "batch/Manifest.csv": new TextEncoder().encode(HEADER),
      "batch/A/One.JPG": new Uint8Array([1]),
      "batch/notes.txt": new Uint8Array([2]),
      "__MACOSX/batch/._x.jpg": new Uint8Array([3]),
    });
    const src = await photosFromZip(new File([zip], "batch.zip"));
    expect([...src.files.keys()]).toEqual(["a/one.jpg"]);
    expect(src.files.get("a/one.jpg")?.type).toBe("image/jpeg");
    expect(src.manifest?.name).toBe("Manifest.csv");
    await expect(photosFromZip(new File([new Uint8Array([1, 2, 3])], "bad.zip"))).rejects.toThrow(/Not a readable zip/);
  });

  it("a folder: paths relative to the chosen folder", () => {
    const f = (rel: string) => Object.defineProperty(new File([new Uint8Array([1])], rel.split("/").pop()!), "webkitRelativePath", { value: rel });
    const src = photosFromFolder([f("photos/A/1.jpg"), f("photos/manifest.csv"), f("photos/B/readme.md")]);
    expect([...src.files.keys()]).toEqual(["a/1.jpg"]);
    expect(src.label).toBe("photos");
    expect(src.manifest?.name).toBe("manifest.csv");
  });
});
