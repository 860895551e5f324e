import type { Metadata } from "next";
import { BulkEnrolment } from "@/components/watchlists/bulk-enrolment";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { can } from "@/lib/auth/permissions";
import { listWatchlists } from "@/lib/watchlists/list-watchlists";

export const metadata: Metadata = { title: "Bulk enrolment" };

export default async function BulkEnrolmentPage({ searchParams }: { searchParams: Promise<{ watchlist?: string }> }) {
  const user = await requirePageUser("page.watchlists", "/watchlists/bulk");
  const lists = await listWatchlists();
  const { watchlist } = await searchParams;
  return (
    <BulkEnrolment
      watchlists={lists.map((w) => ({ id: w.id, name: w.name, entries: w.entries }))}
      canWrite={can(user.role, "watchlists.write")}
      initialWatchlist={lists.some((w) => w.id === watchlist) ? watchlist! : null}
    />
  );
}
