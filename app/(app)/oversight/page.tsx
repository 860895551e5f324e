import type { Metadata } from "next";
import { NotYet } from "@/components/ui/not-yet";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Oversight" };

export default async function OversightPage() {
  await requirePageUser("page.oversight", "/oversight");
  return <NotYet title="Oversight">The audit trail, retention receipts and deployment reports appear here.</NotYet>;
}
