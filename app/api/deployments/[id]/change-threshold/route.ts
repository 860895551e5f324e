import { thresholdChangeSchema } from "@/lib/deployments/deployment-schemas";
import { transitionRoute } from "@/lib/deployments/transition-route";

export const POST = transitionRoute("change-threshold", thresholdChangeSchema);
