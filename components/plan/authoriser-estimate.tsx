"use client";
import { errorMessage } from "@/lib/client/api";
import { FalseAlertsEstimate } from "./false-alerts-estimate";
import { useWatchlistSummaries, type DeploymentDetail } from "./queries";

/**
 * What the authorising officer weighs before signing: the expected false alerts per hour for the
 * threshold, the watchlist that authorisation would freeze (reviewed, unexpired, enrolled entries
 * of the chosen watchlists) and the stated footfall. The same figure is recorded with the decision.
 */
export function AuthoriserEstimate({ deployment: d }: { deployment: DeploymentDetail }) {
  const watchlists = useWatchlistSummaries();
  const chosen = new Set(d.watchlists.map((w) => w.watchlist.id));
  const size = (watchlists.data?.watchlists ?? []).filter((w) => chosen.has(w.id)).reduce((n, w) => n + w.enrolledActive, 0);
  return (
    <section className="card" aria-label="Expected false alerts for this authorisation" data-testid="authoriser-estimate">
      {watchlists.isPending ? (
        <p aria-busy="true" className="muted">
          Loading the watchlist size…
        </p>
      ) : watchlists.isError ? (
        <p role="alert" className="error">
          {errorMessage(watchlists.error)}
        </p>
      ) : (
        <>
          <p className="muted">
            You are authorising threshold {d.threshold.toFixed(2)} against {size.toLocaleString("en-GB")} watchlist entries
            {d.expectedFootfallPerHour ? ` and about ${d.expectedFootfallPerHour.toLocaleString("en-GB")} faces an hour` : ""}. This estimate is recorded with
            your decision.
          </p>
          <FalseAlertsEstimate threshold={d.threshold} watchlistSize={size} footfallPerHour={d.expectedFootfallPerHour} />
        </>
      )}
    </section>
  );
}
