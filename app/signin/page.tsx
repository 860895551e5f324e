import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import { isDatabaseUnavailable } from "@/lib/http/database-unavailable";
import { getCurrentUser } from "@/lib/auth/current-user";
import { oidcConfig } from "@/lib/auth/oidc-config";
import { ROLE_LANDING } from "@/lib/auth/roles";
import { SIGN_IN_PAGE_ERRORS } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  let user: Awaited<ReturnType<typeof getCurrentUser>>;
  try {
    user = await getCurrentUser({ allowRestricted: true });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return <DatabaseUnavailable />;
    throw error;
  }
  const { next, error } = await searchParams;
  const safeNext = next && next.startsWith("/") && !next.startsWith("//") ? next : null;
  if (user?.restriction) redirect("/account/setup");
  if (user) redirect(safeNext ?? ROLE_LANDING[user.role]);
  const sso = oidcConfig();
  const initialError = error ? (SIGN_IN_PAGE_ERRORS[error] ?? "Sign-in failed. Try again.") : null;
  return (
    <main className="centered">
      <div className="card narrow">
        <h1 className="brand">Vigil</h1>
        <p className="muted">Live facial recognition control room. Access is restricted, and every action is recorded.</p>
        <SignInForm next={safeNext} sso={sso ? { label: sso.label } : null} initialError={initialError} />
      </div>
    </main>
  );
}
