"use client";

/** A page under the signed-in shell failed to load (most often: the database is restarting). */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h2>This page could not be loaded</h2>
      <p>If the database is unavailable or restarting, this clears by itself within moments. Nothing you saved is lost.</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
