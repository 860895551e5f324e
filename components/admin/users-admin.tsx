"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/client/api";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<{ users: UserRow[] }>("/api/admin/users") });
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: Record<string, unknown> }) =>
      api(`/api/admin/users/${id}`, { method: "PATCH", json: change }),
    onSuccess: () => {
      setMessage({ kind: "ok", text: "Saved. The user's open sessions were ended where the change requires it." });
      return queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e: Error) => setMessage({ kind: "error", text: e.message }),
  });
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api("/api/admin/users", { method: "POST", json: body }),
    onSuccess: () => {
      setMessage({ kind: "ok", text: "User created." });
      return queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e: Error) => setMessage({ kind: "error", text: e.message }),
  });

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
      <section className="card">
        {users.isPending && <p aria-busy="true">Loading users…</p>}
        {users.isError && <p role="alert" className="error">{users.error.message}</p>}
        {users.data && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
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
                    <td>{!u.active ? "Disabled" : locked ? "Locked" : "Active"}</td>
                    <td>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString("en-GB") : "Never"}</td>
                    <td className="row-actions">
                      {u.id !== currentUserId && (
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => update.mutate({ id: u.id, change: { active: !u.active } })}
                        >
                          {u.active ? "Disable" : "Enable"}
                        </button>
                      )}
                      {locked && (
                        <button type="button" className="secondary" onClick={() => update.mutate({ id: u.id, change: { unlock: true } })}>
                          Unlock
                        </button>
                      )}
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => update.mutate({ id: u.id, change: { signOutEverywhere: true } })}
                      >
                        Sign out everywhere
                      </button>
                    </td>
                  </tr>
                );
              })}
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
            <select name="role" defaultValue="OPERATOR">
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
