import { describe, expect, it } from "vitest";
import { CRIME_COLUMNS, mapHeader, parseCrimeRow } from "./crime-row";
import { parseCsv } from "./csv-parser";
import { badLinesOf, generateCrimeLines } from "./generate-crime-rows";

describe("synthetic crime CSV", () => {
  it("is deterministic, police.uk-shaped, and bad exactly on the lines it says", () => {
    const o = { rows: 700, bad: 7, seed: 3, month: "2026-09", area: "london" as const };
    const text = [...generateCrimeLines(o)].join("\n") + "\n";
    expect([...generateCrimeLines(o)].join("\n") + "\n").toBe(text);
    const [head, ...records] = parseCsv(text);
    expect(head.fields).toEqual([...CRIME_COLUMNS]);
    expect(records).toHaveLength(700);
    const header = mapHeader(head.fields);
    if (!header.ok) throw new Error("header");
    const rejected = records.filter((r) => r.malformed || !parseCrimeRow(r.fields, header.map, header.width).ok).map((r) => r.line);
    expect(rejected).toEqual(badLinesOf(o).map((b) => b.line));
    expect(new Set(badLinesOf(o).map((b) => b.kind)).size).toBe(7);
  });
});
