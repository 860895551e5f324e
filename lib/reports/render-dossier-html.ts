import "server-only";
import type { DeploymentDossier } from "./build-deployment-dossier";
import { describeEvidence } from "./describe-evidence";
import { humanDuration, humanSeconds, humanTime } from "./format-time";

const esc = (v: unknown) => String(v ?? "—").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const who = (p: { name: string; role: string } | null) => (p ? `${p.name} (${p.role.replace(/_/g, " ").toLowerCase()})` : "—");
const num = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-GB") : v === null || v === undefined ? "—" : String(v));

/**
 * The dossier as a plain, printable HTML document (no scripts, no styles the CSP would refuse):
 * the same sections and wording as the PDF, for reading in a browser or a screen reader.
 */
export function renderDossierHtml(d: DeploymentDossier): string {
  const t = (x: string | null) => humanTime(x, d.timeZone);
  const rows = (pairs: [string, string][]) => `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`;
  const f = d.figures;
  const falseAlerts = Number(f.falseAlertsConfirmed ?? 0) + Number(f.falseAlertsUnconfirmed ?? 0);
  const e = d.expectedFalseAlerts;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Deployment dossier ${esc(d.deployment.reference)}</title></head><body>
<h1>Live facial recognition deployment dossier</h1>
<p><strong>${esc(d.deployment.reference)}: ${esc(d.deployment.name)}</strong>. ${esc(d.deployment.location)}${d.deployment.area ? `, ${esc(d.deployment.area)}` : ""}. Generated ${esc(t(d.generatedAt))}. Times are ${esc(d.timeZone)} local time.</p>
<h2>1. The application</h2>${rows([
    ["Purpose", d.deployment.purpose],
    ["Location type", d.deployment.locationType],
    ["Why this location", d.deployment.locationRationale],
    ["Legal basis", d.deployment.legalBasis],
    ["Necessity", d.deployment.necessity],
    ["Proportionality", d.deployment.proportionality],
    ["Watchlist criteria", d.deployment.watchlistCriteria],
    ["Applicant", `${who(d.deployment.applicant)}; submitted ${t(d.deployment.submittedAt)}`],
  ])}
<h2>2. Authorisation</h2>${rows([
    ["Authorising officer", who(d.authorisation.officer)],
    ["Authorised", t(d.authorisation.at)],
    ["Reasons", d.authorisation.reasons ?? "—"],
    [
      "Expected false alerts",
      e
        ? `${e.perHour} per hour, shown before signing: threshold ${e.threshold}, ${num(e.watchlistSize)} entries, ${num(e.footfallPerHour)} faces an hour; ${e.basis}. Evidence: ${describeEvidence(e, d.timeZone)}`
        : "not estimated",
    ],
  ])}
<h2>3. Threshold</h2><p>Threshold authorised ${esc(d.initialThreshold)}.</p>
${d.thresholdHistory.length ? `<table><thead><tr><th>When</th><th>From</th><th>To</th><th>Approved by</th><th>Reason</th></tr></thead><tbody>${d.thresholdHistory.map((c) => `<tr><td>${esc(t(c.at))}</td><td>${esc(c.from)}</td><td>${esc(c.to)}</td><td>${esc(who(c.approvedBy))}</td><td>${esc(c.reason)}</td></tr>`).join("")}</tbody></table>` : "<p>The threshold was not changed.</p>"}
<h2>4. Operation</h2>${rows([
    ["Self-test", d.selfTest.passed ? `Passed ${t(d.selfTest.at)}` : "Not passed"],
    ["Window authorised", `${t(d.window.plannedStart)} to ${t(d.window.plannedEnd)}`],
    ["Duration", humanDuration(d.window.durationMinutes)],
    ["Watchlist", `${num(d.watchlist.size)} entries; snapshot SHA-256 ${d.watchlist.snapshotHash ?? "—"}`],
  ])}
<h2>5. Deletion receipts</h2>${d.deletionReceipts.length ? `<ul>${d.deletionReceipts.map((r) => `<li>${esc(t(r.at))}: ${esc(r.count)} ${esc(r.kind.replace(/_/g, " "))} (${esc(r.reason)})</li>`).join("")}</ul>` : "<p>None yet.</p>"}
<h2>6. Results</h2>${rows([
    ["Faces seen", num(f.facesSeen)],
    ["Alerts", num(f.totalAlerts)],
    ["True alerts, confirmed / unconfirmed", `${num(f.trueAlertsConfirmed)} / ${num(f.trueAlertsUnconfirmed)}`],
    ["False alerts, confirmed / unconfirmed", `${num(f.falseAlertsConfirmed)} / ${num(f.falseAlertsUnconfirmed)}`],
    [
      "False alert rate per alert",
      typeof f.falseAlertsPerAlert === "number" ? `${(f.falseAlertsPerAlert * 100).toFixed(1)}% (${falseAlerts} of ${num(f.totalAlerts)})` : "—",
    ],
    [
      "False alert rate per face seen",
      typeof f.falseAlertRate === "number" ? `${(f.falseAlertRate * 100).toFixed(4)}% (${num(f.falseAlertsPerThousandFaces)} per 1,000 faces)` : "—",
    ],
    ["Arrests / other action / no action", `${num(f.arrests)} / ${num(f.otherAction)} / ${num(f.noAction)}`],
    ["Median time to decision", humanSeconds(typeof f.medianSecondsToDecision === "number" ? f.medianSecondsToDecision : null)],
  ])}
<h2>7. Audit anchor and signature</h2>${rows([
    ["Audit anchor", d.audit.lastEvent ? `event ${d.audit.lastEvent.seq}, hash ${d.audit.lastEvent.hash}` : "—"],
    [
      "Signed checkpoint",
      d.audit.checkpoint
        ? `event ${d.audit.checkpoint.seq}, ${d.audit.checkpoint.algorithm} key ${d.audit.checkpoint.keyId}, signature ${d.audit.checkpoint.signature}`
        : "—",
    ],
    ["Dossier signature", d.signature ? `${d.signature.algorithm} key ${d.signature.keyId}: ${d.signature.value}` : "—"],
  ])}
<h2>How to verify</h2><p>${esc(d.verify)}</p>
</body></html>`;
}
