import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, generateTotpSecret, hotp, matchTotp, totpCode, totpUri } from "./totp";

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890"; 8-digit codes.
const SEED = Buffer.from("12345678901234567890", "ascii");
const VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC 6238 SHA-1 test vectors", () => {
    for (const [t, code] of VECTORS) expect(hotp(SEED, Math.floor(t / 30), 8)).toBe(code);
  });

  it("matches the RFC 4226 HOTP vectors (6 digits)", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expected.forEach((code, counter) => expect(hotp(SEED, counter)).toBe(code));
  });

  it("base32 round-trips and decodes the RFC seed", () => {
    const encoded = base32Encode(SEED);
    expect(encoded).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode(encoded).equals(SEED)).toBe(true);
    expect(base32Decode(generateTotpSecret())).toHaveLength(20);
  });

  it("accepts the current code and one step of drift, refuses others and malformed input", () => {
    const secret = generateTotpSecret();
    const at = new Date("2026-11-29T10:00:10Z");
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchTotp(secret, totpCode(secret, at), at)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, at.getTime() - 30_000), at)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, at.getTime() + 30_000), at)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, at.getTime() - 90_000), at)).toBeNull();
    expect(matchTotp(secret, "12345", at)).toBeNull();
    expect(matchTotp(secret, "abcdef", at)).toBeNull();
  });

  it("builds an otpauth URI authenticator apps read", () => {
    expect(totpUri("ABC", "a@b.test")).toBe("otpauth://totp/Vigil%3Aa%40b.test?secret=ABC&issuer=Vigil&algorithm=SHA1&digits=6&period=30");
  });
});
