import "server-only";
import { db } from "@/lib/db/prisma";
import type { CurrentUser } from "./current-user";

/** The user's open sessions (not revoked, not invalidated), newest activity first. Ids are shown shortened. */
export async function listOwnSessions(user: CurrentUser) {
  const owner = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionsValidAfter: true } });
  const rows = await db().userSession.findMany({
    where: { userId: user.id, revokedAt: null, createdAt: { gte: owner.sessionsValidAfter } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return rows.map((r) => ({
    id: r.id,
    current: r.id === user.sid,
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ip: r.ip,
    userAgent: r.userAgent,
    device: describeDevice(r.userAgent),
    method: r.method ?? "password",
  }));
}

/** "Chrome on Linux" from a user-agent string; good enough to recognise one's own devices. */
export function describeDevice(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : /curl|node|undici|Playwright/i.test(ua)
            ? "Script"
            : "Browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Android/.test(ua)
        ? "Android"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "unknown system";
  return `${browser} on ${os}`;
}
