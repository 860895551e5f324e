import { z } from "zod";
import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { db } from "@/lib/db/prisma";
import { readLiveScope } from "@/lib/live/read-live-scope";

export const dynamic = "force-dynamic";

/** The search scope in force now (LiveScope): what a station must search and a console must show. */
export const GET = withRoute({ action: "live.read", params: z.object({ id: z.string().uuid() }) }, async ({ params }) => {
  await closeExpiredDeployments();
  const scope = await readLiveScope(db(), params.id);
  if (!scope) throw notFound("Deployment");
  return scope;
});
