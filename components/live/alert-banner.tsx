"use client";
import type { AlertView } from "./contract";

/** The newest open alert, loud, until reviewed or dismissed. */
export function AlertBanner({ alert, onReview, onDismiss }: { alert: AlertView; onReview: () => void; onDismiss: () => void }) {
  return (
    <div className="banner" role="alert" data-testid="alert-banner">
      <span>
        New alert: {alert.subjectReference} at {alert.camera.name}, score {alert.similarity.toFixed(2)}
        {alert.isTest && " (self-test)"}
      </span>
      <button type="button" className="secondary" onClick={onReview}>
        Review
      </button>
      <button type="button" className="secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
