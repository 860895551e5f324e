import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createZone } from "@/lib/zones/create-zone";
import { crimeFacets } from "./crime-facets";
import { crimeGrid } from "./crime-grid";
import { badLinesOf, generateCrimeLines } from "./generate-crime-rows";
import { openCrimeCsv, runCrimeImport, type ImportProgress, type Rejection } from "./import-crime-csv";
import { SERIOUS } from "./intel-schemas";
import { rankZones } from "./rank-zones";

const SAMPLE = "public/samples/crime-sample.csv";
const fromText = (text: string, chunk = 7) =>
  Readable.from(Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) => Buffer.from(text.slice(i * chunk, (i + 1) * chunk))));

describe("crime import on the real database", () => {
  it("streams the sample file in small chunks: keeps the good rows, rejects the bad ones with their line numbers, audits", async () => {
    const commander = await createTestUser("COMMANDER");
    const progress: ImportProgress[] = [];
    const rejected: Rejection[] = [];
    const opened = await openCrimeCsv(createReadStream(SAMPLE, { highWaterMark: 1000 }));
    const result = await runCrimeImport(opened, {
      fileName: "crime-sample.csv",
      user: commander,
      requestId: "i1",
      batchSize: 100,
      onProgress: (p) => progress.push(p),
      onReject: (r) => rejected.push(r),
    });
    const expectedBad = badLinesOf({ rows: 400, bad: 7, seed: 7, month: "2026-09", area: "central" });
    expect(result).toMatchObject({ rowsRead: 400, rowsAccepted: 393, rowsRejected: 7, error: null });
    expect(rejected.map((r) => r.line)).toEqual(expectedBad.map((b) => b.line));
    expect(rejected.map((r) => r.reason).join("\n")).toMatch(
      /not YYYY-MM[\s\S]*no location[\s\S]*not a number[\s\S]*outside the UK[\s\S]*unknown Crime type[\s\S]*expected 12 fields[\s\S]*malformed quoting/,
    );
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)!.rowsAccepted).toBe(393);
    const row = await db().crimeImport.findUniqueOrThrow({ where: { id: result.importId } });
    expect(row).toMatchObject({ rowsRead: 400, rowsAccepted: 393, rowsRejected: 7 });
    expect(row.finishedAt).not.toBeNull();
    expect((row.rejections as unknown as Rejection[]).map((r) => r.line)).toEqual(expectedBad.map((b) => b.line));
    expect(await db().crimeRecord.count({ where: { importId: result.importId } })).toBe(393);
    const audit = await db().auditEvent.findMany({ where: { targetId: result.importId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["intel.start_import", "intel.import"]);
    expect(audit[1].details).toMatchObject({ rowsAccepted: 393, rowsRejected: 7 });

    // Heat layer: grid counts add up to the filtered records.
    const all = await crimeGrid({ importId: result.importId, cell: 150 });
    expect(all.total).toBe(393);
    const serious = await crimeGrid({ importId: result.importId, cell: 150, crimeType: SERIOUS, month: "2026-09" });
    const seriousCount = await db().crimeRecord.count({
      where: { importId: result.importId, crimeType: { in: ["Violence and sexual offences", "Robbery", "Possession of weapons"] } },
    });
    expect(serious.total).toBe(seriousCount);
    expect(serious.cells[0].north).toBeGreaterThan(serious.cells[0].south);
    const facets = await crimeFacets(result.importId);
    expect(facets.months).toEqual([{ month: "2026-09", count: 393 }]);

    // Ranking: a zone on the King's Cross hotspot beats one in a quiet corner.
    const ring = (lng: number, lat: number, d: number): [number, number][] => [
      [lng - d, lat - d],
      [lng + d, lat - d],
      [lng + d, lat + d],
      [lng - d, lat + d],
      [lng - d, lat - d],
    ];
    const hot = await createZone(
      {
        name: "KX rank test",
        locationType: "CRIME_HOTSPOT",
        rationale: "Ranking test zone on the King's Cross hotspot.",
        geometry: { type: "Polygon", coordinates: [ring(-0.1233, 51.5309, 0.002)] },
      },
      commander,
      "i2",
    );
    const quiet = await createZone(
      {
        name: "Quiet rank test",
        locationType: "CRIME_HOTSPOT",
        rationale: "Ranking test zone away from every hotspot.",
        geometry: { type: "Polygon", coordinates: [ring(-0.095, 51.541, 0.002)] },
      },
      commander,
      "i3",
    );
    const ranking = await rankZones({ importId: result.importId });
    expect(ranking.hours).toBe(720);
    const pos = (id: string) => ranking.zones.findIndex((z) => z.zoneId === id);
    expect(pos(hot.id)).toBeLessThan(pos(quiet.id));
    const hotRank = ranking.zones[pos(hot.id)];
    expect(hotRank.seriousCrimes).toBeGreaterThan(5);
    expect(hotRank.perHour).toBeCloseTo(hotRank.seriousCrimes / 720, 10);
  });

  it("refuses a file that is not police.uk format before storing anything", async () => {
    const before = await db().crimeImport.count();
    await expect(openCrimeCsv(fromText("name,age\nAda,36\n"))).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/missing column\(s\) "Crime ID"/),
    });
    await expect(openCrimeCsv(fromText(""))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/empty/) });
    await expect(openCrimeCsv(fromText("x".repeat(70_000)))).rejects.toMatchObject({ status: 400 });
    expect(await db().crimeImport.count()).toBe(before);
  });

  it("an unbalanced quote stops the import but keeps the rows before it, and says where", async () => {
    const commander = await createTestUser("COMMANDER");
    const header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";
    const good = ",2026-09,MPS,MPS,-0.12,51.53,On or near X,E01,Camden 001A,Robbery,,";
    const text = [header, good, good, ',2026-09,MPS,MPS,-0.12,51.53,"On or near X,E01,Camden 001A,Robbery,,', good].join("\n");
    const result = await runCrimeImport(await openCrimeCsv(fromText(text, 50)), { fileName: "broken.csv", user: commander, requestId: "i4" });
    expect(result.rowsAccepted).toBe(2);
    expect(result.error).toMatch(/line 4: a quoted field is never closed/);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: result.importId, action: "intel.import" } });
    expect(audit.outcome).toBe("failed");
  });

  it("a NUL deep in a 40,000-row file refuses that row only, and the report is exactly what is stored", async () => {
    const commander = await createTestUser("COMMANDER");
    const o = { rows: 40_000, bad: 10, seed: 3, month: "2026-09", area: "london" as const };
    const lines = [...generateCrimeLines(o)];
    const bad = badLinesOf(o).map((b) => b.line);
    const nulLine = bad.includes(30_001) ? 30_002 : 30_001;
    lines[nulLine - 1] = lines[nulLine - 1].replace("On or near", "On or\u0000near");
    expect(lines[nulLine - 1]).toContain("\u0000");
    const text = lines.join("\r\n") + "\r\n";
    const rejected: Rejection[] = [];
    const result = await runCrimeImport(await openCrimeCsv(fromText(text, 64 * 1024)), {
      fileName: "nul.csv",
      user: commander,
      requestId: "i5",
      onReject: (r) => rejected.push(r),
    });
    const stored = await db().crimeRecord.count({ where: { importId: result.importId } });
    expect(result.error).toBeNull();
    expect(result.rowsAccepted).toBe(40_000 - bad.length - 1);
    expect(stored).toBe(result.rowsAccepted);
    expect(result.rowsRejected).toBe(bad.length + 1);
    expect(result.rowsRead).toBe(40_000);
    expect(rejected.find((r) => r.line === nulLine)?.reason).toMatch(/NUL byte/);
    expect(rejected.map((r) => r.line).sort((a, b) => a - b)).toEqual([...bad, nulLine].sort((a, b) => a - b));
    const row = await db().crimeImport.findUniqueOrThrow({ where: { id: result.importId } });
    expect(row).toMatchObject({ rowsAccepted: stored, rowsRejected: bad.length + 1, rowsRead: 40_000 });
  });

  it("a batch the database refuses is not counted: the report says where it stopped and counts only stored rows", async () => {
    const commander = await createTestUser("COMMANDER");
    const header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";
    const good = (i: number) => `id-${i},2026-09,MPS,MPS,-0.12,51.53,On or near X,E01,Camden 001A,Robbery,,`;
    const text = [header, ...Array.from({ length: 30 }, (_, i) => good(i))].join("\n");
    const opened = await openCrimeCsv(fromText(text, 100));
    // A constraint the second batch (lines 12-21) breaks: the database refuses that batch whole.
    await db().$executeRawUnsafe(`ALTER TABLE "CrimeRecord" ADD CONSTRAINT hardening_test_block CHECK ("crimeId" IS DISTINCT FROM 'id-15') NOT VALID`);
    const result = await runCrimeImport(opened, { fileName: "refused.csv", user: commander, requestId: "i6", batchSize: 10 }).finally(() =>
      db().$executeRawUnsafe(`ALTER TABLE "CrimeRecord" DROP CONSTRAINT IF EXISTS hardening_test_block`),
    );
    const stored = await db().crimeRecord.count({ where: { importId: result.importId } });
    expect(stored).toBe(result.rowsAccepted);
    expect(result.rowsAccepted).toBe(10);
    expect(result.rowsRead).toBe(10);
    expect(result.error).toMatch(/stopped at line 12 /);
    const row = await db().crimeImport.findUniqueOrThrow({ where: { id: result.importId } });
    expect(row).toMatchObject({ rowsAccepted: 10, rowsRead: 10, rowsRejected: 0 });
    expect(result.rejections.at(-1)!.reason).toMatch(/import stopped/);
  });
});
