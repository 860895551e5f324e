"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { Role } from "@/lib/auth/roles";
import { api } from "@/lib/client/api";
import { REASON_CATEGORIES, REASON_LABELS } from "@/lib/watchlists/watchlist-schemas";
import { useEnrolment, type EnrolOutcome } from "./use-enrolment";
import type { WatchlistSummary } from "@/components/plan/queries";
import "./watchlists.css";

interface Entry {
  id: string;
  subjectReference: string;
  displayName: string | null;
  reasonCategory: (typeof REASON_CATEGORIES)[number];
  offence: string | null;
  legalBasis: string;
  imageSource: string;
  imageTakenAt: string | null;
  addedById: string;
  addedByName: string | null;
  reviewedById: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  expiresAt: string;
  expired: boolean;
  isTestSubject: boolean;
  sex: string | null;
  ethnicity: string | null;
  createdAt: string;
  images: { id: string; detectorScore: number; createdAt: string }[];
  possibleDuplicates: { entryId: string; subjectReference: string }[];
}
interface EntriesPage {
  watchlist: { id: string; name: string; description: string };
  total: number;
  page: number;
  pageSize: number;
  entries: Entry[];
}

const PAGE_SIZE = 10;
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("en-GB", { dateStyle: "medium" }) : "—");

/** Watchlists and their entries with provenance; photos are enrolled in the browser. */
export function WatchlistsWorkspace({ user }: { user: { id: string; role: Role; name: string } }) {
  const canWrite = user.role === "COMMANDER";
  const [chosen, setSelected] = useState<string | null>(null);
  const lists = useQuery({ queryKey: ["watchlists"], queryFn: () => api<{ watchlists: WatchlistSummary[] }>("/api/watchlists") });
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
              {lists.error.message}
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
          {canWrite && <CreateWatchlist onCreated={setSelected} />}
        </section>
        <div className="stack">
          {selected ? <Entries key={selected} watchlistId={selected} user={user} canWrite={canWrite} /> : <p className="muted">Choose a watchlist.</p>}
        </div>
      </div>
    </div>
  );
}

function CreateWatchlist({ onCreated }: { onCreated: (id: string) => void }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<{ watchlist: { id: string } }>("/api/watchlists", { method: "POST", json: body }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ["watchlists"] });
      onCreated(r.watchlist.id);
    },
    onError: (e: Error) => setError(e.message),
  });
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

