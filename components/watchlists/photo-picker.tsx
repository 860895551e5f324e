"use client";
import { useEffect, useState } from "react";
import type { EnrolledPhoto } from "./queries";
import { useEnrolment, type EnrolOutcome } from "./use-enrolment";

/**
 * Choose a photo, enrol it in the browser, show the aligned face, then send it. The models start
 * loading when the picker opens, while the user looks for the photo, not after it is chosen.
 */
export function PhotoPicker({ onEnrolled, disabled }: { onEnrolled: (o: EnrolledPhoto | null) => void; disabled?: boolean }) {
  const { enrol, status, detail, warmUp } = useEnrolment();
  useEffect(() => {
    // A failure is shown below, and choosing a photo tries again.
    if (!disabled) warmUp().catch(() => undefined);
  }, [disabled, warmUp]);
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
      {status === "failed" && !busy && !result && (
        <p role="alert" className="error">
          {detail}
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
