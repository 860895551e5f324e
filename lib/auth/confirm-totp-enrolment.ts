import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, unprocessable } from "@/lib/http/api-error";
import type { CurrentUser } from "./current-user";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { matchTotp } from "./totp";

/**
 * Confirms enrolment with the first code from the app: the pending secret becomes the second
 * factor, ten new recovery codes replace any old ones (only their hashes are kept; the codes
 * are returned this once), and a set-up-only session becomes a full one. Audited.
 */
export async function confirmTotpEnrolment(user: CurrentUser, input: { code: string }, requestId: string) {
  const codes = generateRecoveryCodes();
  const now = new Date();
  await db().$transaction(async (tx) => {
    const row = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
    if (!row.totpPendingSecret) throw conflict("Start enrolment first: there is no code to confirm.");
    const step = matchTotp(row.totpPendingSecret, input.code, now);
    if (step === null) throw unprocessable("That code does not match. Check the time on your phone and try the next code.", { field: "code" });
    const replaced = !!row.totpSecret;
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })) });
    await tx.userSession.updateMany({ where: { id: user.sid, restriction: "enrol_mfa" }, data: { restriction: null } });
    await recordAuditEvent(tx, {
      actor: { id: user.id, email: user.email, role: user.role },
      action: "auth.enrol_second_factor",
      targetType: "user",
      targetId: user.id,
      details: { method: "totp", replaced, recoveryCodes: codes.length },
      requestId,
    });
  }, TX_OPTIONS);
  return { recoveryCodes: codes };
}
