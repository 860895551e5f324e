import { z } from "zod";
import { addRosterMember } from "@/lib/deployments/add-roster-member";
import { listRoster } from "@/lib/deployments/list-roster";
import { addRosterMemberSchema } from "@/lib/deployments/roster-schemas";
import { withRoute } from "@/lib/http/with-route";

const params = z.object({ id: z.string().uuid() });

/** Who may see this deployment's alerts, images and live streams. */
export const GET = withRoute({ action: "deployments.roster.read", params }, async ({ params }) => ({ roster: await listRoster(params.id) }));

/** Puts a user on the roster (idempotent). */
export const POST = withRoute({ action: "deployments.roster", params, body: addRosterMemberSchema }, async ({ params, body, user, requestId }) => {
  const result = await addRosterMember(params.id, body.userId, user, requestId);
  return { ...result, roster: await listRoster(params.id) };
});
