"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AlertView } from "@/lib/alerts/alert-view";
import { api } from "@/lib/client/api";
import { benchHook } from "@/lib/live-client/bench-hook";
import { subscribeLiveEvents } from "@/lib/live-client/live-events";
import { CameraTile } from "./camera-tile";
import { LiveMap } from "./live-map";
import "./live.css";

interface LiveDeployment {
  id: string;
  reference: string;
  name: string;
  status: string;
  threshold: number;
  requireSecondConfirmation: boolean;
  adjudicationSlaMinutes: number;
  zone: { name: string; geometry: unknown };
  cameras: { id: string; name: string; lat: number; lng: number; headingDeg: number; fovDeg: number; rangeM: number; source: string; whepUrl: string | null }[];
  facesProcessed: number;
}

const OUTCOMES = [
  ["ENGAGED", "Engaged"],
  ["ARRESTED", "Arrested"],
  ["NO_FURTHER_ACTION", "No further action"],
  ["NOT_LOCATED", "Not located"],
] as const;

const PAGE = 50;

const isOpen = (a: AlertView) => a.status === "PENDING" || a.status === "AWAITING_SECOND";
const words = (s: string) => s.toLowerCase().replace(/_/g, " ");

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

let audio: AudioContext | null = null;
function beep() {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch {
    // no audio device: the banner still shows
  }
}

