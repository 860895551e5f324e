import { startEnrolmentSchema, type TotpEnrolmentStartedResponse } from "@/lib/auth/account-schemas";
import { startTotpEnrolment } from "@/lib/auth/start-totp-enrolment";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

export const POST = withRoute(
  { action: "me.manage", body: startEnrolmentSchema, allowRestricted: true },
  async ({ user, body }) => toWire(await startTotpEnrolment(user, body)) satisfies TotpEnrolmentStartedResponse,
);
