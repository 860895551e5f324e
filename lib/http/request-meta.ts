import { randomUUID } from "node:crypto";
import { clientIp } from "./forwarded";

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? given : randomUUID();
}

export function clientIpFrom(headers: Headers): string | null {
  return clientIp(headers);
}
