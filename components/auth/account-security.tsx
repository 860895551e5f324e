"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AccountSecurityView } from "@/lib/auth/account-schemas";
import { ChangePasswordForm } from "./change-password-form";
import { SessionsList } from "./sessions-list";
import { TotpEnrolment } from "./totp-enrolment";

/** The account page: second factor, password, and one's own sessions. */
export function AccountSecurity(props: AccountSecurityView) {
  const router = useRouter();
  const [enrolling, setEnrolling] = useState(false);
  return (
    <div className="stack">
      <h1>Your account</h1>
      <p className="muted">Signed in as {props.email}.</p>
      <section className="card stack" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Second factor</h2>
        {props.hasSecondFactor ? (
          <p>
            <span className="badge live">On</span> Authenticator app since {props.enabledAt ? new Date(props.enabledAt).toLocaleDateString("en-GB") : "—"};{" "}
            {props.recoveryCodesLeft} unused recovery code{props.recoveryCodesLeft === 1 ? "" : "s"} left.
          </p>
        ) : (
          <p>
            <span className="badge warn">Off</span> {props.required ? "Your role requires a second factor." : "Protect your account with an authenticator app."}
            {props.sso && " (Single sign-on users are protected by the identity provider's own second factor.)"}
          </p>
        )}
        {enrolling || !props.hasSecondFactor ? (
          <TotpEnrolment
            replacing={props.hasSecondFactor}
            onDone={() => {
              setEnrolling(false);
              router.refresh();
            }}
          />
        ) : (
          <div className="row">
            <button type="button" className="secondary" onClick={() => setEnrolling(true)}>
              Replace authenticator or get new recovery codes
            </button>
          </div>
        )}
      </section>
      {!props.sso && (
        <section className="card stack" aria-labelledby="pw-heading">
          <h2 id="pw-heading">Password</h2>
          <ChangePasswordForm oneTime={false} onDone={() => router.refresh()} />
        </section>
      )}
      <section className="card stack" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <SessionsList />
      </section>
    </div>
  );
}
