import { env } from "@/lib/env";
import { requestHost } from "./forwarded";
/**
 * Mutations must carry an Origin header naming this app. The expected origin is VIGIL_ORIGIN
 * when configured, else the Host the request arrived on (X-Forwarded-Host only behind a proxy
 * VIGIL_TRUSTED_PROXY trusts).
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  const configured = env().VIGIL_ORIGIN;
  if (configured) {
    const allowed = configured.split(",").map((o) => o.trim().replace(/\/$/, ""));
    if (allowed.includes(originUrl.origin)) return true;
  }
  const host = requestHost(request.headers);
  return !!host && originUrl.host === host;
}
