import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/http/api-error";
import { validateZoneGeometry } from "./zone-geometry";
import type { ZoneInput } from "./zone-schemas";

/** Validates the outline (closed, simple, sensible and targeted size) or answers 400 saying why. */
export function checkedGeometry(input: ZoneInput) {
  const result = validateZoneGeometry(input.geometry.coordinates, env().ZONE_MAX_AREA_M2);
  if (!result.ok) throw badRequest(`geometry: ${result.message}`, [{ path: "geometry", message: result.message }]);
  return result;
}

export async function createZone(input: ZoneInput, user: CurrentUser, requestId: string) {
  const geometry = checkedGeometry(input);
  return db().$transaction(async (tx) => {
    const zone = await tx.zone.create({
      data: {
        name: input.name,
        locationType: input.locationType,
        rationale: input.rationale,
        area: input.area || null,
        geometry: geometry.polygon,
        areaM2: geometry.areaM2,
        createdById: user.id,
      },
    });
    await recordAuditEvent(tx, {
      actor: user,
      action: "zone.create",
      targetType: "zone",
      targetId: zone.id,
      details: { name: zone.name, locationType: zone.locationType, areaM2: Math.round(zone.areaM2), vertices: geometry.vertices },
      requestId,
    });
    return zone;
  }, TX_OPTIONS);
}
