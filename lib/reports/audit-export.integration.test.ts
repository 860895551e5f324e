import { describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { loadVerifyKeys } from "@/lib/audit/signing-key";
import { verifyExportFile } from "@/lib/audit/verify-export";
import { writeCheckpoint } from "@/lib/audit/write-checkpoint";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { planAuditExport, streamAuditExport, type AuditExportFilter } from "./audit-export";

async function exported(filter: AuditExportFilter, format: "json" | "csv" = "json") {
  const text = await new Response(streamAuditExport(await planAuditExport(filter), format)).text();
  return format === "json" ? JSON.parse(text) : text;
}

describe("audit export", () => {
  it("streams a time slice that verifies offline from its anchor, with the checkpoints in range and the latest one", async () => {
    const user = await createTestUser("PRIVACY_OFFICER");
    const from = new Date();
    for (let i = 0; i < 1203; i++) {
      await db().$transaction((tx) =>
        recordAuditEvent(tx, { actor: user, action: i % 2 ? "test.export.a" : "test.export.b", details: { i, text: 'comma, "quote"\nline' } }),
      );
      if (i === 600) await writeCheckpoint();
    }
    await writeCheckpoint();
    const to = new Date();
    const data = await exported({ from, to });
    expect(data.verifiable).toBe(true);
    expect(data.count).toBe(1203);
    expect(data.events).toHaveLength(1203);
    expect(data.truncated).toBe(false);
    expect(BigInt(data.anchor.seq)).toBe(BigInt(data.events[0].seq) - 1n);
    expect(data.checkpoints.length).toBeGreaterThanOrEqual(2);
    expect(data.latestCheckpoint.seq).toBe(data.events.at(-1).seq);
    const verdict = verifyExportFile(data, loadVerifyKeys());
    expect(verdict).toMatchObject({ ok: true });

    data.events[700].details = { i: -1 };
    expect(verifyExportFile(data, loadVerifyKeys())).toMatchObject({ ok: false, badSeq: data.events[700].seq });
  });

  it("filters by actor e-mail, action and time, saying such an export cannot be chain-verified", async () => {
    const user = await createTestUser("PRIVACY_OFFICER");
    const other = await createTestUser("OPERATOR");
    for (const actor of [user, other, user]) await db().$transaction((tx) => recordAuditEvent(tx, { actor, action: "test.filter" }));
    const data = await exported({ actorEmail: user.email.toUpperCase(), action: "test.filter" });
    expect(data.verifiable).toBe(false);
    expect(data.events.map((e: { actorEmail: string }) => e.actorEmail)).toEqual([user.email, user.email]);
    expect(verifyExportFile(data, null)).toMatchObject({ ok: true });
    expect((await exported({ from: new Date(Date.now() + 60_000) })).events).toEqual([]);
  });

  it("writes RFC 4180 CSV, one record per event", async () => {
    const user = await createTestUser("PRIVACY_OFFICER");
    await db().$transaction((tx) => recordAuditEvent(tx, { actor: user, action: "test.csv", details: { note: "=cmd|' /C calc'!A0" } }));
    const csv: string = await exported({ actorId: user.id }, "csv");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("seq,occurredAt,actorId,actorEmail,actorRole,action,outcome,targetType,targetId,deploymentId,details,requestId,ip,prevHash,hash");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"{""note"":""=cmd|\' /C calc\'!A0""}"');
    expect(lines[2]).toBe("");
  });
});
