/**
 * Zone ranking benchmark: `npm run bench:zone-rank -- [--rows 100000] [--zones 20] [--json]`.
 * In a scratch database on the test Postgres cluster (VIGIL_TEST_PG_PORT, or TEST_PG_ADMIN_URL):
 * loads the generated crime file's rows (lib/intel/generate-crime-rows.ts, Greater London, one
 * month), draws zones around the hotspots (and one over the whole area), then times zone ranking
 * in SQL (lib/intel/rank-zones.ts) per zone and for all zones at once, next to the old way (every
 * candidate point into JavaScript, pointInRing), and checks both count the same. Prints figures.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { ensureTestCluster, freshDatabase } from "../lib/testing/test-database";
import { mapHeader, parseCrimeRow, SERIOUS_VIOLENT_CRIME_TYPES } from "../lib/intel/crime-row";
import { parseCsv } from "../lib/intel/csv-parser";
import { generateCrimeLines } from "../lib/intel/generate-crime-rows";
import { pointInRing, ringBounds } from "../lib/zones/zone-geometry";

const CENTRES = [
  [-0.1233, 51.5309],
  [-0.1418, 51.5152],
  [-0.1281, 51.5113],
  [-0.1145, 51.4627],
  [-0.0033, 51.5416],
  [-0.0982, 51.3762],
  [-0.1426, 51.5392],
];

async function main() {
  const { values } = parseArgs({
    options: { rows: { type: "string", default: "100000" }, zones: { type: "string", default: "20" }, json: { type: "boolean", default: false } },
  });
  const nRows = Math.max(1000, Number(values.rows));
  const nZones = Math.max(2, Math.min(500, Number(values.zones)));
  const log = (s: string) => values.json || console.log(s);
  const cluster = await ensureTestCluster();
  const url = await freshDatabase(cluster.adminUrl, "vigil_bench_zone_rank");
  const { createPrismaClient } = await import("../lib/db/prisma");
  const { rankZones, countSeriousCrimeInZones, zoneEdges } = await import("../lib/intel/rank-zones");
  const client = createPrismaClient(url);
  const user = "00000000-0000-4000-8000-000000000001";
  const figures: Record<string, number> = {};
  try {
    const records = parseCsv([...generateCrimeLines({ rows: nRows, bad: 0, seed: 42, month: "2026-09", area: "london" })].join("\n"));
    const header = mapHeader(records[0].fields);
    if (!header.ok) throw new Error("header");
    const imp = await client.crimeImport.create({ data: { fileName: "bench.csv", createdById: user } });
    const rows = records.slice(1).flatMap((r) => {
      const p = parseCrimeRow(r.fields, header.map, header.width);
      return p.ok ? [{ ...p.row, importId: imp.id }] : [];
    });
    const l0 = performance.now();
    for (let i = 0; i < rows.length; i += 20_000) {
      const part = rows.slice(i, i + 20_000);
      await client.$executeRaw`
        INSERT INTO "CrimeRecord" ("importId", month, lng, lat, "crimeType")
        SELECT ${imp.id}::uuid, m, x, y, t FROM unnest(${part.map((r) => r.month)}::text[], ${part.map((r) => r.lng)}::float8[], ${part.map((r) => r.lat)}::float8[], ${part.map((r) => r.crimeType)}::text[]) AS u(m, x, y, t)`;
    }
    await client.$executeRawUnsafe(`ANALYZE "CrimeRecord"`);
    log(`loaded ${rows.length} generated crime records in ${Math.round(performance.now() - l0)} ms`);

    const rings: { name: string; ring: number[][] }[] = [
      {
        name: "Greater London",
        ring: [
          [-0.5, 51.3],
          [0.3, 51.3],
          [0.3, 51.68],
          [-0.5, 51.68],
          [-0.5, 51.3],
        ],
      },
    ];
    for (let i = 1; i < nZones; i++) {
      const [x, y] = CENTRES[i % CENTRES.length];
      const r = 0.002 + (i % 5) * 0.003; // about 150 m to 1 km
      // An octagon around the hotspot.
      const ring = Array.from({ length: 8 }, (_, k) => [x + r * 1.6 * Math.cos((k * Math.PI) / 4), y + r * Math.sin((k * Math.PI) / 4)]);
      rings.push({ name: `zone ${i}`, ring: [...ring, ring[0]] });
    }
    const zones = [];
    for (const z of rings)
      zones.push(
        await client.zone.create({
          data: {
            name: z.name,
            locationType: "CRIME_HOTSPOT",
            rationale: "bench",
            geometry: { type: "Polygon", coordinates: [z.ring] },
            areaM2: 1e6,
            createdById: user,
          },
        }),
      );

    const serious = [...SERIOUS_VIOLENT_CRIME_TYPES];
    const sqlMs: number[] = [];
    const jsMs: number[] = [];
    let mismatches = 0;
    let biggest = 0;
    for (const [i, z] of rings.entries()) {
      const t = performance.now();
      const counted = await countSeriousCrimeInZones(client, [zoneEdges(zones[i].id, z.ring)], {});
      sqlMs.push(performance.now() - t);
      const sqlCount = counted.reduce((s, c) => s + c.n, 0);
      const [minLng, minLat, maxLng, maxLat] = ringBounds(z.ring);
      const j = performance.now();
      const points = await client.crimeRecord.findMany({
        where: { crimeType: { in: serious }, lng: { gte: minLng, lte: maxLng }, lat: { gte: minLat, lte: maxLat } },
        select: { lng: true, lat: true },
      });
      const jsCount = points.filter((p) => pointInRing(p.lng, p.lat, z.ring)).length;
      jsMs.push(performance.now() - j);
      if (jsCount !== sqlCount) mismatches++;
      biggest = Math.max(biggest, sqlCount);
    }
    const a0 = performance.now();
    const all = await rankZones({}, client);
    figures.allZonesMs = Math.round(performance.now() - a0);
    const sorted = [...sqlMs].sort((a, b) => a - b);
    figures.rows = rows.length;
    figures.zones = rings.length;
    figures.sqlMsPerZoneMax = Math.round(sorted.at(-1)!);
    figures.sqlMsPerZoneMedian = Math.round(sorted[Math.floor(sorted.length / 2)]);
    figures.sqlMsWholeArea = Math.round(sqlMs[0]);
    figures.oldJsMsPerZoneMax = Math.round(Math.max(...jsMs));
    figures.oldJsMsWholeArea = Math.round(jsMs[0]);
    figures.largestZoneSeriousCrimes = biggest;
    figures.mismatches = mismatches;
    figures.loadAverage1m = Math.round(os.loadavg()[0] * 10) / 10;
    log(
      `zone ranking in SQL over ${rows.length} records: per zone median ${figures.sqlMsPerZoneMedian} ms, max ${figures.sqlMsPerZoneMax} ms (the whole-area zone, ${biggest} serious crimes: ${figures.sqlMsWholeArea} ms)`,
    );
    log(`all ${rings.length} zones in one rankZones call: ${figures.allZonesMs} ms (${all.zones.length} ranked)`);
    log(`old way (points into JavaScript): max ${figures.oldJsMsPerZoneMax} ms per zone, whole area ${figures.oldJsMsWholeArea} ms`);
    log(
      `counts equal to the JavaScript point-in-polygon test: ${mismatches === 0 ? "yes, every zone" : `NO, ${mismatches} zone(s) differ`}; load average ${figures.loadAverage1m}`,
    );
    if (values.json) console.log(JSON.stringify(figures));
    if (mismatches) process.exitCode = 1;
  } finally {
    await client.$disconnect();
    await cluster.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
