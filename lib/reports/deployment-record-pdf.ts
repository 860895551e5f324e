import "server-only";
import PDFDocument from "pdfkit";
import { DEPLOYMENT_RECORD_COLUMNS, type DeploymentRecordRow } from "./deployment-record";

const DEFINITIONS = [
  "True alert (confirmed): an operator confirmed the match. False alert (confirmed): an operator rejected it.",
  "Unconfirmed alerts (not yet decided) count as true when a first operator confirmed the match or an outcome was recorded, otherwise as false.",
  "False alert rate: false alerts (confirmed and unconfirmed) divided by the faces seen. Self-test (blue-list) alerts are counted apart.",
  "Arrests, other action and no action are the outcomes officers recorded (arrested; engaged; no further action or not located).",
  "Faces seen are counts only: Vigil never stores images or templates of faces that match nobody.",
];

/** The deployment record as a PDF: a labelled two-column block per deployment, then the definitions. */
export async function renderDeploymentRecordPdf(rows: DeploymentRecordRow[], generatedAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: "Vigil deployment record", Creator: "Vigil" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = doc.page.margins.left;
  doc.font("Helvetica-Bold").fontSize(18).text("Live facial recognition: deployment record");
  doc.moveDown(0.3).font("Helvetica").fontSize(9).fillColor("#555").text(`Generated ${generatedAt.toISOString()} by Vigil. ${rows.length} deployment(s).`);
  doc.fillColor("#000");
  if (!rows.length) doc.moveDown().fontSize(11).text("No deployments have been submitted yet.");
  for (const row of rows) {
    if (doc.y > 560) doc.addPage();
    doc.moveDown().font("Helvetica-Bold").fontSize(13).text(`${row.reference}: ${row.location}`, left);
    doc.moveDown(0.3).fontSize(9);
    for (const [key, label] of DEPLOYMENT_RECORD_COLUMNS) {
      if (key === "reference" || key === "location") continue;
      const value = row[key];
      const y = doc.y;
      doc.font("Helvetica").fillColor("#444").text(label, left, y, { width: 220 });
      const labelBottom = doc.y;
      doc
        .font("Helvetica")
        .fillColor("#000")
        .text(value === null || value === undefined ? "—" : String(value), left + 230, y, { width: 265 });
      doc.y = Math.max(labelBottom, doc.y) + 1;
    }
  }
  if (doc.y > 640) doc.addPage();
  doc.moveDown(1.5).font("Helvetica-Bold").fontSize(11).fillColor("#000").text("Definitions", left);
  doc.font("Helvetica").fontSize(9);
  for (const line of DEFINITIONS) doc.moveDown(0.3).text(line, left, doc.y, { width: 500 });
  doc.end();
  return done;
}
