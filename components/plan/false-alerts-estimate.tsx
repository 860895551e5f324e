"use client";
import { IMPOSTOR_DISTRIBUTION, IMPOSTOR_TAIL, MODEL_EVIDENCE } from "@/lib/planning/current-impostor-model";
import { expectedFalseAlerts, MIN_EXCEEDANCES } from "@/lib/planning/expected-false-alerts";
import { assessThreshold, DEFAULT_FALSE_ALERTS_PER_1000, thresholdEvidence } from "@/lib/planning/threshold-evidence";
import { every, rate } from "./format";

const COMPARE = [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7];

/**
 * The cost of a threshold before it is chosen: expected false alerts per hour for this
 * threshold, watchlist size and footfall, from the current model's measured impostor scores.
 */
export function FalseAlertsEstimate({
  threshold,
  watchlistSize,
  footfallPerHour,
  onUseThreshold,
}: {
  threshold: number;
  watchlistSize: number;
  footfallPerHour: number | null;
  /** Called with the evidence-based default when the planner chooses to use it. */
  onUseThreshold?: (t: number) => void;
}) {
  const valid = Number.isFinite(threshold) && threshold > 0 && threshold < 1;
  const ev = thresholdEvidence(MODEL_EVIDENCE, { watchlistSize, footfallPerHour, threshold: valid ? threshold : null });
  const rec = ev.recommended;
  const recommendation = (
    <section className="estimate" aria-labelledby="evidence-title" data-testid="threshold-evidence">
      <h3 id="evidence-title">Threshold from evidence for {watchlistSize.toLocaleString("en-GB")} entries</h3>
      <p>
        <strong data-testid="recommended-threshold">{rec.threshold.toFixed(3)}</strong>: {rec.falseAlertsPer1000Faces.toFixed(2)} expected false alerts per
        1,000 faces (target ≤ {DEFAULT_FALSE_ALERTS_PER_1000}
        {rec.falseAlertsPerHour !== null ? `; ${rate(rec.falseAlertsPerHour)} at this footfall` : ""}), at an expected TPIR of{" "}
        <strong data-testid="recommended-tpir">{rec.tpir === null ? "unknown" : `${(rec.tpir * 100).toFixed(1)}%`}</strong> (
        {rec.tpirSearches.toLocaleString("en-GB")} mated searches).{" "}
        {onUseThreshold && Math.abs(rec.threshold - threshold) > 1e-9 ? (
          <button type="button" className="btn small" onClick={() => onUseThreshold(rec.threshold)}>
            Use {rec.threshold.toFixed(3)}
          </button>
        ) : null}
      </p>
      <p className="muted">
        Evidence: {ev.model.version} on {ev.model.dataset}, {ev.model.comparisons.toLocaleString("en-GB")} impostor comparisons,{" "}
        {ev.model.nonMatedSearches.toLocaleString("en-GB")} non-mated searches, measured {new Date(ev.model.measuredAt).toLocaleDateString("en-GB")}.{" "}
        {rec.source === "fitted" ? "At this rate p(t) comes from the fitted tail beyond the last 10 measured exceedances." : ""}
      </p>
      {ev.differentials.filter((d) => d.ratio !== null && d.highest && d.lowest).length > 0 ? (
        <ul className="muted" data-testid="group-differentials">
          {ev.differentials
            .filter((d) => d.ratio !== null && d.highest && d.lowest && d.grouping === "sex")
            .map((d) => (
              <li key={d.grouping}>
                Same-{d.grouping} false-match rate at {d.threshold}: {d.highest!.group} {d.highest!.fmr.toExponential(1)} vs {d.lowest!.group}{" "}
                {d.lowest!.fmr.toExponential(1)} ({d.ratio!.toFixed(1)}×).
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
  if (!valid)
    return (
      <>
        {recommendation}
        <p className="muted">Enter a threshold to see its expected false alerts.</p>
      </>
    );
  if (!footfallPerHour)
    return (
      <>
        {recommendation}
        <p className="muted">Enter the expected footfall (faces per hour) to see the expected false alerts.</p>
      </>
    );
  const e = expectedFalseAlerts(IMPOSTOR_TAIL, threshold, watchlistSize, footfallPerHour);
  const tpirHere = assessThreshold(MODEL_EVIDENCE, threshold, watchlistSize).tpir;
  return (
    <>
      {recommendation}
      <section className="estimate" aria-labelledby="estimate-title" aria-live="polite">
        <h3 id="estimate-title">Expected false alerts at threshold {threshold.toFixed(2)}</h3>
        <p className="estimate-figure">
          <strong data-testid="false-alerts-per-hour">{rate(e.perHour)}</strong> <span className="muted">({every(e.minutesBetween)})</span>
        </p>
        <p className="muted">
          {footfallPerHour.toLocaleString("en-GB")} faces an hour × P(a face falsely matches one of {watchlistSize} entries) ={" "}
          {footfallPerHour.toLocaleString("en-GB")} × {e.pFace.toExponential(2)}; per comparison p(t) = {e.pComparison.toExponential(2)}.
        </p>
        <p className={e.source === "fitted" ? "warn" : "muted"}>
          {e.source === "empirical"
            ? `Measured: ${e.exceedances} of ${e.sampleSize} impostor comparisons scored at or above this threshold.`
            : `Extrapolated: fewer than ${MIN_EXCEEDANCES} of the ${e.sampleSize.toLocaleString("en-GB")} measured impostor comparisons reach this threshold (${e.exceedances} do), so p(t) comes from an exponential (extreme-value) tail fitted to the highest scores, not from counting.`}{" "}
          Expected TPIR at this threshold: {tpirHere === null ? "unknown" : `${(tpirHere * 100).toFixed(1)}%`}. Model {IMPOSTOR_DISTRIBUTION.modelVersion},
          measured {new Date(IMPOSTOR_DISTRIBUTION.measuredAt).toLocaleDateString("en-GB")} ({IMPOSTOR_DISTRIBUTION.source}): news photos, not street cameras.
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
    </>
  );
}
