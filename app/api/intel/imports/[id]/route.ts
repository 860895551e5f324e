import { z } from "zod";
import { notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { getCrimeImport } from "@/lib/intel/crime-facets";

/** One import's progress and first rejected lines (poll while it runs). */
export const GET = withRoute({ action: "intel.read", params: z.object({ id: z.string().uuid() }) }, async ({ params }) => {
  const row = await getCrimeImport(params.id);
  if (!row) throw notFound("Crime import");
  return { import: row };
});
