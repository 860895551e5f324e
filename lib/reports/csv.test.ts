import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("RFC 4180 CSV", () => {
  it("quotes fields with commas, quotes and line breaks, doubling quotes, and ends lines with CRLF", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["line\nbreak", 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });
  it("neutralises spreadsheet formulas but not negative numbers", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM")).toBe("'@SUM");
    expect(csvCell(-3)).toBe("-3");
  });
  it("writes empty cells for null and ISO times for dates", () => {
    expect(toCsv(["a", "b"], [[null, new Date("2026-11-22T10:00:00Z")]])).toBe("a,b\r\n,2026-11-22T10:00:00.000Z\r\n");
  });
});
