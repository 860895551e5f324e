"use client";
import { useEffect, useState, type FormEvent } from "react";
import { useLatest } from "@/lib/client/use-latest";
import { confirmDiscard, setUnsaved } from "./unsaved-guard";
import { FormActions } from "@/components/shell/form-actions";
import { errorMessage } from "@/lib/client/api";
import { DEFAULT_MATCH_THRESHOLD, MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import { LOCATION_TYPE_LABELS } from "@/lib/zones/zone-schemas";
import { FalseAlertsEstimate } from "./false-alerts-estimate";
import { fromLocalInput, toLocalInput } from "./format";
import { useSaveDeployment, useWatchlistSummaries, type CameraDraft, type DeploymentDetail, type ZoneListItem } from "./queries";

const newCamera = (n: number, at: [number, number]): CameraDraft => ({
  name: `Camera ${n}`,
  lat: Number(at[0].toFixed(6)),
  lng: Number(at[1].toFixed(6)),
  headingDeg: 0,
  fovDeg: 60,
  rangeM: 25,
  source: "LOCAL_PUBLISHER",
  whepUrl: "",
});

/**
 * The application for a deployment: purpose, legal basis, necessity and proportionality, the
 * watchlist criteria, the window, the cameras and the threshold, with the threshold's expected
 * false alerts beside it. Editing an authorised application sends it back for authorisation.
 */
export function DeploymentForm(props: {
  zones: ZoneListItem[];
  existing?: DeploymentDetail;
  mapCenter: [number, number];
  onCameras: (cameras: CameraDraft[]) => void;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const { zones, existing, mapCenter, onCameras, onSaved, onCancel } = props;
  const watchlists = useWatchlistSummaries();
  // The default window: from the next full hour, read once when the form opens.
  const [start] = useState(() => {
    const d = new Date(Date.now() + 3600_000);
    d.setMinutes(0, 0, 0);
    return d;
  });
  const [zoneId, setZoneId] = useState(existing?.zoneId ?? zones[0]?.id ?? "");
  const [threshold, setThreshold] = useState(existing?.threshold ?? DEFAULT_MATCH_THRESHOLD);
  const [footfall, setFootfall] = useState<string>(existing?.expectedFootfallPerHour?.toString() ?? "1500");
  const [chosen, setChosen] = useState<string[]>(existing?.watchlists.map((w) => w.watchlist.id) ?? []);
  const [cameras, setCameras] = useState<CameraDraft[]>(existing?.cameras.map((c) => ({ ...c, whepUrl: c.whepUrl ?? "" })) ?? []);
  const [error, setError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);

  // The map shows the cameras as they are edited. The parent's callback is read through a ref: it is a
  // new function each render, and depending on it re-ran this effect after every render (an endless
  // update loop that starved the router's navigation after saving).
  const showCameras = useLatest(onCameras);
  useEffect(() => showCameras.current(cameras), [cameras, showCameras]);
  // An unsaved application warns before it is lost: on reload or closing the tab (the browser's
  // prompt), and on every in-app move away (unsaved-guard).
  useEffect(() => {
    setUnsaved(dirty);
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  useEffect(() => () => setUnsaved(false), []);

  const save = useSaveDeployment(existing?.id ?? null);

  const zone = zones.find((z) => z.id === zoneId);
  const size = (watchlists.data?.watchlists ?? []).filter((w) => chosen.includes(w.id)).reduce((s, w) => s + w.enrolledActive, 0);
  const footfallNumber = footfall.trim() === "" ? null : Number(footfall);

  function setCamera(i: number, patch: Partial<CameraDraft>) {
    setCameras((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const data = new FormData(event.currentTarget);
    const plannedStart = fromLocalInput(String(data.get("plannedStart") ?? ""));
    const plannedEnd = fromLocalInput(String(data.get("plannedEnd") ?? ""));
    if (!plannedStart || !plannedEnd) {
      setError("Enter the start and end of the window.");
      return;
    }
    save.mutate(
      {
        name: String(data.get("name") ?? ""),
        zoneId,
        plannedStart,
        plannedEnd,
        purpose: String(data.get("purpose") ?? ""),
        legalBasis: String(data.get("legalBasis") ?? ""),
        necessity: String(data.get("necessity") ?? ""),
        proportionality: String(data.get("proportionality") ?? ""),
        watchlistCriteria: String(data.get("watchlistCriteria") ?? ""),
        expectedFootfallPerHour: footfallNumber ?? undefined,
        threshold,
        watchlistIds: chosen,
        cameras: cameras.map((c) => ({
          name: c.name,
          lat: Number(c.lat),
          lng: Number(c.lng),
          headingDeg: Number(c.headingDeg),
          fovDeg: Number(c.fovDeg),
          rangeM: Number(c.rangeM),
          source: c.source,
          ...(c.source === "WHEP" && c.whepUrl ? { whepUrl: c.whepUrl } : {}),
        })),
        requireSecondConfirmation: data.get("requireSecondConfirmation") === "on",
        dedupWindowSeconds: Number(data.get("dedupWindowSeconds")),
        adjudicationSlaMinutes: Number(data.get("adjudicationSlaMinutes")),
      },
      {
        // The save mutation invalidates the lists and this deployment before these run.
        onSuccess: (r) => {
          setDirty(false);
          setUnsaved(false);
          onSaved(r.deployment.id);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }

  if (zones.length === 0) return <p className="muted">Draw a zone first: a deployment is always tied to one zone.</p>;

  return (
    <form
      className="card stack"
      aria-label={existing ? `Edit ${existing.reference}` : "New deployment application"}
      onSubmit={submit}
      onChange={() => setDirty(true)}
      data-dirty={dirty ? "true" : undefined}
    >
      <h3>{existing ? `Edit ${existing.reference}` : "New deployment application"}</h3>
      {existing && existing.status !== "DRAFT" && (
        <p className="warn" role="note">
          Saving changes returns this application to draft (version {existing.version + 1}): it must be submitted and authorised again
          {existing.status === "AUTHORISED" ? ", and its frozen watchlist is discarded" : ""}.
        </p>
      )}
      <label>
        Name
        <input name="name" required minLength={3} maxLength={120} defaultValue={existing?.name} />
      </label>
      <label>
        Zone
        <select name="zoneId" value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </select>
        {zone && <span className="muted">Location type: {LOCATION_TYPE_LABELS[zone.locationType as keyof typeof LOCATION_TYPE_LABELS]}</span>}
      </label>
      <div className="grid-form">
        <label>
          Window starts
          <input type="datetime-local" name="plannedStart" required defaultValue={toLocalInput(existing?.plannedStart ?? start)} />
        </label>
        <label>
          Window ends (at most 24 hours later)
          <input
            type="datetime-local"
            name="plannedEnd"
            required
            defaultValue={toLocalInput(existing?.plannedEnd ?? new Date(start.getTime() + 6 * 3600_000))}
          />
        </label>
      </div>
      <label>
        Purpose
        <textarea name="purpose" required minLength={10} maxLength={2000} defaultValue={existing?.purpose} />
      </label>
      <label>
        Legal basis
        <textarea name="legalBasis" required minLength={5} maxLength={1000} defaultValue={existing?.legalBasis} />
      </label>
      <label>
        Why it is necessary
        <textarea name="necessity" required minLength={10} maxLength={4000} defaultValue={existing?.necessity} />
      </label>
      <label>
        Why it is proportionate
        <textarea name="proportionality" required minLength={10} maxLength={4000} defaultValue={existing?.proportionality} />
      </label>
      <label>
        Watchlist criteria (who may be on it, and why)
        <textarea name="watchlistCriteria" required minLength={10} maxLength={2000} defaultValue={existing?.watchlistCriteria} />
      </label>

      <fieldset className="stack">
        <legend>Watchlists</legend>
        {watchlists.isPending && <p aria-busy="true">Loading watchlists…</p>}
        {watchlists.isError && (
          <p role="alert" className="error">
            {errorMessage(watchlists.error)}
          </p>
        )}
        {watchlists.data?.watchlists.length === 0 && <p className="muted">No watchlists yet: create one on the Watchlists page.</p>}
        {watchlists.data?.watchlists.map((w) => (
          <label key={w.id} className="inline">
            <input
              type="checkbox"
              checked={chosen.includes(w.id)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, w.id] : c.filter((x) => x !== w.id)))}
            />
            {w.name}{" "}
            <span className="muted">
              ({w.enrolledActive} reviewed and enrolled, {w.testSubjects} blue-list
              {w.awaitingReview > 0 ? `; ${w.awaitingReview} awaiting review, left out until reviewed` : ""})
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset className="stack">
        <legend>Cameras</legend>
        <p className="muted">
          Position each camera on the map: pan so the crosshair is on it, then “Place at map centre”. Heading is the compass bearing it faces.
        </p>
        {cameras.map((c, i) => (
          <div key={i} className="camera-edit" role="group" aria-label={`Camera ${i + 1}`}>
            <label>
              Name
              <input value={c.name} required minLength={2} maxLength={80} onChange={(e) => setCamera(i, { name: e.target.value })} />
            </label>
            <label>
              Latitude
              <input type="number" step="0.000001" value={c.lat} onChange={(e) => setCamera(i, { lat: Number(e.target.value) })} />
            </label>
            <label>
              Longitude
              <input type="number" step="0.000001" value={c.lng} onChange={(e) => setCamera(i, { lng: Number(e.target.value) })} />
            </label>
            <label>
              Heading °
              <input type="number" min={0} max={360} value={c.headingDeg} onChange={(e) => setCamera(i, { headingDeg: Number(e.target.value) })} />
            </label>
            <label>
              Field of view °
              <input type="number" min={5} max={180} value={c.fovDeg} onChange={(e) => setCamera(i, { fovDeg: Number(e.target.value) })} />
            </label>
            <label>
              Range m
              <input type="number" min={1} max={200} value={c.rangeM} onChange={(e) => setCamera(i, { rangeM: Number(e.target.value) })} />
            </label>
            <label>
              Source
              <select value={c.source} onChange={(e) => setCamera(i, { source: e.target.value as CameraDraft["source"] })}>
                <option value="LOCAL_PUBLISHER">Camera station (browser publisher)</option>
                <option value="WHEP">WHEP stream URL</option>
              </select>
            </label>
            {c.source === "WHEP" && (
              <label>
                WHEP URL
                <input type="url" maxLength={500} required value={c.whepUrl ?? ""} onChange={(e) => setCamera(i, { whepUrl: e.target.value })} />
              </label>
            )}
            <div className="row-actions">
              <button
                type="button"
                className="secondary"
                onClick={() => setCamera(i, { lat: Number(mapCenter[0].toFixed(6)), lng: Number(mapCenter[1].toFixed(6)) })}
              >
                Place at map centre
              </button>
              <button type="button" className="secondary" onClick={() => setCameras((cs) => cs.filter((_, j) => j !== i))}>
                Remove camera
              </button>
            </div>
          </div>
        ))}
        <div>
          <button
            type="button"
            className="secondary"
            disabled={cameras.length >= 20}
            onClick={() => setCameras((cs) => [...cs, newCamera(cs.length + 1, mapCenter)])}
          >
            Add camera at map centre
          </button>
        </div>
      </fieldset>

      <fieldset className="stack">
        <legend>Threshold and alerting</legend>
        <div className="grid-form">
          <label>
            Match threshold
            <input
              type="number"
              name="threshold"
              min={MIN_MATCH_THRESHOLD}
              max={MAX_MATCH_THRESHOLD}
              step={0.01}
              required
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
            />
          </label>
          <label>
            Threshold slider
            <input
              type="range"
              min={MIN_MATCH_THRESHOLD}
              max={MAX_MATCH_THRESHOLD}
              step={0.01}
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
              aria-valuetext={threshold.toFixed(2)}
            />
          </label>
          <label>
            Expected footfall (faces per hour)
            <input
              type="number"
              name="expectedFootfallPerHour"
              min={0}
              max={1_000_000}
              step={1}
              value={footfall}
              onChange={(e) => setFootfall(e.target.value)}
            />
          </label>
        </div>
        <FalseAlertsEstimate threshold={threshold} watchlistSize={size} footfallPerHour={footfallNumber} onUseThreshold={setThreshold} />
        <div className="grid-form">
          <label className="inline">
            <input type="checkbox" name="requireSecondConfirmation" defaultChecked={existing?.requireSecondConfirmation ?? false} /> Require a second operator
            to confirm
          </label>
          <label>
            De-duplication window (s)
            <input type="number" name="dedupWindowSeconds" min={10} max={3600} defaultValue={existing?.dedupWindowSeconds ?? 120} />
          </label>
          <label>
            Adjudication target (min)
            <input type="number" name="adjudicationSlaMinutes" min={1} max={120} defaultValue={existing?.adjudicationSlaMinutes ?? 5} />
          </label>
        </div>
      </fieldset>
      {dirty && (
        <p className="muted" role="status">
          Unsaved changes: save the draft before leaving, or they are lost.
        </p>
      )}
      <FormActions error={error} pending={save.isPending} label={existing ? "Save changes" : "Save draft"} onCancel={() => confirmDiscard() && onCancel()} />
    </form>
  );
}
