import type { Metadata } from "next";
import { LiveConsole } from "@/components/live/live-console";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Live" };

export default async function LivePage() {
  await requirePageUser("page.live", "/live");
  return <LiveConsole />;
}
