import type { Metadata } from "next";
import { PlanWorkspace } from "@/components/plan/plan-workspace";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Plan" };

export default async function PlanPage() {
  const user = await requirePageUser("page.plan", "/plan");
  return <PlanWorkspace user={{ id: user.id, name: user.name, role: user.role }} />;
}
