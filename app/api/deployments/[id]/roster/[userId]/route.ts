import { listRoster } from "@/lib/deployments/list-roster";
import { removeRosterMember } from "@/lib/deployments/remove-roster-member";
import { rosterMemberParams } from "@/lib/deployments/roster-schemas";
import { withRoute } from "@/lib/http/with-route";

/** Takes a user off the roster. */
export const DELETE = withRoute({ action: "deployments.roster", params: rosterMemberParams }, async ({ params, user, requestId }) => {
  const result = await removeRosterMember(params.id, params.userId, user, requestId);
  return { ...result, roster: await listRoster(params.id) };
});
