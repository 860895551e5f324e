import { env } from "@/lib/env";

/**
 * A WHEP camera's URL must be on one of the media gateways VIGIL_WHEP_ORIGINS lists (same
 * scheme, host and port), carry no credentials, and so can never aim the app's relay at an
 * internal address nobody configured. Unset: no WHEP URL is allowed.
 */
export function isAllowedWhepUrl(url: string, origins: string[] = env().VIGIL_WHEP_ORIGINS ?? []): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  if (u.username || u.password || !/^https?:$/.test(u.protocol)) return false;
  return origins.includes(u.origin);
}

export const WHEP_ORIGIN_MESSAGE = "must be on a media gateway listed in VIGIL_WHEP_ORIGINS";
