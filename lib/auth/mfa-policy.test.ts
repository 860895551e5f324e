import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "@/lib/env";
import { mfaOptionalDemo, mfaRequiredFor } from "./mfa-policy";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

describe("VIGIL_REQUIRE_MFA", () => {
  it("defaults to requiring a second factor of authorising officers, privacy officers and admins", () => {
    withEnv({ VIGIL_REQUIRE_MFA: undefined });
    expect(["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"].map((r) => mfaRequiredFor(r as never))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(mfaOptionalDemo()).toBe(false);
  });

  it('"all" requires it of every role; "0" is the demo (optional, banner)', () => {
    withEnv({ VIGIL_REQUIRE_MFA: "all" });
    expect(mfaRequiredFor("OPERATOR")).toBe(true);
    withEnv({ VIGIL_REQUIRE_MFA: "0" });
    expect(mfaRequiredFor("ADMIN")).toBe(false);
    expect(mfaOptionalDemo()).toBe(true);
  });

  it("rejects other values, naming the variable", () => {
    withEnv({ VIGIL_REQUIRE_MFA: "yes" });
    expect(() => env()).toThrow(/VIGIL_REQUIRE_MFA/);
  });
});

describe("VIGIL_OIDC_*", () => {
  it("must be set together, and the role map must name real roles", () => {
    withEnv({ VIGIL_OIDC_ISSUER: "https://idp.example", VIGIL_OIDC_CLIENT_ID: undefined });
    expect(() => env()).toThrow(/must be set together/);
    withEnv({
      VIGIL_OIDC_ISSUER: "https://idp.example",
      VIGIL_OIDC_CLIENT_ID: "id",
      VIGIL_OIDC_CLIENT_SECRET: "secret",
      VIGIL_OIDC_ROLE_MAP: "g:SUPERUSER",
    });
    expect(() => env()).toThrow(/VIGIL_OIDC_ROLE_MAP/);
    withEnv({ VIGIL_OIDC_ROLE_MAP: "g:ADMIN,h:OPERATOR" });
    expect(env().VIGIL_OIDC_ROLE_MAP).toBe("g:ADMIN,h:OPERATOR");
  });
});
