import "server-only";
import QRCode from "qrcode";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { unprocessable } from "@/lib/http/api-error";
import { checkSecondFactor } from "./check-second-factor";
import type { CurrentUser } from "./current-user";
import { generateTotpSecret, totpUri } from "./totp";

/**
 * Starts (or restarts, with a current code) authenticator enrolment: a fresh secret waits, unconfirmed,
 * until the first code from the app proves it was scanned. Returns the secret, its otpauth URI and a QR code.
 */
export async function startTotpEnrolment(user: CurrentUser, input: { code?: string }) {
  const secret = generateTotpSecret();
  await db().$transaction(async (tx) => {
    const row = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
    if (row.totpSecret) {
      // Replacing a second factor needs the current one: a stolen password alone cannot do it.
      const ok = input.code ? await checkSecondFactor(tx, row, input.code, new Date()) : { ok: false };
      if (!ok.ok) throw unprocessable("Enter a current code from your authenticator (or a recovery code) to replace it.", { field: "code" });
    }
    await tx.user.update({ where: { id: user.id }, data: { totpPendingSecret: secret } });
  }, TX_OPTIONS);
  const uri = totpUri(secret, user.email);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}
