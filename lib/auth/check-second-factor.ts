import "server-only";
import type { Tx } from "@/lib/db/prisma";
import { hashRecoveryCode, looksLikeRecoveryCode } from "./recovery-codes";
import { matchTotp } from "./totp";

export type SecondFactorResult = { ok: true; method: "totp" | "recovery" } | { ok: false };

/**
 * Checks an authenticator code or a recovery code inside the caller's transaction. Each is
 * accepted once: the TOTP step must be newer than the last one accepted (a conditional update,
 * so two parallel requests with the same code cannot both win), and a recovery code is marked
 * used by the same kind of update.
 */
export async function checkSecondFactor(tx: Tx, user: { id: string; totpSecret: string | null }, code: string, now: Date): Promise<SecondFactorResult> {
  if (!user.totpSecret) return { ok: false };
  const trimmed = code.trim().replace(/\s/g, "");
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchTotp(user.totpSecret, trimmed, now);
    if (step === null) return { ok: false };
    const won = await tx.$executeRaw`
      UPDATE "User" SET "totpLastStep" = ${step}
      WHERE id = ${user.id}::uuid AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`;
    return won > 0 ? { ok: true, method: "totp" } : { ok: false };
  }
  if (!looksLikeRecoveryCode(code)) return { ok: false };
  const used = await tx.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  });
  return used.count > 0 ? { ok: true, method: "recovery" } : { ok: false };
}
