import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";
import { assertZoneNotCommitted } from "./update-zone";

/** Zones are archived, never deleted: closed deployments keep pointing at what was authorised. */
export async function archiveZone(id: string, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Zone" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Zone");
    const zone = await tx.zone.findUniqueOrThrow({ where: { id } });
    if (zone.archivedAt) throw conflict("This zone is already archived.");
    await assertZoneNotCommitted(tx, id, "archive");
    const archived = await tx.zone.update({ where: { id }, data: { archivedAt: new Date() } });
    await recordAuditEvent(tx, { actor: user, action: "zone.archive", targetType: "zone", targetId: id, details: { name: zone.name }, requestId });
    return archived;
  }, TX_OPTIONS);
}
