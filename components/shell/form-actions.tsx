"use client";

/** The end of an edit form: its error (announced), a submit button that shows progress, and Cancel. */
export function FormActions({ error, pending, label, onCancel }: { error: string | null; pending: boolean; label: string; onCancel: () => void }) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : label}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
