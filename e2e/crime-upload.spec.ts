import { expect, test } from "@playwright/test";
import { badLinesOf, generateCrimeLines, type GenerateOptions } from "../lib/intel/generate-crime-rows";
import { apiAs } from "./support/api";
import { queryE2e } from "./support/planning-db";

/**
 * Crime CSV uploads larger than Next's 10 MB proxy body limit, through the route the UI uses
 * (components/plan/intel-panel.tsx): the database holds exactly what the report says.
 */
function generate(o: GenerateOptions, edit?: (lines: string[]) => void): Buffer {
  const lines = [...generateCrimeLines(o)];
  edit?.(lines);
  return Buffer.from(lines.join("\r\n") + "\r\n", "utf8");
}

async function upload(file: Buffer, fileName: string) {
  const api = await apiAs("COMMANDER");
  const res = await api.post(`/api/intel/imports?fileName=${encodeURIComponent(fileName)}`, {
    headers: { "content-type": "text/csv" },
    data: file,
    timeout: 600_000,
  });
  expect(res.status()).toBe(200);
  const lines = (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const done = lines.find((l) => l.type === "done");
  expect(done, JSON.stringify(lines.at(-1))).toBeTruthy();
  const stored = await queryE2e<{ n: string }>(`SELECT count(*)::text AS n FROM "CrimeRecord" WHERE "importId" = $1`, [done.result.importId]);
  const polled = await (await api.get(`/api/intel/imports/${done.result.importId}`)).json();
  await api.dispose();
  return { result: done.result, stored: Number(stored[0].n), polled };
}

test("the 100,000-row generated file (> 10 MB) is stored whole: database = reported accepted = rows − known bad", async () => {
  test.setTimeout(15 * 60_000);
  const o: GenerateOptions = { rows: 100_000, bad: 25, seed: 1, month: "2026-09", area: "london" };
  const file = generate(o);
  expect(file.byteLength).toBeGreaterThan(10 * 1024 * 1024);
  const bad = badLinesOf(o);
  const { result, stored, polled } = await upload(file, "crime-100000.csv");
  console.log(
    `uploaded ${(file.byteLength / 1024 / 1024).toFixed(1)} MiB: ${result.rowsAccepted} accepted, ${result.rowsRejected} rejected, ${stored} stored, ${(result.ms / 1000).toFixed(1)} s`,
  );
  expect(result.error).toBeNull();
  expect(result.rowsRead).toBe(o.rows);
  expect(result.rowsAccepted).toBe(o.rows - bad.length);
  expect(stored).toBe(result.rowsAccepted);
  expect(result.rowsRejected).toBe(bad.length);
  expect(result.rejections.map((r: { line: number }) => r.line)).toEqual(bad.map((b) => b.line));
  expect(polled.import ?? polled).toMatchObject({ rowsAccepted: stored });
});

test("a NUL deep in a > 10 MB file refuses that row with its line; the report is what is stored", async () => {
  test.setTimeout(10 * 60_000);
  const o: GenerateOptions = { rows: 50_000, bad: 5, seed: 4, month: "2026-09", area: "london" };
  const bad = badLinesOf(o).map((b) => b.line);
  const nulLine = bad.includes(45_001) ? 45_002 : 45_001;
  const file = generate(o, (lines) => (lines[nulLine - 1] = lines[nulLine - 1].replace(",", ",\u0000")));
  expect(file.byteLength).toBeGreaterThan(10 * 1024 * 1024);
  const { result, stored } = await upload(file, "crime-nul.csv");
  expect(result.error).toBeNull();
  expect(result.rowsAccepted).toBe(o.rows - bad.length - 1);
  expect(stored).toBe(result.rowsAccepted);
  expect(result.rejections.find((r: { line: number }) => r.line === nulLine)?.reason).toMatch(/NUL/);
});
