import { confirmEnrolmentSchema } from "@/lib/auth/account-schemas";
import { confirmTotpEnrolment } from "@/lib/auth/confirm-totp-enrolment";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute({ action: "me.manage", body: confirmEnrolmentSchema, allowRestricted: true }, async ({ user, body, requestId }) =>
  confirmTotpEnrolment(user, body, requestId),
);
