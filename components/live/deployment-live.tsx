"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { isOpen, sortedAlerts } from "./alert-feed";
import { AlertBanner } from "./alert-banner";
import { confirmedByViewer } from "./alert-detail";
import { AlertsPanel } from "./alerts-panel";
import { CameraGrid, MAX_TILES, toggleFullScreen } from "./camera-grid";
import { words } from "./format";
import { outcomesFor, REJECT_REASONS, type AlertOutcome, type AlertView, type RejectReason } from "./contract";
import { LiveMap } from "./live-map";
import { errorMessage, useAdjudicateAlert, useAlertFeed, useLiveScope, useRecordOutcome, type LiveDeployment } from "./queries";
import { ScopeSummary } from "./scope-summary";
import { camerasOutOfScope, phaseOfStatus } from "./scope-view";
import { SoundToggle } from "./sound-toggle";
import { UndoToasts } from "./undo-toasts";
import { useAlertSound } from "./use-alert-sound";
import { useConsoleKeys } from "./use-console-keys";
import { useLiveStream } from "./use-live-stream";
import { latestUndoable, useUndoToasts } from "./use-undo-toasts";

export interface Viewer {
  id: string;
  role: Role;
}

/** One deployment in the control room: its scope, cameras, map, alert feed and adjudication. */
export function DeploymentLive({ deployment, viewer }: { deployment: LiveDeployment; viewer: Viewer }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [rejectingId, setRejectingId] = useState<string | null>(null);
  const [focusedTile, setFocusedTile] = useState<string | null>(null);
  const [banner, setBanner] = useState<AlertView | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const detailHeading = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const { sound, state: soundState } = useAlertSound();

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);

  const onNewAlert = useCallback(
    (a: AlertView) => {
      setBanner(a);
      void sound?.play();
    },
    [sound],
  );
  const stream = useLiveStream(deployment.id, onNewAlert);
  const feed = useAlertFeed(deployment.id);
  const scope = useLiveScope(deployment.id, deployment.scope);
  const adjudicate = useAdjudicateAlert();
  const outcome = useRecordOutcome();
  const toasts = useUndoToasts(now);
  const busy = adjudicate.isPending || outcome.isPending;
  const canAdjudicate = can(viewer.role, "alerts.adjudicate");

  const phase = scope.data?.phase ?? phaseOfStatus(deployment.status);
  const outOfScope = camerasOutOfScope(scope.data, stream.stationScopes);
  const alerts = useMemo(() => sortedAlerts(feed.data), [feed.data]);
  const current = alerts.find((a) => a.id === selected) ?? alerts[0] ?? null;
  const slaMs = deployment.adjudicationSlaMinutes * 60_000;
  const overdue = (a: AlertView) => isOpen(a) && (a.overdue || now - Date.parse(a.receivedAt) > slaMs);

  const select = (id: string, focus: "list" | "detail") => {
    setSelected(id);
    setRejectingId(null);
    setActionError(null);
    requestAnimationFrame(() => {
      if (focus === "detail") detailHeading.current?.focus();
      else listRef.current?.querySelector<HTMLButtonElement>(`[data-alert-id="${id}"] button`)?.focus();
    });
  };
  const done = (text: string) => ({
    onSuccess: (a: AlertView) => {
      setActionError(null);
      setRejectingId(null);
      toasts.push(a, text);
    },
    onError: (e: Error) => setActionError(errorMessage(e)),
  });
  const confirm = (a: AlertView) =>
    adjudicate.mutate(
      { alert: a, decision: { decision: "CONFIRM" } },
      done(a.requireSecondConfirmation && a.status === "PENDING" ? `First confirmation of ${a.subjectReference}` : `Confirmed ${a.subjectReference}`),
    );
  const reject = (a: AlertView, reason: RejectReason, note?: string) =>
    adjudicate.mutate(
      { alert: a, decision: { decision: "REJECT", reason, ...(note ? { note } : {}) } },
      done(`Rejected ${a.subjectReference} (${REJECT_REASONS.find((r) => r.value === reason)?.label ?? words(reason)})`),
    );
  const record = (a: AlertView, value: AlertOutcome) =>
    outcome.mutate(
      { alert: a, outcome: value },
      done(`Outcome for ${a.subjectReference}: ${outcomesFor(a.isTest).find((o) => o.value === value)?.label ?? words(value)}`),
    );

  // The alert being rejected is pinned, so a new alert arriving meanwhile cannot take its place.
  const startReject = (a: AlertView) => {
    setSelected(a.id);
    setRejectingId(a.id);
  };
  const rejectingAlert = alerts.find((a) => a.id === rejectingId) ?? null;

  const shownCameras = deployment.cameras.slice(0, MAX_TILES);
  const actionable = current && isOpen(current) && canAdjudicate && !busy;
  useConsoleKeys({
    j: () => {
      const i = current ? alerts.indexOf(current) : -1;
      if (i < alerts.length - 1) select(alerts[i + 1].id, "list");
    },
    k: () => {
      const i = current ? alerts.indexOf(current) : -1;
      if (i > 0) select(alerts[i - 1].id, "list");
    },
    c: () => (actionable && !rejectingId && !confirmedByViewer(current, viewer.id) ? confirm(current) : false),
    r: () => {
      if (!actionable) return false;
      startReject(current);
    },
    u: () => {
      const t = latestUndoable(toasts.toasts, Date.now());
      if (!t) return false;
      toasts.requestUndo(t);
    },
    m: () => (soundState === "blocked" ? void sound?.unlock() : sound?.setMuted(soundState === "on")),
    t: () => {
      if (shownCameras.length === 0) return false;
      const i = shownCameras.findIndex((c) => c.id === focusedTile);
      setFocusedTile(shownCameras[(i + 1) % shownCameras.length].id);
    },
    f: () => {
      const id = focusedTile ?? shownCameras[0]?.id;
      if (!id) return false;
      toggleFullScreen(id);
    },
    Escape: () => {
      if (!focusedTile) return false;
      setFocusedTile(null);
    },
  });

  return (
    <>
      <ScopeSummary
        scope={scope.data}
        phase={phase}
        error={scope.isError ? errorMessage(scope.error) : null}
        outOfScope={deployment.cameras.filter((c) => outOfScope.includes(c.id))}
      />
      <div className="row">
        <span data-testid="faces-processed">Faces processed: {stream.facesProcessed ?? deployment.facesProcessed}</span>
        <span className={stream.connected ? "badge live" : "badge warn"} data-testid="feed-state">
          {stream.connected ? "alert feed connected" : "alert feed reconnecting"}
        </span>
        <span>{alerts.filter(isOpen).length} open alert(s)</span>
        {stream.gapsFilled > 0 && (
          <span className="warn" data-testid="gaps-filled">
            {stream.gapsFilled} missed alert(s) recovered
          </span>
        )}
        <span className="spacer" />
        {sound && <SoundToggle sound={sound} state={soundState} />}
      </div>
      {banner && isOpen(feed.data?.byId[banner.id] ?? banner) && (
        <AlertBanner
          alert={banner}
          onReview={() => {
            select(banner.id, "detail");
            setBanner(null);
          }}
          onDismiss={() => setBanner(null)}
        />
      )}
      <div className="live-grid">
        <div className="stack">
          <CameraGrid cameras={deployment.cameras} phase={phase} outOfScope={outOfScope} focusedId={focusedTile} onFocus={setFocusedTile} />
          <LiveMap
            deploymentId={deployment.id}
            zone={deployment.zone}
            cameras={deployment.cameras}
            alerts={alerts.slice(0, 50).map((a) => ({ id: a.id, cameraId: a.camera.id, label: `${a.subjectReference} (${words(a.status)})`, open: isOpen(a) }))}
          />
        </div>
        <AlertsPanel
          deploymentId={deployment.id}
          alerts={alerts}
          current={current}
          now={now}
          overdue={overdue}
          loadError={stream.error}
          loading={!stream.loaded && !stream.error}
          olderBefore={feed.data?.olderBefore ?? null}
          listRef={listRef}
          detailHeading={detailHeading}
          onSelect={(id) => select(id, "detail")}
          detail={{
            busy,
            error: actionError,
            viewerId: viewer.id,
            canAdjudicate,
            rejecting: !!current && current.id === rejectingId,
            onConfirm: () => current && confirm(current),
            onStartReject: () => current && startReject(current),
            onCancelReject: () => setRejectingId(null),
            onReject: (reason, note) => rejectingAlert && reject(rejectingAlert, reason, note),
            onOutcome: (o) => current && record(current, o),
          }}
        />
      </div>
      <UndoToasts toasts={toasts.toasts} now={now} onUndo={toasts.requestUndo} onDismiss={toasts.dismiss} />
    </>
  );
}
