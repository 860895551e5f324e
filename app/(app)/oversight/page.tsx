import type { Metadata } from "next";
import { OversightDashboard } from "@/components/oversight/oversight-dashboard";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Oversight" };

export default async function OversightPage() {
  await requirePageUser("page.oversight", "/oversight");
  return <OversightDashboard />;
}
