import { cancelSchema } from "@/lib/deployments/deployment-schemas";
import { transitionRoute } from "@/lib/deployments/transition-route";

export const POST = transitionRoute("cancel", cancelSchema);
