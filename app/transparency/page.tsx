import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { buildTransparencyRecord, TRANSPARENCY_COLUMNS } from "@/lib/reports/build-transparency-record";
import "./transparency.css";

export const metadata: Metadata = { title: "Live facial recognition: public record" };
export const dynamic = "force-dynamic";

const cell = (v: string | number | null) => (v === null ? "—" : typeof v === "number" ? v.toLocaleString("en-GB") : v);

/**
 * The public record (no sign-in; off unless VIGIL_TRANSPARENCY=1): every closed deployment's
 * publishable columns, a yearly summary, and the CSV. Never a watchlist subject or an image.
 */
export default async function TransparencyPage() {
  if (env().VIGIL_TRANSPARENCY !== "1") notFound();
  const { rows, years } = await buildTransparencyRecord();
  return (
    <main className="transparency">
      <header>
        <h1>Live facial recognition: public record</h1>
        <p className="muted">
          Every deployment of live facial recognition, published automatically when it closes: where and when, for how long and why, the watchlist size and
          threshold, the faces the cameras saw, the alerts and what came of them. A true alert is one an officer confirmed; a false alert one an officer
          rejected; alerts never decided count as unconfirmed. No image, and nothing about anyone on a watchlist, is ever published. Signatures on Vigil&apos;s
          records can be checked with the public keys at <a href="/api/audit/keys">/api/audit/keys</a>.
        </p>
        <p>
          <a className="button-link" href="/api/transparency?format=csv" download>
            Download CSV
          </a>
        </p>
      </header>

      <section aria-labelledby="years-title">
        <h2 id="years-title">Yearly summary</h2>
        {years.length === 0 ? (
          <p className="muted">No deployment has closed yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col">Deployments</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Faces seen</th>
                  <th scope="col">Alerts</th>
                  <th scope="col">True alerts</th>
                  <th scope="col">False alerts</th>
                  <th scope="col">False alerts per 1,000 faces</th>
                  <th scope="col">Arrests</th>
                  <th scope="col">Other action</th>
                  <th scope="col">No action</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year}>
                    <th scope="row">{y.year}</th>
                    <td>{cell(y.deployments)}</td>
                    <td>{cell(y.hours)}</td>
                    <td>{cell(y.facesSeen)}</td>
                    <td>{cell(y.alerts)}</td>
                    <td>{cell(y.trueAlerts)}</td>
                    <td>{cell(y.falseAlerts)}</td>
                    <td>{cell(y.falseAlertsPerThousandFaces)}</td>
                    <td>{cell(y.arrests)}</td>
                    <td>{cell(y.otherAction)}</td>
                    <td>{cell(y.noAction)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="deployments-title">
        <h2 id="deployments-title">Deployments</h2>
        {rows.length === 0 ? (
          <p className="muted">No deployment has closed yet.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Deployments">
            <table className="table" data-testid="transparency-table">
              <thead>
                <tr>
                  {TRANSPARENCY_COLUMNS.map(([key, label]) => (
                    <th key={key} scope="col">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={String(r.reference)} data-reference={String(r.reference)}>
                    {TRANSPARENCY_COLUMNS.map(([key]) =>
                      key === "reference" ? (
                        <th key={key} scope="row">
                          {cell(r[key])}
                        </th>
                      ) : (
                        <td key={key} data-column={key}>
                          {cell(r[key])}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
