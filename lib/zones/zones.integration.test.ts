import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment } from "@/lib/testing/live-fixtures";
import { archiveZone } from "./archive-zone";
import { createZone } from "./create-zone";
import { listZones } from "./list-zones";
import { updateZone } from "./update-zone";
import type { ZoneInput } from "./zone-schemas";

const ring: [number, number][] = [
  [-0.12475, 51.53035],
  [-0.12225, 51.53035],
  [-0.12225, 51.53175],
  [-0.12475, 51.53175],
  [-0.12475, 51.53035],
];
const input = (over: Partial<ZoneInput> = {}): ZoneInput => ({
  name: `Zone ${Math.random().toString(36).slice(2, 8)}`,
  locationType: "CRIME_HOTSPOT",
  rationale: "Robbery hotspot on the station approaches; covers both access routes.",
  geometry: { type: "Polygon", coordinates: [ring] },
  ...over,
});

describe("zones on the real database", () => {
  it("creates a zone with its area and an audit record in the same transaction", async () => {
    const commander = await createTestUser("COMMANDER");
    const zone = await createZone(input(), commander, "z1");
    expect(zone.areaM2).toBeGreaterThan(20_000);
    const events = await db().auditEvent.findMany({ where: { targetId: zone.id } });
    expect(events.map((e) => e.action)).toEqual(["zone.create"]);
    expect((await listZones()).some((z) => z.id === zone.id)).toBe(true);
  });

  it("refuses a self-intersecting or untargeted zone with a 400 naming the problem, creating nothing", async () => {
    const commander = await createTestUser("COMMANDER");
    const before = await db().zone.count();
    const bowTie = [ring[0], ring[2], ring[1], ring[3], ring[0]];
    await expect(createZone(input({ geometry: { type: "Polygon", coordinates: [bowTie] } }), commander, "z2")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/crosses itself/),
    });
    const city: [number, number][] = [
      [-0.2, 51.45],
      [0, 51.45],
      [0, 51.55],
      [-0.2, 51.55],
      [-0.2, 51.45],
    ];
    await expect(createZone(input({ geometry: { type: "Polygon", coordinates: [city] } }), commander, "z3")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/targeted/),
    });
    expect(await db().zone.count()).toBe(before);
  });

  it("a zone used by an authorised or live deployment can be neither changed nor archived", async () => {
    const fx = await createLiveDeployment({ status: "AUTHORISED" });
    const commander = await createTestUser("COMMANDER");
    await expect(updateZone(fx.zone.id, input(), commander, "z4")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/is authorised/) });
    await expect(archiveZone(fx.zone.id, commander, "z5")).rejects.toMatchObject({ status: 409 });
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { status: "CLOSED" } });
    const updated = await updateZone(fx.zone.id, input({ name: "Renamed zone" }), commander, "z6");
    expect(updated.name).toBe("Renamed zone");
    await archiveZone(fx.zone.id, commander, "z7");
    expect((await listZones()).some((z) => z.id === fx.zone.id)).toBe(false);
    expect((await listZones({ includeArchived: true })).some((z) => z.id === fx.zone.id)).toBe(true);
  });
});
