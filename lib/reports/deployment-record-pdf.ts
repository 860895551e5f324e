import "server-only";
import PDFDocument from "pdfkit";
import { DEPLOYMENT_RECORD_COLUMNS, type DeploymentRecordRow } from "./deployment-record";

/** The deployment record as a PDF: one page section per deployment, every column labelled. */
export async function renderDeploymentRecordPdf(rows: DeploymentRecordRow[], generatedAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: "Vigil deployment record", Creator: "Vigil" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.fontSize(18).text("Live facial recognition: deployment record");
  doc.moveDown(0.3).fontSize(9).fillColor("#555").text(`Generated ${generatedAt.toISOString()} by Vigil. ${rows.length} deployment(s).`);
  doc.fillColor("#000");
  if (!rows.length) doc.moveDown().fontSize(11).text("No deployments have been submitted yet.");
  for (const row of rows) {
    if (doc.y > 620) doc.addPage();
    doc.moveDown().fontSize(13).text(`${row.reference}: ${row.location}`);
    doc.moveDown(0.2).fontSize(9);
    for (const [key, label] of DEPLOYMENT_RECORD_COLUMNS) {
      if (key === "reference" || key === "location") continue;
      const value = row[key];
      doc.text(`${label}: ${value === null || value === undefined ? "—" : String(value)}`, { width: 500 });
    }
  }
  doc.end();
  return done;
}
