import type { Role } from "../../lib/auth/roles";

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "vigil-demo";

export const DEMO: Record<Role, { email: string; landing: string; heading: RegExp }> = {
  OPERATOR: { email: "operator@vigil.local", landing: "/live", heading: /Live/ },
  COMMANDER: { email: "commander@vigil.local", landing: "/plan", heading: /Plan/ },
  AUTHORISING_OFFICER: { email: "authoriser@vigil.local", landing: "/plan", heading: /Plan/ },
  PRIVACY_OFFICER: { email: "privacy@vigil.local", landing: "/oversight", heading: /Oversight/ },
  ADMIN: { email: "admin@vigil.local", landing: "/admin", heading: /Users and roles/ },
};

/** Saved sessions, one folder per e2e server port so concurrent runs do not share them. */
export const stateFile = (role: Role) => `e2e/.auth/${process.env.VIGIL_E2E_PORT ?? 3100}/${role.toLowerCase()}.json`;
