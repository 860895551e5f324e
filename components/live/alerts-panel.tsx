"use client";
import type { ComponentProps, RefObject } from "react";
import { AlertDetail } from "./alert-detail";
import { AlertList } from "./alert-list";
import type { AlertView } from "./contract";
import { errorMessage, useLoadOlderAlerts } from "./queries";
import { KEY_HELP } from "./use-console-keys";

type DetailActions = Omit<ComponentProps<typeof AlertDetail>, "alert" | "now" | "late" | "headingRef">;

/** The right-hand column: the feed, older pages, the selected alert and the keys. */
export function AlertsPanel(props: {
  deploymentId: string;
  alerts: AlertView[];
  current: AlertView | null;
  now: number;
  overdue: (a: AlertView) => boolean;
  loadError: string | null;
  loading: boolean;
  olderBefore: string | null;
  listRef: RefObject<HTMLUListElement | null>;
  detailHeading: RefObject<HTMLHeadingElement | null>;
  onSelect: (id: string) => void;
  detail: DetailActions;
}) {
  const { alerts, current, now, overdue, olderBefore } = props;
  const older = useLoadOlderAlerts(props.deploymentId);
  return (
    <aside className="stack" aria-label="Alerts">
      <h2>Alerts</h2>
      {props.loadError && (
        <p role="alert" className="error">
          {props.loadError}
        </p>
      )}
      {alerts.length === 0 &&
        (props.loading ? (
          <p aria-busy="true" className="muted">
            Loading alerts…
          </p>
        ) : (
          <p className="muted">No alerts yet. Matches appear here within a second.</p>
        ))}
      <AlertList alerts={alerts} currentId={current?.id ?? null} now={now} overdue={overdue} onSelect={props.onSelect} listRef={props.listRef} />
      {olderBefore && (
        <button type="button" className="secondary" disabled={older.isPending} onClick={() => older.mutate(olderBefore)}>
          Load older alerts
        </button>
      )}
      {older.isError && (
        <p role="alert" className="error">
          Could not load older alerts: {errorMessage(older.error)}
        </p>
      )}
      {current && <AlertDetail key={current.id} alert={current} now={now} late={overdue(current)} headingRef={props.detailHeading} {...props.detail} />}
      <p className="muted keys">
        Keys:{" "}
        {KEY_HELP.map(([k, what]) => (
          <span key={k}>
            <kbd>{k}</kbd> {what}.{" "}
          </span>
        ))}
      </p>
    </aside>
  );
}
