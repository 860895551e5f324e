import type { Metadata } from "next";
import { NotYet } from "@/components/ui/not-yet";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Live" };

export default async function LivePage() {
  await requirePageUser("page.live", "/live");
  return (
    <NotYet title="Live operations">
      Camera tiles, the alert feed and adjudication appear here once a deployment is live.
    </NotYet>
  );
}
