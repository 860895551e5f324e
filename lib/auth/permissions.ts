import type { Role } from "./roles";

/**
 * The one permission table. Every route handler, page and server operation names one action
 * from here; the wrappers in lib/http/with-route.ts and lib/auth/require-page-user.ts enforce it,
 * and e2e/permissions.spec.ts walks every route against every role from this same table.
 */
export const PERMISSIONS = {
  // Pages
  "page.live": ["OPERATOR"],
  "page.plan": ["COMMANDER", "AUTHORISING_OFFICER"],
  "page.watchlists": ["COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER"],
  "page.oversight": ["PRIVACY_OFFICER"],
  "page.admin": ["ADMIN"],
  "page.station": ["OPERATOR"],
  "page.account": ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"],

  // Identity
  "me.read": ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"],
  /** One's own password, second factor and sessions. */
  "me.manage": ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"],
  "users.read": ["ADMIN"],
  "users.manage": ["ADMIN"],

  // Planning
  "zones.read": ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER"],
  "zones.write": ["COMMANDER"],
  "intel.read": ["COMMANDER", "AUTHORISING_OFFICER"],
  "intel.import": ["COMMANDER"],
  "deployments.read": ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER"],
  "deployments.write": ["COMMANDER"],
  "deployments.submit": ["COMMANDER"],
  "deployments.authorise": ["AUTHORISING_OFFICER"],
  "deployments.go_live": ["OPERATOR", "COMMANDER"],
  "deployments.close": ["COMMANDER"],
  "deployments.threshold": ["AUTHORISING_OFFICER"],
  "deployments.self_test": ["OPERATOR"],
  /** The roster: who may see a deployment's alerts, images and live streams (lib/deployments/assert-deployment-access.ts). */
  "deployments.roster.read": ["COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER"],
  "deployments.roster": ["COMMANDER", "AUTHORISING_OFFICER"],

  // Watchlists (biometric data: reads are access-logged)
  "watchlists.read": ["COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER"],
  "watchlists.write": ["COMMANDER"],
  "watchlists.review": ["AUTHORISING_OFFICER"],

  // Live operations
  "live.read": ["OPERATOR"],
  "live.publish": ["OPERATOR"],
  "alerts.read": ["OPERATOR", "PRIVACY_OFFICER"],
  "alerts.post": ["OPERATOR"],
  "alerts.adjudicate": ["OPERATOR"],

  // Oversight
  "audit.read": ["PRIVACY_OFFICER"],
  "audit.verify": ["PRIVACY_OFFICER", "ADMIN"],
  "reports.read": ["PRIVACY_OFFICER"],
  "retention.run": ["PRIVACY_OFFICER", "ADMIN"],

  // Operations
  "metrics.read": ["ADMIN"],
  "docs.read": ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];
