import "server-only";
import { db } from "@/lib/db/prisma";
import { badRequest } from "@/lib/http/api-error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit filters take a deployment by id or by its reference (DEP-…); this turns a reference into the id. */
export async function resolveAuditFilter<F extends { deploymentId?: string }>(filter: F): Promise<F> {
  const ref = filter.deploymentId;
  if (!ref || UUID.test(ref)) return filter;
  const d = await db().deployment.findUnique({ where: { reference: ref }, select: { id: true } });
  if (!d) throw badRequest(`No deployment has the reference "${ref}".`, [{ path: "deploymentId", message: "unknown deployment reference" }]);
  return { ...filter, deploymentId: d.id };
}
