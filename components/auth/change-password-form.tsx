"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import { useChangePassword } from "./queries";

/** Changes one's own password (a one-time password, on first sign-in); other sessions end. */
export function ChangePasswordForm({ oneTime, onDone }: { oneTime: boolean; onDone: (next: string | null) => void }) {
  const [mismatch, setMismatch] = useState(false);
  const change = useChangePassword((r) => onDone(r.next));
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirmPassword") ?? "")) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword });
  }
  return (
    <form className="stack" aria-label="Change password" onSubmit={onSubmit}>
      <label>
        {oneTime ? "One-time password" : "Current password"}
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={1024} />
      </label>
      <label>
        New password (at least 12 characters)
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={200} />
      </label>
      <label>
        New password again
        <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={200} />
      </label>
      {mismatch && (
        <p role="alert" className="error">
          The two new passwords differ.
        </p>
      )}
      {change.isError && (
        <p role="alert" className="error">
          {errorMessage(change.error)}
        </p>
      )}
      {change.isSuccess && !oneTime && (
        <p role="status" className="ok">
          Password changed. Your other sessions were ended.
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? "Saving…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
