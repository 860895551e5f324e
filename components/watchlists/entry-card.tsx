"use client";
import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { can } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { REASON_LABELS } from "@/lib/watchlists/watchlist-schemas";
import { AddPhoto } from "./add-photo";
import { useRefreshWatchlists, useRemoveEntry, useReviewEntry, type EntryView } from "./queries";

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("en-GB", { dateStyle: "medium" }) : "—");

/** One person on the watchlist: provenance, review state, the photo on request (logged), and the actions the user may take. */
export function EntryCard({ entry: e, user }: { entry: EntryView; user: { id: string; role: Role } }) {
  const canWrite = can(user.role, "watchlists.write");
  const [showPhoto, setShowPhoto] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [addingPhoto, setAddingPhoto] = useState(false);
  const refresh = useRefreshWatchlists();
  const onError = (err: Error) => setError(errorMessage(err));
  const review = useReviewEntry(e.id, { onError });
  const remove = useRemoveEntry(e.id, { onError });
  const canReview = can(user.role, "watchlists.review") && !e.reviewedAt && e.addedById !== user.id;
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
