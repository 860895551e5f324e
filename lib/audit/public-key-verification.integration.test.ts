import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { auditCli } from "@/lib/testing/audit-cli";
import { planAuditExport, streamAuditExport } from "@/lib/reports/audit-export";
import { resetEnvCache } from "@/lib/env";
import { checkpointMessage, signCheckpoint } from "./checkpoint-signature";
import { recordAuditEvent } from "./record-audit-event";
import { sequenceAuditEvents } from "./sequence-audit-events";
import { listPublicKeys } from "./signing-key";
import { verifyAuditTrail } from "./verify-audit-trail";
import { sequencedRow } from "./verify-chain";
import { writeCheckpoint } from "./write-checkpoint";

async function exportText(from: Date) {
  return new Response(streamAuditExport(await planAuditExport({ from }), "json")).text();
}

describe("public-key verification of a real export", () => {
  it("verifies offline with only the public key; one altered byte, in an event or a checkpoint, fails naming what broke", async () => {
    const user = await createTestUser("PRIVACY_OFFICER");
    const from = new Date();
    for (let i = 0; i < 30; i++) await db().$transaction((tx) => recordAuditEvent(tx, { actor: user, action: "test.pubkey", details: { i } }));
    const checkpoint = await writeCheckpoint();
    expect(checkpoint).toMatchObject({ algorithm: "Ed25519" });
    const text = await exportText(from);
    const dir = await mkdtemp(path.join(os.tmpdir(), "vigil-pubkey-"));
    const keyFile = path.join(dir, "key.pem");
    await writeFile(
      keyFile,
      listPublicKeys()
        .map((k) => k.publicKeyPem)
        .join(""),
    );
    const file = path.join(dir, "export.json");
    const url = process.env.DATABASE_URL!;
    // No database and no secret: DATABASE_URL and the signing key are not needed for --file.
    const verify = () => auditCli("postgres://nobody@127.0.0.1:1/none", ["--file", file, "--public-key", keyFile]);

    await writeFile(file, text);
    const intact = await verify();
    expect(intact.out).toMatch(/audit export intact: 30 events .*export signed by ed25519-/);
    expect(intact.code).toBe(0);

    const data = JSON.parse(text);
    const event = data.events[17];
    const eventAt = text.indexOf(`"details":{"i":17}`);
    await writeFile(file, text.slice(0, eventAt) + `"details":{"i":18}` + text.slice(eventAt + `"details":{"i":17}`.length));
    expect(await verify()).toMatchObject({ code: 1, out: expect.stringContaining(`BROKEN at event ${event.seq}: event ${event.seq} was altered`) });

    const sigAt = text.indexOf(checkpoint!.signature);
    const flipped = checkpoint!.signature[0] === "a" ? "b" : "a";
    await writeFile(file, text.slice(0, sigAt) + flipped + text.slice(sigAt + 1));
    expect(await verify()).toMatchObject({ code: 1, out: expect.stringContaining(`checkpoint at event ${checkpoint!.seq} has an invalid Ed25519 signature`) });

    const genAt = text.indexOf(data.generatedAt);
    await writeFile(file, text.slice(0, genAt) + "1999" + text.slice(genAt + 4));
    expect(await verify()).toMatchObject({ code: 1, out: expect.stringContaining('the field "generatedAt" was altered after signing') });
    expect(url).toBeTruthy();
  });

  it("checkpoints signed with the legacy HMAC key stay verifiable next to Ed25519 ones", async () => {
    const secret = "legacy-secret-".padEnd(40, "x");
    process.env.AUDIT_SIGNING_KEY = secret;
    process.env.AUDIT_SIGNING_KEY_ID = "legacy-1";
    resetEnvCache();
    try {
      const user = await createTestUser("PRIVACY_OFFICER");
      await db().$transaction((tx) => recordAuditEvent(tx, { actor: user, action: "test.legacy" }));
      await sequenceAuditEvents();
      const head = sequencedRow((await db().auditEvent.findFirst({ where: { seq: { not: null } }, orderBy: { seq: "desc" } }))!);
      const createdAt = new Date();
      const signature = signCheckpoint(checkpointMessage({ seq: head.seq, hash: head.hash, createdAt, keyId: "legacy-1" }), Buffer.from(secret));
      const legacy = await db().auditCheckpoint.create({
        data: { seq: head.seq, hash: head.hash, keyId: "legacy-1", algorithm: "HMAC-SHA256", signature, createdAt },
      });
      await db().$transaction((tx) => recordAuditEvent(tx, { actor: user, action: "test.after-legacy" }));
      await writeCheckpoint();
      const report = await verifyAuditTrail();
      expect(report.chain.ok).toBe(true);
      expect(report.checkpoints.problems).toEqual([]);

      // A forged HMAC checkpoint is still caught.
      await db().auditCheckpoint.create({
        data: { seq: legacy.seq, hash: legacy.hash, keyId: "legacy-1", algorithm: "HMAC-SHA256", signature: "0".repeat(64), createdAt: new Date() },
      });
      expect((await verifyAuditTrail()).checkpoints.problems.join()).toMatch(new RegExp(`checkpoint at event ${legacy.seq} has an invalid HMAC signature`));
      await db().$executeRaw`DELETE FROM "AuditCheckpoint" WHERE signature = ${"0".repeat(64)}`;
    } finally {
      delete process.env.AUDIT_SIGNING_KEY;
      delete process.env.AUDIT_SIGNING_KEY_ID;
      resetEnvCache();
    }
  });
});
