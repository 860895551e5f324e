/**
 * The street-level crime format published by data.police.uk (one CSV per force per month) and
 * the checks each row must pass before it is imported. Pure: shared by the importer, the sample
 * generator and tests.
 */
export const CRIME_COLUMNS = [
  "Crime ID",
  "Month",
  "Reported by",
  "Falls within",
  "Longitude",
  "Latitude",
  "Location",
  "LSOA code",
  "LSOA name",
  "Crime type",
  "Last outcome category",
  "Context",
] as const;

export type CrimeColumn = (typeof CRIME_COLUMNS)[number];

/** The categories police.uk uses for street-level crime. */
export const CRIME_TYPES = [
  "Anti-social behaviour",
  "Bicycle theft",
  "Burglary",
  "Criminal damage and arson",
  "Drugs",
  "Other crime",
  "Other theft",
  "Possession of weapons",
  "Public order",
  "Robbery",
  "Shoplifting",
  "Theft from the person",
  "Vehicle crime",
  "Violence and sexual offences",
] as const;

/** Serious violent crime, for ranking candidate zones (see docs/planning.md). */
export const SERIOUS_VIOLENT_CRIME_TYPES = ["Violence and sexual offences", "Robbery", "Possession of weapons"] as const;

/** England, Wales and Northern Ireland with a margin: catches swapped or zeroed coordinates. */
export const UK_BOUNDS = { minLng: -8.7, maxLng: 2.1, minLat: 49.8, maxLat: 60.9 };

export interface CrimeRow {
  crimeId: string | null;
  month: string;
  reportedBy: string | null;
  fallsWithin: string | null;
  lng: number;
  lat: number;
  location: string | null;
  lsoaCode: string | null;
  lsoaName: string | null;
  crimeType: string;
  lastOutcome: string | null;
  context: string | null;
}

export type HeaderMap = Record<CrimeColumn, number>;

/** Maps the header row to column positions (any order, case and surrounding spaces ignored), or lists what is missing. */
export function mapHeader(fields: string[]): { ok: true; map: HeaderMap; width: number } | { ok: false; missing: string[] } {
  const index = new Map(fields.map((f, i) => [f.trim().toLowerCase(), i]));
  const missing = CRIME_COLUMNS.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length) return { ok: false, missing };
  const map = Object.fromEntries(CRIME_COLUMNS.map((c) => [c, index.get(c.toLowerCase())!])) as HeaderMap;
  return { ok: true, map, width: fields.length };
}

const KNOWN_TYPES = new Set<string>(CRIME_TYPES);
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const NUMBER = /^-?\d{1,3}(\.\d+)?$/;
const LIMITS: Partial<Record<CrimeColumn, number>> = {
  "Crime ID": 128,
  "Reported by": 120,
  "Falls within": 120,
  Location: 200,
  "LSOA code": 16,
  "LSOA name": 120,
  "Last outcome category": 200,
  Context: 1000,
};

// C0 controls except tab, LF and CR (a quoted field may span lines), DEL and C1 controls.
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const opt = (v: string) => (v.trim() === "" ? null : v.trim());

/** Checks one data row; returns the record or the reason it is refused. */
export function parseCrimeRow(fields: string[], header: HeaderMap, width: number): { ok: true; row: CrimeRow } | { ok: false; reason: string } {
  if (fields.length !== width) return { ok: false, reason: `expected ${width} fields, found ${fields.length}` };
  const get = (c: CrimeColumn) => fields[header[c]] ?? "";
  // Postgres refuses NUL in text: a NUL (or another control character) refuses this row only,
  // with its line, instead of failing the batch it would have been stored in.
  for (let i = 0; i < fields.length; i++) {
    if (fields[i].includes("\u0000")) return { ok: false, reason: `field ${i + 1} contains a NUL byte` };
    if (CONTROL.test(fields[i])) return { ok: false, reason: `field ${i + 1} contains a control character` };
  }
  for (const [column, max] of Object.entries(LIMITS) as [CrimeColumn, number][]) {
    if (get(column).length > max) return { ok: false, reason: `${column} is longer than ${max} characters` };
  }
  const month = get("Month").trim();
  if (!MONTH.test(month)) return { ok: false, reason: `Month "${month.slice(0, 20)}" is not YYYY-MM` };
  const lngText = get("Longitude").trim();
  const latText = get("Latitude").trim();
  if (lngText === "" || latText === "") return { ok: false, reason: "no location (Longitude or Latitude empty)" };
  if (!NUMBER.test(lngText)) return { ok: false, reason: `Longitude "${lngText.slice(0, 20)}" is not a number` };
  if (!NUMBER.test(latText)) return { ok: false, reason: `Latitude "${latText.slice(0, 20)}" is not a number` };
  const lng = Number(lngText);
  const lat = Number(latText);
  const b = UK_BOUNDS;
  if (lng < b.minLng || lng > b.maxLng || lat < b.minLat || lat > b.maxLat)
    return { ok: false, reason: `coordinates (${lng}, ${lat}) are outside the UK (swapped longitude and latitude?)` };
  const crimeType = get("Crime type").trim();
  if (crimeType === "") return { ok: false, reason: "Crime type is empty" };
  if (!KNOWN_TYPES.has(crimeType)) return { ok: false, reason: `unknown Crime type "${crimeType.slice(0, 60)}"` };
  return {
    ok: true,
    row: {
      crimeId: opt(get("Crime ID")),
      month,
      reportedBy: opt(get("Reported by")),
      fallsWithin: opt(get("Falls within")),
      lng,
      lat,
      location: opt(get("Location")),
      lsoaCode: opt(get("LSOA code")),
      lsoaName: opt(get("LSOA name")),
      crimeType,
      lastOutcome: opt(get("Last outcome category")),
      context: opt(get("Context")),
    },
  };
}

/** Hours in a YYYY-MM month (UTC calendar days x 24). */
export function hoursInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate() * 24;
}
