import { transitionRoute } from "@/lib/deployments/transition-route";

export const POST = transitionRoute("submit");
