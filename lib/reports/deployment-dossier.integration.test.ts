import { writeFileSync } from "node:fs";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { evidenceIdentity } from "@/lib/planning/evidence-identity";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { listPublicKeys, verifyKeysFromPem } from "@/lib/audit/signing-key";
import { checkExportSignature } from "@/lib/audit/export-signature";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createAlert, createOversightDeployment } from "@/lib/testing/oversight-fixtures";
import { buildDeploymentDossier } from "./build-deployment-dossier";
import { renderDossierHtml } from "./render-dossier-html";
import { renderDossierPdf } from "./render-dossier-pdf";

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

describe("deployment dossier", () => {
  it("a lawyer's PDF: officer, legal basis, window, threshold history, figures and the audit anchor, in human London time", async () => {
    const fx = await createOversightDeployment({ status: "CLOSED" });
    const officer = await db().user.create({
      data: { email: `supt-${fx.deployment.id.slice(0, 8)}@test.vigil`, name: "Superintendent Ada Okafor", role: "AUTHORISING_OFFICER", passwordHash: "x" },
    });
    const deputy = await createTestUser("AUTHORISING_OFFICER");
    await db().user.update({ where: { id: deputy.id }, data: { name: "Inspector Tom Reyes" } });
    // 14:00 to 16:30 UTC on 28 November 2026 is 14:00 to 16:30 GMT.
    const liveAt = new Date("2026-11-28T14:00:00Z");
    await db().zone.update({ where: { id: fx.zone.id }, data: { area: "Camden", rationale: "Robbery hotspot around the station exits" } });
    await db().deployment.update({
      where: { id: fx.deployment.id },
      data: {
        purpose: "Locate people wanted for robbery near Camden Town station",
        legalBasis: "Common law policing powers; Data Protection Act 2018 s.35",
        necessity: "Three robberies a week at the exits; conventional patrols have not located the suspects",
        proportionality: "Four hours, one zone, watchlist limited to wanted offenders",
        watchlistCriteria: "Wanted by the courts for robbery or violence",
        expectedFootfallPerHour: 3000,
        plannedStart: liveAt,
        plannedEnd: new Date("2026-11-28T18:00:00Z"),
        liveAt,
        closedAt: new Date("2026-11-28T16:30:00Z"),
        closureReport: "Stood down on time.",
        authorisingOfficerId: officer.id,
        authorisedAt: new Date("2026-11-28T09:15:00Z"),
        authorisedVersion: 3,
        authorisationReasons: "Necessary and proportionate given the robbery series",
        selfTestPassedAt: new Date("2026-11-28T13:55:00Z"),
        threshold: 0.62,
      },
    });
    await db().watchlistSnapshot.create({
      data: { deploymentId: fx.deployment.id, entryCount: 214, contentHash: "a".repeat(64), modelId: "m", modelVersion: "v" },
    });
    await db().faceCount.create({ data: { cameraId: fx.camera.id, deploymentId: fx.deployment.id, minute: liveAt, faces: 8000 } });
    await db().thresholdChange.create({
      data: {
        deploymentId: fx.deployment.id,
        fromThreshold: 0.6,
        toThreshold: 0.62,
        reason: "Two false alerts in the first hour",
        authorisedById: deputy.id,
        createdAt: new Date("2026-11-28T15:10:00Z"),
      },
    });
    await db().deletionReceipt.create({ data: { kind: "alert_images", count: 3, reason: "retention: 31 days", deploymentId: fx.deployment.id } });
    const at = (m: number) => new Date(liveAt.getTime() + m * 60_000);
    await createAlert(fx, { capturedAt: at(10), status: "CONFIRMED", outcome: "ARRESTED", decidedAfterSeconds: 30 });
    await createAlert(fx, { capturedAt: at(20), status: "REJECTED", decidedAfterSeconds: 50 });
    await createAlert(fx, { capturedAt: at(70), status: "CONFIRMED", outcome: "NO_FURTHER_ACTION", decidedAfterSeconds: 40 });
    await createAlert(fx, { capturedAt: at(95), status: "PENDING" });
    await db().$transaction((tx) =>
      recordAuditEvent(tx, {
        actor: { id: officer.id, email: officer.email, role: officer.role },
        action: "deployment.authorise",
        targetType: "deployment",
        targetId: fx.deployment.id,
        deploymentId: fx.deployment.id,
        details: { threshold: 0.6, watchlistSize: 214, expectedFalseAlertsPerHour: 0.123, evidence: evidenceIdentity() },
      }),
    );

    const dossier = (await buildDeploymentDossier(fx.deployment.id))!;
    expect(dossier.audit.checkpoint).not.toBeNull();
    expect(dossier.expectedFalseAlerts).toMatchObject({
      perHour: 0.123,
      threshold: 0.6,
      watchlistSize: 214,
      footfallPerHour: 3000,
      evidence: evidenceIdentity(),
      evidenceIsCurrent: true,
    });
    const keys = verifyKeysFromPem(
      listPublicKeys()
        .map((k) => k.publicKeyPem)
        .join(""),
    );
    expect(checkExportSignature(JSON.parse(JSON.stringify(dossier)), keys)).toMatchObject({ status: "valid" });
    expect(
      checkExportSignature({ ...JSON.parse(JSON.stringify(dossier)), authorisation: { ...dossier.authorisation, reasons: "changed" } }, keys),
    ).toMatchObject({
      status: "invalid",
      reason: 'the field "authorisation" was altered after signing',
    });

    const pdf = await renderDossierPdf(dossier);
    // DOSSIER_PDF_OUT=/tmp/dossier.pdf keeps the rendered file to look at (pdftoppm -png).
    if (process.env.DOSSIER_PDF_OUT) writeFileSync(process.env.DOSSIER_PDF_OUT, pdf);
    const text = await pdfText(pdf);
    expect(text).toContain("Superintendent Ada Okafor");
    expect(text).toContain("Authorised Saturday 28 November 2026, 09:15 GMT");
    expect(text).toContain("Common law policing powers; Data Protection Act 2018 s.35");
    expect(text).toContain("Three robberies a week at the exits");
    expect(text).toContain("Four hours, one zone");
    expect(text).toContain("Robbery hotspot around the station exits");
    expect(text).toContain("Window authorised Saturday 28 November 2026, 14:00 GMT to Saturday 28 November 2026, 18:00 GMT");
    expect(text).toContain("Duration 2 h 30 min");
    expect(text).toMatch(/Threshold authorised 0\.6\b/);
    expect(text).toMatch(/Saturday 28 November 2026, 15:10 GMT 0\.6 0\.62 Inspector Tom Reyes .* Two false alerts in the first hour/);
    expect(text).toContain("Passed Saturday 28 November 2026, 13:55 GMT");
    expect(text).toContain("214 entries");
    expect(text).toContain("a".repeat(64));
    expect(text).toMatch(/alert images 3 retention: 31 days/);
    expect(text).toContain("0.123 per hour, shown to the authorising officer before signing");
    expect(text).toMatch(/Evidence lfw-dev, measured \d+ \w+ \d{4} for model mobilefacenet/);
    expect(text.replace(/\s/g, "")).toContain(`evidenceSHA-256${evidenceIdentity().sha256};stillthemodel'sevidence.`);
    expect(text).toContain("Faces seen 8,000");
    expect(text).toContain("Alerts 4");
    expect(text).toContain("True alerts, confirmed 2");
    expect(text).toContain("False alerts, confirmed 1");
    expect(text).toContain("False alerts, unconfirmed 1");
    expect(text).toContain("False alert rate per alert 50.0% (2 of 4)");
    expect(text).toContain("False alert rate per face seen 0.0250% (0.25 per 1,000 faces)");
    expect(text).toMatch(/Arrests 1 Other action 0 No action 1/);
    expect(text).toContain("Median time to decision 40 s");
    expect(text).toContain(`event ${dossier.audit.lastEvent!.seq}`);
    expect(text).toContain(dossier.audit.lastEvent!.hash);
    expect(text.replace(/ /g, "")).toContain(dossier.audit.checkpoint!.signature);
    expect(text).toContain(`Signed checkpoint at event ${dossier.audit.checkpoint!.seq}`);
    expect(text).toContain("npm run audit:verify -- --file dossier.json --public-key key.pem");
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).not.toMatch(/lib\/|\.ts\b/);
    expect(text).not.toContain(fx.entry.subjectReference);

    const html = renderDossierHtml(dossier);
    for (const expected of [
      "Superintendent Ada Okafor",
      "Common law policing powers; Data Protection Act 2018 s.35",
      "Saturday 28 November 2026, 14:00 GMT to Saturday 28 November 2026, 18:00 GMT",
      "Inspector Tom Reyes",
      dossier.audit.lastEvent!.hash,
      `evidence SHA-256 ${evidenceIdentity().sha256}; still the model&#39;s evidence.`,
    ]) {
      expect(html).toContain(expected);
    }
    expect(html).not.toMatch(/<script/i);
  });

  it("has no dossier for a draft or an unknown deployment", async () => {
    const draft = await createOversightDeployment({ status: "DRAFT" });
    expect(await buildDeploymentDossier(draft.deployment.id)).toBeNull();
    expect(await buildDeploymentDossier("00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
