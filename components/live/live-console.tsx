"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AlertView } from "@/lib/alerts/alert-view";
import { api } from "@/lib/client/api";
import { benchHook } from "@/components/station/camera-station";
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

function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
    osc.onended = () => void ctx.close();
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
  if (deployments.isError) return <p role="alert" className="error">{deployments.error.message}</p>;
  if (!deployment)
    return (
      <section className="card empty-state">
        <h1>Live operations</h1>
        <p className="muted">No deployment is live or in its self-test. Once one is authorised, its cameras and alerts appear here.</p>
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
  const [selected, setSelected] = useState<string | null>(null);
  const [faces, setFaces] = useState(deployment.facesProcessed);
  const [muted, setMuted] = useState(false);
  const [banner, setBanner] = useState<AlertView | null>(null);
  const [connected, setConnected] = useState(false);
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

  const upsert = useCallback((a: AlertView) => setAlerts((m) => new Map(m).set(a.id, a)), []);

  useEffect(() => {
    let cancelled = false;
    void api<{ alerts: AlertView[] }>(`/api/alerts?deploymentId=${deployment.id}&limit=100`).then((r) => {
      if (!cancelled) setAlerts((m) => new Map([...r.alerts.map((a) => [a.id, a] as const), ...m]));
    });
    // EventSource resumes with Last-Event-ID by itself after a drop, so nothing is missed.
    const source = new EventSource(`/api/live/events?deploymentId=${deployment.id}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("alert.created", (e) => {
      const alert = JSON.parse((e as MessageEvent).data) as AlertView;
      upsert(alert);
      benchHook()?.shown.push({ subject: alert.subjectReference, shownAt: Date.now() });
      setBanner(alert);
      if (!mutedRef.current) beep();
    });
    source.addEventListener("alert.updated", (e) => upsert(JSON.parse((e as MessageEvent).data) as AlertView));
    source.addEventListener("counts", (e) => setFaces((JSON.parse((e as MessageEvent).data) as { facesProcessed: number }).facesProcessed));
    return () => {
      cancelled = true;
      source.close();
    };
  }, [deployment.id, upsert]);

  const sorted = useMemo(() => [...alerts.values()].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt)), [alerts]);
  const current = sorted.find((a) => a.id === selected) ?? sorted[0] ?? null;
  const open = sorted.filter((a) => a.status === "PENDING" || a.status === "AWAITING_SECOND");

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest("input, select, textarea")) return;
      const i = current ? sorted.indexOf(current) : -1;
      if (e.key === "j" && i < sorted.length - 1) setSelected(sorted[i + 1].id);
      if (e.key === "k" && i > 0) setSelected(sorted[i - 1].id);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [sorted, current]);

  return (
    <>
      <div className="row">
        <span data-testid="faces-processed">Faces processed: {faces}</span>
        <span className={connected ? "badge live" : "badge warn"}>{connected ? "alert feed connected" : "alert feed reconnecting"}</span>
        <span>{open.length} open alert(s)</span>
        <span className="spacer" />
        <button type="button" className="secondary" aria-pressed={muted} onClick={() => setMuted((m) => !m)}>
          {muted ? "Sound off" : "Sound on"}
        </button>
      </div>
      {banner && (banner.status === "PENDING" || banner.status === "AWAITING_SECOND") && (
        <div className="banner" role="alert">
          New alert: {banner.subjectReference} at {banner.camera.name}, score {banner.similarity.toFixed(2)}
          <button type="button" className="secondary" onClick={() => setSelected(banner.id)}>
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
            zone={deployment.zone}
            cameras={deployment.cameras}
            alerts={sorted.slice(0, 50).map((a) => ({ id: a.id, cameraId: a.camera.id, label: `${a.subjectReference} (${a.status.toLowerCase()})`, open: a.status === "PENDING" || a.status === "AWAITING_SECOND" }))}
          />
        </div>
        <aside className="stack" aria-label="Alerts">
          <h2>Alerts</h2>
          {sorted.length === 0 && <p className="muted">No alerts yet. Matches appear here within a second.</p>}
          <ul className="alert-list" data-testid="alert-list">
            {sorted.map((a) => (
              <li key={a.id} className={`alert-item${a.overdue ? " overdue" : ""}`} data-testid="alert-item" data-subject={a.subjectReference} data-status={a.status}>
                <button type="button" aria-current={current?.id === a.id} onClick={() => setSelected(a.id)}>
                  <span>
                    {a.subjectReference} · {a.camera.name}
                    {a.isTest && " · TEST"}
                  </span>
                  <span className={a.status === "REJECTED" ? "muted" : a.status === "CONFIRMED" ? "ok" : a.overdue ? "warn" : "error"}>
                    {a.overdue && (a.status === "PENDING" || a.status === "AWAITING_SECOND") ? "overdue" : a.status.toLowerCase().replace("_", " ")}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {current && <AlertDetail key={current.id} alert={current} onChange={upsert} />}
          <p className="muted">Keys: j / k to move between alerts.</p>
        </aside>
      </div>
    </>
  );
}

function AlertDetail({ alert, onChange }: { alert: AlertView; onChange: (a: AlertView) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ alert: AlertView }>(`/api/alerts/${alert.id}/${path}`, { method: "POST", json: body });
      onChange(r.alert);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const open = alert.status === "PENDING" || alert.status === "AWAITING_SECOND";
  return (
    <section className="card stack" aria-label={`Alert for ${alert.subjectReference}`} data-testid="alert-detail">
      <div className="compare">
        <figure>
          <img src={alert.probeImageUrl} alt="Face captured by the camera" />
          <figcaption className="muted">Camera capture</figcaption>
        </figure>
        <figure>
          {alert.watchlistImageUrl ? <img src={alert.watchlistImageUrl} alt={`Watchlist image of ${alert.subjectReference}`} /> : <p className="muted">No watchlist image</p>}
          <figcaption className="muted">Watchlist: {alert.subjectReference}</figcaption>
        </figure>
      </div>
      <dl className="station-stats">
        <dt>Score</dt>
        <dd>
          {alert.similarity.toFixed(3)} (threshold {alert.thresholdInForce.toFixed(2)})
        </dd>
        <dt>Camera</dt>
        <dd>{alert.camera.name}</dd>
        <dt>Seen</dt>
        <dd>
          {new Date(alert.capturedAt).toLocaleTimeString("en-GB")}
          {alert.sightings > 1 && ` (${alert.sightings} sightings)`}
        </dd>
        <dt>Reason</dt>
        <dd>{alert.entry?.reasonCategory.toLowerCase().replace(/_/g, " ") ?? "—"}</dd>
        <dt>Legal basis</dt>
        <dd>{alert.entry?.legalBasis ?? "—"}</dd>
        <dt>Status</dt>
        <dd data-testid="alert-status">{alert.status.toLowerCase().replace("_", " ")}</dd>
        {alert.secondsToDecision !== null && (
          <>
            <dt>Time to decision</dt>
            <dd>{alert.secondsToDecision} s</dd>
          </>
        )}
        {alert.outcome && (
          <>
            <dt>Outcome</dt>
            <dd>{alert.outcome.toLowerCase().replace(/_/g, " ")}</dd>
          </>
        )}
      </dl>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {open && (
        <div className="row">
          <button type="button" className="ok" disabled={busy} onClick={() => void act("adjudicate", { decision: "CONFIRM", isTest: alert.isTest || undefined })}>
            Confirm match
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void act("adjudicate", { decision: "REJECT" })}>
            Reject
          </button>
          {alert.status === "AWAITING_SECOND" && <span className="warn">Waiting for a second operator</span>}
        </div>
      )}
      {alert.status === "CONFIRMED" && !alert.outcome && (
        <div className="row" role="group" aria-label="Record the outcome">
          {OUTCOMES.map(([value, label]) => (
            <button key={value} type="button" className="secondary" disabled={busy} onClick={() => void act("outcome", { outcome: value })}>
              {label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
