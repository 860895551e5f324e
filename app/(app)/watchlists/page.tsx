import type { Metadata } from "next";
import { WatchlistsWorkspace } from "@/components/watchlists/watchlists-workspace";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Watchlists" };

export default async function WatchlistsPage() {
  const user = await requirePageUser("page.watchlists", "/watchlists");
  return <WatchlistsWorkspace user={{ id: user.id, name: user.name, role: user.role }} />;
}
