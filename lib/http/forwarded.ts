import { env } from "@/lib/env";

type HeaderGet = (name: string) => string | null | undefined;
const getter = (headers: Headers | Record<string, string | string[] | undefined>): HeaderGet =>
  headers instanceof Headers
    ? (n) => headers.get(n)
    : (n) => {
        const v = headers[n];
        return Array.isArray(v) ? v.join(",") : v;
      };

const last = (v: string | null | undefined) => v?.split(",").at(-1)?.trim() || null;

/**
 * The Host the browser used. X-Forwarded-Host is believed only when VIGIL_TRUSTED_PROXY says a
 * proxy sets it (its last value: the one the nearest proxy appended); otherwise the Host header.
 */
export function requestHost(headers: Headers | Record<string, string | string[] | undefined>, trustedProxies = env().VIGIL_TRUSTED_PROXY): string | null {
  const get = getter(headers);
  if (trustedProxies > 0) {
    const forwarded = last(get("x-forwarded-host"));
    if (forwarded) return forwarded;
  }
  return get("host") ?? null;
}

/**
 * The client's address for the audit trail: with N trusted proxies, the X-Forwarded-For entry N
 * from the right (what the outermost trusted proxy saw); with none, no header is believed and the
 * address is unknown (null) rather than whatever the caller wrote.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>, trustedProxies = env().VIGIL_TRUSTED_PROXY): string | null {
  if (trustedProxies <= 0) return null;
  const get = getter(headers);
  const hops = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const ip = hops.length >= trustedProxies ? hops[hops.length - trustedProxies] : hops[0];
  return ip ? ip.slice(0, 64) : (get("x-real-ip")?.trim().slice(0, 64) ?? null) || null;
}
