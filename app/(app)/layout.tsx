import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireSignedIn } from "@/lib/auth/require-page-user";
import { navFor } from "@/lib/auth/navigation";
import { ROLE_LABELS } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireSignedIn("/");
  return (
    <AppShell
      nav={navFor(user.role).map(({ href, label }) => ({ href, label }))}
      user={{ name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role] }}
    >
      {children}
    </AppShell>
  );
}
