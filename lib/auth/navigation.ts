import { can, type Action } from "./permissions";
import type { Role } from "./roles";

export interface NavItem {
  href: string;
  label: string;
  action: Action;
}

/** The product's sections; each role sees only those its permissions allow. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/live", label: "Live", action: "page.live" },
  { href: "/plan", label: "Plan", action: "page.plan" },
  { href: "/watchlists", label: "Watchlists", action: "page.watchlists" },
  { href: "/oversight", label: "Oversight", action: "page.oversight" },
  { href: "/admin", label: "Admin", action: "page.admin" },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.action));
}
