"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import {
  useCreateUser,
  useResetSecondFactor,
  useSetOneTimePassword,
  useSignInLocks,
  useUnlockSignIn,
  useUpdateUser,
  useUsers,
  type SignInLock,
} from "./queries";

const LOCK_SCOPE: Record<SignInLock["kind"], string> = {
  account: "Account (every source)",
  accountSource: "Account from one source",
  source: "Source address (every account)",
};

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [oneTime, setOneTime] = useState<{ email: string; password: string } | null>(null);
  const locks = useSignInLocks();
  const failed = (e: Error) => setMessage({ kind: "error", text: errorMessage(e) });
  const unlock = useUnlockSignIn({ onSuccess: () => setMessage({ kind: "ok", text: "Lock lifted (recorded in the audit trail)." }), onError: failed });
  const resetFactor = useResetSecondFactor({
    onSuccess: (_r, u) =>
      setMessage({ kind: "ok", text: `Second factor of ${u.email} removed and their sessions ended. They set up a new one at next sign-in.` }),
    onError: failed,
  });
  const setPassword = useSetOneTimePassword({
    onSuccess: (r, u) => {
      setMessage(null);
      setOneTime({ email: u.email, password: r.password });
    },
    onError: failed,
  });
  const update = useUpdateUser({
    onSuccess: () => setMessage({ kind: "ok", text: "Saved. The user's open sessions were ended where the change requires it." }),
    onError: failed,
  });
  const create = useCreateUser({ onSuccess: () => setMessage({ kind: "ok", text: "User created." }), onError: failed });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form).entries());
    create.mutate(data, { onSuccess: () => form.reset() });
  }

  return (
    <div className="stack">
      <h1>Users and roles</h1>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error" : "ok"}>
          {message.text}
        </p>
      )}
      {oneTime && (
        <section className="card stack" role="status" aria-label="One-time password">
          <p>
            One-time password for <strong>{oneTime.email}</strong>: <code className="secret">{oneTime.password}</code>
          </p>
          <p className="muted">
            Hand it over in person. It is shown only now; the user must choose a new password when they next sign in. Their open sessions were ended.
          </p>
          <div className="row">
            <button type="button" className="secondary" onClick={() => setOneTime(null)}>
              Done
            </button>
          </div>
        </section>
      )}
      <section className="card">
        {users.isPending && <p aria-busy="true">Loading users…</p>}
        {users.isError && (
          <p role="alert" className="error">
            {errorMessage(users.error)}
          </p>
        )}
        {users.data && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Second factor</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => {
                const locked = u.lockedUntil && new Date(u.lockedUntil) > new Date();
                return (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>
                      <select
                        aria-label={`Role of ${u.email}`}
                        value={u.role}
                        disabled={update.isPending}
                        onChange={(e) => update.mutate({ id: u.id, change: { role: e.target.value } })}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {!u.active ? "Disabled" : locked ? "Locked" : "Active"}
                      {u.mustChangePassword && <span className="badge warn">Must change password</span>}
                    </td>
                    <td>{u.oidcSubject ? "Single sign-on" : u.totpEnabledAt ? "Authenticator" : "None"}</td>
                    <td>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString("en-GB") : "Never"}</td>
                    <td className="row-actions">
                      {u.id !== currentUserId && (
                        <button type="button" className="secondary" onClick={() => update.mutate({ id: u.id, change: { active: !u.active } })}>
                          {u.active ? "Disable" : "Enable"}
                        </button>
                      )}
                      {locked && (
                        <button type="button" className="secondary" onClick={() => update.mutate({ id: u.id, change: { unlock: true } })}>
                          Unlock
                        </button>
                      )}
                      <button type="button" className="secondary" onClick={() => update.mutate({ id: u.id, change: { signOutEverywhere: true } })}>
                        Sign out everywhere
                      </button>
                      {u.id !== currentUserId && u.totpEnabledAt && (
                        <button
                          type="button"
                          className="secondary"
                          disabled={resetFactor.isPending}
                          onClick={() => {
                            if (window.confirm(`Remove the second factor of ${u.email}? They will set up a new one at next sign-in.`)) resetFactor.mutate(u);
                          }}
                        >
                          Reset second factor
                        </button>
                      )}
                      {u.id !== currentUserId && !u.oidcSubject && (
                        <button type="button" className="secondary" disabled={setPassword.isPending} onClick={() => setPassword.mutate(u)}>
                          Set one-time password
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="card stack" aria-labelledby="locks-heading">
        <h2 id="locks-heading">Sign-in locks</h2>
        <p className="muted">
          Five failed attempts lock an account from that source, and the account from everywhere except with a second factor, for 15 minutes; 50 from one source
          lock that source. Locks and unlocks are in the audit trail.
        </p>
        {locks.isPending && <p aria-busy="true">Loading locks…</p>}
        {locks.isError && (
          <p role="alert" className="error">
            {errorMessage(locks.error)}
          </p>
        )}
        {locks.data && locks.data.locks.length === 0 && <p className="muted">No sign-in locks in force.</p>}
        {locks.data && locks.data.locks.length > 0 && (
          <table className="table" aria-label="Sign-in locks">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Account</th>
                <th scope="col">Source</th>
                <th scope="col">Locked at</th>
                <th scope="col">Until</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {locks.data.locks.map((l) => (
                <tr key={l.key}>
                  <td>{LOCK_SCOPE[l.kind]}</td>
                  <td>{l.email ?? "—"}</td>
                  <td>{l.source ?? "—"}</td>
                  <td>{new Date(l.lockedAt).toLocaleTimeString("en-GB")}</td>
                  <td>{new Date(l.until).toLocaleTimeString("en-GB")}</td>
                  <td>
                    <button type="button" className="secondary" disabled={unlock.isPending} onClick={() => unlock.mutate(l.key)}>
                      Unlock
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Add a user</h2>
        <form onSubmit={onCreate} className="grid-form" aria-label="Add a user">
          <label>
            Name
            <input name="name" required maxLength={120} />
          </label>
          <label>
            Email
            <input name="email" type="email" required maxLength={254} />
          </label>
          <label>
            Role
            <select name="role" defaultValue={ROLES[0]}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Initial password
            <input name="password" type="password" minLength={12} maxLength={200} required autoComplete="new-password" />
          </label>
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? "Adding…" : "Add user"}
          </button>
        </form>
      </section>
    </div>
  );
}
