"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import { REASON_CATEGORIES, REASON_LABELS } from "@/lib/watchlists/watchlist-schemas";
import { PhotoPicker } from "./photo-picker";
import { useCreateEntry, useEnrolEntryImage, useRefreshWatchlists, type EnrolledPhoto } from "./queries";

/** A new person on the watchlist: provenance, then the photo enrolled in this browser. */
export function AddEntryForm({ watchlistId, onDone }: { watchlistId: string; onDone: () => void }) {
  const createEntry = useCreateEntry(watchlistId);
  const enrolImage = useEnrolEntryImage();
  const refresh = useRefreshWatchlists();
  const [photo, setPhoto] = useState<EnrolledPhoto | null>(null);
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
      const { entry } = await createEntry.mutateAsync({
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
      });
      try {
        const r = await enrolImage.mutateAsync({ entryId: entry.id, photo });
        await refresh();
        if (r.duplicates.length)
          setMessage({
            kind: "warn",
            text: `Entry added. Possible duplicate of ${r.duplicates.map((d) => `${d.subjectReference} (similarity ${d.score})`).join(", ")}: check before it is reviewed.`,
          });
        else onDone();
      } catch (e) {
        await refresh();
        setMessage({ kind: "error", text: `The entry was added but its photo was refused: ${errorMessage(e)} Use Add photo on the entry to try again.` });
      }
    } catch (e) {
      setMessage({ kind: "error", text: errorMessage(e) });
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
