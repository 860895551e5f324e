import "server-only";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";
import { ROSTER_ROLES, rosterView, type RosterView } from "./roster-schemas";

/** Who is on a deployment's roster, and who could be added. */
export async function listRoster(deploymentId: string): Promise<RosterView> {
  const deployment = await db().deployment.findUnique({ where: { id: deploymentId }, select: { id: true } });
  if (!deployment) throw notFound("Deployment");
  const members = await db().deploymentMember.findMany({
    where: { deploymentId },
    include: { user: { select: { id: true, name: true, email: true, role: true, active: true } } },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
  });
  const adders = await db().user.findMany({ where: { id: { in: [...new Set(members.map((m) => m.addedById))] } }, select: { id: true, name: true } });
  const adderName = new Map(adders.map((a) => [a.id, a.name]));
  const candidates = await db().user.findMany({
    where: { active: true, role: { in: [...ROSTER_ROLES] }, id: { notIn: members.map((m) => m.userId) } },
    select: { id: true, name: true, email: true, role: true },
    orderBy: [{ role: "asc" }, { name: "asc" }],
    take: 500,
  });
  return rosterView.parse({
    deploymentId,
    members: members.map((m) => ({
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      role: m.user.role,
      active: m.user.active,
      addedAt: m.addedAt.toISOString(),
      addedBy: adderName.get(m.addedById) ?? null,
    })),
    candidates: candidates.map((c) => ({ userId: c.id, name: c.name, email: c.email, role: c.role })),
  });
}
