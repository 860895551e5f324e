"use client";
import type { ParsedManifest } from "@/lib/watchlists/parse-manifest";

/** Step 2: what the manifest check found (the first 200 problems, by line and field). */
export function BulkManifestCheck({ parsed, fatal }: { parsed: ParsedManifest & { name: string }; fatal: boolean }) {
  return (
    <section className="card stack" aria-labelledby="bulk-check">
      <h2 id="bulk-check">2. Manifest check</h2>
      <p data-testid="bulk-validation" role="status">
        {parsed.name}: {parsed.rows.length} valid row(s)
        {parsed.errors.length ? `, ${parsed.errors.length} problem(s) on ${new Set(parsed.errors.map((e) => e.line)).size} line(s)` : ", no problems"}.
        {parsed.errors.length > 0 && !fatal ? " Invalid rows are not enrolled and are listed in the report." : ""}
      </p>
      {parsed.errors.length > 0 && (
        <div className="bulk-table bulk-errors">
          <table className="table">
            <caption className="sr-only">Manifest problems</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {parsed.errors.slice(0, 200).map((e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>{e.field}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {parsed.errors.length > 200 && <p className="muted">…and {parsed.errors.length - 200} more.</p>}
        </div>
      )}
    </section>
  );
}
