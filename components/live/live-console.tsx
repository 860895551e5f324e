"use client";
import { useState } from "react";
import { DeploymentLive, type Viewer } from "./deployment-live";
import { errorMessage, useLiveDeployments } from "./queries";
import "./live.css";

/** The operator's control room: picks a deployment (live first) and shows it. */
export function LiveConsole({ initialDeploymentId = null, viewer }: { initialDeploymentId?: string | null; viewer: Viewer }) {
  const deployments = useLiveDeployments();
  const [deploymentId, setDeploymentId] = useState<string | null>(initialDeploymentId);
  const list = deployments.data?.deployments ?? [];
  const deployment = list.find((d) => d.id === deploymentId) ?? list.find((d) => d.status === "LIVE") ?? list[0] ?? null;

  if (deployments.isPending) return <p aria-busy="true">Loading deployments…</p>;
  if (deployments.isError)
    return (
      <div role="alert" className="error stack">
        <p>Could not load the live deployments: {errorMessage(deployments.error)}</p>
        <button type="button" className="secondary" onClick={() => void deployments.refetch()}>
          Try again
        </button>
      </div>
    );
  if (!deployment)
    return (
      <section className="card empty-state stack" data-testid="live-empty">
        <h1>Live operations</h1>
        <p className="muted">
          No deployment on your roster is live or in its self-test. Once a commander puts you on an authorised deployment&apos;s roster, its cameras and alerts
          appear here.
        </p>
        <p className="muted">
          A commander plans a deployment on <a href="/plan">Plan</a>; after it is authorised and its signage confirmed, open each camera&apos;s station page
          (its address is shown here and on the deployment) and confirm the blue-list volunteer&apos;s self-test alert.
        </p>
        <button type="button" className="secondary check-again" onClick={() => void deployments.refetch()}>
          Check again
        </button>
      </section>
    );
  return (
    <div className="stack">
      <div className="row">
        <h1>
          Live: {deployment.name} <span className="muted reference">{deployment.reference}</span>
        </h1>
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
      <DeploymentLive key={deployment.id} deployment={deployment} viewer={viewer} />
    </div>
  );
}
