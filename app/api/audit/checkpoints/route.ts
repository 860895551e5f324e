import type { CheckpointResponse } from "@/lib/audit/audit-schemas";
import { writeCheckpoint } from "@/lib/audit/write-checkpoint";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute({ action: "audit.verify" }, async () => {
  const c = await writeCheckpoint();
  return { checkpoint: c ? { seq: c.seq.toString(), hash: c.hash, keyId: c.keyId, createdAt: c.createdAt.toISOString() } : null } satisfies CheckpointResponse;
});
