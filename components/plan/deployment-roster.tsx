"use client";
import { useState } from "react";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { errorMessage } from "@/lib/client/api";
import { dateTime } from "./format";
import { useChangeRoster, useRoster } from "./queries";

/**
 * Who may see this deployment's alerts, images and live streams. Commanders and authorising
 * officers add and remove people; a removal can be undone from the message it leaves.
 */
export function DeploymentRoster({ deploymentId, canManage }: { deploymentId: string; canManage: boolean }) {
  const roster = useRoster(deploymentId);
  const [pick, setPick] = useState("");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string; undo?: string } | null>(null);
  const changeRoster = useChangeRoster(deploymentId);
  const change = {
    isPending: changeRoster.isPending,
    mutate: ({ op, userId, name }: { op: "add" | "remove"; userId: string; name: string }) =>
      changeRoster.mutate(
        { userId, add: op === "add" },
        {
          onSuccess: () => {
            setPick("");
            setMessage(op === "add" ? { kind: "ok", text: `${name} is on the roster.` } : { kind: "ok", text: `${name} is off the roster.`, undo: userId });
          },
          onError: (e) => setMessage({ kind: "error", text: errorMessage(e) }),
        },
      ),
  };
  const data = roster.data;
  const nameOf = (userId: string) => data?.candidates.find((c) => c.userId === userId)?.name ?? data?.members.find((m) => m.userId === userId)?.name ?? "They";

  return (
    <section aria-labelledby="roster-title" className="stack" data-testid="deployment-roster">
      <h4 id="roster-title">Roster</h4>
      <p className="muted">
        Only the people on the roster see this deployment&apos;s alerts, images and camera streams. Privacy officers keep oversight access.
      </p>
      {roster.isPending && <p className="muted">Loading the roster…</p>}
      {roster.isError && (
        <p role="alert" className="error">
          Could not load the roster: {errorMessage(roster.error)}
        </p>
      )}
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error" : "ok"} data-testid="roster-message">
          {message.text}{" "}
          {message.undo && canManage && (
            <button
              type="button"
              className="secondary"
              disabled={change.isPending}
              onClick={() => change.mutate({ op: "add", userId: message.undo!, name: nameOf(message.undo!) })}
            >
              Undo
            </button>
          )}
        </p>
      )}
      {data && data.members.length === 0 && (
        <p data-testid="roster-empty">No one is on the roster yet: no operator can see this deployment&apos;s alerts or cameras.</p>
      )}
      {data && data.members.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Added</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => (
              <tr key={m.userId} data-testid="roster-member">
                <td>
                  {m.name} <span className="muted">({m.email})</span>
                  {!m.active && <span className="badge warn">disabled</span>}
                </td>
                <td>{ROLE_LABELS[m.role as Role] ?? m.role}</td>
                <td>
                  {dateTime(m.addedAt)}
                  {m.addedBy ? ` by ${m.addedBy}` : ""}
                </td>
                {canManage && (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      disabled={change.isPending}
                      aria-label={`Remove ${m.name} from the roster`}
                      onClick={() => change.mutate({ op: "remove", userId: m.userId, name: m.name })}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && data && (
        <form
          className="row"
          aria-label="Add to roster"
          onSubmit={(e) => {
            e.preventDefault();
            if (pick) change.mutate({ op: "add", userId: pick, name: nameOf(pick) });
          }}
        >
          <label>
            Add a person{" "}
            <select value={pick} onChange={(e) => setPick(e.target.value)} disabled={data.candidates.length === 0}>
              <option value="">{data.candidates.length === 0 ? "Everyone eligible is on it" : "Choose…"}</option>
              {data.candidates.map((c) => (
                <option key={c.userId} value={c.userId}>
                  {c.name} ({ROLE_LABELS[c.role as Role] ?? c.role}, {c.email})
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!pick || change.isPending}>
            Add to roster
          </button>
        </form>
      )}
    </section>
  );
}
