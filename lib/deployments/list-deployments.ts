import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db/prisma";
import type { listDeploymentsQuery } from "./deployment-schemas";

/** Deployments, newest window first, a page at a time. */
export async function listDeployments(query: z.infer<typeof listDeploymentsQuery> = { page: 1, pageSize: 100 }) {
  const where = query.status ? { status: query.status } : {};
  const [total, rows] = await Promise.all([
    db().deployment.count({ where }),
    db().deployment.findMany({
      where,
      orderBy: [{ plannedStart: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      include: {
        zone: { select: { name: true } },
        cameras: true,
        watchlists: { include: { watchlist: { select: { id: true, name: true } } } },
        snapshots: { where: { destroyedAt: null }, select: { entryCount: true, contentHash: true } },
      },
    }),
  ]);
  return { deployments: rows, total, page: query.page, pageSize: query.pageSize };
}
