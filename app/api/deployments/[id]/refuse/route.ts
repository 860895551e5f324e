import { reasonsSchema } from "@/lib/deployments/deployment-schemas";
import { transitionRoute } from "@/lib/deployments/transition-route";

export const POST = transitionRoute("refuse", reasonsSchema);
