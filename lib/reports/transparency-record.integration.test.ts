import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createAlert, createOversightDeployment } from "@/lib/testing/oversight-fixtures";
import { buildDeploymentDossier } from "./build-deployment-dossier";
import { buildTransparencyRecord, TRANSPARENCY_COLUMNS } from "./build-transparency-record";

describe("transparency record", () => {
  it("publishes closed deployments only, with the dossier's figures, publishable columns and a yearly summary", async () => {
    const closed = await createOversightDeployment({ status: "CLOSED" });
    const live = await createOversightDeployment({ status: "LIVE" });
    const t0 = new Date("2026-06-10T10:00:00Z");
    await db().deployment.update({ where: { id: closed.deployment.id }, data: { liveAt: t0, closedAt: new Date(t0.getTime() + 120 * 60_000) } });
    await db().faceCount.create({ data: { cameraId: closed.camera.id, deploymentId: closed.deployment.id, minute: t0, faces: 2000 } });
    await createAlert(closed, { status: "CONFIRMED", outcome: "ARRESTED", decidedAfterSeconds: 20 });
    await createAlert(closed, { status: "REJECTED", decidedAfterSeconds: 20 });

    const { rows, years } = await buildTransparencyRecord();
    const row = rows.find((r) => r.reference === closed.deployment.reference)!;
    expect(rows.some((r) => r.reference === live.deployment.reference)).toBe(false);
    expect(Object.keys(row).sort()).toEqual(TRANSPARENCY_COLUMNS.map(([k]) => k).sort());
    const dossier = (await buildDeploymentDossier(closed.deployment.id))!;
    for (const [key] of TRANSPARENCY_COLUMNS) expect(row[key], key).toEqual(dossier.figures[key]);
    expect(row).toMatchObject({ facesSeen: 2000, totalAlerts: 2, arrests: 1, durationMinutes: 120 });
    const text = JSON.stringify({ rows, years });
    expect(text).not.toContain(closed.entry.subjectReference);
    expect(text).not.toContain(closed.commander.email);
    const y2026 = years.find((y) => y.year === "2026")!;
    expect(y2026.deployments).toBeGreaterThanOrEqual(1);
    expect(y2026.facesSeen).toBeGreaterThanOrEqual(2000);
  });
});
