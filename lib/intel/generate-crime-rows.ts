/**
 * Synthetic street-level crime in the police.uk CSV format, for the demo sample and the import
 * benchmark: seeded (the same options always give the same file), clustered around London
 * hotspots on a thinner background, and with deliberately bad rows at known lines so an import
 * can be checked against them. Pure (no I/O); scripts/generate-crime-csv.ts writes the file.
 */
import { seededRandom } from "@/lib/random/seeded-random";
import { CRIME_COLUMNS } from "./crime-row";

export interface GenerateOptions {
  rows: number;
  /** How many of the rows are deliberately bad (spread evenly through the file). */
  bad: number;
  seed: number;
  month: string;
  /** "london": hotspots and background across Greater London; "central": a few hundred rows around King's Cross and the West End. */
  area: "london" | "central";
}

export interface GeneratedBadRow {
  /** Physical line in the file (the header is line 1). */
  line: number;
  kind: string;
}

const HOTSPOTS_LONDON = [
  { name: "King's Cross", lat: 51.5309, lng: -0.1233, sd: 0.0022, weight: 3 },
  { name: "Oxford Circus", lat: 51.5152, lng: -0.1418, sd: 0.003, weight: 3 },
  { name: "Leicester Square", lat: 51.5113, lng: -0.1281, sd: 0.0025, weight: 3 },
  { name: "Brixton", lat: 51.4627, lng: -0.1145, sd: 0.004, weight: 2 },
  { name: "Stratford", lat: 51.5416, lng: -0.0033, sd: 0.004, weight: 2 },
  { name: "Croydon", lat: 51.3762, lng: -0.0982, sd: 0.005, weight: 2 },
  { name: "Camden Town", lat: 51.5392, lng: -0.1426, sd: 0.003, weight: 2 },
];
const HOTSPOTS_CENTRAL = [
  { name: "King's Cross", lat: 51.5309, lng: -0.1233, sd: 0.0012, weight: 5 },
  { name: "Euston", lat: 51.5282, lng: -0.1337, sd: 0.0015, weight: 2 },
  { name: "Leicester Square", lat: 51.5113, lng: -0.1281, sd: 0.002, weight: 2 },
];
const BACKGROUND = {
  london: { minLng: -0.5, maxLng: 0.3, minLat: 51.3, maxLat: 51.68 },
  central: { minLng: -0.16, maxLng: -0.09, minLat: 51.505, maxLat: 51.545 },
};

