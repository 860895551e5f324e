import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/users-admin";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser("page.admin", "/admin");
  return <UsersAdmin currentUserId={user.id} />;
}
