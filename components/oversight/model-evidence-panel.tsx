"use client";
import { GROUP_EVIDENCE, MODEL_EVIDENCE } from "@/lib/planning/current-impostor-model";
import { evidenceAtThreshold } from "@/lib/recognition/evidence/evidence-at-threshold";
import type { Rate } from "@/lib/recognition/evidence/open-set";
import { DEFAULT_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";

const pct = (r: Rate | null) =>
  r === null || !Number.isFinite(r.rate) ? "—" : `${(r.rate * 100).toFixed(1)}% [${(r.lo * 100).toFixed(1)}–${(r.hi * 100).toFixed(1)}%]`;
const sci = (x: number) => (x === 0 ? "0" : x.toExponential(1));
const interval = (r: Rate) => `${sci(r.rate)} [${sci(r.lo)}, ${sci(r.hi)}]`;

/**
 * The model's measured accuracy (its stored evidence) at the threshold in force, shown beside the
 * live figures: what the evaluation predicts next to what the deployments produced.
 */
export function ModelEvidencePanel({ threshold, deployment }: { threshold?: number | null; deployment?: string | null }) {
  const t = typeof threshold === "number" && Number.isFinite(threshold) ? threshold : DEFAULT_MATCH_THRESHOLD;
  const e = evidenceAtThreshold(MODEL_EVIDENCE, t, {
    groupEvidence: GROUP_EVIDENCE,
  });
  return (
    <section className="model-evidence" aria-labelledby="model-evidence-title" data-testid="model-evidence">
      <h3 id="model-evidence-title">Model evidence at threshold {t.toFixed(3)}</h3>
      <p className="muted small">
        {e.model.version} (sha256 {e.model.sha256.slice(0, 12)}…), measured on {e.model.dataset} on {new Date(e.model.measuredAt).toLocaleDateString("en-GB")}.
        Threshold {deployment ? `of deployment ${deployment}` : `default (${DEFAULT_MATCH_THRESHOLD}); choose a deployment to see its own`}. Brackets: 95%
        intervals.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Evaluation</th>
            <th scope="col">Behind it</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Wanted people found (TPIR)</th>
            <td data-testid="evidence-tpir">{pct(e.tpir)}</td>
            <td>{e.tpir ? `${e.tpir.k.toLocaleString("en-GB")} of ${e.tpir.n.toLocaleString("en-GB")} searches by enrolled people` : "—"}</td>
          </tr>
          <tr>
            <th scope="row">Unknown people flagged (FPIR), {e.gallerySize.toLocaleString("en-GB")} entries</th>
            <td data-testid="evidence-fpir">{pct(e.fpir)}</td>
            <td>{e.fpir ? `${e.fpir.k.toLocaleString("en-GB")} of ${e.fpir.n.toLocaleString("en-GB")} searches by people never enrolled` : "—"}</td>
          </tr>
          <tr>
            <th scope="row">False-match rate per comparison</th>
            <td>{interval(e.fmr)}</td>
            <td>
              {e.fmr.k.toLocaleString("en-GB")} of {e.fmr.n.toLocaleString("en-GB")} pairs of different people
            </td>
          </tr>
          {e.predictedFpir.map((p) => (
            <tr key={p.watchlistSize}>
              <th scope="row">Predicted FPIR, {p.watchlistSize.toLocaleString("en-GB")} entries</th>
              <td>{(p.fpir * 100).toFixed(2)}%</td>
              <td>1 − (1 − p)^N from the rate per comparison ({(p.fpir * 1000).toFixed(1)} per 1,000 faces)</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.groups
        // LFW's ethnicity labels leave most groups with a handful of people: its sex figures are shown, balanced groups come from utk-dev.
        .filter((g) => g.dataset !== e.model.dataset || g.grouping === "sex")
        .map((g) => (
          <div key={`${g.dataset}-${g.grouping}`} data-testid={`evidence-groups-${g.dataset}-${g.grouping}`}>
            <h4>
              False-match rate by {g.grouping} ({g.dataset}, counted at {g.countedAt.toFixed(2)})
            </h4>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Group (both faces in it)</th>
                  <th scope="col">False-match rate [95%]</th>
                  <th scope="col">False matches / comparisons</th>
                </tr>
              </thead>
              <tbody>
                {g.sameGroup.map((r) => (
                  <tr key={r.group}>
                    <th scope="row">{r.group}</th>
                    <td>{interval(r.fmr)}</td>
                    <td>
                      {r.falseMatches.toLocaleString("en-GB")} / {r.comparisons.toLocaleString("en-GB")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small" data-testid="largest-ratio">
              Largest ratio between groups:{" "}
              {g.largestRatio
                ? g.largestRatio.lowIsZero
                  ? `${g.largestRatio.high} against ${g.largestRatio.low} (no false match in ${g.largestRatio.low}); ${g.largestRatio.ratio.toFixed(1)}× against the lowest non-zero group`
                  : `${g.largestRatio.high} / ${g.largestRatio.low} = ${g.largestRatio.ratio.toFixed(1)}×`
                : "no false match in any group at this threshold"}
              .
            </p>
          </div>
        ))}
      <p className="muted small">
        Group rates are counted at the highest evaluated threshold at or below {t.toFixed(3)}, so they are upper bounds. Perceived labels of the datasets,
        aggregate only; UTKFace may repeat people. The live false alert rates below are shares of alerts, not of faces searched: compare their direction, not
        their size.
      </p>
    </section>
  );
}
