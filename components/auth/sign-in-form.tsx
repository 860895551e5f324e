"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";

/**
 * Email and password, then (when the account has one, or sign-in from this address is paused)
 * the authenticator or recovery code, in the same form. Single sign-on sits beside it when configured.
 */
export function SignInForm({ next, sso, initialError }: { next: string | null; sso: { label: string } | null; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [info, setInfo] = useState<string | null>(null);
  const [askCode, setAskCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    setInfo(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      code: String(form.get("code") ?? ""),
      redirect: false,
    });
    setBusy(false);
    if (!result || result.error) {
      const message = result?.error && result.error !== "CredentialsSignin" ? result.error : "Sign-in failed.";
      if (message === SIGN_IN_ERRORS.mfa_required) {
        setAskCode(true);
        setInfo(message);
        requestAnimationFrame(() => codeRef.current?.focus());
        return;
      }
      if (message === SIGN_IN_ERRORS.limited) setAskCode(true);
      if (codeRef.current) codeRef.current.value = "";
      setError(message);
      return;
    }
    router.replace(next ?? "/");
    router.refresh();
  }

  return (
    <div className="stack">
      <form onSubmit={onSubmit} className="stack" aria-label="Sign in">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required maxLength={254} autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        </label>
        {askCode && (
          <label>
            Authentication code
            <input
              ref={codeRef}
              name="code"
              inputMode="text"
              autoComplete="one-time-code"
              maxLength={20}
              placeholder="123456 or a recovery code"
              aria-describedby="code-help"
            />
            <span id="code-help" className="muted">
              The 6-digit code from your authenticator app, or a recovery code (each works once).
            </span>
          </label>
        )}
        {info && (
          <p role="status" className="ok">
            {info}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {sso && (
        <>
          <p className="muted divider">or</p>
          <button type="button" className="secondary" onClick={() => signIn("oidc", { callbackUrl: next ?? "/" })}>
            {sso.label}
          </button>
        </>
      )}
    </div>
  );
}
