"use client";
import { IMPOSTOR_DISTRIBUTION, IMPOSTOR_TAIL } from "@/lib/planning/current-impostor-model";
import { expectedFalseAlerts, MIN_EXCEEDANCES, TAIL_FRACTION } from "@/lib/planning/expected-false-alerts";
import { every, rate } from "./format";

const COMPARE = [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];

/**
 * The cost of a threshold before it is chosen: expected false alerts per hour for this
 * threshold, watchlist size and footfall, from the current model's measured impostor scores.
 */
export function FalseAlertsEstimate({ threshold, watchlistSize, footfallPerHour }: { threshold: number; watchlistSize: number; footfallPerHour: number | null }) {
  const valid = Number.isFinite(threshold) && threshold > 0 && threshold < 1;
  if (!valid) return <p className="muted">Enter a threshold to see its expected false alerts.</p>;
  if (!footfallPerHour) return <p className="muted">Enter the expected footfall (faces per hour) to see the expected false alerts.</p>;
  const e = expectedFalseAlerts(IMPOSTOR_TAIL, threshold, watchlistSize, footfallPerHour);
  return (
    <section className="estimate" aria-labelledby="estimate-title" aria-live="polite">
      <h3 id="estimate-title">Expected false alerts at threshold {threshold.toFixed(2)}</h3>
      <p className="estimate-figure">
        <strong data-testid="false-alerts-per-hour">{rate(e.perHour)}</strong> <span className="muted">({every(e.minutesBetween)})</span>
      </p>
      <p className="muted">
        {footfallPerHour.toLocaleString("en-GB")} faces an hour × P(a face falsely matches one of {watchlistSize} entries) = {footfallPerHour.toLocaleString("en-GB")} × {e.pFace.toExponential(2)}; per comparison p(t) ={" "}
        {e.pComparison.toExponential(2)}.
      </p>
      <p className={e.source === "fitted" ? "warn" : "muted"}>
        {e.source === "empirical"
          ? `Measured: ${e.exceedances} of ${e.sampleSize} impostor comparisons scored at or above this threshold.`
          : `Extrapolated: fewer than ${MIN_EXCEEDANCES} of the ${e.sampleSize} measured impostor comparisons reach this threshold (${e.exceedances} do), so p(t) comes from an exponential (extreme-value) tail fitted to the top ${Math.round(TAIL_FRACTION * 100)}% of the scores, not from counting.`}{" "}
        Model {IMPOSTOR_DISTRIBUTION.modelVersion}, measured {new Date(IMPOSTOR_DISTRIBUTION.measuredAt).toLocaleDateString("en-GB")} on a small set of test photos; treat it as an order of magnitude.
      </p>
      <table className="table compact">
        <caption className="muted">The same watchlist and footfall at other thresholds</caption>
        <thead>
          <tr>
            <th scope="col">Threshold</th>
            <th scope="col">False alerts</th>
            <th scope="col">Basis</th>
          </tr>
        </thead>
        <tbody>
          {COMPARE.map((t) => {
            const x = expectedFalseAlerts(IMPOSTOR_TAIL, t, watchlistSize, footfallPerHour);
            return (
              <tr key={t} aria-current={Math.abs(t - threshold) < 1e-9 ? "true" : undefined}>
                <td>{t.toFixed(2)}</td>
                <td>{rate(x.perHour)}</td>
                <td>{x.source === "empirical" ? "measured" : "fitted tail"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
