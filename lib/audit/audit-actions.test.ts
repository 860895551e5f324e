import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { DEPLOYMENT_STEPS, stepAuditAction } from "@/lib/deployments/deployment-steps";
import { AUDIT_ACTION_NAMES, auditActionLabel, auditActionName, isAuditAction, LEGACY_AUDIT_ACTIONS, storedAuditActions } from "./audit-actions";

const CONVENTION = /^[a-z]+\.[a-z]+(_[a-z0-9]+)*$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("audit action names", () => {
  it("every current name follows <noun>.<verb>[_<object>] in snake_case", () => {
    const off = AUDIT_ACTION_NAMES.filter((a) => !CONVENTION.test(a));
    expect(off).toEqual([]);
  });

  it("every old name maps to a current one, and no current name is also an old one", () => {
    for (const [old, now] of Object.entries(LEGACY_AUDIT_ACTIONS)) {
      expect(isAuditAction(now), `${old} → ${now}`).toBe(true);
      expect(isAuditAction(old), old).toBe(false);
    }
  });

  it("reads old names under the new ones and filters on both", () => {
    expect(auditActionName("deployment.confirm-signage")).toBe("deployment.confirm_signage");
    expect(auditActionName("deployment.confirm_signage")).toBe("deployment.confirm_signage");
    expect(auditActionName("something.unknown")).toBe("something.unknown");
    expect(storedAuditActions("deployment.go_live").sort()).toEqual(["deployment.go-live", "deployment.go_live"]);
    // An old name typed into a filter finds the events recorded under either name.
    expect(storedAuditActions("access.denied").sort()).toEqual(["access.denied", "access.deny"]);
    expect(storedAuditActions("alert.create")).toEqual(["alert.create"]);
    expect(auditActionLabel("deployment.go-live")).toBe("Deployment went live");
    expect(auditActionLabel("custom.thing_done")).toBe("Custom thing done");
  });

  it("each deployment step records a name from the table", () => {
    for (const step of DEPLOYMENT_STEPS) expect(isAuditAction(stepAuditAction(step)), step).toBe(true);
  });

  it("every recordAuditEvent call site in lib/ and app/ uses a name from the table", () => {
    const permissions = new Set(Object.keys(PERMISSIONS));
    const unknown: string[] = [];
    const templated: string[] = [];
    for (const file of [...sources("lib"), ...sources("app")]) {
      const text = readFileSync(file, "utf8");
      if (!text.includes("recordAuditEvent(") || file.endsWith("record-audit-event.ts")) continue;
      for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) {
        const expr = m[1];
        if (expr.trimStart().startsWith("`")) templated.push(`${file}: ${expr.trim()}`);
        for (const lit of expr.matchAll(/"([a-z_]+\.[a-z_.-]+)"/g)) {
          if (!permissions.has(lit[1]) && lit[1] !== "public" && !isAuditAction(lit[1])) unknown.push(`${file}: ${lit[1]}`);
        }
      }
    }
    expect(unknown).toEqual([]);
    expect(templated).toEqual([]);
  });
});
