import "server-only";
import { errorFields, requestLogger } from "@/lib/observability/logger";
import type { CurrentUser } from "@/lib/auth/current-user";
import { appendAuditEvent } from "./append-audit-event";

/** Denied requests are part of the record: who asked for what they may not have. */
export async function recordDenial(input: {
  user: CurrentUser | null;
  required: string;
  method: string;
  path: string;
  reason: "unauthenticated" | "forbidden" | "origin";
  requestId: string;
  ip: string | null;
}): Promise<void> {
  try {
    // A denial changes nothing: its record stands alone (one autocommit append).
    await appendAuditEvent({
      actor: input.user ? { id: input.user.id, email: input.user.email, role: input.user.role } : null,
      action: "access.deny",
      outcome: "denied",
      targetType: "route",
      targetId: `${input.method} ${input.path}`.slice(0, 300),
      details: { required: input.required, reason: input.reason },
      requestId: input.requestId,
      ip: input.ip,
    });
  } catch (error) {
    // The denial itself stands; failing to record it must be visible in the server log.
    requestLogger(input.requestId).error(errorFields(error), "could not audit a denial");
  }
}
