/** Roles and where each lands after sign-in. Safe for client and server. */
export const ROLES = ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER", "PRIVACY_OFFICER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  OPERATOR: "Control-room operator",
  COMMANDER: "Commander",
  AUTHORISING_OFFICER: "Authorising officer",
  PRIVACY_OFFICER: "Privacy officer",
  ADMIN: "Administrator",
};

export const ROLE_LANDING: Record<Role, string> = {
  OPERATOR: "/live",
  COMMANDER: "/plan",
  AUTHORISING_OFFICER: "/plan",
  PRIVACY_OFFICER: "/oversight",
  ADMIN: "/admin",
};
