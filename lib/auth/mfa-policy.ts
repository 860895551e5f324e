import "server-only";
import { env } from "@/lib/env";
import type { Role } from "./roles";

/** Roles that hold or authorise biometric processing: a second factor is required of them. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ["AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"];

/** Whether this role must have a second factor under the current setting (VIGIL_REQUIRE_MFA). */
export function mfaRequiredFor(role: Role): boolean {
  const setting = env().VIGIL_REQUIRE_MFA;
  if (setting === "all") return true;
  if (setting === "1") return MFA_REQUIRED_ROLES.includes(role);
  return false;
}

/** The demo setting: a second factor is optional and the app shows a banner saying so. */
export function mfaOptionalDemo(): boolean {
  return env().VIGIL_REQUIRE_MFA === "0";
}