/** Rough shares of street-level crime types in a London month. */
const TYPE_WEIGHTS: [string, number][] = [
  ["Anti-social behaviour", 24],
  ["Violence and sexual offences", 27],
  ["Other theft", 9],
  ["Theft from the person", 6],
  ["Vehicle crime", 8],
  ["Burglary", 5],
  ["Criminal damage and arson", 5],
  ["Public order", 5],
  ["Robbery", 4],
  ["Shoplifting", 4],
  ["Drugs", 2],
  ["Bicycle theft", 1.5],
  ["Possession of weapons", 1],
  ["Other crime", 1],
];
const STREETS = [
  "Euston Road",
  "Pancras Road",
  "York Way",
  "Caledonian Road",
  "Gray's Inn Road",
  "Argyle Street",
  "Oxford Street",
  "Regent Street",
  "Charing Cross Road",
  "Brixton Road",
  "Station Approach",
  "High Street",
  "Shopping Area",
  "Supermarket",
  "Parking Area",
  "Nightclub",
  "Petrol Station",
];
const OUTCOMES = [
  "Investigation complete; no suspect identified",
  "Under investigation",
  "Unable to prosecute suspect",
  "Awaiting court outcome",
  "Offender given a caution",
  "Status update unavailable",
  "",
];
const BAD_KINDS = ["bad month", "no location", "latitude not a number", "outside the UK", "unknown crime type", "missing field", "stray quote"] as const;

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The file, line by line (header first), and the lines that are deliberately bad. */
export function* generateCrimeLines(o: GenerateOptions): Generator<string, void, undefined> {
  const rnd = seededRandom(o.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const totalTypeWeight = TYPE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const crimeType = () => {
    let r = rnd() * totalTypeWeight;
    for (const [t, w] of TYPE_WEIGHTS) if ((r -= w) < 0) return t;
    return TYPE_WEIGHTS[0][0];
  };
  const hotspots = o.area === "central" ? HOTSPOTS_CENTRAL : HOTSPOTS_LONDON;
  const hotWeight = hotspots.reduce((s, h) => s + h.weight, 0);
  const bg = BACKGROUND[o.area];
  const badEvery = o.bad > 0 ? Math.floor(o.rows / o.bad) : Infinity;
  const hex = () => Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(rnd() * 16)]).join("");

  yield CRIME_COLUMNS.join(",");
  let badIndex = 0;
  for (let i = 0; i < o.rows; i++) {
    let lat: number;
    let lng: number;
    if (rnd() < 0.6) {
      let r = rnd() * hotWeight;
      const h = hotspots.find((x) => (r -= x.weight) < 0) ?? hotspots[0];
      lat = h.lat + gauss() * h.sd;
      lng = h.lng + gauss() * h.sd * 1.6;
    } else {
      lat = bg.minLat + rnd() * (bg.maxLat - bg.minLat);
      lng = bg.minLng + rnd() * (bg.maxLng - bg.minLng);
    }
    const type = crimeType();
    const street = pick(STREETS);
    const fields: string[] = [
      type === "Anti-social behaviour" ? "" : hex(),
      o.month,
      "Metropolitan Police Service",
      "Metropolitan Police Service",
      lng.toFixed(6),
      lat.toFixed(6),
      rnd() < 0.1 ? `On or near ${street}, London` : `On or near ${street}`,
      `E0100${String(Math.floor(rnd() * 5000)).padStart(4, "0")}`,
      `${pick(["Camden", "Westminster", "Islington", "Lambeth", "Newham", "Croydon"])} ${String(Math.floor(rnd() * 40)).padStart(3, "0")}${pick(["A", "B", "C", "D", "E"])}`,
      type,
      type === "Anti-social behaviour" ? "" : pick(OUTCOMES),
      rnd() < 0.02 ? 'Reported by staff: "urgent", see log' : "",
    ];
    const isBad = o.bad > 0 && badIndex < o.bad && i % badEvery === Math.floor(badEvery / 2);
    if (isBad) {
      const kind = BAD_KINDS[badIndex % BAD_KINDS.length];
      badIndex++;
      switch (kind) {
        case "bad month":
          fields[1] = o.month.slice(0, 5) + "13";
          break;
        case "no location":
          fields[4] = "";
          fields[5] = "";
          break;
        case "latitude not a number":
          fields[5] = "51.5x";
          break;
        case "outside the UK":
          [fields[4], fields[5]] = [fields[5], fields[4]];
          break;
        case "unknown crime type":
          fields[9] = "Jaywalking";
          break;
        case "missing field":
          fields.pop();
          break;
        case "stray quote":
          yield fields.map(quote).join(",").replace("On or near", 'On or "near');
          continue;
      }
    }
    yield fields.map(quote).join(",");
  }
}

/** Which lines of a generated file are bad, and why (for tests and the benchmark's check). */
export function badLinesOf(o: GenerateOptions): GeneratedBadRow[] {
  const out: GeneratedBadRow[] = [];
  if (o.bad <= 0) return out;
  const badEvery = Math.floor(o.rows / o.bad);
  for (let i = 0, k = 0; i < o.rows && k < o.bad; i++) {
    if (i % badEvery === Math.floor(badEvery / 2)) out.push({ line: i + 2, kind: BAD_KINDS[k++ % BAD_KINDS.length] });
  }
  return out;
}
