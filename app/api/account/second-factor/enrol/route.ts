import { startEnrolmentSchema } from "@/lib/auth/account-schemas";
import { startTotpEnrolment } from "@/lib/auth/start-totp-enrolment";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute({ action: "me.manage", body: startEnrolmentSchema, allowRestricted: true }, async ({ user, body }) =>
  startTotpEnrolment(user, body),
);
