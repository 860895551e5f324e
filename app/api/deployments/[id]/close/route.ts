import { closeSchema } from "@/lib/deployments/deployment-schemas";
import { transitionRoute } from "@/lib/deployments/transition-route";

export const POST = transitionRoute("close", closeSchema);
