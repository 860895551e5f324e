import { expect, test, type Page } from "@playwright/test";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jpeg from "jpeg-js";
import { parseCsvRecords, toCsv } from "../lib/watchlists/parse-manifest";
import { apiAs } from "./support/api";
import { queryE2e } from "./support/planning-db";
import { stateFile } from "./support/roles";

// Bulk enrolment of 500 subjects through the web page (issue 14): a CSV manifest with per-subject
// provenance and a folder of photos, built here from ../shared/lfw-dev (never committed), plus bad
// rows: a photo with no face, a group photo, another photo of an enrolled person under a new
// reference, and an invalid row. The run is interrupted by a reload and resumed; the per-row
// report is downloaded as CSV; the server time of the 50th and the 500th subject is printed.

const SHARED = path.resolve("..", "shared");
const LFW = path.join(SHARED, "lfw-dev");
const GROUP = path.join(SHARED, "faces", "_group", "1.jpg");
const SUBJECTS = 500;
const tag = Date.now().toString(36).slice(-5);
const WATCHLIST = `E2E bulk ${tag}`;
const SCREENS = path.resolve(".vigil", "screens");

test.use({ storageState: stateFile("COMMANDER") });
test.skip(!existsSync(LFW), "needs ../shared/lfw-dev");

function buildFixture() {
  const dir = path.join(os.tmpdir(), `vigil-bulk-${process.env.VIGIL_E2E_PORT ?? 3100}-${tag}`);
  const photos = path.join(dir, "photos");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(photos, { recursive: true });
  const identities = readdirSync(LFW).sort().slice(0, SUBJECTS);
  const expiry = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
  const rows: string[][] = [["reference", "display_name", "reason", "offence", "legal_basis", "image_source", "image_date", "expiry", "files", "test_subject"]];
  const add = (ref: string, name: string, file: string) =>
    rows.push([
      ref,
      name,
      "WANTED_BY_COURTS",
      "",
      `Arrest warrant ${ref}, Westminster Magistrates`,
      "Custody image (LFW test set)",
      "2026-01-15",
      expiry,
      file,
      "no",
    ]);
  identities.forEach((id, i) => {
    const first = readdirSync(path.join(LFW, id)).sort()[0];
    mkdirSync(path.join(photos, id));
    copyFileSync(path.join(LFW, id, first), path.join(photos, id, first));
    add(`LFW-${String(i + 1).padStart(4, "0")}`, id.replace(/_/g, " "), `${id}/${first}`);
  });
  // Another photo of subject 1 under a new reference: a possible duplicate of LFW-0001.
  const dupId = identities.find((id) => readdirSync(path.join(LFW, id)).length > 1)!;
  const second = readdirSync(path.join(LFW, dupId)).sort()[1];
  copyFileSync(path.join(LFW, dupId, second), path.join(photos, dupId, second));
  add("DUP-0001", `${dupId.replace(/_/g, " ")} (again)`, `${dupId}/${second}`);
  // No face: a plain gradient.
  const w = 240;
  const data = Buffer.alloc(w * w * 4);
  for (let i = 0; i < w * w; i++) {
    data.fill(Math.floor((i % w) / 2), i * 4, i * 4 + 3);
    data[i * 4 + 3] = 255;
  }
  writeFileSync(path.join(photos, "no-face.jpg"), jpeg.encode({ data, width: w, height: w }, 85).data);
  add("BAD-NOFACE", "", "no-face.jpg");
  copyFileSync(GROUP, path.join(photos, "group.jpg"));
  add("BAD-GROUP", "", "group.jpg");
  add("BAD-MISSING", "", "not-there.jpg");
  rows.push(["BAD-EXPIRY", "", "WANTED_BY_COURTS", "", "Arrest warrant", "Custody image", "", "2020-01-01", "x.jpg", "no"]);
  const manifest = path.join(dir, "subjects.csv");
  writeFileSync(manifest, toCsv(rows));
  return { dir, photos, manifest, dupId, rows: rows.length - 1 };
}

async function choose(page: Page, fx: ReturnType<typeof buildFixture>) {
  await page.getByTestId("bulk-manifest").setInputFiles(fx.manifest);
  await page.getByTestId("bulk-folder").setInputFiles(fx.photos);
  await expect(page.getByTestId("bulk-source")).toContainText(`${SUBJECTS + 3} photo(s) in photos`);
  await expect(page.getByTestId("bulk-validation")).toContainText(`subjects.csv: ${fx.rows - 1} valid row(s), 1 problem(s) on 1 line(s)`);
}

