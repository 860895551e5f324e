import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createAlert, createOversightDeployment } from "@/lib/testing/oversight-fixtures";
import { buildAccuracyReport } from "./accuracy-report";
import { buildDeploymentRecord } from "./deployment-record";

describe("deployment record", () => {
  it("counts alerts by the published definitions, test alerts apart, with rates per face and per alert", async () => {
    const fx = await createOversightDeployment({ status: "CLOSED" });
    await db().zone.update({ where: { id: fx.zone.id }, data: { area: "Camden" } });
    const t0 = new Date(Date.now() - 3600_000);
    await db().deployment.update({
      where: { id: fx.deployment.id },
      data: { liveAt: t0, closedAt: new Date(t0.getTime() + 90 * 60_000), selfTestPassedAt: t0 },
    });
    await db().watchlistSnapshot.create({ data: { deploymentId: fx.deployment.id, entryCount: 2, contentHash: "h", modelId: "m", modelVersion: "v" } });
    await db().faceCount.create({ data: { cameraId: fx.camera.id, deploymentId: fx.deployment.id, minute: t0, faces: 4000 } });
    await db().thresholdChange.create({
      data: { deploymentId: fx.deployment.id, fromThreshold: 0.5, toThreshold: 0.55, reason: "test", authorisedById: fx.commander.id },
    });
    await createAlert(fx, { status: "CONFIRMED", outcome: "ARRESTED", decidedAfterSeconds: 10 });
    await createAlert(fx, { status: "CONFIRMED", outcome: "ENGAGED", decidedAfterSeconds: 20 });
    await createAlert(fx, { status: "CONFIRMED", outcome: "NOT_LOCATED", decidedAfterSeconds: 30 });
    await createAlert(fx, { status: "REJECTED", decidedAfterSeconds: 40 });
    await createAlert(fx, { status: "AWAITING_SECOND" });
    await createAlert(fx, { status: "PENDING", overdue: true });
    await createAlert(fx, { status: "PENDING" });
    await createAlert(fx, { status: "CONFIRMED", isTest: true, decidedAfterSeconds: 5 });

    const [row] = await buildDeploymentRecord({ deploymentId: fx.deployment.id });
    expect(row).toMatchObject({
      reference: fx.deployment.reference,
      location: fx.zone.name,
      area: "Camden",
      durationMinutes: 90,
      watchlistSize: 2,
      threshold: 0.5,
      facesSeen: 4000,
      totalAlerts: 7,
      trueAlertsConfirmed: 3,
      trueAlertsUnconfirmed: 1,
      falseAlertsConfirmed: 1,
      falseAlertsUnconfirmed: 2,
      falseAlertRate: 0.00075,
      falseAlertsPerThousandFaces: 0.75,
      falseAlertsPerAlert: 0.4286,
      unconfirmedWithinWindow: 2,
      arrests: 1,
      otherAction: 1,
      noAction: 1,
      medianSecondsToDecision: 25,
      thresholdChanges: 1,
      testAlerts: 1,
      status: "CLOSED",
    });
    expect(String(row.selfTest)).toMatch(/^passed /);
  });

  it("leaves drafts out and answers a deployment without alerts with zeros and no rates", async () => {
    const draft = await createOversightDeployment({ status: "DRAFT" });
    expect(await buildDeploymentRecord({ deploymentId: draft.deployment.id })).toEqual([]);
    const quiet = await createOversightDeployment({ status: "AUTHORISED" });
    const [row] = await buildDeploymentRecord({ deploymentId: quiet.deployment.id });
    expect(row).toMatchObject({ totalAlerts: 0, facesSeen: 0, falseAlertRate: null, falseAlertsPerAlert: null, medianSecondsToDecision: null });
  });
});

describe("accuracy and equitability", () => {
  it("reports false alert rates by group with counts, flagging groups too small to conclude anything", async () => {
    const fx = await createOversightDeployment();
    await db().watchlistEntry.update({ where: { id: fx.entry.id }, data: { sex: "female", ethnicity: "Asian" } });
    const other = await db().watchlistEntry.create({
      data: {
        watchlistId: fx.watchlist.id,
        subjectReference: `WL-other-${fx.deployment.id.slice(0, 6)}`,
        reasonCategory: "WANTED_BY_COURTS",
        legalBasis: "w",
        imageSource: "custody",
        addedById: fx.commander.id,
        expiresAt: new Date(Date.now() + 86_400_000),
        sex: "male",
      },
    });
    for (let i = 0; i < 22; i++) await createAlert(fx, { entryId: fx.entry.id, status: i < 4 ? "REJECTED" : "CONFIRMED", similarity: 0.55 + (i % 8) * 0.05 });
    for (let i = 0; i < 3; i++) await createAlert(fx, { entryId: other.id, status: i === 0 ? "REJECTED" : "CONFIRMED", similarity: 0.6 });
    await createAlert(fx, { status: "PENDING" });
    await createAlert(fx, { isTest: true, status: "REJECTED" });

    const r = await buildAccuracyReport({ deploymentId: fx.deployment.id });
    expect(r).toMatchObject({ alerts: 26, adjudicated: 25, confirmed: 20, rejected: 5, shareConfirmed: 0.8 });
    expect(r.bySex).toEqual([
      { group: "female", alerts: 22, falseAlerts: 4, falseAlertRate: 0.182, enoughToConclude: true },
      { group: "male", alerts: 3, falseAlerts: 1, falseAlertRate: 0.333, enoughToConclude: false },
    ]);
    expect(r.byEthnicity.find((g) => g.group === "not recorded")).toMatchObject({ alerts: 3, enoughToConclude: false });
    const histogramTotal = (bins: { count: number }[]) => bins.reduce((n, b) => n + b.count, 0);
    expect(histogramTotal(r.scoreHistogram.confirmed)).toBe(20);
    expect(histogramTotal(r.scoreHistogram.rejected)).toBe(5);
    expect(r.alertsPerHour.reduce((n, h) => n + h.confirmed + h.rejected + h.open, 0)).toBe(26);
  });
});
