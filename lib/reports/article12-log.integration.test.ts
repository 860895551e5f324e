import { describe, expect, it } from "vitest";
import { checkDetachedSignature, checkExportSignature, signDetached } from "@/lib/audit/export-signature";
import { listPublicKeys, loadSigningKey, verifyKeysFromPem } from "@/lib/audit/signing-key";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createAlert, createOversightDeployment } from "@/lib/testing/oversight-fixtures";
import { toCsv } from "./csv";
import { ARTICLE12_CSV_HEADERS, article12CsvRows, buildArticle12Log } from "./build-article12-log";

describe("EU AI Act Article 12 log", () => {
  it("periods of use, the reference database, each match's input hash and both verifiers, signed", async () => {
    const fx = await createOversightDeployment({ status: "CLOSED", requireSecondConfirmation: true });
    const first = await createTestUser("OPERATOR");
    const second = await createTestUser("OPERATOR");
    const liveAt = new Date("2026-11-28T14:00:00Z");
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { liveAt, closedAt: new Date("2026-11-28T16:00:00Z") } });
    await db().watchlistSnapshot.create({
      data: { deploymentId: fx.deployment.id, entryCount: 12, contentHash: "c".repeat(64), modelId: "m", modelVersion: "v" },
    });
    const confirmed = await createAlert(fx, { status: "CONFIRMED", decidedAfterSeconds: 30 });
    await db().adjudication.createMany({
      data: [
        { alertId: confirmed.id, userId: first.id, decision: "CONFIRM" },
        { alertId: confirmed.id, userId: second.id, decision: "CONFIRM" },
      ],
    });
    const removed = await createAlert(fx, { status: "REJECTED" });
    await db().alert.update({ where: { id: removed.id }, data: { probeJpeg: null } });

    const log = (await buildArticle12Log(fx.deployment.id))!;
    expect(log.periods).toEqual([{ start: liveAt.toISOString(), end: "2026-11-28T16:00:00.000Z", how: "deployment record" }]);
    expect(log.referenceDatabase).toMatchObject({ snapshotSha256: "c".repeat(64), entries: 12 });
    const m = log.matches.find((x) => x.alertId === confirmed.id)!;
    expect(m.probeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.verifiedBy.map((v) => v.email)).toEqual([first.email, second.email]);
    expect(log.matches.find((x) => x.alertId === removed.id)).toMatchObject({ probeSha256: null, probeRemoved: true });
    expect(JSON.stringify(log)).not.toContain(fx.entry.subjectReference);

    const keys = verifyKeysFromPem(
      listPublicKeys()
        .map((k) => k.publicKeyPem)
        .join(""),
    );
    const parsed = JSON.parse(JSON.stringify(log));
    expect(checkExportSignature(parsed, keys)).toMatchObject({ status: "valid" });
    parsed.matches[1].similarity = 0.99;
    expect(checkExportSignature(parsed, keys)).toMatchObject({ status: "invalid", reason: 'record 2 of "matches" was altered after signing' });

    const csv = toCsv(ARTICLE12_CSV_HEADERS, article12CsvRows(log));
    expect(csv).toContain(`CONFIRM by Test OPERATOR <${first.email}>`);
    const sig = signDetached(csv, loadSigningKey());
    expect(checkDetachedSignature(csv, sig, keys)).toMatchObject({ status: "valid" });
    expect(checkDetachedSignature(csv.replace("CONFIRM", "CONFIRN"), sig, keys)).toMatchObject({
      status: "invalid",
      reason: expect.stringMatching(/bytes differ/),
    });
  });
});
