import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";
import { checkedGeometry } from "./create-zone";
import type { ZoneInput } from "./zone-schemas";

/** Deployment states in which the zone is part of something submitted, authorised or running. */
const COMMITTED = ["SUBMITTED", "AUTHORISED", "LIVE"] as const;

/** Refuses a change to a zone that an application in flight depends on (it would change what was decided). */
export async function assertZoneNotCommitted(tx: Tx, zoneId: string, verb: string) {
  const inUse = await tx.deployment.findMany({ where: { zoneId, status: { in: [...COMMITTED] } }, select: { reference: true, status: true }, take: 5 });
  if (inUse.length) {
    throw conflict(
      `Cannot ${verb} this zone: ${inUse.map((d) => `${d.reference} is ${d.status.toLowerCase()}`).join(", ")}. Edit or close those deployments first.`,
    );
  }
}

export async function updateZone(id: string, input: ZoneInput, user: CurrentUser, requestId: string) {
  const geometry = checkedGeometry(input);
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Zone" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Zone");
    const before = await tx.zone.findUniqueOrThrow({ where: { id } });
    if (before.archivedAt) throw conflict("This zone is archived; create a new one instead.");
    await assertZoneNotCommitted(tx, id, "change");
    const zone = await tx.zone.update({
      where: { id },
      data: {
        name: input.name,
        locationType: input.locationType,
        rationale: input.rationale,
        area: input.area || null,
        geometry: geometry.polygon,
        areaM2: geometry.areaM2,
      },
    });
    // Draft deployments take the zone's location type.
    await tx.deployment.updateMany({ where: { zoneId: id, status: { in: ["DRAFT", "REFUSED"] } }, data: { locationType: zone.locationType } });
    await recordAuditEvent(tx, {
      actor: user,
      action: "zone.update",
      targetType: "zone",
      targetId: id,
      details: {
        name: zone.name,
        locationType: zone.locationType,
        areaM2: Math.round(zone.areaM2),
        previousAreaM2: Math.round(before.areaM2),
        vertices: geometry.vertices,
      },
      requestId,
    });
    return zone;
  }, TX_OPTIONS);
}
