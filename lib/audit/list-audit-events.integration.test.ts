import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createAlert, createOversightDeployment } from "@/lib/testing/oversight-fixtures";
import { listAuditEvents } from "./list-audit-events";
import { recordAuditEvent } from "./record-audit-event";
import { resolveAuditFilter } from "./resolve-audit-filter";

describe("the humane audit trail", () => {
  it("names actors and targets, folds repeat sightings under their alert, and filters by deployment reference", async () => {
    const fx = await createOversightDeployment({ status: "LIVE" });
    const alert = await createAlert(fx);
    const actor = { id: fx.commander.id, email: fx.commander.email, role: fx.commander.role };
    const d = fx.deployment.id;
    await db().$transaction((tx) =>
      recordAuditEvent(tx, { actor, action: "alert.create", targetType: "alert", targetId: alert.id, deploymentId: d, details: { similarity: 0.7 } }),
    );
    for (let i = 0; i < 3; i++)
      await db().$transaction((tx) =>
        recordAuditEvent(tx, { actor: null, action: "alert.merge_sighting", targetType: "alert", targetId: alert.id, deploymentId: d }),
      );
    await db().$transaction((tx) => recordAuditEvent(tx, { actor, action: "deployment.close", targetType: "deployment", targetId: d, deploymentId: d }));

    const filter = await resolveAuditFilter({ deploymentId: fx.deployment.reference });
    expect(filter.deploymentId).toBe(d);
    const { events } = await listAuditEvents({ ...filter, limit: 50 });
    expect(events.map((e) => e.action)).toEqual(["deployment.close", "alert.create"]);
    expect(events[0]).toMatchObject({ actorName: fx.commander.name, targetName: fx.deployment.reference, deploymentReference: fx.deployment.reference });
    expect(events[1]).toMatchObject({ targetName: `alert on ${fx.entry.subjectReference}`, foldedSightings: 3 });
    const unfolded = await listAuditEvents({ deploymentId: d, action: "alert.merge_sighting", limit: 50 });
    expect(unfolded.events).toHaveLength(3);
    await expect(resolveAuditFilter({ deploymentId: "DEP-NOPE" })).rejects.toMatchObject({ status: 400 });
  });
});
