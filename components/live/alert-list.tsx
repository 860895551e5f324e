"use client";
import type { RefObject } from "react";
import type { AlertView } from "./contract";
import { clock, duration, words } from "./format";

/** The feed, newest first: status or how long an open alert has waited, overdue ones marked. */
export function AlertList(props: {
  alerts: AlertView[];
  currentId: string | null;
  now: number;
  overdue: (a: AlertView) => boolean;
  onSelect: (id: string) => void;
  listRef: RefObject<HTMLUListElement | null>;
}) {
  const { alerts, currentId, now, overdue, listRef, onSelect } = props;
  return (
    <ul className="alert-list" data-testid="alert-list" ref={listRef}>
      {alerts.map((a) => {
        const late = overdue(a);
        return (
          <li
            key={a.id}
            className={`alert-item${late ? " overdue" : ""}`}
            data-testid="alert-item"
            data-alert-id={a.id}
            data-subject={a.subjectReference}
            data-status={a.status}
            data-overdue={late}
          >
            <button type="button" aria-current={currentId === a.id} onClick={() => onSelect(a.id)}>
              <span>
                {a.subjectReference} · {a.camera.name} · {clock(a.capturedAt)}
                {a.isTest && " · TEST"}
              </span>
              <span className={a.status === "REJECTED" ? "muted" : a.status === "CONFIRMED" ? "ok" : late ? "warn" : "error"}>
                {late ? `overdue ${duration(now - Date.parse(a.receivedAt))}` : words(a.status)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
