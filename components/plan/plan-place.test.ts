import { describe, expect, it } from "vitest";
import { readPlanPlace } from "./plan-workspace";

const id = "3f2b8c1e-9a4d-4e2f-8b1c-2d3e4f5a6b7c";
const place = (q: string) => readPlanPlace(new URLSearchParams(q));

describe("the /plan address", () => {
  it("reads tab, zone, deployment and application step", () => {
    expect(place("")).toEqual({ tab: "zones", zone: null, view: { kind: "list" } });
    expect(place(`tab=deployments&deployment=${id}`)).toEqual({ tab: "deployments", zone: null, view: { kind: "detail", id } });
    expect(place(`deployment=${id}&step=edit&zone=${id}`)).toEqual({ tab: "deployments", zone: id, view: { kind: "edit", id } });
    expect(place("tab=deployments&step=new").view).toEqual({ kind: "new" });
    expect(place("tab=intel").tab).toBe("intel");
  });
  it("ignores what it cannot use", () => {
    expect(place("tab=admin&deployment=../../x&zone=1")).toEqual({ tab: "zones", zone: null, view: { kind: "list" } });
  });
});
