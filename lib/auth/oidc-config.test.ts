import { describe, expect, it } from "vitest";
import { mapRole, parseRoleMap } from "./oidc-config";

describe("OIDC role map", () => {
  const map = parseRoleMap("vigil-admins:ADMIN, 1b2c-guid:OPERATOR,urn:x:cmd:COMMANDER");

  it("parses value:ROLE pairs, values may contain colons", () => {
    expect(map).toEqual([
      ["vigil-admins", "ADMIN"],
      ["1b2c-guid", "OPERATOR"],
      ["urn:x:cmd", "COMMANDER"],
    ]);
    expect(() => parseRoleMap("a:ROOT")).toThrow(/unknown role ROOT/);
  });

  it("maps a list or a single value, first match in the map's order wins, unmapped is null", () => {
    expect(mapRole(["other", "1b2c-guid", "vigil-admins"], map)).toBe("ADMIN");
    expect(mapRole("urn:x:cmd", map)).toBe("COMMANDER");
    expect(mapRole(["nobody"], map)).toBeNull();
    expect(mapRole(undefined, map)).toBeNull();
  });
});
