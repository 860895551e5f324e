import { randomUUID } from "node:crypto";

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? given : randomUUID();
}

export function clientIpFrom(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim().slice(0, 64) || headers.get("x-real-ip") || null;
}
