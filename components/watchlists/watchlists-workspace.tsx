"use client";
import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { can } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { CreateWatchlistForm } from "./create-watchlist-form";
import { useWatchlists } from "./queries";
import { WatchlistEntries } from "./watchlist-entries";
import "./watchlists.css";

/** Watchlists and their entries with provenance; photos are enrolled in the browser. */
export function WatchlistsWorkspace({ user }: { user: { id: string; role: Role; name: string } }) {
  const canWrite = can(user.role, "watchlists.write");
  const [chosen, setSelected] = useState<string | null>(null);
  const lists = useWatchlists();
  // Until one is chosen, the first watchlist is shown.
  const selected = chosen ?? lists.data?.watchlists[0]?.id ?? null;

  return (
    <div className="stack">
      <h1>Watchlists</h1>
      <p className="muted">
        Every entry records why the person is on the list, the legal basis, where and when the photo came from, who added it and which authorising officer
        reviewed it, and when it expires. Photos are never shown unless asked for, and every view is logged.
      </p>
      <div className="wl-grid">
        <section className="card stack" aria-labelledby="lists-title">
          <h2 id="lists-title">Lists</h2>
          {lists.isPending && <p aria-busy="true">Loading watchlists…</p>}
          {lists.isError && (
            <p role="alert" className="error">
              {errorMessage(lists.error)}
            </p>
          )}
          {lists.data?.watchlists.length === 0 && <p className="muted">No watchlists yet.</p>}
          <ul className="wl-list">
            {lists.data?.watchlists.map((w) => (
              <li key={w.id}>
                <button type="button" className="wl-item" aria-pressed={w.id === selected} onClick={() => setSelected(w.id)}>
                  <span className="wl-name">{w.name}</span>
                  <span className="muted">
                    {w.entries} entries · {w.enrolledActive} ready to deploy · {w.testSubjects} blue-list
                    {w.awaitingReview > 0 ? ` · ${w.awaitingReview} awaiting review` : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {canWrite && <CreateWatchlistForm onCreated={setSelected} />}
        </section>
        <div className="stack">
          {selected ? <WatchlistEntries key={selected} watchlistId={selected} user={user} /> : <p className="muted">Choose a watchlist.</p>}
        </div>
      </div>
    </div>
  );
}
