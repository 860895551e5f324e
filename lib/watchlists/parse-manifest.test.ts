import { describe, expect, it } from "vitest";
import { parseCsvRecords, parseManifest, toCsv } from "./parse-manifest";

const NOW = new Date("2026-11-29T00:00:00Z");
const HEADER = "reference,display_name,reason,offence,legal_basis,image_source,image_date,expiry,files,test_subject";

describe("parseManifest", () => {
  it("accepts good rows: codes or labels, dates or ISO, several files", () => {
    const csv = [
      HEADER,
      "SUBJ-1,Ann,WANTED_BY_COURTS,,Arrest warrant 12/26,Custody image,2026-03-02,2027-05-01,a/1.jpg,",
      'SUBJ-2,"Smith, Bob",Missing or vulnerable person,,"Missing person report, ""urgent""",Family photo,,2027-05-01T10:00:00Z,b/1.jpg; b/2.jpg,yes',
    ].join("\n");
    const { rows, errors } = parseManifest(csv, NOW);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      line: 2,
      files: ["a/1.jpg"],
      entry: {
        subjectReference: "SUBJ-1",
        reasonCategory: "WANTED_BY_COURTS",
        imageTakenAt: "2026-03-02T12:00:00.000Z",
        expiresAt: "2027-05-01T23:59:59.000Z",
        isTestSubject: false,
      },
    });
    expect(rows[1]).toMatchObject({
      line: 3,
      files: ["b/1.jpg", "b/2.jpg"],
      entry: { displayName: "Smith, Bob", reasonCategory: "MISSING_VULNERABLE", legalBasis: 'Missing person report, "urgent"', isTestSubject: true },
    });
  });

  it("reports every bad row with its line and field, and keeps the good ones", () => {
    const csv = [
      HEADER,
      "OK-1,,WANTED_BY_COURTS,,Arrest warrant,Custody,,2027-01-01,x.jpg,",
      "OK-1,,WANTED_BY_COURTS,,Arrest warrant,Custody,,2027-01-01,y.jpg,",
      "B,,SPEEDING,,ab,Custody,2027-01-01,2026-01-01,,maybe",
      "SHORT,row",
      "OK-2,,RISK_OF_HARM,,Court order,Custody,2026-13-40,2027-01-01,z.jpg,",
    ].join("\r\n");
    const { rows, errors } = parseManifest(csv, NOW);
    expect(rows.map((r) => r.entry.subjectReference)).toEqual(["OK-1"]);
    const at = (line: number) =>
      errors
        .filter((e) => e.line === line)
        .map((e) => e.field)
        .sort();
    expect(at(3)).toEqual(["reference"]);
    expect(at(4)).toEqual(["expiry", "files", "image_date", "legal_basis", "reason", "reference", "test_subject"]);
    expect(at(5)).toEqual(["row"]);
    expect(at(6)).toEqual(["image_date"]);
  });

  it("refuses a manifest without the required columns, or empty", () => {
    expect(parseManifest("reference,files\nA,b.jpg", NOW).errors[0]).toMatchObject({
      line: 1,
      field: "header",
      message: expect.stringMatching(/reason, legal_basis, image_source, expiry/),
    });
    expect(parseManifest("", NOW).errors[0]).toMatchObject({ field: "header" });
    expect(parseManifest(HEADER, NOW).errors[0]).toMatchObject({ message: "the manifest has no rows" });
  });

  it("counts lines inside quoted newlines; CSV round trip", () => {
    expect(parseCsvRecords('a,b\n"x\ny",z\nc,d\n').map((r) => r.line)).toEqual([1, 2, 4]);
    const text = toCsv([
      ["line", "note"],
      [2, 'said "hi", then\nleft'],
    ]);
    expect(parseCsvRecords(text).map((r) => r.fields)).toEqual([
      ["line", "note"],
      ["2", 'said "hi", then\nleft'],
    ]);
  });
});
