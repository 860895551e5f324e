import { NAV_ITEMS } from "@/lib/auth/navigation";
import type { Action } from "@/lib/auth/permissions";

/**
 * Every API route and page with the permission it needs. lib/http/route-manifest.test.ts
 * checks this list against the route files themselves, and e2e/permissions.spec.ts walks it
 * against every role and an anonymous caller.
 */
export interface RouteEntry {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  action: Action | "public";
  /** Query string the permission walk adds (e.g. to make a stream answer once). */
  sample?: string;
}

export const API_ROUTES: RouteEntry[] = [
  { method: "GET", path: "/api/health", action: "public" },
  { method: "GET", path: "/api/metrics", action: "metrics.read" },
  { method: "GET", path: "/api/openapi.json", action: "docs.read" },
  { method: "GET", path: "/api/me", action: "me.read" },
  { method: "GET", path: "/api/admin/users", action: "users.read" },
  { method: "POST", path: "/api/admin/users", action: "users.manage" },
  { method: "PATCH", path: "/api/admin/users/[id]", action: "users.manage" },
  { method: "POST", path: "/api/admin/users/[id]/second-factor-reset", action: "users.manage" },
  { method: "POST", path: "/api/admin/users/[id]/one-time-password", action: "users.manage" },
  { method: "GET", path: "/api/admin/sign-in-locks", action: "users.read" },
  { method: "POST", path: "/api/admin/sign-in-locks/unlock", action: "users.manage" },
  { method: "GET", path: "/api/account/sessions", action: "me.read" },
  { method: "DELETE", path: "/api/account/sessions/[id]", action: "me.manage" },
  { method: "POST", path: "/api/account/password", action: "me.manage" },
  { method: "POST", path: "/api/account/second-factor/enrol", action: "me.manage" },
  { method: "POST", path: "/api/account/second-factor/confirm", action: "me.manage" },
  { method: "GET", path: "/api/audit/events", action: "audit.read" },
  { method: "GET", path: "/api/audit/keys", action: "public" },
  { method: "GET", path: "/api/transparency", action: "public" },
  { method: "GET", path: "/api/audit/export", action: "audit.read" },
  { method: "POST", path: "/api/audit/verify", action: "audit.verify" },
  { method: "POST", path: "/api/audit/checkpoints", action: "audit.verify" },
  { method: "GET", path: "/api/oversight/deployments", action: "reports.read" },
  { method: "GET", path: "/api/oversight/deployments/[id]/dossier", action: "reports.read", sample: "?format=json" },
  { method: "GET", path: "/api/oversight/deployments/[id]/article12", action: "reports.read" },
  { method: "GET", path: "/api/oversight/retention", action: "reports.read" },
  { method: "GET", path: "/api/oversight/accuracy", action: "reports.read" },
  { method: "POST", path: "/api/retention/run", action: "retention.run" },
  { method: "GET", path: "/api/deployments", action: "deployments.read" },
  { method: "POST", path: "/api/deployments", action: "deployments.write" },
  { method: "GET", path: "/api/deployments/[id]", action: "deployments.read" },
  { method: "PUT", path: "/api/deployments/[id]", action: "deployments.write" },
  { method: "POST", path: "/api/deployments/[id]/submit", action: "deployments.submit" },
  { method: "POST", path: "/api/deployments/[id]/authorise", action: "deployments.authorise" },
  { method: "POST", path: "/api/deployments/[id]/refuse", action: "deployments.authorise" },
  { method: "POST", path: "/api/deployments/[id]/confirm-signage", action: "deployments.go_live" },
  { method: "POST", path: "/api/deployments/[id]/go-live", action: "deployments.go_live" },
  { method: "POST", path: "/api/deployments/[id]/close", action: "deployments.close" },
  { method: "POST", path: "/api/deployments/[id]/cancel", action: "deployments.write" },
  { method: "POST", path: "/api/deployments/[id]/change-threshold", action: "deployments.threshold" },
  { method: "POST", path: "/api/deployments/[id]/record-self-test", action: "deployments.self_test" },
  { method: "GET", path: "/api/deployments/[id]/roster", action: "deployments.roster.read" },
  { method: "POST", path: "/api/deployments/[id]/roster", action: "deployments.roster" },
  { method: "DELETE", path: "/api/deployments/[id]/roster/[userId]", action: "deployments.roster" },
  { method: "GET", path: "/api/zones", action: "zones.read" },
  { method: "POST", path: "/api/zones", action: "zones.write" },
  { method: "GET", path: "/api/zones/[id]", action: "zones.read" },
  { method: "PUT", path: "/api/zones/[id]", action: "zones.write" },
  { method: "DELETE", path: "/api/zones/[id]", action: "zones.write" },
  { method: "GET", path: "/api/intel/imports", action: "intel.read" },
  { method: "POST", path: "/api/intel/imports", action: "intel.import" },
  { method: "GET", path: "/api/intel/imports/[id]", action: "intel.read" },
  { method: "GET", path: "/api/intel/grid", action: "intel.read" },
  { method: "GET", path: "/api/intel/facets", action: "intel.read" },
  { method: "GET", path: "/api/intel/ranking", action: "intel.read" },
  { method: "GET", path: "/api/live/deployments/[id]/gallery", action: "live.read" },
  { method: "GET", path: "/api/live/deployments/[id]/scope", action: "live.read" },
  { method: "GET", path: "/api/watchlists", action: "watchlists.read" },
  { method: "POST", path: "/api/watchlists", action: "watchlists.write" },
  { method: "GET", path: "/api/watchlists/[id]/entries", action: "watchlists.read" },
  { method: "POST", path: "/api/watchlists/[id]/entries", action: "watchlists.write" },
  { method: "POST", path: "/api/watchlists/[id]/bulk", action: "watchlists.write" },
  { method: "POST", path: "/api/watchlists/entries/[entryId]/images", action: "watchlists.write" },
  { method: "POST", path: "/api/watchlists/entries/[entryId]/review", action: "watchlists.review" },
  { method: "GET", path: "/api/watchlists/entries/[entryId]/image", action: "watchlists.read" },
  { method: "POST", path: "/api/watchlists/entries/[entryId]/remove", action: "watchlists.write" },
  { method: "POST", path: "/api/rtc/cameras/[cameraId]/sessions", action: "live.read" },
  { method: "GET", path: "/api/rtc/cameras/[cameraId]/sessions", action: "live.publish" },
  { method: "GET", path: "/api/rtc/sessions/[id]", action: "live.read" },
  { method: "PATCH", path: "/api/rtc/sessions/[id]", action: "live.publish" },
  { method: "DELETE", path: "/api/rtc/sessions/[id]", action: "live.read" },
  { method: "POST", path: "/api/rtc/cameras/[cameraId]/whep", action: "live.read" },
  { method: "GET", path: "/api/alerts", action: "alerts.read" },
  { method: "POST", path: "/api/alerts", action: "alerts.post" },
  { method: "GET", path: "/api/alerts/[id]", action: "alerts.read" },
  { method: "POST", path: "/api/alerts/[id]/adjudicate", action: "alerts.adjudicate" },
  { method: "POST", path: "/api/alerts/[id]/outcome", action: "alerts.adjudicate" },
  { method: "POST", path: "/api/alerts/[id]/undo", action: "alerts.adjudicate" },
  { method: "GET", path: "/api/alerts/[id]/image", action: "alerts.read" },
  { method: "GET", path: "/api/alerts/export", action: "alerts.read", sample: "deploymentId=00000000-0000-4000-8000-000000000000" },
  { method: "POST", path: "/api/live/face-counts", action: "alerts.post" },
  { method: "GET", path: "/api/live/deployments", action: "live.read" },
  { method: "GET", path: "/api/live/events", action: "live.read", sample: "once=1" },
];

/** The navigation's sections, plus pages reached from within them. */
export const PAGES: { path: string; action: Action }[] = [
  ...NAV_ITEMS.map(({ href, action }) => ({ path: href, action })),
  { path: "/station/00000000-0000-4000-8000-000000000000", action: "page.station" },
  { path: "/account", action: "page.account" },
  { path: "/watchlists/bulk", action: "page.watchlists" },
];

/** Routes that are not Vigil's own handlers (next-auth's) and so are not in the walk. */
export const EXTERNAL_ROUTE_FILES = ["app/api/auth/[...nextauth]/route.ts"];
