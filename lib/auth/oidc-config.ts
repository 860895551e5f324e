import "server-only";
import { env } from "@/lib/env";
import { ROLES, type Role } from "./roles";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleClaim: string;
  /** Claim value → role, in the administrator's order of precedence. */
  roleMap: [string, Role][];
  label: string;
}

/** Single sign-on settings from the environment, or null when it is not configured. */
export function oidcConfig(): OidcConfig | null {
  const e = env();
  if (!e.VIGIL_OIDC_ISSUER || !e.VIGIL_OIDC_CLIENT_ID || !e.VIGIL_OIDC_CLIENT_SECRET || !e.VIGIL_OIDC_ROLE_MAP) return null;
  return {
    issuer: e.VIGIL_OIDC_ISSUER.replace(/\/$/, ""),
    clientId: e.VIGIL_OIDC_CLIENT_ID,
    clientSecret: e.VIGIL_OIDC_CLIENT_SECRET,
    roleClaim: e.VIGIL_OIDC_ROLE_CLAIM,
    roleMap: parseRoleMap(e.VIGIL_OIDC_ROLE_MAP),
    label: e.VIGIL_OIDC_LABEL,
  };
}

export function parseRoleMap(text: string): [string, Role][] {
  return text
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf(":");
      const role = pair.slice(at + 1).trim() as Role;
      if (!ROLES.includes(role)) throw new Error(`VIGIL_OIDC_ROLE_MAP: unknown role ${role}`);
      return [pair.slice(0, at).trim(), role] as [string, Role];
    });
}

/** The role the claim's values map to (first match in the map's order), or null. */
export function mapRole(claim: unknown, roleMap: [string, Role][]): Role | null {
  const values = new Set((Array.isArray(claim) ? claim : claim == null ? [] : [claim]).map((v) => String(v)));
  for (const [value, role] of roleMap) if (values.has(value)) return role;
  return null;
}
