"use client";
import Link from "next/link";
import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { can } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { AddEntryForm } from "./add-entry-form";
import { EntryCard } from "./entry-card";
import { useWatchlistEntries } from "./queries";

const PAGE_SIZE = 10;

/** One watchlist's entries, a page at a time, searchable by subject reference. */
export function WatchlistEntries({ watchlistId, user }: { watchlistId: string; user: { id: string; role: Role } }) {
  const canWrite = can(user.role, "watchlists.write");
  const [page, setPage] = useState(0);
  const [search, setSearch] = useState("");
  // Paging and the add form start afresh for each watchlist: the parent keys this component by it.
  const [adding, setAdding] = useState(false);
  const entries = useWatchlistEntries(watchlistId, page, PAGE_SIZE, search);
  const pages = Math.max(1, Math.ceil((entries.data?.total ?? 0) / PAGE_SIZE));
  return (
    <section className="card stack" aria-labelledby="entries-title">
      <div className="row">
        <h2 id="entries-title">{entries.data?.watchlist.name ?? "Entries"}</h2>
        <span className="spacer" />
        {canWrite && !adding && (
          <>
            <Link className="wl-bulk-link" href={`/watchlists/bulk?watchlist=${watchlistId}`}>
              Bulk enrol…
            </Link>
            <button type="button" onClick={() => setAdding(true)}>
              Add entry
            </button>
          </>
        )}
      </div>
      {adding && <AddEntryForm watchlistId={watchlistId} onDone={() => setAdding(false)} />}
      <label>
        Find by subject reference
        <input
          type="search"
          value={search}
          maxLength={64}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
        />
      </label>
      {entries.isPending && <p aria-busy="true">Loading entries…</p>}
      {entries.isError && (
        <p role="alert" className="error">
          {errorMessage(entries.error)}
        </p>
      )}
      {entries.data && entries.data.entries.length === 0 && <p className="muted">{search ? "No entry matches." : "No entries on this watchlist yet."}</p>}
      {entries.data && entries.data.entries.length > 0 && (
        <ul className="entry-list" aria-label="Entries">
          {entries.data.entries.map((e) => (
            <EntryCard key={e.id} entry={e} user={user} />
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav className="row" aria-label="Entry pages">
          <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span className="muted">
            Page {page + 1} of {pages} ({entries.data?.total} entries)
          </span>
          <button type="button" className="secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