function Entries({ watchlistId, user, canWrite }: { watchlistId: string; user: { id: string; role: Role }; canWrite: boolean }) {
  const [page, setPage] = useState(0);
  const [search, setSearch] = useState("");
  // Paging and the add form start afresh for each watchlist: the parent keys this component by it.
  const [adding, setAdding] = useState(false);
  const entries = useQuery({
    queryKey: ["watchlist-entries", watchlistId, page, search],
    queryFn: () =>
      api<EntriesPage>(
        `/api/watchlists/${watchlistId}/entries?${new URLSearchParams({ page: String(page + 1), pageSize: String(PAGE_SIZE), ...(search ? { q: search } : {}) })}`,
      ),
    placeholderData: (prev) => prev,
  });
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
      {adding && <AddEntry watchlistId={watchlistId} onDone={() => setAdding(false)} />}
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
          {entries.error.message}
        </p>
      )}
      {entries.data && entries.data.entries.length === 0 && <p className="muted">{search ? "No entry matches." : "No entries on this watchlist yet."}</p>}
      {entries.data && entries.data.entries.length > 0 && (
        <ul className="entry-list" aria-label="Entries">
          {entries.data.entries.map((e) => (
            <EntryCard key={e.id} entry={e} user={user} canWrite={canWrite} />
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

function EntryCard({ entry: e, user, canWrite }: { entry: Entry; user: { id: string; role: Role }; canWrite: boolean }) {
  const qc = useQueryClient();
  const [showPhoto, setShowPhoto] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [addingPhoto, setAddingPhoto] = useState(false);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ["watchlist-entries"] }), qc.invalidateQueries({ queryKey: ["watchlists"] })]);
  const review = useMutation({
    mutationFn: () => api(`/api/watchlists/entries/${e.id}/review`, { method: "POST", json: { approve: true } }),
    onSuccess: refresh,
    onError: (err: Error) => setError(err.message),
  });
  const remove = useMutation({
    mutationFn: (reason: string) => api(`/api/watchlists/entries/${e.id}/remove`, { method: "POST", json: { reason } }),
    onSuccess: refresh,
    onError: (err: Error) => setError(err.message),
  });
  const canReview = user.role === "AUTHORISING_OFFICER" && !e.reviewedAt && e.addedById !== user.id;
  return (
    <li className="entry" data-testid={`entry-${e.subjectReference}`}>
      <div className="entry-photo">
        {e.images.length === 0 ? (
          <span className="muted">No photo enrolled</span>
        ) : showPhoto ? (
          <img src={`/api/watchlists/entries/${e.id}/image`} alt={`Enrolled face of ${e.subjectReference}`} width={112} height={112} />
        ) : (
          <button type="button" className="secondary" onClick={() => setShowPhoto(true)}>
            Show photo (logged)
          </button>
        )}
      </div>
      <div className="entry-body">
        <div className="row">
          <strong>{e.subjectReference}</strong>
          {e.displayName && <span>{e.displayName}</span>}
          {e.isTestSubject && <span className="badge live">blue list (self-test)</span>}
          {e.expired && <span className="badge danger">expired</span>}
          {e.reviewedAt ? <span className="badge">reviewed</span> : <span className="badge warn">awaiting review</span>}
          {e.possibleDuplicates.length > 0 && (
            <span className="badge danger">possible duplicate of {e.possibleDuplicates.map((d) => d.subjectReference).join(", ")}</span>
          )}
        </div>
        <dl className="provenance">
          <dt>Reason</dt>
          <dd>
            {REASON_LABELS[e.reasonCategory]}
            {e.offence ? ` — ${e.offence}` : ""}
          </dd>
          <dt>Legal basis</dt>
          <dd>{e.legalBasis}</dd>
          <dt>Image</dt>
          <dd>
            {e.imageSource}, taken {day(e.imageTakenAt)}; {e.images.length} enrolled
          </dd>
          <dt>Added</dt>
          <dd>
            by {e.addedByName ?? "—"} on {day(e.createdAt)}
          </dd>
          <dt>Reviewed</dt>
          <dd>{e.reviewedAt ? `by ${e.reviewedByName ?? "—"} on ${day(e.reviewedAt)}` : "not yet (an authorising officer other than the adder)"}</dd>
          <dt>Expires</dt>
          <dd>{day(e.expiresAt)}</dd>
          {(e.sex || e.ethnicity) && (
            <>
              <dt>Equality monitoring</dt>
              <dd>{[e.sex, e.ethnicity].filter(Boolean).join(", ")} (never used in matching)</dd>
            </>
          )}
        </dl>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="row-actions">
          {canReview && (
            <button type="button" className="ok" disabled={review.isPending} onClick={() => review.mutate()}>
              Mark reviewed
            </button>
          )}
          {canWrite && !addingPhoto && (
            <button type="button" className="secondary" onClick={() => setAddingPhoto(true)}>
              Add photo
            </button>
          )}
          {canWrite && (
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => {
                const reason = window.prompt(`Why is ${e.subjectReference} being taken off the watchlist? (recorded)`);
                if (reason && reason.trim().length >= 5) remove.mutate(reason.trim());
              }}
            >
              Remove
            </button>
          )}
        </div>
        {addingPhoto && <AddPhoto entryId={e.id} onDone={() => (setAddingPhoto(false), void refresh())} />}
      </div>
    </li>
  );
}

/** Choose a photo, enrol it in the browser, show the aligned face, then send it. */
function PhotoPicker({ onEnrolled, disabled }: { onEnrolled: (o: Extract<EnrolOutcome, { ok: true }> | null) => void; disabled?: boolean }) {
  const { enrol, status, detail } = useEnrolment();
  const [result, setResult] = useState<EnrolOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="stack photo-picker">
      <label>
        Photo (enrolled in your browser; only the aligned face and its embedding are sent)
        <input
          type="file"
          name="photo"
          accept="image/jpeg,image/png,image/webp"
          disabled={disabled || busy}
          onChange={async (ev) => {
            const file = ev.target.files?.[0];
            setResult(null);
            onEnrolled(null);
            if (!file) return;
            setBusy(true);
            const r = await enrol(file);
            setBusy(false);
            setResult(r);
            onEnrolled(r.ok ? r : null);
          }}
        />
      </label>
      {(busy || status === "loading") && (
        <p role="status" aria-busy="true">
          {status === "loading" ? detail : "Finding the face…"}
        </p>
      )}
      {result && !result.ok && (
        <p role="alert" className="error">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <div className="row" role="status" data-testid="enrol-ok">
          <img src={result.previewUrl} alt="The aligned face that will be enrolled" width={112} height={112} />
          <span className="ok">
            One face found (detector score {result.detectorScore.toFixed(2)}, {Math.round(result.faceSize)} px): ready to enrol.
          </span>
        </div>
      )}
    </div>
  );
}

async function postImage(entryId: string, o: Extract<EnrolOutcome, { ok: true }>) {
  return api<{ duplicates: { subjectReference: string; score: number }[] }>(`/api/watchlists/entries/${entryId}/images`, {
    method: "POST",
    json: { embedding: o.embedding, modelId: o.modelId, modelVersion: o.modelVersion, detectorScore: o.detectorScore, faceJpeg: o.faceJpeg },
  });
}

