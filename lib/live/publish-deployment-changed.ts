import "server-only";
import type { Tx } from "@/lib/db/prisma";
import type { DeploymentChange, LiveScope } from "./live-schemas";
import { publishLiveEvent } from "./publish-live-event";
import { readLiveScope } from "./read-live-scope";

/**
 * Inside the transaction that changed a deployment: bumps its scope version and appends a
 * `deployment.changed` live event carrying the scope that transaction commits, so open stations
 * and consoles follow the lifecycle without a reload (and see nothing if it rolls back).
 */
export async function publishDeploymentChanged(tx: Tx, deploymentId: string, change: DeploymentChange, now = new Date()): Promise<LiveScope> {
  await tx.deployment.update({ where: { id: deploymentId }, data: { scopeVersion: { increment: 1 } } });
  const scope = await readLiveScope(tx, deploymentId, now);
  if (!scope) throw new Error(`Deployment ${deploymentId} vanished inside its own transaction.`);
  await publishLiveEvent(tx, { type: "deployment.changed", deploymentId, payload: { scope, change } });
  return scope;
}
