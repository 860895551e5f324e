import type { Metadata } from "next";
import { NotYet } from "@/components/ui/not-yet";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Plan" };

export default async function PlanPage() {
  await requirePageUser("page.plan", "/plan");
  return <NotYet title="Planning">Zones, deployments and their authorisation are managed here.</NotYet>;
}
