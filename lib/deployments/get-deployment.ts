import "server-only";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";
import { withGeometry } from "@/lib/zones/with-geometry";

/**
 * One deployment with everything its record shows: zone, cameras, watchlists, the frozen
 * snapshots (size and hash, never the payload), threshold changes and who signed what.
 */
export async function getDeployment(id: string) {
  const d = await db().deployment.findUnique({
    where: { id },
    include: {
      zone: true,
      cameras: { orderBy: { createdAt: "asc" } },
      watchlists: { include: { watchlist: { select: { id: true, name: true } } } },
      snapshots: {
        select: { id: true, entryCount: true, contentHash: true, modelId: true, modelVersion: true, createdAt: true, destroyedAt: true },
        orderBy: { createdAt: "asc" },
      },
      thresholdChanges: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!d) throw notFound("Deployment");
  const [alertCounts, userRows] = await Promise.all([
    db().alert.groupBy({ by: ["isTest"], where: { deploymentId: id }, _count: { _all: true } }),
    db().user.findMany({
      where: {
        id: {
          in: [d.applicantId, d.authorisingOfficerId, d.signageConfirmedById, ...d.thresholdChanges.map((t) => t.authorisedById)].filter(
            (x): x is string => !!x,
          ),
        },
      },
      select: { id: true, name: true, email: true, role: true },
    }),
  ]);
  const people = Object.fromEntries(userRows.map((u) => [u.id, { name: u.name, email: u.email, role: u.role }]));
  return {
    ...d,
    zone: withGeometry(d.zone),
    people,
    alerts: {
      real: alertCounts.find((c) => !c.isTest)?._count._all ?? 0,
      test: alertCounts.find((c) => c.isTest)?._count._all ?? 0,
    },
  };
}
