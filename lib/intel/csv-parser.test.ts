import { describe, expect, it } from "vitest";
import { CsvParser, parseCsv } from "./csv-parser";

/** Feeds `text` in every possible pair of chunks and checks the result never depends on where it was split. */
function splitEverywhere(text: string) {
  const whole = parseCsv(text);
  for (let k = 0; k <= text.length; k++) {
    const p = new CsvParser();
    const got = [...p.push(text.slice(0, k)), ...p.push(text.slice(k)), ...p.end()];
    expect(got, `split at ${k}`).toEqual(whole);
  }
  return whole;
}

describe("CSV parser (RFC 4180, incremental)", () => {
  it("parses plain records with line numbers", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "2", "3"] },
    ]);
  });

  it("handles quotes, doubled quotes, commas and newlines inside quotes, CRLF, empty fields and no final newline", () => {
    const text = 'id,text,n\r\n1,"hello, ""world""",x\r\n2,"two\r\nlines",\r\n\r\n3,,"z"';
    const records = splitEverywhere(text);
    expect(records).toEqual([
      { line: 1, fields: ["id", "text", "n"] },
      { line: 2, fields: ["1", 'hello, "world"', "x"] },
      { line: 3, fields: ["2", "two\r\nlines", ""] },
      { line: 6, fields: ["3", "", "z"] },
    ]);
  });

  it("drops a BOM and counts LF-only newlines inside quotes", () => {
    const records = splitEverywhere('\uFEFFa,b\n"x\ny\nz",1\nlast,2\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(records[0].fields[0]).toBe("a");
  });

  it("flags a stray quote but keeps parsing", () => {
    const [, bad, good] = parseCsv('a,b\nfoo"bar,1\nok,2\n');
    expect(bad.malformed).toMatch(/quote inside unquoted field 1/);
    expect(bad.fields).toEqual(['foo"bar', "1"]);
    expect(good).toEqual({ line: 3, fields: ["ok", "2"] });
    expect(parseCsv('"a"x,b\n')[0].malformed).toMatch(/after a closing quote/);
  });

  it("stops on an unbalanced quote at the end, or a record longer than the limit", () => {
    expect(() => parseCsv('a,b\n1,"never closed\n2,3\n')).toThrow(/line 2: a quoted field is never closed/);
    const p = new CsvParser(100);
    expect(() => p.push(`a,"${"x".repeat(200)}`)).toThrow(/longer than 100/);
  });
});
