import "server-only";
import { db } from "@/lib/db/prisma";
import type { CurrentUser } from "./current-user";
import type { AccountSecurityView } from "./account-schemas";
import { mfaRequiredFor } from "./mfa-policy";

export async function loadAccountSecurity(user: CurrentUser): Promise<AccountSecurityView> {
  const row = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: { email: true, totpSecret: true, totpEnabledAt: true, oidcSubject: true },
  });
  const recoveryCodesLeft = await db().recoveryCode.count({ where: { userId: user.id, usedAt: null } });
  return {
    email: row.email,
    hasSecondFactor: !!row.totpSecret,
    enabledAt: row.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft,
    required: mfaRequiredFor(user.role),
    sso: !!row.oidcSubject,
  };
}