/** The operator's control room: camera tiles, the alert feed, the map and adjudication. */
export function LiveConsole({ initialDeploymentId = null }: { initialDeploymentId?: string | null }) {
  const deployments = useQuery({ queryKey: ["live-deployments"], queryFn: () => api<{ deployments: LiveDeployment[] }>("/api/live/deployments") });
  const [deploymentId, setDeploymentId] = useState<string | null>(initialDeploymentId);
  const list = deployments.data?.deployments ?? [];
  const deployment = list.find((d) => d.id === deploymentId) ?? list.find((d) => d.status === "LIVE") ?? list[0] ?? null;

  if (deployments.isPending) return <p aria-busy="true">Loading deployments…</p>;
  if (deployments.isError)
    return (
      <div role="alert" className="error stack">
        <p>Could not load the live deployments: {deployments.error.message}</p>
        <button type="button" className="secondary" onClick={() => void deployments.refetch()}>
          Try again
        </button>
      </div>
    );
  if (!deployment)
    return (
      <section className="card empty-state">
        <h1>Live operations</h1>
        <p className="muted">No deployment on your roster is live or in its self-test. Once a commander puts you on an authorised deployment&apos;s roster, its cameras and alerts appear here.</p>
      </section>
    );
  return (
    <div className="stack">
      <div className="row">
        <h1>Live: {deployment.name}</h1>
        <span className={deployment.status === "LIVE" ? "badge live" : "badge warn"}>{deployment.status === "LIVE" ? "live" : "self-test"}</span>
        <span className="spacer" />
        {list.length > 1 && (
          <label className="row">
            Deployment
            <select value={deployment.id} onChange={(e) => setDeploymentId(e.target.value)}>
              {list.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.reference} · {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <DeploymentLive key={deployment.id} deployment={deployment} />
    </div>
  );
}

function DeploymentLive({ deployment }: { deployment: LiveDeployment }) {
  const [alerts, setAlerts] = useState<Map<string, AlertView>>(new Map());
  const [olderBefore, setOlderBefore] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [faces, setFaces] = useState(deployment.facesProcessed);
  const [muted, setMuted] = useState(false);
  const [banner, setBanner] = useState<AlertView | null>(null);
  const [connected, setConnected] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const detailHeading = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const slaMs = deployment.adjudicationSlaMinutes * 60_000;

  const upsert = useCallback((a: AlertView) => setAlerts((m) => new Map(m).set(a.id, a)), []);
  const upsertMany = useCallback((rows: AlertView[]) => setAlerts((m) => new Map([...rows.map((a) => [a.id, a] as const), ...m])), []);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    let loaded = false;
    return subscribeLiveEvents(deployment.id, {
      onStatus: setConnected,
      // The list is read once the stream is open, so no alert falls between the two.
      onOpen: () => {
        if (loaded) return;
        loaded = true;
        api<{ alerts: AlertView[]; nextBefore: string | null }>(`/api/alerts?deploymentId=${deployment.id}&limit=${PAGE}`)
          .then((r) => {
            upsertMany(r.alerts);
            setOlderBefore(r.nextBefore);
          })
          .catch((e: Error) => setLoadError(e.message));
      },
      onEvent: (type, data) => {
        if (type === "counts") setFaces((data as { facesProcessed: number }).facesProcessed);
        if (type === "alert.updated") upsert(data as AlertView);
        if (type === "alert.created") {
          const alert = data as AlertView;
          upsert(alert);
          benchHook()?.shown.push({ subject: alert.subjectReference, shownAt: Date.now() });
          setBanner(alert);
          if (!mutedRef.current) beep();
        }
      },
    });
  }, [deployment.id, upsert, upsertMany]);

  const loadOlder = async () => {
    if (!olderBefore) return;
    try {
      const r = await api<{ alerts: AlertView[]; nextBefore: string | null }>(`/api/alerts?deploymentId=${deployment.id}&limit=${PAGE}&before=${encodeURIComponent(olderBefore)}`);
      upsertMany(r.alerts);
      setOlderBefore(r.nextBefore);
    } catch (e) {
      setLoadError((e as Error).message);
    }
  };

  const sorted = useMemo(() => [...alerts.values()].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt)), [alerts]);
  const current = sorted.find((a) => a.id === selected) ?? sorted[0] ?? null;
  const open = sorted.filter(isOpen);
  const overdue = (a: AlertView) => isOpen(a) && (a.overdue || now - Date.parse(a.receivedAt) > slaMs);

  const act = useCallback(
    async (alert: AlertView, path: "adjudicate" | "outcome", body: unknown) => {
      setBusy(true);
      setActionError(null);
      try {
        const r = await api<{ alert: AlertView }>(`/api/alerts/${alert.id}/${path}`, { method: "POST", json: body });
        upsert(r.alert);
      } catch (e) {
        setActionError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [upsert],
  );
  const decide = useCallback((alert: AlertView, decision: "CONFIRM" | "REJECT") => act(alert, "adjudicate", { decision, ...(alert.isTest ? { isTest: true } : {}) }), [act]);

  const select = useCallback((id: string, focus: "list" | "detail") => {
    setSelected(id);
    setActionError(null);
    requestAnimationFrame(() => {
      if (focus === "detail") detailHeading.current?.focus();
      else listRef.current?.querySelector<HTMLButtonElement>(`[data-alert-id="${id}"] button`)?.focus();
    });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).closest("input, select, textarea, [contenteditable]")) return;
      const i = current ? sorted.indexOf(current) : -1;
      if (e.key === "j" && i < sorted.length - 1) select(sorted[i + 1].id, "list");
      else if (e.key === "k" && i > 0) select(sorted[i - 1].id, "list");
      else if (e.key === "c" && current && isOpen(current) && !busy) void decide(current, "CONFIRM");
      else if (e.key === "r" && current && isOpen(current) && !busy) void decide(current, "REJECT");
      else if (e.key === "m") setMuted((m) => !m);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [sorted, current, busy, decide, select]);

  return (
    <>
      <div className="row">
        <span data-testid="faces-processed">Faces processed: {faces}</span>
        <span className={connected ? "badge live" : "badge warn"}>{connected ? "alert feed connected" : "alert feed reconnecting"}</span>
        <span>{open.length} open alert(s)</span>
        <span className="spacer" />
        <button type="button" className="secondary" aria-pressed={!muted} onClick={() => setMuted((m) => !m)}>
          {muted ? "Sound off" : "Sound on"}
        </button>
      </div>
      {banner && isOpen(alerts.get(banner.id) ?? banner) && (
        <div className="banner" role="alert" data-testid="alert-banner">
          <span>
            New alert: {banner.subjectReference} at {banner.camera.name}, score {banner.similarity.toFixed(2)}
          </span>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              select(banner.id, "detail");
              setBanner(null);
            }}
          >
            Review
          </button>
          <button type="button" className="secondary" onClick={() => setBanner(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="live-grid">
        <div className="stack">
          <div className="tiles">
            {deployment.cameras.map((c) => (
              <CameraTile key={c.id} camera={c} />
            ))}
          </div>
          <LiveMap
            deploymentId={deployment.id}
            zone={deployment.zone}
            cameras={deployment.cameras}
            alerts={sorted.slice(0, 50).map((a) => ({ id: a.id, cameraId: a.camera.id, label: `${a.subjectReference} (${words(a.status)})`, open: isOpen(a) }))}
          />
        </div>
        <aside className="stack" aria-label="Alerts">
          <h2>Alerts</h2>
          {loadError && (
            <p role="alert" className="error">
              Could not load alerts: {loadError}
            </p>
          )}
          {sorted.length === 0 && <p className="muted">No alerts yet. Matches appear here within a second.</p>}
          <ul className="alert-list" data-testid="alert-list" ref={listRef}>
            {sorted.map((a) => {
              const late = overdue(a);
              return (
                <li key={a.id} className={`alert-item${late ? " overdue" : ""}`} data-testid="alert-item" data-alert-id={a.id} data-subject={a.subjectReference} data-status={a.status} data-overdue={late}>
                  <button type="button" aria-current={current?.id === a.id} onClick={() => select(a.id, "detail")}>
                    <span>
                      {a.subjectReference} · {a.camera.name} · {new Date(a.capturedAt).toLocaleTimeString("en-GB")}
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
          {olderBefore && (
            <button type="button" className="secondary" onClick={() => void loadOlder()}>
              Load older alerts
            </button>
          )}
          {current && (
            <AlertDetail
              key={current.id}
              alert={current}
              now={now}
              late={overdue(current)}
              busy={busy}
              error={actionError}
              headingRef={detailHeading}
              onDecide={(d) => void decide(current, d)}
              onOutcome={(o) => void act(current, "outcome", { outcome: o })}
            />
          )}
          <p className="muted">
            Keys: <kbd>j</kbd> / <kbd>k</kbd> next / previous alert, <kbd>c</kbd> confirm, <kbd>r</kbd> reject, <kbd>m</kbd> sound on/off.
          </p>
        </aside>
      </div>
    </>
  );
}

function AlertDetail(props: {
  alert: AlertView;
  now: number;
  late: boolean;
  busy: boolean;
  error: string | null;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onDecide: (d: "CONFIRM" | "REJECT") => void;
  onOutcome: (o: (typeof OUTCOMES)[number][0]) => void;
}) {
  const { alert, now, late, busy, error } = props;
  const open = isOpen(alert);
  const scoreClass = alert.similarity >= alert.thresholdInForce ? "ok" : "warn";
  return (
    <section className={`card stack${late ? " overdue-card" : ""}`} aria-labelledby="alert-detail-heading" data-testid="alert-detail">
      <h3 id="alert-detail-heading" ref={props.headingRef} tabIndex={-1}>
        Alert: {alert.subjectReference}
        {alert.isTest && " (self-test)"}
      </h3>
      <div className="compare">
        <figure>
          <img src={alert.probeImageUrl} alt="Face captured by the camera" />
          <figcaption className="muted">Camera capture</figcaption>
        </figure>
        <figure>
          {alert.watchlistImageUrl ? (
            <img src={alert.watchlistImageUrl} alt={`Watchlist image of ${alert.subjectReference}`} />
          ) : (
            <p className="muted">No watchlist image</p>
          )}
          <figcaption className="muted">Watchlist: {alert.subjectReference}</figcaption>
        </figure>
      </div>
      <dl className="station-stats">
        <dt>Score</dt>
        <dd>
          <span className={scoreClass}>{alert.similarity.toFixed(3)}</span> against threshold {alert.thresholdInForce.toFixed(2)} ({alert.modelId} {alert.modelVersion})
        </dd>
        <dt>Camera</dt>
        <dd>{alert.camera.name}</dd>
        <dt>Seen</dt>
        <dd>
          {new Date(alert.capturedAt).toLocaleTimeString("en-GB")}
          {alert.sightings > 1 && ` (${alert.sightings} sightings, last ${new Date(alert.lastSeenAt).toLocaleTimeString("en-GB")})`}
        </dd>
        <dt>Reason</dt>
        <dd>
          {alert.entry ? words(alert.entry.reasonCategory) : "—"}
          {alert.entry?.offence && ` · ${alert.entry.offence}`}
        </dd>
        <dt>Legal basis</dt>
        <dd>{alert.entry?.legalBasis ?? "—"}</dd>
        <dt>Status</dt>
        <dd data-testid="alert-status">{words(alert.status)}</dd>
        {open ? (
          <>
            <dt>Waiting for a decision</dt>
            <dd className={late ? "warn" : undefined} data-testid="alert-waiting">
              {duration(now - Date.parse(alert.receivedAt))}
              {late && " — overdue"}
            </dd>
          </>
        ) : (
          alert.secondsToDecision !== null && (
            <>
              <dt>Time to decision</dt>
              <dd data-testid="alert-decision-time">{duration(alert.secondsToDecision * 1000)}</dd>
            </>
          )
        )}
        {alert.outcome && (
          <>
            <dt>Outcome</dt>
            <dd data-testid="alert-outcome">{words(alert.outcome)}</dd>
          </>
        )}
      </dl>
      {alert.adjudications.length > 0 && (
        <ol className="muted adjudications" aria-label="Decisions so far">
          {alert.adjudications.map((j) => (
            <li key={j.id}>
              {new Date(j.createdAt).toLocaleTimeString("en-GB")}: {j.decision === "OUTCOME" ? `outcome: ${words(j.outcome ?? "")}` : j.decision === "CONFIRM" ? "confirmed" : "rejected"}
              {j.isTest ? " (self-test)" : ""}
              {j.note ? ` — ${j.note}` : ""}
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {open && (
        <div className="row">
          <button type="button" className="ok" disabled={busy} onClick={() => props.onDecide("CONFIRM")}>
            Confirm match
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => props.onDecide("REJECT")}>
            Reject
          </button>
          {alert.status === "AWAITING_SECOND" && <span className="warn">Confirmed once; a second, different operator must confirm.</span>}
          {alert.status === "PENDING" && alert.requireSecondConfirmation && <span className="muted">This deployment requires two operators to confirm.</span>}
        </div>
      )}
      {alert.status === "CONFIRMED" && !alert.outcome && (
        <div className="row" role="group" aria-label="Record the outcome">
          {OUTCOMES.map(([value, label]) => (
            <button key={value} type="button" className="secondary" disabled={busy} onClick={() => props.onOutcome(value)}>
              {label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
