import type { VerifyResponse } from "@/lib/audit/audit-schemas";
import { toWire } from "@/lib/http/wire";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { verifyAuditTrail } from "@/lib/audit/verify-audit-trail";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute({ action: "audit.verify" }, async ({ user, requestId }) => {
  const report = await verifyAuditTrail();
  const chain = report.chain.ok
    ? { ok: true as const, events: report.chain.events, lastSeq: report.chain.lastSeq?.toString() ?? null }
    : { ok: false as const, events: report.chain.events, badSeq: report.chain.badSeq.toString(), reason: report.chain.reason };
  await appendAuditEvent({
    actor: user,
    action: "audit.verify",
    outcome: chain.ok && !report.checkpoints.problems.length ? "ok" : "failed",
    details: { ...chain, anchor: report.anchor, checkpointProblems: report.checkpoints.problems.length },
    requestId,
  });
  return toWire({ chain, anchor: report.anchor, checkpoints: report.checkpoints, ms: report.ms }) satisfies VerifyResponse;
});
