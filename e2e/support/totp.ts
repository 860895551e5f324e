import { totpCode } from "../../lib/auth/totp";

/** A code the server has not yet accepted: the next 30-second step's (inside the one-step drift window). */
export function nextStepCode(secret: string, stepsAhead = 1): string {
  return totpCode(secret, Date.now() + stepsAhead * 30_000);
}
