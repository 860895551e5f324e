import { describe, expect, it } from "vitest";
import { CRIME_COLUMNS, hoursInMonth, mapHeader, parseCrimeRow } from "./crime-row";

const header = mapHeader([...CRIME_COLUMNS]);
if (!header.ok) throw new Error("header");
const row = (over: Partial<Record<(typeof CRIME_COLUMNS)[number], string>> = {}) => {
  const base: Record<string, string> = {
    "Crime ID": "abc123",
    Month: "2026-09",
    "Reported by": "Metropolitan Police Service",
    "Falls within": "Metropolitan Police Service",
    Longitude: "-0.124",
    Latitude: "51.531",
    Location: "On or near Euston Road",
    "LSOA code": "E01000917",
    "LSOA name": "Camden 024C",
    "Crime type": "Robbery",
    "Last outcome category": "Under investigation",
    Context: "",
    ...over,
  };
  return CRIME_COLUMNS.map((c) => base[c]);
};

describe("police.uk crime rows", () => {
  it("maps a header in any order and lists missing columns", () => {
    const shuffled = [...CRIME_COLUMNS].reverse().map((c) => ` ${c.toUpperCase()} `);
    const m = mapHeader(shuffled);
    expect(m.ok && m.map["Crime ID"]).toBe(11);
    expect(mapHeader(["Crime ID", "Month"])).toMatchObject({ ok: false, missing: expect.arrayContaining(["Longitude", "Crime type"]) });
  });

  it("accepts a good row, with empty optional fields as null", () => {
    const r = parseCrimeRow(row({ "Crime ID": "" }), header.map, 12);
    expect(r).toMatchObject({ ok: true, row: { crimeId: null, month: "2026-09", lng: -0.124, lat: 51.531, crimeType: "Robbery", context: null } });
  });

  it.each([
    [{ Month: "2026-13" }, /Month "2026-13" is not YYYY-MM/],
    [{ Longitude: "" }, /no location/],
    [{ Latitude: "north" }, /Latitude "north" is not a number/],
    [{ Longitude: "51.5", Latitude: "-0.12" }, /outside the UK/],
    [{ "Crime type": "" }, /Crime type is empty/],
    [{ "Crime type": "Jaywalking" }, /unknown Crime type "Jaywalking"/],
    [{ Context: "x".repeat(1001) }, /Context is longer than 1000/],
  ])("refuses %o", (over, reason) => {
    const r = parseCrimeRow(row(over), header.map, 12);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it("refuses a row with the wrong number of fields", () => {
    expect(parseCrimeRow(row().slice(0, 11), header.map, 12)).toEqual({ ok: false, reason: "expected 12 fields, found 11" });
  });

  it("hours in a month", () => {
    expect(hoursInMonth("2026-02")).toBe(28 * 24);
    expect(hoursInMonth("2028-02")).toBe(29 * 24);
    expect(hoursInMonth("2026-09")).toBe(720);
  });
});
