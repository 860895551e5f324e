import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, matchEventFor, TINY_JPEG_B64 } from "@/lib/testing/live-fixtures";
import { ingestAlert } from "./ingest-alert";
import { readAlertImage } from "./read-alert-image";

describe("readAlertImage", () => {
  it("returns the probe only once its reading is on record (a standalone audit record, committed)", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const { alert } = await ingestAlert(matchEventFor(fx, { trackId: "img" }), op, "req-img-1");
    const bytes = await readAlertImage(alert.id, "probe", op, "req-img-2");
    expect(Buffer.from(bytes).equals(Buffer.from(TINY_JPEG_B64, "base64"))).toBe(true);
    const records = await db().auditEvent.findMany({ where: { action: "access.read_alert_image", targetId: alert.id } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actorId: op.id, deploymentId: fx.deployment.id, requestId: "req-img-2", details: { kind: "probe" } });
  });

  it("a missing alert is a 404 and leaves no record", async () => {
    const op = await createTestUser("OPERATOR");
    const missing = "00000000-0000-4000-8000-0000000000ff";
    await expect(readAlertImage(missing, "probe", op, "req-img-3")).rejects.toMatchObject({ status: 404 });
    expect(await db().auditEvent.count({ where: { action: "access.read_alert_image", targetId: missing } })).toBe(0);
  });
});
