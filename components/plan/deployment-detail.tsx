"use client";
import { useEffect, useState } from "react";
import { can } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import type { DeploymentStep } from "@/lib/deployments/deployment-steps";
import { RULES } from "@/lib/deployments/state-machine";
import { AuthoriserEstimate } from "./authoriser-estimate";
import { DeploymentRecord, personOn } from "./deployment-record";
import { DeploymentRoster } from "./deployment-roster";
import { dateTime, STATUS_BADGE, words } from "./format";
import { useDeploymentStep, type DeploymentDetail as Deployment, type PlanUser } from "./queries";
import { Check, ReasonForm, ThresholdChange } from "./step-forms";

/** One deployment's record, its go-live checks, and the steps this user may take now (the step table and the permission table decide). */
export function DeploymentDetail({
  deployment: d,
  user,
  onEdit,
  onClose,
}: {
  deployment: Deployment;
  user: PlanUser;
  onEdit: () => void;
  onClose: () => void;
}) {
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const step = useDeploymentStep(d);
  const may = (t: DeploymentStep) => RULES[t].roles.includes(user.role) && RULES[t].from.includes(d.status);
  const run = (t: Exclude<DeploymentStep, "edit">, body: Record<string, unknown> = {}) => {
    setMessage(null);
    step.mutate(
      { step: t, body },
      {
        onSuccess: () => setMessage({ kind: "ok", text: `Done: ${t.replace("-", " ")}.` }),
        onError: (e) => setMessage({ kind: "error", text: errorMessage(e) }),
      },
    );
  };
  const person = (id: string | null) => personOn(d, id);
  // The clock the go-live checks are read against, ticking so "inside the window" turns true on time.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  return (
    <article className="card stack" aria-labelledby="deployment-title">
      <div className="row">
        <h3 id="deployment-title">
          {d.reference}: {d.name}
        </h3>
        <span className={STATUS_BADGE[d.status]} data-testid="deployment-status">
          {words(d.status)}
        </span>
        <span className="muted">version {d.version}</span>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={onClose}>
          Back to the list
        </button>
      </div>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error" : "ok"} data-testid="step-message">
          {message.text}
        </p>
      )}

      <div className="row-actions" aria-label="Steps you can take">
        {may("edit") && (
          <button type="button" className="secondary" onClick={onEdit}>
            Edit application
          </button>
        )}
        {may("submit") && (
          <button type="button" disabled={step.isPending} onClick={() => run("submit")}>
            Submit for authorisation
          </button>
        )}
        {may("confirm-signage") && !d.signageConfirmedAt && (
          <button type="button" className="secondary" disabled={step.isPending} onClick={() => run("confirm-signage")}>
            Confirm signage is up
          </button>
        )}
        {may("go-live") && (
          <button type="button" className="ok" disabled={step.isPending} onClick={() => run("go-live")}>
            Go live
          </button>
        )}
      </div>
      {may("authorise") && <AuthoriserEstimate deployment={d} />}
      {may("authorise") && (
        <div className="decision">
          <ReasonForm
            label="Authorise"
            field="reasons"
            buttonClass="ok"
            hint={`Your written reasons. You sign as ${user.name}; the decision is recorded with the time and the application version (${d.version}).`}
            busy={step.isPending}
            onSubmit={(v) => run("authorise", { reasons: v })}
          />
          <ReasonForm
            label="Refuse"
            field="reasons"
            buttonClass="danger"
            hint="Why the application is refused."
            busy={step.isPending}
            onSubmit={(v) => run("refuse", { reasons: v })}
          />
        </div>
      )}
      {may("close") && (
        <ReasonForm
          label="Close deployment"
          field="report"
          buttonClass="danger"
          hint="Closure report: what happened, and why it ended now."
          busy={step.isPending}
          onSubmit={(v) => run("close", { report: v })}
        />
      )}
      {may("change-threshold") && (
        <ThresholdChange current={d.threshold} busy={step.isPending} onSubmit={(threshold, reason) => run("change-threshold", { threshold, reason })} />
      )}
      {may("cancel") && (
        <ReasonForm
          label="Cancel application"
          field="reason"
          buttonClass="secondary"
          hint="Why it is cancelled."
          busy={step.isPending}
          onSubmit={(v) => run("cancel", { reason: v })}
        />
      )}

      {d.status === "AUTHORISED" && (
        <section aria-labelledby="checks-title">
          <h4 id="checks-title">Before going live</h4>
          <ul className="checks">
            <Check ok={now >= new Date(d.plannedStart).getTime() && now <= new Date(d.plannedEnd).getTime()}>
              Inside the authorised window ({dateTime(d.plannedStart)} – {dateTime(d.plannedEnd)})
            </Check>
            <Check ok={d.authorisedVersion === d.version}>Application unchanged since it was authorised</Check>
            <Check ok={!!d.signageConfirmedAt}>
              Signage confirmed {d.signageConfirmedAt ? `by ${person(d.signageConfirmedById)} at ${dateTime(d.signageConfirmedAt)}` : ""}
            </Check>
            <Check ok={!!d.selfTestPassedAt}>
              Self-test passed{" "}
              {d.selfTestPassedAt ? `at ${dateTime(d.selfTestPassedAt)}` : "(an operator marks a blue-list volunteer's alert as a test on the live page)"}
            </Check>
          </ul>
        </section>
      )}

      <DeploymentRecord deployment={d} />
      <DeploymentRoster deploymentId={d.id} canManage={can(user.role, "deployments.roster")} />
    </article>
  );
}
