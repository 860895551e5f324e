/** The states every report panel shows: loading, failed (with the server's message), empty. */
export function Loading({ what }: { what: string }) {
  return (
    <p aria-busy="true" className="muted">
      Loading {what}…
    </p>
  );
}

export function Failed({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div role="alert" className="row">
      <span className="error">{error.message}</span>
      {retry && (
        <button type="button" className="secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="muted empty-state">{children}</p>;
}

export function ExportLinks({ base, params, formats }: { base: string; params?: URLSearchParams; formats: ("csv" | "json" | "pdf")[] }) {
  return (
    <span className="row export-links">
      {formats.map((f) => {
        const q = new URLSearchParams(params);
        q.set("format", f);
        return (
          <a key={f} href={`${base}?${q}`} download className="button-link">
            Export {f.toUpperCase()}
          </a>
        );
      })}
    </span>
  );
}
