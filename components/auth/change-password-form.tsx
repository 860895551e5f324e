"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/client/api";

export function ChangePasswordForm({ oneTime, onDone }: { oneTime: boolean; onDone: (next: string | null) => void }) {
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<{ changed: true; next: string | null }>("/api/account/password", { method: "POST", json: body }),
    onSuccess: (r) => onDone(r.next),
  });
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
          {change.error.message}
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
