import type { Metadata } from "next";
import { LiveConsole } from "@/components/live/live-console";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Live" };

export default async function LivePage({ searchParams }: { searchParams: Promise<{ deployment?: string }> }) {
  const user = await requirePageUser("page.live", "/live");
  const { deployment } = await searchParams;
  const id = deployment && /^[0-9a-f-]{36}$/i.test(deployment) ? deployment : null;
  return <LiveConsole initialDeploymentId={id} viewer={{ id: user.id, role: user.role }} />;
}
