import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/http/database-unavailable";

/** What a page shows instead of its content while the database cannot be reached. */
export function DatabaseUnavailable() {
  return (
    <main className="centered">
      <div className="card narrow" role="alert">
        <h1 className="brand">Vigil</h1>
        <h2>Database unavailable</h2>
        <p>
          Vigil cannot reach its database right now, so nothing can be shown or changed. Nothing you already saved is lost. If the database is restarting this
          clears by itself within moments.
        </p>
        <p className="muted">This page reloads every {DATABASE_RETRY_AFTER_SECONDS * 2} seconds.</p>
        <meta httpEquiv="refresh" content={String(DATABASE_RETRY_AFTER_SECONDS * 2)} />
        <p>
          <a href="">Try again now</a>
        </p>
      </div>
    </main>
  );
}
