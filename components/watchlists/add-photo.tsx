"use client";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { PhotoPicker } from "./photo-picker";
import { useEnrolEntryImage, type EnrolledPhoto } from "./queries";

/** Enrols another photo of an existing entry; warns of a possible duplicate before closing. */
export function AddPhoto({ entryId, onDone }: { entryId: string; onDone: () => void }) {
  const enrolImage = useEnrolEntryImage();
  const [photo, setPhoto] = useState<EnrolledPhoto | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="stack reason-form">
      <p className="muted">
        Another photo of the same person (another day, light or angle) helps them be found: an entry&apos;s photos are matched as one, the average of their
        faces, so the entry is still one comparison per face seen.
      </p>
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
              const r = await enrolImage.mutateAsync({ entryId, photo });
              if (r.duplicates.length)
                setMessage({
                  kind: "ok",
                  text: `Enrolled. Possible duplicate of ${r.duplicates.map((d) => `${d.subjectReference} (${d.score})`).join(", ")}: check before relying on this entry.`,
                });
              else onDone();
            } catch (e) {
              setMessage({ kind: "error", text: errorMessage(e) });
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
