import { withRoute } from "@/lib/http/with-route";
import { runRetention } from "@/lib/retention/run-retention";

export const POST = withRoute({ action: "retention.run" }, async () => runRetention());
