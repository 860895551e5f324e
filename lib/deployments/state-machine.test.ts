import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import { decide, RULES, type DeploymentFacts, type DeploymentStatus, type Transition } from "./state-machine";

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
const STATUSES: DeploymentStatus[] = ["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED", "LIVE", "CLOSED", "CANCELLED"];

describe("deployment state machine", () => {
  it("allows exactly the table's (transition, state, role) triples, and says why otherwise", () => {
    for (const [transition, rule] of Object.entries(RULES) as [Transition, (typeof RULES)[Transition]][]) {
      for (const status of STATUSES) {
        for (const role of ROLES) {
          const facts = { ...base, status, signageConfirmedAt: NOW, selfTestPassedAt: NOW, authorisedVersion: 1 };
          const d = decide(transition, facts, { id: "someone-else", role }, NOW);
          const expected = rule.roles.includes(role) && rule.from.includes(status);
          expect(d.ok, `${transition} from ${status} by ${role}`).toBe(expected);
          if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
          if (!d.ok && !rule.roles.includes(role)) expect(d.status).toBe(403);
          else if (!d.ok) expect(d.status).toBe(409);
        }
      }
    }
  });

  it("the applicant cannot authorise or refuse their own application", () => {
    const d = decide("authorise", { ...base, status: "SUBMITTED" }, { id: "applicant", role: "AUTHORISING_OFFICER" }, NOW);
    expect(d).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/applicant cannot/) });
  });

  it("going live needs the window, signage, the self-test and an unchanged application", () => {
    const ready = { ...base, status: "AUTHORISED" as const, signageConfirmedAt: NOW, selfTestPassedAt: NOW, authorisedVersion: 1 };
    const op = { id: "op", role: "OPERATOR" as const };
    expect(decide("go-live", ready, op, NOW)).toEqual({ ok: true, to: "LIVE" });
    expect(decide("go-live", ready, op, new Date("2026-11-22T16:59:59Z"))).toMatchObject({ ok: false, message: expect.stringMatching(/window opens/) });
    expect(decide("go-live", ready, op, new Date("2026-11-23T00:00:00Z"))).toMatchObject({ ok: false, message: expect.stringMatching(/window closed/) });
    expect(decide("go-live", { ...ready, signageConfirmedAt: null }, op, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/signage/) });
    expect(decide("go-live", { ...ready, selfTestPassedAt: null }, op, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/self-test/) });
    expect(decide("go-live", { ...ready, version: 2 }, op, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/authorised again/) });
  });
});
