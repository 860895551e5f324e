import { z } from "zod";
import { NextResponse } from "next/server";
import { recordAccess } from "@/lib/audit/record-access";
import { notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { buildDeploymentDossier } from "@/lib/reports/build-deployment-dossier";
import { renderDossierHtml } from "@/lib/reports/render-dossier-html";
import { renderDossierPdf } from "@/lib/reports/render-dossier-pdf";

/** One deployment's dossier: a signed JSON document, its PDF, or plain HTML. Downloading it is an audited export. */
export const GET = withRoute(
  {
    action: "reports.read",
    params: z.object({ id: z.string().uuid() }),
    query: z.object({ format: z.enum(["pdf", "json", "html"]).default("pdf") }),
  },
  async ({ params, query, user, requestId }) => {
    const dossier = await buildDeploymentDossier(params.id);
    if (!dossier) throw notFound("Deployment");
    await recordAccess({
      user,
      kind: "export",
      targetType: "report",
      targetId: "deployment-dossier",
      deploymentId: params.id,
      details: { format: query.format },
      requestId,
    });
    const name = `dossier-${dossier.deployment.reference}`;
    if (query.format === "json") {
      return NextResponse.json(dossier, { headers: { "content-disposition": `attachment; filename="${name}.json"`, "cache-control": "no-store" } });
    }
    if (query.format === "html") {
      return new Response(renderDossierHtml(dossier), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
    }
    const pdf = await renderDossierPdf(dossier);
    return new Response(new Uint8Array(pdf), {
      headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${name}.pdf"`, "cache-control": "no-store" },
    });
  },
);
