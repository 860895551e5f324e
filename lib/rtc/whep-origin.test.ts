import { describe, expect, it } from "vitest";
import { isAllowedWhepUrl } from "./whep-origin";

describe("WHEP URLs must be on a configured gateway", () => {
  const origins = ["https://mediamtx.example.police.uk", "http://127.0.0.1:8889"];
  it("accepts URLs on a listed origin", () => {
    expect(isAllowedWhepUrl("https://mediamtx.example.police.uk/cam1/whep", origins)).toBe(true);
    expect(isAllowedWhepUrl("http://127.0.0.1:8889/cam/whep", origins)).toBe(true);
  });
  it("refuses internal addresses, other ports and schemes, look-alike hosts and credentials", () => {
    expect(isAllowedWhepUrl("http://127.0.0.1:54329/", origins)).toBe(false);
    expect(isAllowedWhepUrl("http://mediamtx.example.police.uk/cam1/whep", origins)).toBe(false);
    expect(isAllowedWhepUrl("https://mediamtx.example.police.uk.evil.example/whep", origins)).toBe(false);
    expect(isAllowedWhepUrl("https://u:p@mediamtx.example.police.uk/whep", origins)).toBe(false);
    expect(isAllowedWhepUrl("file:///etc/passwd", origins)).toBe(false);
    expect(isAllowedWhepUrl("not a url", origins)).toBe(false);
  });
  it("allows nothing when no gateway is configured", () => {
    expect(isAllowedWhepUrl("https://mediamtx.example.police.uk/cam1/whep", [])).toBe(false);
  });
});
