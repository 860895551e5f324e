"use client";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useCreateWatchlist } from "./queries";

/** A commander creates a watchlist; the page then shows it. */
export function CreateWatchlistForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const create = useCreateWatchlist({ onSuccess: (r) => onCreated(r.watchlist.id), onError: (e) => setError(errorMessage(e)) });
  return (
    <form
      className="stack"
      aria-label="New watchlist"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        const data = new FormData(e.currentTarget);
        create.mutate({ name: data.get("name"), description: data.get("description") }, { onSuccess: () => (e.target as HTMLFormElement).reset() });
      }}
    >
      <h3>New watchlist</h3>
      <label>
        Name
        <input name="name" required minLength={3} maxLength={120} />
      </label>
      <label>
        Description
        <textarea name="description" maxLength={2000} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        Create watchlist
      </button>
    </form>
  );
}
