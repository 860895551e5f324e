import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountSetup } from "@/components/auth/account-setup";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ROLE_LANDING } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Finish setting up your account" };
export const dynamic = "force-dynamic";

/** The only page a set-up-only session may open. */
export default async function AccountSetupPage() {
  const user = await getCurrentUser({ allowRestricted: true });
  if (!user) redirect("/signin");
  if (!user.restriction) redirect(ROLE_LANDING[user.role]);
  return (
    <main className="centered">
      <div className="card narrow">
        <AccountSetup restriction={user.restriction} landing={ROLE_LANDING[user.role]} />
      </div>
    </main>
  );
}
