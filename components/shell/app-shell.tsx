"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";

export interface ShellProps {
  nav: { href: string; label: string }[];
  user: { name: string; email: string; roleLabel: string };
  /** A notice across the top (the demo's optional second factor). */
  banner?: string | null;
  children: ReactNode;
}

export function AppShell({ nav, user, banner, children }: ShellProps) {
  const pathname = usePathname();
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {banner && (
        <p className="banner" role="note">
          {banner} <Link href="/account">Set up an authenticator</Link>
        </p>
      )}
      <header className="topbar">
        <Link href="/" className="brand">
          Vigil
        </Link>
        <nav aria-label="Sections">
          <ul>
            {nav.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={pathname.startsWith(item.href) ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <Link href="/account" title={`${user.email}: your account and sessions`} aria-current={pathname.startsWith("/account") ? "page" : undefined}>
            {user.name}
          </Link>
          <span className="badge">{user.roleLabel}</span>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
