import "server-only";
import PDFDocument from "pdfkit";
import type { DeploymentDossier } from "./build-deployment-dossier";
import { describeEvidence } from "./describe-evidence";
import { humanDuration, humanSeconds, humanTime } from "./format-time";

type Doc = InstanceType<typeof PDFDocument>;

const INK = "#111111";
const MUTED = "#555555";
const RULE = "#cccccc";
const TRUE_COLOUR = "#2f6f4f";
const FALSE_COLOUR = "#b4432f";

const who = (p: { name: string; role: string } | null) => (p ? `${p.name} (${p.role.replace(/_/g, " ").toLowerCase()})` : "—");
const num = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("en-GB") : String(v));
const pct = (v: unknown, digits = 2) => (typeof v === "number" ? `${(v * 100).toFixed(digits)}%` : "—");

/**
 * The deployment dossier as a PDF a lawyer can read: headed sections in plain language, times in
 * the force's time zone, the figures with their definitions, two charts, and the audit anchor and
 * signature with the steps to verify them.
 */
export async function renderDossierPdf(d: DeploymentDossier): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    bufferPages: true,
    info: { Title: `Deployment dossier ${d.deployment.reference}`, Creator: "Vigil", Subject: "Live facial recognition deployment dossier" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const tz = d.timeZone;
  const t = (x: string | null) => humanTime(x, tz);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  const ensure = (space: number) => {
    if (doc.y + space > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).fillColor(INK).text(text, left, doc.y, { width });
    const y = doc.y + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + 6;
  };
  const field = (label: string, value: string) => {
    ensure(28);
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(9).fillColor(MUTED).text(label, left, y, { width: 150 });
    const labelBottom = doc.y;
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(INK)
      .text(value || "—", left + 160, y, { width: width - 160 });
    doc.y = Math.max(labelBottom, doc.y) + 4;
  };
  /** Hashes and signatures: monospace, 64 characters a line, so a reader can compare them digit by digit. */
  const code = (label: string, value: string) => {
    ensure(28);
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(9).fillColor(MUTED).text(label, left, y, { width: 150 });
    const labelBottom = doc.y;
    const lines = value.match(/.{1,64}/g) ?? ["—"];
    doc
      .font("Courier")
      .fontSize(8)
      .fillColor(INK)
      .text(lines.join("\n"), left + 160, y + 1, { width: width - 160, lineBreak: false });
    doc.y = Math.max(labelBottom, doc.y) + 4;
  };
  const para = (text: string, opts: { muted?: boolean; size?: number } = {}) => {
    ensure(24);
    doc
      .font("Helvetica")
      .fontSize(opts.size ?? 9)
      .fillColor(opts.muted ? MUTED : INK)
      .text(text, left, doc.y, { width });
    doc.moveDown(0.3);
  };
  const table = (headers: string[], rows: string[][], widths: number[]) => {
    const drawRow = (cells: string[], bold: boolean) => {
      ensure(20);
      const y = doc.y;
      let x = left;
      let bottom = y;
      cells.forEach((c, i) => {
        doc
          .font(bold ? "Helvetica-Bold" : "Helvetica")
          .fontSize(8.5)
          .fillColor(bold ? MUTED : INK)
          .text(c, x, y, { width: widths[i] - 6 });
        bottom = Math.max(bottom, doc.y);
        x += widths[i];
      });
      doc
        .moveTo(left, bottom + 2)
        .lineTo(left + width, bottom + 2)
        .lineWidth(0.3)
        .strokeColor(RULE)
        .stroke();
      doc.y = bottom + 5;
    };
    drawRow(headers, true);
    for (const r of rows) drawRow(r, false);
  };

  // Title block
  doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text("Live facial recognition deployment dossier", left, doc.y, { width });
  doc.moveDown(0.2).font("Helvetica-Bold").fontSize(14).text(`${d.deployment.reference}: ${d.deployment.name}`, { width });
  doc
    .moveDown(0.3)
    .font("Helvetica")
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `${d.deployment.location}${d.deployment.area ? `, ${d.deployment.area}` : ""}. Status: ${d.deployment.status.toLowerCase()}. Generated ${t(d.generatedAt)}. All times are ${tz} local time.`,
      { width },
    );

  heading("1. The application");
  field("Purpose", d.deployment.purpose);
  field("Location", `${d.deployment.location}${d.deployment.area ? ` (${d.deployment.area})` : ""}`);
  field("Location type", d.deployment.locationType);
  field("Why this location", d.deployment.locationRationale);
  field("Legal basis", d.deployment.legalBasis);
  field("Necessity", d.deployment.necessity);
  field("Proportionality", d.deployment.proportionality);
  field("Watchlist criteria", d.deployment.watchlistCriteria);
  field("Expected footfall", d.deployment.expectedFootfallPerHour === null ? "not stated" : `${num(d.deployment.expectedFootfallPerHour)} faces an hour`);
  field("Applicant", `${who(d.deployment.applicant)}; submitted ${t(d.deployment.submittedAt)}`);
  field(
    "Safeguards",
    `${d.deployment.requireSecondConfirmation ? "Two officers must confirm each alert" : "One officer confirms each alert"}; alerts must be decided within ${d.deployment.adjudicationSlaMinutes} minutes. Model ${d.deployment.model}.`,
  );

  heading("2. Authorisation");
  if (d.authorisation.at) {
    field("Authorising officer", who(d.authorisation.officer));
    field("Authorised", t(d.authorisation.at));
    field("Reasons", d.authorisation.reasons ?? "—");
    field(
      "Application version",
      `${num(d.authorisation.applicationVersion)}${d.authorisation.applicationDigest ? `; digest ${d.authorisation.applicationDigest}` : ""}`,
    );
  } else if (d.authorisation.refusedAt) {
    field("Refused by", who(d.authorisation.officer));
    field("Refused", t(d.authorisation.refusedAt));
    field("Reasons", d.authorisation.refusalReasons ?? "—");
  } else para("Not authorised.", { muted: true });
  if (d.expectedFalseAlerts) {
    const e = d.expectedFalseAlerts;
    field(
      "Expected false alerts",
      `${e.perHour.toLocaleString("en-GB", { maximumSignificantDigits: 3 })} per hour, shown to the authorising officer before signing: threshold ${e.threshold}, ${num(e.watchlistSize)} watchlist entries, ${num(e.footfallPerHour)} faces an hour; ${e.basis}. Method: ${e.model}.`,
    );
    field("Evidence", describeEvidence(e, d.timeZone));
  } else field("Expected false alerts", "not estimated (no expected footfall in the application)");

  heading("3. Threshold");
  field("Threshold authorised", String(d.initialThreshold));
  if (d.thresholdHistory.length) {
    table(
      ["When", "From", "To", "Approved by", "Reason"],
      d.thresholdHistory.map((c) => [t(c.at), String(c.from), String(c.to), who(c.approvedBy), c.reason]),
      [130, 40, 40, 120, width - 330],
    );
  } else para("The threshold was not changed.", { muted: true });

  heading("4. Operation");
  field("Self-test", d.selfTest.passed ? `Passed ${t(d.selfTest.at)}` : "Not passed");
  field("Window authorised", `${t(d.window.plannedStart)} to ${t(d.window.plannedEnd)}`);
  field(
    "Live",
    `${d.window.liveAt ? t(d.window.liveAt) : "never went live"}${d.window.closedAt ? ` until ${t(d.window.closedAt)}` : d.window.cancelledAt ? `; cancelled ${t(d.window.cancelledAt)}` : ""}`,
  );
  field("Duration", humanDuration(d.window.durationMinutes));
  field("Signage", d.window.signageConfirmedAt ? `Confirmed ${t(d.window.signageConfirmedAt)} by ${who(d.window.signageConfirmedBy)}` : "Not confirmed");
  field("Closure report", d.window.closureReport ?? "—");
  field(
    "Watchlist",
    `${num(d.watchlist.size)} entries frozen ${t(d.watchlist.frozenAt)}${d.watchlist.watchlists.length ? ` from ${d.watchlist.watchlists.join(", ")}` : ""}`,
  );
  code("Snapshot hash", d.watchlist.snapshotHash ?? "—");
  field("Snapshot destroyed", d.watchlist.destroyedAt ? t(d.watchlist.destroyedAt) : "not yet");

  heading("5. Deletion receipts");
  if (d.deletionReceipts.length) {
    table(
      ["When", "What", "Count", "Reason"],
      d.deletionReceipts.map((r) => [t(r.at), r.kind.replace(/_/g, " "), num(r.count), r.reason]),
      [130, 110, 45, width - 285],
    );
  } else para("No data of this deployment has been deleted yet.", { muted: true });

  heading("6. Results");
  const f = d.figures;
  const falseAlerts = Number(f.falseAlertsConfirmed ?? 0) + Number(f.falseAlertsUnconfirmed ?? 0);
  table(
    ["Measure", "Figure"],
    [
      ["Faces seen", num(f.facesSeen)],
      ["Alerts", num(f.totalAlerts)],
      ["True alerts, confirmed", num(f.trueAlertsConfirmed)],
      ["True alerts, unconfirmed", num(f.trueAlertsUnconfirmed)],
      ["False alerts, confirmed", num(f.falseAlertsConfirmed)],
      ["False alerts, unconfirmed", num(f.falseAlertsUnconfirmed)],
      ["False alert rate per alert", f.falseAlertsPerAlert === null ? "—" : `${pct(f.falseAlertsPerAlert, 1)} (${falseAlerts} of ${num(f.totalAlerts)})`],
      [
        "False alert rate per face seen",
        f.falseAlertRate === null ? "—" : `${pct(f.falseAlertRate, 4)} (${num(f.falseAlertsPerThousandFaces)} per 1,000 faces)`,
      ],
      ["Arrests", num(f.arrests)],
      ["Other action", num(f.otherAction)],
      ["No action", num(f.noAction)],
      ["Median time to decision", humanSeconds(f.medianSecondsToDecision === null ? null : Number(f.medianSecondsToDecision))],
      ["Test alerts (counted apart)", num(f.testAlerts)],
    ],
    [220, width - 220],
  );
  para(
    "Definitions: a true alert (confirmed) is one an officer confirmed; a false alert (confirmed) one an officer rejected. Undecided alerts count as true when a first officer confirmed or an outcome was recorded, otherwise as false. The false alert rate per face seen is false alerts divided by faces seen, as the Metropolitan Police publishes it. Faces seen are counts only: no image or template of a face that matches nobody is kept.",
    { muted: true, size: 8 },
  );

  heading("7. Charts");
  drawOutcomeChart(doc, left, width, f);
  drawHourlyChart(doc, left, width, d, tz);

  heading("8. Audit anchor and signature");
  field("Audit events", `${num(d.audit.events)} event${d.audit.events === 1 ? "" : "s"} about this deployment in the hash-chained audit trail`);
  if (d.audit.lastEvent) {
    field("Audit anchor", `event ${d.audit.lastEvent.seq}, the last about this deployment, recorded ${t(d.audit.lastEvent.at)}`);
    code("Anchor hash", d.audit.lastEvent.hash);
  } else field("Audit anchor", "—");
  if (d.audit.checkpoint) {
    field(
      "Signed checkpoint",
      `at event ${d.audit.checkpoint.seq}, signed ${t(d.audit.checkpoint.createdAt)} with ${d.audit.checkpoint.algorithm} key ${d.audit.checkpoint.keyId}`,
    );
    code("Checkpoint hash", d.audit.checkpoint.hash);
    code("Checkpoint signature", d.audit.checkpoint.signature);
  }
  if (d.signature) {
    field("Dossier signed with", `${d.signature.algorithm} key ${d.signature.keyId}`);
    code("Dossier signature", d.signature.value);
  }
  heading("How to verify");
  para("1. Fetch the public key, with no sign-in: GET /api/audit/keys?format=pem (it is also inside every export). No secret is needed to verify.");
  para(
    `2. Download this dossier as JSON (GET /api/oversight/deployments/${d.deployment.id}/dossier?format=json) and run: npm run audit:verify -- --file dossier.json --public-key key.pem. Any changed field is named.`,
  );
  para(
    `3. Download the audit export (GET /api/audit/export?format=json) and run the same command on it: the chain must pass through event ${d.audit.lastEvent?.seq ?? "—"} with the hash above, and the signed checkpoint must verify with the public key.`,
  );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`${d.deployment.reference}  ·  page ${i + 1} of ${range.count}  ·  Vigil deployment dossier`, left, doc.page.height - 30, {
        width,
        align: "center",
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function drawOutcomeChart(doc: Doc, left: number, width: number, f: DeploymentDossier["figures"]) {
  const bars: [string, number, string][] = [
    ["True, confirmed", Number(f.trueAlertsConfirmed ?? 0), TRUE_COLOUR],
    ["True, unconfirmed", Number(f.trueAlertsUnconfirmed ?? 0), "#7fae93"],
    ["False, confirmed", Number(f.falseAlertsConfirmed ?? 0), FALSE_COLOUR],
    ["False, unconfirmed", Number(f.falseAlertsUnconfirmed ?? 0), "#dd9a8c"],
    ["Arrests", Number(f.arrests ?? 0), "#34495e"],
    ["Other action", Number(f.otherAction ?? 0), "#5d7285"],
    ["No action", Number(f.noAction ?? 0), "#9aa8b5"],
  ];
  const max = Math.max(1, ...bars.map((b) => b[1]));
  if (doc.y + 150 > doc.page.height - 70) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(9.5).fillColor(INK).text("Alerts by result and outcome", left, doc.y);
  doc.moveDown(0.3);
  const barArea = width - 150;
  for (const [label, value, colour] of bars) {
    const y = doc.y;
    doc.font("Helvetica").fontSize(8.5).fillColor(INK).text(label, left, y, { width: 110 });
    const w = (value / max) * (barArea - 40);
    if (w > 0) doc.rect(left + 115, y, w, 9).fill(colour);
    doc.fillColor(INK).text(String(value), left + 120 + w, y, { width: 40 });
    doc.y = y + 14;
  }
  doc.moveDown(0.6);
}

function drawHourlyChart(doc: Doc, left: number, width: number, d: DeploymentDossier, tz: string) {
  const hours = d.charts.alertsPerHour;
  if (doc.y + 170 > doc.page.height - 70) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(9.5).fillColor(INK).text("Alerts per hour (true above, false stacked on top)", left, doc.y);
  doc.moveDown(0.3);
  if (!hours.length) {
    doc.font("Helvetica").fontSize(9).fillColor(MUTED).text("No alerts.", left, doc.y);
    doc.moveDown(0.5);
    return;
  }
  const top = doc.y;
  const h = 110;
  const max = Math.max(1, ...hours.map((x) => x.trueAlerts + x.falseAlerts));
  const slot = Math.min(40, (width - 30) / hours.length);
  doc
    .moveTo(left + 25, top)
    .lineTo(left + 25, top + h)
    .lineTo(left + 25 + slot * hours.length, top + h)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc
    .font("Helvetica")
    .fontSize(7)
    .fillColor(MUTED)
    .text(String(max), left, top - 3, { width: 20, align: "right" })
    .text("0", left, top + h - 6, { width: 20, align: "right" });
  const hourLabel = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit" });
  hours.forEach((x, i) => {
    const x0 = left + 28 + i * slot;
    const tH = (x.trueAlerts / max) * h;
    const fH = (x.falseAlerts / max) * h;
    if (tH > 0) doc.rect(x0, top + h - tH, slot - 6, tH).fill(TRUE_COLOUR);
    if (fH > 0) doc.rect(x0, top + h - tH - fH, slot - 6, fH).fill(FALSE_COLOUR);
    if (hours.length <= 16 || i % Math.ceil(hours.length / 16) === 0)
      doc
        .font("Helvetica")
        .fontSize(6.5)
        .fillColor(MUTED)
        .text(hourLabel.format(new Date(x.hour)), x0 - 4, top + h + 3, { width: slot + 4 });
  });
  doc.y = top + h + 16;
  doc.x = left;
  doc.font("Helvetica").fontSize(8).fillColor(MUTED).text(`Green: true alerts. Red: false alerts. Hours in ${tz}.`, left, doc.y, { width });
  doc.moveDown(0.5);
}