test("bulk enrolment of 500 subjects from a manifest and a folder: progress, resume after a reload, per-row report", async ({ page }) => {
  test.setTimeout(40 * 60_000);
  mkdirSync(SCREENS, { recursive: true });
  const fx = buildFixture();
  const api = await apiAs("COMMANDER");
  const created = await (await api.post("/api/watchlists", { data: { name: WATCHLIST, description: "bulk e2e" } })).json();
  const watchlistId = created.watchlist.id as string;
  await api.dispose();

  await page.goto(`/watchlists/bulk?watchlist=${watchlistId}`);
  await expect(page.getByRole("heading", { name: "Bulk enrolment" })).toBeVisible();
  await expect(page.getByLabel("Watchlist")).toHaveValue(watchlistId);
  await choose(page, fx);
  // The invalid row is reported with its line and field before anything runs.
  await expect(page.locator(".bulk-errors")).toContainText(String(fx.rows + 1));
  await expect(page.locator(".bulk-errors")).toContainText("expiry");
  await page.screenshot({ path: path.join(SCREENS, "bulk-validated.png"), fullPage: true });

  await test.step("starts, and is interrupted by a reload after 60 rows", async () => {
    await page.getByRole("button", { name: "Start enrolment" }).click();
    await expect(page.getByTestId("bulk-progress")).toContainText(/^([6-9]\d|\d{3}) of/, { timeout: 10 * 60_000 });
    await page.screenshot({ path: path.join(SCREENS, "bulk-running.png"), fullPage: true });
    await page.reload();
  });

  await test.step("resumes where it stopped and finishes", async () => {
    const before = Number((await queryE2e<{ n: string }>(`SELECT count(*)::text AS n FROM "WatchlistEntry" WHERE "watchlistId" = $1`, [watchlistId]))[0].n);
    expect(before).toBeGreaterThan(30);
    await choose(page, fx);
    await expect(page.getByTestId("bulk-resume")).toContainText(/stopped after \d+ of 504 rows/);
    await page.getByRole("button", { name: "Resume enrolment" }).click();
    await expect(page.getByTestId("bulk-progress")).toContainText("finished", { timeout: 30 * 60_000 });
    await page.screenshot({ path: path.join(SCREENS, "bulk-finished.png"), fullPage: true });
  });

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download report (CSV)" }).click();
  const file = await (await download).path();
  const [header, ...records] = parseCsvRecords(readFileSync(file, "utf8")).map((r) => r.fields);
  expect(header).toEqual(["line", "reference", "files", "status", "detail", "server_ms"]);
  const byRef = new Map(records.map((r) => [r[1], r]));
  expect(records).toHaveLength(fx.rows);

  // The bad rows, each with its reason.
  expect(byRef.get("BAD-NOFACE")?.[3]).toBe("no_face");
  expect(byRef.get("BAD-GROUP")?.[3]).toBe("several_faces");
  expect(byRef.get("BAD-MISSING")?.[3]).toBe("missing_photo");
  expect(records.find((r) => r[0] === String(fx.rows + 1))?.[3]).toBe("invalid_row");
  const dupOf = `LFW-${String(readdirSync(LFW).sort().indexOf(fx.dupId) + 1).padStart(4, "0")}`;
  expect(byRef.get("DUP-0001")?.[3]).toBe("possible_duplicate");
  expect(byRef.get("DUP-0001")?.[4]).toContain(dupOf);

  // Every LFW row has an outcome; enrolled ones are in the database exactly once (resume did not double them).
  const lfw = records.filter((r) => r[1].startsWith("LFW-"));
  expect(lfw).toHaveLength(SUBJECTS);
  const enrolledRows = records.filter((r) => r[3] === "enrolled" || r[3] === "possible_duplicate" || r[3] === "already_enrolled");
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r[3], (counts.get(r[3]) ?? 0) + 1);
  const stats = [...counts].map(([k, n]) => `${k} ${n}`);
  console.log(`bulk report: ${stats.join(", ")}`);
  expect(lfw.filter((r) => r[3] === "enrolled" || r[3] === "possible_duplicate" || r[3] === "already_enrolled").length).toBeGreaterThanOrEqual(SUBJECTS * 0.9);
  const inDb = await queryE2e<{ n: string; images: string; unreviewed: string }>(
    `SELECT count(DISTINCT e.id)::text AS n, count(i.id)::text AS images, count(DISTINCT e.id) FILTER (WHERE e."reviewedAt" IS NULL)::text AS unreviewed
     FROM "WatchlistEntry" e JOIN "WatchlistImage" i ON i."entryId" = e.id WHERE e."watchlistId" = $1`,
    [watchlistId],
  );
  expect(Number(inDb[0].n)).toBe(enrolledRows.length);
  expect(Number(inDb[0].images)).toBe(enrolledRows.length);
  // Bulk entries wait for an authorising officer's review like any other.
  expect(Number(inDb[0].unreviewed)).toBe(enrolledRows.length);
  const audits = await queryE2e<{ n: string }>(
    `SELECT count(*)::text AS n FROM "AuditEvent" WHERE action = 'watchlist.add_entry' AND details->>'watchlist' = $1`,
    [watchlistId],
  );
  expect(Number(audits[0].n)).toBe(enrolledRows.length);

  // Server time per subject (lock, index duplicate check, inserts, audit), in enrolment order.
  const timed = records.filter((r) => r[5] !== "").sort((a, b) => Number(a[0]) - Number(b[0]));
  const ms = (i: number) => Number(timed[i - 1][5]);
  const median = (from: number, to: number) => {
    const xs = timed
      .slice(from - 1, to)
      .map((r) => Number(r[5]))
      .sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  };
  console.log(
    `server time per subject: 50th ${ms(50)} ms, 500th ${ms(Math.min(500, timed.length))} ms (medians: subjects 41-60 ${median(41, 60)} ms, subjects ${timed.length - 19}-${timed.length} ${median(timed.length - 19, timed.length)} ms; ${timed.length} timed rows)`,
  );
  rmSync(fx.dir, { recursive: true, force: true });
});
