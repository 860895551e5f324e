import type { Metadata } from "next";
import { AccountSecurity } from "@/components/auth/account-security";
import { loadAccountSecurity } from "@/lib/auth/load-account-security";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requirePageUser("page.account", "/account");
  return <AccountSecurity {...await loadAccountSecurity(user)} />;
}
