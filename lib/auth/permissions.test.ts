import { describe, expect, it } from "vitest";
import { navFor } from "./navigation";
import { ACTIONS, PERMISSIONS, can } from "./permissions";
import { ROLE_LANDING, ROLES } from "./roles";

describe("permission table", () => {
  it("every role may open its own landing page", () => {
    for (const role of ROLES) {
      const landing = ROLE_LANDING[role];
      expect(navFor(role).map((n) => n.href)).toContain(landing);
    }
  });

  it("every action names at least one role, and only known roles", () => {
    for (const action of ACTIONS) {
      expect(PERMISSIONS[action].length).toBeGreaterThan(0);
      for (const role of PERMISSIONS[action]) expect(ROLES).toContain(role);
    }
  });

  it("separates duties: operators cannot audit, commanders cannot authorise, admins see no biometrics", () => {
    expect(can("OPERATOR", "audit.read")).toBe(false);
    expect(can("PRIVACY_OFFICER", "audit.read")).toBe(true);
    expect(can("COMMANDER", "deployments.authorise")).toBe(false);
    expect(can("AUTHORISING_OFFICER", "deployments.authorise")).toBe(true);
    expect(can("ADMIN", "watchlists.read")).toBe(false);
    expect(can("ADMIN", "alerts.read")).toBe(false);
    expect(can(null, "me.read")).toBe(false);
  });

  it("navigation shows each role only what it may use", () => {
    expect(navFor("OPERATOR").map((n) => n.label)).toEqual(["Live"]);
    expect(navFor("PRIVACY_OFFICER").map((n) => n.label)).toEqual(["Watchlists", "Oversight"]);
    expect(navFor("ADMIN").map((n) => n.label)).toEqual(["Admin"]);
  });
});
