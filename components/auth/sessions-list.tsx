"use client";
import { errorMessage } from "@/lib/client/api";
import { useEndSession, useOwnSessions } from "./queries";

const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  "password+totp": "Password + authenticator",
  "password+recovery": "Password + recovery code",
  oidc: "Single sign-on",
};

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** One's own open sessions; any of them can be ended (ending this one signs out here). */
export function SessionsList() {
  const sessions = useOwnSessions();
  const end = useEndSession();
  if (sessions.isPending) return <p aria-busy="true">Loading sessions…</p>;
  if (sessions.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(sessions.error)}
      </p>
    );
  const rows = sessions.data.sessions;
  return (
    <div className="stack">
      {end.isError && (
        <p role="alert" className="error">
          {errorMessage(end.error)}
        </p>
      )}
      <table className="table" aria-label="Your sessions">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last active</th>
            <th scope="col">How</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td title={s.userAgent ?? undefined}>
                {s.device} {s.current && <span className="badge live">This device</span>}
              </td>
              <td>{s.ip ?? "Unknown"}</td>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>{METHOD_LABELS[s.method] ?? s.method}</td>
              <td>
                <button type="button" className="secondary" disabled={end.isPending} onClick={() => end.mutate(s.id)}>
                  {s.current ? "Sign out here" : "End session"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 1 && <p className="muted">This is your only open session.</p>}
    </div>
  );
}
