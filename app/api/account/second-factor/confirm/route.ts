import { confirmEnrolmentSchema, type TotpEnrolmentConfirmedResponse } from "@/lib/auth/account-schemas";
import { confirmTotpEnrolment } from "@/lib/auth/confirm-totp-enrolment";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

export const POST = withRoute(
  { action: "me.manage", body: confirmEnrolmentSchema, allowRestricted: true },
  async ({ user, body, requestId }) => toWire(await confirmTotpEnrolment(user, body, requestId)) satisfies TotpEnrolmentConfirmedResponse,
);
