"use client";
import { useState, type FormEvent } from "react";
import { FormActions } from "@/components/shell/form-actions";
import { errorMessage } from "@/lib/client/api";
import { geodesicArea } from "@/lib/geo/geodesic-area";
import { formatArea, MAX_ZONE_VERTICES } from "@/lib/zones/zone-geometry";
import { LOCATION_TYPE_LABELS, LOCATION_TYPES, type Ring, type ZoneListItem } from "@/lib/zones/zone-schemas";
import { useArchiveZone, useSaveZone } from "./queries";

const HINTS: Record<(typeof LOCATION_TYPES)[number], string> = {
  CRIME_HOTSPOT: "Which crimes, how often, and how the outline covers the hotspot's access routes (cite the intelligence layer).",
  EVENT: "The event, its dates and crowd, and the specific threat the deployment addresses.",
  CRITICAL_INFRASTRUCTURE: "The site, why it is critical, and the threat to it.",
  PERSON_INTELLIGENCE: "The intelligence that places a named person here, its source grading and date.",
};

export interface ZoneEditState {
  mode: "new" | "edit";
  zone?: ZoneListItem;
}

/** The list of zones beside the map (select one to show it), and the form to add or edit one. */
export function ZonesPanel(props: {
  zones: ZoneListItem[] | undefined;
  loading: boolean;
  error: string | null;
  canWrite: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  edit: ZoneEditState | null;
  onEdit: (edit: ZoneEditState | null) => void;
  ring: Ring | null;
}) {
  const { zones, loading, error, canWrite, selectedId, onSelect, edit, onEdit, ring } = props;
  return (
    <div className="stack">
      <div className="row">
        <h2>Zones</h2>
        <span className="spacer" />
        {canWrite && !edit && (
          <button type="button" onClick={() => onEdit({ mode: "new" })}>
            New zone
          </button>
        )}
      </div>
      {edit && <ZoneForm key={edit.zone?.id ?? "new"} edit={edit} ring={ring} onDone={() => onEdit(null)} />}
      {loading && <p aria-busy="true">Loading zones…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {zones && zones.length === 0 && <p className="muted">No zones yet. {canWrite ? "Draw the first one with New zone." : "A commander draws them."}</p>}
      {zones && zones.length > 0 && (
        <ul className="zone-list" aria-label="Zones">
          {zones.map((z) => (
            <li key={z.id}>
              <button type="button" className="zone-item" aria-pressed={z.id === selectedId} onClick={() => onSelect(z.id)}>
                <span className="zone-name">{z.name}</span>
                <span className="muted">
                  {LOCATION_TYPE_LABELS[z.locationType as keyof typeof LOCATION_TYPE_LABELS] ?? z.locationType} · {formatArea(z.areaM2)} · {z.deployments}{" "}
                  deployment{z.deployments === 1 ? "" : "s"}
                </span>
              </button>
              {z.id === selectedId && (
                <div className="zone-detail">
                  <p>{z.rationale}</p>
                  {z.area && <p className="muted">Area: {z.area}</p>}
                  {canWrite && !edit && (
                    <div className="row-actions">
                      <button type="button" className="secondary" onClick={() => onEdit({ mode: "edit", zone: z })}>
                        Edit zone
                      </button>
                      <ArchiveZoneButton zone={z} />
                    </div>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ArchiveZoneButton({ zone }: { zone: ZoneListItem }) {
  const [error, setError] = useState<string | null>(null);
  const archive = useArchiveZone(zone.id);
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={archive.isPending}
        onClick={() =>
          window.confirm(`Archive "${zone.name}"? It will no longer be offered for deployments.`) &&
          archive.mutate(undefined, { onError: (e) => setError(errorMessage(e)) })
        }
      >
        Archive
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </>
  );
}

function ZoneForm({ edit, ring, onDone }: { edit: ZoneEditState; ring: Ring | null; onDone: () => void }) {
  const z = edit.zone;
  const [locationType, setLocationType] = useState<(typeof LOCATION_TYPES)[number]>(z?.locationType ?? "CRIME_HOTSPOT");
  const [error, setError] = useState<string | null>(null);
  const save = useSaveZone(z?.id ?? null);
  const corners = ring ? ring.length - 1 : 0;
  const area = ring && corners >= 3 ? geodesicArea({ coordinates: [ring] }) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!ring) {
      setError("Draw the zone's outline on the map first.");
      return;
    }
    const data = new FormData(event.currentTarget);
    save.mutate(
      {
        name: String(data.get("name") ?? ""),
        locationType,
        rationale: String(data.get("rationale") ?? ""),
        area: String(data.get("area") ?? "") || undefined,
        geometry: { type: "Polygon", coordinates: [ring] },
      },
      { onSuccess: onDone, onError: (e) => setError(errorMessage(e)) },
    );
  }

  return (
    <form className="card stack" aria-label={z ? `Edit zone ${z.name}` : "New zone"} onSubmit={submit}>
      <h3>{z ? `Edit ${z.name}` : "New zone"}</h3>
      <p className="muted">
        Outline:{" "}
        <span role="status" data-testid="outline-status">
          {ring ? `${corners} corners, ${area !== null ? formatArea(area) : "—"}` : "not drawn yet — use Draw outline under the map"}
        </span>
        . At most {MAX_ZONE_VERTICES} corners; the server refuses outlines that cross themselves or are too large to be targeted.
      </p>
      <label>
        Name
        <input name="name" required minLength={3} maxLength={120} defaultValue={z?.name} />
      </label>
      <label>
        Location type
        <select name="locationType" value={locationType} onChange={(e) => setLocationType(e.target.value as (typeof LOCATION_TYPES)[number])}>
          {LOCATION_TYPES.map((t) => (
            <option key={t} value={t}>
              {LOCATION_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rationale
        <textarea name="rationale" required minLength={20} maxLength={4000} defaultValue={z?.rationale} aria-describedby="rationale-hint" />
        <span id="rationale-hint" className="muted">
          {HINTS[locationType]}
        </span>
      </label>
      <label>
        Borough or area (for the published record)
        <input name="area" maxLength={120} defaultValue={z?.area ?? ""} />
      </label>
      <FormActions error={error} pending={save.isPending} label={z ? "Save changes" : "Save zone"} onCancel={onDone} />
    </form>
  );
}
