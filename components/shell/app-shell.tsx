"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";

export interface ShellProps {
  nav: { href: string; label: string }[];
  user: { name: string; email: string; roleLabel: string };
  children: ReactNode;
}

export function AppShell({ nav, user, children }: ShellProps) {
  const pathname = usePathname();
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
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
          <span title={user.email}>{user.name}</span>
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
