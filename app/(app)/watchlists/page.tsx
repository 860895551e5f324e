import type { Metadata } from "next";
import { NotYet } from "@/components/ui/not-yet";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Watchlists" };

export default async function WatchlistsPage() {
  await requirePageUser("page.watchlists", "/watchlists");
  return <NotYet title="Watchlists">Authorised watchlists, their entries and provenance are managed here.</NotYet>;
}