function AddPhoto({ entryId, onDone }: { entryId: string; onDone: () => void }) {
  const [photo, setPhoto] = useState<Extract<EnrolOutcome, { ok: true }> | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="stack reason-form">
      <PhotoPicker onEnrolled={setPhoto} />
      {message && <p className={message.kind === "error" ? "error" : "warn"}>{message.text}</p>}
      <div className="row">
        <button
          type="button"
          disabled={!photo || busy}
          onClick={async () => {
            if (!photo) return;
            setBusy(true);
            try {
              const r = await postImage(entryId, photo);
              if (r.duplicates.length)
                setMessage({
                  kind: "ok",
                  text: `Enrolled. Possible duplicate of ${r.duplicates.map((d) => `${d.subjectReference} (${d.score})`).join(", ")}: check before relying on this entry.`,
                });
              else onDone();
            } catch (e) {
              setMessage({ kind: "error", text: (e as Error).message });
            } finally {
              setBusy(false);
            }
          }}
        >
          Enrol photo
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Close
        </button>
      </div>
    </div>
  );
}

function AddEntry({ watchlistId, onDone }: { watchlistId: string; onDone: () => void }) {
  const qc = useQueryClient();
  const [photo, setPhoto] = useState<Extract<EnrolOutcome, { ok: true }> | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error" | "warn"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [defaultExpiry] = useState(() => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    if (!photo) {
      setMessage({ kind: "error", text: "Choose a photo with one clear face first." });
      return;
    }
    const data = new FormData(event.currentTarget);
    const str = (k: string) => String(data.get(k) ?? "").trim();
    const taken = str("imageTakenAt");
    setBusy(true);
    try {
      const { entry } = await api<{ entry: { id: string } }>(`/api/watchlists/${watchlistId}/entries`, {
        method: "POST",
        json: {
          subjectReference: str("subjectReference"),
          displayName: str("displayName"),
          reasonCategory: str("reasonCategory"),
          offence: str("offence"),
          legalBasis: str("legalBasis"),
          imageSource: str("imageSource"),
          ...(taken ? { imageTakenAt: new Date(`${taken}T12:00:00Z`).toISOString() } : {}),
          expiresAt: new Date(`${str("expiresAt")}T23:59:00Z`).toISOString(),
          isTestSubject: data.get("isTestSubject") === "on",
          sex: str("sex"),
          ethnicity: str("ethnicity"),
        },
      });
      try {
        const r = await postImage(entry.id, photo);
        await Promise.all([qc.invalidateQueries({ queryKey: ["watchlist-entries"] }), qc.invalidateQueries({ queryKey: ["watchlists"] })]);
        if (r.duplicates.length)
          setMessage({
            kind: "warn",
            text: `Entry added. Possible duplicate of ${r.duplicates.map((d) => `${d.subjectReference} (similarity ${d.score})`).join(", ")}: check before it is reviewed.`,
          });
        else onDone();
      } catch (e) {
        await qc.invalidateQueries({ queryKey: ["watchlist-entries"] });
        setMessage({ kind: "error", text: `The entry was added but its photo was refused: ${(e as Error).message} Use Add photo on the entry to try again.` });
      }
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" aria-label="Add entry" onSubmit={submit}>
      <h3>Add entry</h3>
      <PhotoPicker onEnrolled={setPhoto} disabled={busy} />
      <div className="grid-form">
        <label>
          Subject reference
          <input name="subjectReference" required minLength={2} maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9 _./\-]*" placeholder="WL-0042" />
        </label>
        <label>
          Name (optional)
          <input name="displayName" maxLength={120} />
        </label>
        <label>
          Reason
          <select name="reasonCategory" defaultValue="WANTED_BY_COURTS">
            {REASON_CATEGORIES.map((r) => (
              <option key={r} value={r}>
                {REASON_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Offence (optional)
          <input name="offence" maxLength={200} />
        </label>
      </div>
      <label>
        Legal basis
        <input name="legalBasis" required minLength={3} maxLength={500} placeholder="e.g. arrest warrant issued by … on …" />
      </label>
      <div className="grid-form">
        <label>
          Where the image came from
          <input name="imageSource" required minLength={2} maxLength={200} placeholder="e.g. custody image, ref …" />
        </label>
        <label>
          When it was taken
          <input type="date" name="imageTakenAt" />
        </label>
        <label>
          Expires
          <input type="date" name="expiresAt" required defaultValue={defaultExpiry} />
        </label>
      </div>
      <label className="inline">
        <input type="checkbox" name="isTestSubject" /> Blue list: a staff volunteer for the pre-deployment self-test
      </label>
      <fieldset className="grid-form">
        <legend>Equality monitoring (optional; never used in matching)</legend>
        <label>
          Sex
          <input name="sex" maxLength={40} />
        </label>
        <label>
          Ethnicity
          <input name="ethnicity" maxLength={80} />
        </label>
      </fieldset>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind}>
          {message.text}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy || !photo}>
          {busy ? "Adding…" : "Add entry and enrol photo"}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {message?.kind === "warn" ? "Done" : "Cancel"}
        </button>
      </div>
    </form>
  );
}
