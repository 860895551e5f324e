import "server-only";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

export async function getZone(id: string) {
  const zone = await db().zone.findUnique({
    where: { id },
    include: {
      deployments: {
        select: { id: true, reference: true, name: true, status: true, plannedStart: true, plannedEnd: true },
        orderBy: { plannedStart: "desc" },
        take: 50,
      },
    },
  });
  if (!zone) throw notFound("Zone");
  return zone;
}
