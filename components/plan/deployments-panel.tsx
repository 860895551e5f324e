"use client";
import { useEffect, useState } from "react";
import { can } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { STATUSES } from "@/lib/deployments/state-machine";
import { DeploymentDetail } from "./deployment-detail";
import { DeploymentForm } from "./deployment-form";
import { dateTime, STATUS_BADGE, words } from "./format";
import { Pager } from "./pager";
import { useDeployment, useDeploymentList, type CameraDraft, type PlanUser, type ZoneListItem } from "./queries";

const PAGE_SIZE = 20;

export type DeploymentView = { kind: "list" } | { kind: "new" } | { kind: "detail"; id: string } | { kind: "edit"; id: string };

/** Applications and deployments: the list, one deployment's record and steps, and the application form. */
export function DeploymentsPanel({
  user,
  zones,
  mapCenter,
  onMapCameras,
  onFocusZone,
  view,
  setView,
}: {
  user: PlanUser;
  zones: ZoneListItem[];
  mapCenter: [number, number];
  onMapCameras: (c: CameraDraft[], zoneId: string | null) => void;
  onFocusZone: (zoneId: string) => void;
  /** Which list, record or form is open: kept in the URL by the workspace. */
  view: DeploymentView;
  setView: (v: DeploymentView) => void;
}) {
  const [page, setPage] = useState(0);
  const [status, setStatus] = useState("");
  const list = useDeploymentList(page, PAGE_SIZE, status);
  const openId = view.kind === "detail" || view.kind === "edit" ? view.id : null;
  const detail = useDeployment(openId);
  const d = detail.data;

  useEffect(() => {
    if (view.kind === "detail" && d) {
      onMapCameras(d.cameras, d.zoneId);
      onFocusZone(d.zoneId);
    }
    if (view.kind === "list") onMapCameras([], null);
  }, [view.kind, d, onMapCameras, onFocusZone]);

  const canWrite = can(user.role, "deployments.write");
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));

  if (view.kind === "new") {
    return (
      <DeploymentForm
        zones={zones}
        mapCenter={mapCenter}
        onCameras={(c) => onMapCameras(c, null)}
        onSaved={(id) => setView({ kind: "detail", id })}
        onCancel={() => setView({ kind: "list" })}
      />
    );
  }
  if (view.kind === "edit") {
    if (!d) return <p aria-busy="true">Loading the application…</p>;
    return (
      <DeploymentForm
        zones={zones}
        existing={d}
        mapCenter={mapCenter}
        onCameras={(c) => onMapCameras(c, d.zoneId)}
        onSaved={(id) => setView({ kind: "detail", id })}
        onCancel={() => setView({ kind: "detail", id: d.id })}
      />
    );
  }
  if (view.kind === "detail") {
    if (detail.isError)
      return (
        <p role="alert" className="error">
          {errorMessage(detail.error)}
        </p>
      );
    if (!d) return <p aria-busy="true">Loading the deployment…</p>;
    return <DeploymentDetail deployment={d} user={user} onEdit={() => setView({ kind: "edit", id: d.id })} onClose={() => setView({ kind: "list" })} />;
  }

  return (
    <div className="stack">
      <div className="row">
        <h2>Deployments</h2>
        <span className="spacer" />
        {canWrite && (
          <button type="button" onClick={() => setView({ kind: "new" })}>
            New application
          </button>
        )}
      </div>
      <label>
        Status
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setPage(0);
          }}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {words(s)}
            </option>
          ))}
        </select>
      </label>
      {list.isPending && <p aria-busy="true">Loading deployments…</p>}
      {list.isError && (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data && list.data.deployments.length === 0 && <p className="muted">No deployments{status ? ` that are ${words(status)}` : ""} yet.</p>}
      {list.data && list.data.deployments.length > 0 && (
        <table className="table" data-testid="deployments-table">
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Name and zone</th>
              <th scope="col">Window</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.deployments.map((row) => (
              <tr key={row.id}>
                <td>{row.reference}</td>
                <td>
                  {row.name}
                  <br />
                  <span className="muted">{row.zone.name}</span>
                </td>
                <td>
                  {dateTime(row.plannedStart)}
                  <br />
                  <span className="muted">to {dateTime(row.plannedEnd)}</span>
                </td>
                <td>
                  <span className={STATUS_BADGE[row.status]}>{words(row.status)}</span>
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Open ${row.reference} ${row.name}`}
                    onClick={() => setView({ kind: "detail", id: row.id })}
                  >
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && <Pager page={page} pages={pages} onPage={setPage} label="Deployments" />}
    </div>
  );
}
