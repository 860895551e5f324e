import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { freshDatabase } from "@/lib/testing/test-database";
import { pointInRing, ringBounds } from "@/lib/zones/zone-geometry";
import { mapHeader, parseCrimeRow, SERIOUS_VIOLENT_CRIME_TYPES, type CrimeRow } from "./crime-row";
import { parseCsv } from "./csv-parser";
import { generateCrimeLines } from "./generate-crime-rows";
import { rankZones } from "./rank-zones";

const USER = "00000000-0000-4000-8000-000000000777";
let prisma: Db;
let rows: CrimeRow[];

/** Zone outlines around the generated hotspots: boxes, a triangle, a concave L, one across the whole area. */
const OUTLINES: Record<string, number[][]> = {
  "King's Cross box": [
    [-0.128, 51.527],
    [-0.118, 51.527],
    [-0.118, 51.535],
    [-0.128, 51.535],
    [-0.128, 51.527],
  ],
  "Oxford Circus triangle": [
    [-0.15, 51.51],
    [-0.133, 51.512],
    [-0.142, 51.521],
    [-0.15, 51.51],
  ],
  "Leicester Square L": [
    [-0.134, 51.507],
    [-0.122, 51.507],
    [-0.122, 51.511],
    [-0.129, 51.511],
    [-0.129, 51.516],
    [-0.134, 51.516],
    [-0.134, 51.507],
  ],
  "Brixton box": [
    [-0.122, 51.456],
    [-0.106, 51.456],
    [-0.106, 51.469],
    [-0.122, 51.469],
    [-0.122, 51.456],
  ],
  "Greater London": [
    [-0.5, 51.3],
    [0.3, 51.3],
    [0.3, 51.68],
    [-0.5, 51.68],
    [-0.5, 51.3],
  ],
};

/** The old computation, kept here as the reference: every candidate point into JavaScript, pointInRing. */
function rankInJs(ring: number[][], month?: string) {
  const [minLng, minLat, maxLng, maxLat] = ringBounds(ring);
  const byType: Record<string, number> = {};
  for (const p of rows) {
    if (month && p.month !== month) continue;
    if (!(SERIOUS_VIOLENT_CRIME_TYPES as readonly string[]).includes(p.crimeType)) continue;
    if (p.lng < minLng || p.lng > maxLng || p.lat < minLat || p.lat > maxLat || !pointInRing(p.lng, p.lat, ring)) continue;
    byType[p.crimeType] = (byType[p.crimeType] ?? 0) + 1;
  }
  return byType;
}

beforeAll(async () => {
  prisma = createPrismaClient(await freshDatabase(inject("adminDatabaseUrl"), "vigil_rank_zones"));
  rows = [];
  for (const [month, seed] of [
    ["2026-08", 21],
    ["2026-09", 22],
  ] as const) {
    const records = parseCsv([...generateCrimeLines({ rows: 10_000, bad: 0, seed, month, area: "london" })].join("\n"));
    const header = mapHeader(records[0].fields);
    if (!header.ok) throw new Error("generated header not recognised");
    for (const r of records.slice(1)) {
      const parsed = parseCrimeRow(r.fields, header.map, header.width);
      if (parsed.ok) rows.push(parsed.row);
    }
  }
  // Points exactly on a zone's vertex and edge, where an inclusive and an even-odd test differ.
  for (const [lng, lat] of [
    [-0.128, 51.527],
    [-0.118, 51.531],
    [-0.123, 51.535],
    [-0.129, 51.513],
  ]) {
    rows.push({
      crimeId: null,
      month: "2026-09",
      reportedBy: null,
      fallsWithin: null,
      lng,
      lat,
      location: null,
      lsoaCode: null,
      lsoaName: null,
      crimeType: "Robbery",
      lastOutcome: null,
      context: null,
    });
  }
  const imp = await prisma.crimeImport.create({ data: { fileName: "generated.csv", createdById: USER } });
  for (let i = 0; i < rows.length; i += 5000) await prisma.crimeRecord.createMany({ data: rows.slice(i, i + 5000).map((r) => ({ ...r, importId: imp.id })) });
  for (const [name, ring] of Object.entries(OUTLINES)) {
    await prisma.zone.create({
      data: { name, locationType: "CRIME_HOTSPOT", rationale: "test", geometry: { type: "Polygon", coordinates: [ring] }, areaM2: 1e6, createdById: USER },
    });
  }
  await prisma.zone.create({
    data: {
      name: "Archived",
      locationType: "CRIME_HOTSPOT",
      rationale: "test",
      geometry: { type: "Polygon", coordinates: [OUTLINES["Greater London"]] },
      areaM2: 1e6,
      createdById: USER,
      archivedAt: new Date(),
    },
  });
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe("zone ranking in SQL", () => {
  it("counts exactly what the JavaScript point-in-polygon test counts, for every zone, month and type", async () => {
    for (const month of [undefined, "2026-09"]) {
      const ranking = await rankZones({ month }, prisma);
      expect(ranking.zones.map((z) => z.name).sort()).toEqual(Object.keys(OUTLINES).sort());
      for (const z of ranking.zones) {
        const expected = rankInJs(OUTLINES[z.name], month);
        expect(z.byType, `${z.name} ${month ?? "all months"}`).toEqual(expected);
        expect(z.seriousCrimes).toBe(Object.values(expected).reduce((s, n) => s + n, 0));
      }
      expect(ranking.months).toEqual(month ? [month] : ["2026-08", "2026-09"]);
      // Not vacuous: the hotspot zones hold hundreds of serious crimes, the whole area thousands.
      expect(ranking.zones.find((z) => z.name === "Greater London")!.seriousCrimes).toBeGreaterThan(3000);
      expect(ranking.zones.find((z) => z.name === "King's Cross box")!.seriousCrimes).toBeGreaterThan(100);
    }
  });

  it("answers with zeros, not an error, for a month with no records", async () => {
    const ranking = await rankZones({ month: "2020-01" }, prisma);
    expect(ranking.zones.every((z) => z.seriousCrimes === 0 && z.perHour === 0)).toBe(true);
  });
});
