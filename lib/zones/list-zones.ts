import "server-only";
import { withGeometry } from "./with-geometry";
import { db } from "@/lib/db/prisma";

/** Current zones (archived ones only on request), with how many deployments use each. */
export async function listZones(opts: { includeArchived?: boolean } = {}) {
  const rows = await db().zone.findMany({
    where: opts.includeArchived ? {} : { archivedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 500,
    include: { _count: { select: { deployments: true } } },
  });
  return rows.map(({ _count, ...z }) => withGeometry({ ...z, deployments: _count.deployments }));
}
