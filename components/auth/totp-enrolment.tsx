"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import type { TotpEnrolmentStartedResponse } from "@/lib/auth/account-schemas";
import { useConfirmTotpEnrolment, useStartTotpEnrolment } from "./queries";

/**
 * Authenticator enrolment: scan the QR code (or type the key), confirm with the first code,
 * then save the ten recovery codes shown this once.
 */
export function TotpEnrolment({ replacing, onDone }: { replacing: boolean; onDone: () => void }) {
  const [started, setStarted] = useState<TotpEnrolmentStartedResponse | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useStartTotpEnrolment(setStarted);
  const confirm = useConfirmTotpEnrolment((r) => setCodes(r.recoveryCodes));

  if (codes) {
    return (
      <div className="stack" aria-label="Recovery codes">
        <p className="ok" role="status">
          Your authenticator app is set up. From now on Vigil asks for its code when you sign in.
        </p>
        <p>
          <strong>Save these recovery codes</strong> somewhere safe (not on the phone). Each one signs you in once if you lose the phone. They will not be shown
          again.
        </p>
        <ol className="codes" aria-label="Recovery code list">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <div className="row">
          <button type="button" onClick={onDone}>
            I have saved my recovery codes
          </button>
        </div>
      </div>
    );
  }

  if (!started) {
    return (
      <form
        className="stack"
        aria-label="Start authenticator set-up"
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          start.mutate(replacing ? String(new FormData(e.currentTarget).get("code") ?? "") : undefined);
        }}
      >
        {replacing && (
          <label>
            Current code (authenticator or recovery code)
            <input name="code" autoComplete="one-time-code" required maxLength={20} />
          </label>
        )}
        {start.isError && (
          <p role="alert" className="error">
            {errorMessage(start.error)}
          </p>
        )}
        <div className="row">
          <button type="submit" disabled={start.isPending}>
            {start.isPending ? "Preparing…" : replacing ? "Replace authenticator" : "Set up authenticator app"}
          </button>
        </div>
      </form>
    );
  }

  return (
    <form
      className="stack"
      aria-label="Confirm authenticator"
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        confirm.mutate(String(new FormData(e.currentTarget).get("code") ?? "").trim());
      }}
    >
      <ol className="steps">
        <li>Open an authenticator app (Microsoft Authenticator, Google Authenticator, FreeOTP…) and scan this code.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <img className="qr" src={started.qr} alt="QR code to scan with your authenticator app" width={220} height={220} />
      <p className="muted">
        Cannot scan? Enter this key in the app instead:{" "}
        <code className="secret" data-testid="totp-secret" aria-label="Secret key">
          {started.secret}
        </code>
      </p>
      <label>
        Code from the app
        <input name="code" inputMode="numeric" pattern="\d{6}" autoComplete="one-time-code" required maxLength={6} autoFocus />
      </label>
      {confirm.isError && (
        <p role="alert" className="error">
          {errorMessage(confirm.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? "Checking…" : "Confirm"}
        </button>
      </div>
    </form>
  );
}
