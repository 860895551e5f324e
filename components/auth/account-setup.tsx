"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutButton } from "./sign-out-button";
import { TotpEnrolment } from "./totp-enrolment";

/** What a set-up-only session must finish before Vigil opens: change a one-time password, then enrol a second factor. */
export function AccountSetup({ restriction, landing }: { restriction: "change_password" | "enrol_mfa"; landing: string }) {
  const router = useRouter();
  const [step, setStep] = useState(restriction);
  const finish = () => {
    router.replace(landing);
    router.refresh();
  };
  return (
    <div className="stack">
      <h1 className="brand">Vigil</h1>
      {step === "change_password" ? (
        <>
          <h2>Choose your own password</h2>
          <p className="muted">An administrator set a one-time password for you. Replace it before you continue.</p>
          <ChangePasswordForm oneTime onDone={(next) => (next === "enrol_mfa" ? setStep("enrol_mfa") : finish())} />
        </>
      ) : (
        <>
          <h2>Set up your second factor</h2>
          <p className="muted">Your role works with biometric data, so Vigil asks for a code from an authenticator app as well as your password.</p>
          <TotpEnrolment replacing={false} onDone={finish} />
        </>
      )}
      <div className="row">
        <SignOutButton />
      </div>
    </div>
  );
}
