import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import type { CurrentUser } from "@/lib/auth/current-user";
import { isDatabaseUnavailable } from "@/lib/http/database-unavailable";
import { requireSignedIn } from "@/lib/auth/require-page-user";
import { navFor } from "@/lib/auth/navigation";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { mfaOptionalDemo } from "@/lib/auth/mfa-policy";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  let user: CurrentUser;
  try {
    user = await requireSignedIn("/");
  } catch (error) {
    if (isDatabaseUnavailable(error)) return <DatabaseUnavailable />;
    throw error; // redirect() to sign-in, and real bugs
  }
  return (
    <AppShell
      nav={navFor(user.role).map(({ href, label }) => ({ href, label }))}
      user={{ name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role] }}
      banner={
        mfaOptionalDemo() && !user.hasSecondFactor ? "Demo mode: a second factor is optional here (VIGIL_REQUIRE_MFA=0). A real deployment requires it." : null
      }
    >
      {children}
    </AppShell>
  );
}
