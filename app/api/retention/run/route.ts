import { toWire } from "@/lib/http/wire";
import type { RetentionRunResponse } from "@/lib/reports/report-schemas";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { writeCheckpoint } from "@/lib/audit/write-checkpoint";
import { withRoute } from "@/lib/http/with-route";
import { runRetention } from "@/lib/retention/run-retention";

/** Runs the retention job now (it also runs on a schedule); each deletion is audited with its receipt. */
export const POST = withRoute({ action: "retention.run" }, async ({ user, requestId }) => {
  const result = await runRetention();
  // Each deletion committed with its receipt and record inside runRetention; this summary changes nothing.
  await appendAuditEvent({
    actor: user,
    action: "retention.run",
    targetType: "retention_run",
    targetId: result.runId,
    details: { asOf: result.asOf, receipts: result.receipts.length, deleted: result.receipts.reduce((n, r) => n + r.count, 0) },
    requestId,
  });
  await writeCheckpoint();
  return toWire(result) satisfies RetentionRunResponse;
});
