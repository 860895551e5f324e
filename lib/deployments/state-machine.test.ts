import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/auth/roles";
import { decide, STATUSES, TRANSITIONS, type DeploymentFacts, type DeploymentStatus, type Transition } from "./state-machine";

const NOW = new Date("2026-11-22T18:00:00Z");
const base: DeploymentFacts = {
  status: "DRAFT",
  applicantId: "applicant",
  plannedStart: new Date("2026-11-22T17:00:00Z"),
  plannedEnd: new Date("2026-11-22T23:00:00Z"),
  signageConfirmedAt: null,
  selfTestPassedAt: null,
  version: 1,
  authorisedVersion: null,
};

/**
 * The table, written out by hand (not derived from RULES): for each step, the states it may be
 * taken from, the roles that may take it, and the state it leads to.
 */
const TABLE: Record<Transition, { from: DeploymentStatus[]; roles: Role[]; to: DeploymentStatus | "same" }> = {
  edit: { from: ["DRAFT", "SUBMITTED", "REFUSED", "AUTHORISED"], roles: ["COMMANDER"], to: "DRAFT" },
  submit: { from: ["DRAFT"], roles: ["COMMANDER"], to: "SUBMITTED" },
  authorise: { from: ["SUBMITTED"], roles: ["AUTHORISING_OFFICER"], to: "AUTHORISED" },
  refuse: { from: ["SUBMITTED"], roles: ["AUTHORISING_OFFICER"], to: "REFUSED" },
  "confirm-signage": { from: ["AUTHORISED"], roles: ["OPERATOR", "COMMANDER"], to: "same" },
  "record-self-test": { from: ["AUTHORISED"], roles: ["OPERATOR"], to: "same" },
  "go-live": { from: ["AUTHORISED"], roles: ["OPERATOR", "COMMANDER"], to: "LIVE" },
  close: { from: ["LIVE"], roles: ["COMMANDER"], to: "CLOSED" },
  cancel: { from: ["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED"], roles: ["COMMANDER"], to: "CANCELLED" },
  "change-threshold": { from: ["AUTHORISED", "LIVE"], roles: ["AUTHORISING_OFFICER"], to: "same" },
};

describe("deployment state machine", () => {
  it("covers every transition in the table", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...TRANSITIONS].sort());
  });

  // Every (state, action, role): allowed exactly when the table says, otherwise 403 (role) or 409 (state) with a reason.
  for (const transition of TRANSITIONS) {
    const row = TABLE[transition];
    for (const status of STATUSES) {
      for (const role of ROLES) {
        const allowed = row.roles.includes(role) && row.from.includes(status);
        it(`${transition} from ${status} by ${role}: ${allowed ? "allowed" : "refused"}`, () => {
          const facts = { ...base, status, signageConfirmedAt: NOW, selfTestPassedAt: NOW, authorisedVersion: 1 };
          const d = decide(transition, facts, { id: "someone-else", role }, NOW);
          if (allowed) {
            expect(d).toEqual({ ok: true, to: row.to === "same" ? status : row.to });
            return;
          }
          expect(d.ok).toBe(false);
          if (d.ok) return;
          if (!row.roles.includes(role)) {
            expect(d.status).toBe(403);
            expect(d.message).toMatch(/^Only /);
          } else {
            expect(d.status).toBe(409);
            // The current state is named, and the states it would be allowed from.
            expect(d.message).toContain(`that is ${status.toLowerCase()}`);
            expect(d.message).toContain(row.from.map((s) => s.toLowerCase()).join(", "));
          }
        });
      }
    }
  }

  it("the applicant cannot authorise or refuse their own application (403 with its own message)", () => {
    for (const t of ["authorise", "refuse"] as const) {
      const d = decide(t, { ...base, status: "SUBMITTED" }, { id: "applicant", role: "AUTHORISING_OFFICER" }, NOW);
      expect(d).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/applicant cannot/) });
    }
  });

  it("an application whose window has ended cannot be authorised, only refused", () => {
    const late = new Date("2026-11-23T00:00:01Z");
    expect(decide("authorise", { ...base, status: "SUBMITTED" }, { id: "ao", role: "AUTHORISING_OFFICER" }, late)).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/window ended/),
    });
    expect(decide("refuse", { ...base, status: "SUBMITTED" }, { id: "ao", role: "AUTHORISING_OFFICER" }, late)).toEqual({ ok: true, to: "REFUSED" });
  });

  it("going live needs the window, signage, the self-test and an unchanged application", () => {
    const ready = { ...base, status: "AUTHORISED" as const, signageConfirmedAt: NOW, selfTestPassedAt: NOW, authorisedVersion: 1 };
    const op = { id: "op", role: "OPERATOR" as const };
    expect(decide("go-live", ready, op, NOW)).toEqual({ ok: true, to: "LIVE" });
    expect(decide("go-live", ready, op, new Date("2026-11-22T16:59:59Z"))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/window opens/),
    });
    expect(decide("go-live", ready, op, new Date("2026-11-23T00:00:00Z"))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/window closed/),
    });
    expect(decide("go-live", { ...ready, signageConfirmedAt: null }, op, NOW)).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/signage/),
    });
    expect(decide("go-live", { ...ready, selfTestPassedAt: null }, op, NOW)).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/self-test/),
    });
    expect(decide("go-live", { ...ready, version: 2 }, op, NOW)).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/authorised again/) });
  });

  it("the role is checked before the state, so a wrong role never learns more than 403", () => {
    expect(decide("close", { ...base, status: "DRAFT" }, { id: "x", role: "OPERATOR" }, NOW)).toMatchObject({ ok: false, status: 403 });
  });
});
