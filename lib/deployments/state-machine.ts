import type { Role } from "@/lib/auth/roles";
import { DEPLOYMENT_STEPS, stepRoles, type DeploymentStep } from "./deployment-steps";

export type DeploymentStatus = "DRAFT" | "SUBMITTED" | "AUTHORISED" | "REFUSED" | "LIVE" | "CLOSED" | "CANCELLED";
/** A lifecycle step; the names, permissions, routes and audit actions are in deployment-steps.ts. */
export type Transition = DeploymentStep;

export const TRANSITIONS: readonly Transition[] = DEPLOYMENT_STEPS;
export const STATUSES: DeploymentStatus[] = ["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED", "LIVE", "CLOSED", "CANCELLED"];

interface Rule {
  from: DeploymentStatus[];
  /** The state afterwards; "same" for steps that record something without moving. */
  to: DeploymentStatus | "same";
  /** Who may take the step: the roles the permission table grants its permission (deployment-steps.ts). */
  roles: readonly Role[];
  /** How the step reads in a message ("authorise", "confirm the signage of"). */
  verb: string;
}

/**
 * The lifecycle the server enforces:
 * draft → submitted (commander) → authorised or refused (an authorising officer who is not the
 * applicant) → live (inside the window, signage confirmed, self-test passed, application unchanged
 * since it was authorised) → closed (with a report), or cancelled before going live. An edit sends
 * an application back to draft (version + 1), so an authorised one must be submitted and
 * authorised again. The threshold may change while authorised or live, by an authorising officer.
 */
export const RULES: Record<Transition, Rule> = {
  edit: { from: ["DRAFT", "SUBMITTED", "REFUSED", "AUTHORISED"], to: "DRAFT", roles: stepRoles("edit"), verb: "edit" },
  submit: { from: ["DRAFT"], to: "SUBMITTED", roles: stepRoles("submit"), verb: "submit" },
  authorise: { from: ["SUBMITTED"], to: "AUTHORISED", roles: stepRoles("authorise"), verb: "authorise" },
  refuse: { from: ["SUBMITTED"], to: "REFUSED", roles: stepRoles("refuse"), verb: "refuse" },
  "confirm-signage": { from: ["AUTHORISED"], to: "same", roles: stepRoles("confirm-signage"), verb: "confirm the signage of" },
  "record-self-test": { from: ["AUTHORISED"], to: "same", roles: stepRoles("record-self-test"), verb: "record the self-test of" },
  "go-live": { from: ["AUTHORISED"], to: "LIVE", roles: stepRoles("go-live"), verb: "take live" },
  close: { from: ["LIVE"], to: "CLOSED", roles: stepRoles("close"), verb: "close" },
  cancel: { from: ["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED"], to: "CANCELLED", roles: stepRoles("cancel"), verb: "cancel" },
  "change-threshold": { from: ["AUTHORISED", "LIVE"], to: "same", roles: stepRoles("change-threshold"), verb: "change the threshold of" },
};

export interface DeploymentFacts {
  status: DeploymentStatus;
  applicantId: string;
  plannedStart: Date;
  plannedEnd: Date;
  signageConfirmedAt: Date | null;
  selfTestPassedAt: Date | null;
  version: number;
  authorisedVersion: number | null;
}

export type Decision = { ok: true; to: DeploymentStatus } | { ok: false; status: 403 | 409; message: string };

const label = (s: DeploymentStatus) => s.toLowerCase();
const roleLabel = (r: Role) => r.toLowerCase().replace(/_/g, " ");
const article = (s: string) => (/^[aeiou]/.test(s) ? `an ${s}` : `a ${s}`);

/**
 * Whether `user` may apply `transition` to a deployment in this state now, and if not, why:
 * 403 for the wrong role (or the applicant deciding their own application), 409 for the wrong
 * state or a precondition not met, always naming the current state. Pure.
 */
export function decide(transition: Transition, d: DeploymentFacts, user: { id: string; role: Role }, now: Date): Decision {
  const rule = RULES[transition];
  if (!rule.roles.includes(user.role)) {
    return { ok: false, status: 403, message: `Only ${rule.roles.map((r) => article(roleLabel(r))).join(" or ")} may ${rule.verb} a deployment.` };
  }
  if (!rule.from.includes(d.status)) {
    return {
      ok: false,
      status: 409,
      message: `Cannot ${rule.verb} a deployment that is ${label(d.status)} (allowed only when ${rule.from.map(label).join(", ")}).`,
    };
  }
  if ((transition === "authorise" || transition === "refuse") && user.id === d.applicantId) {
    return { ok: false, status: 403, message: "The applicant cannot decide on their own application: another authorising officer must." };
  }
  if (transition === "authorise" && now > d.plannedEnd) {
    return {
      ok: false,
      status: 409,
      message: `The requested window ended at ${d.plannedEnd.toISOString()}; the deployment is submitted and can only be refused or edited.`,
    };
  }
  if (transition === "go-live") {
    if (d.authorisedVersion !== d.version)
      return { ok: false, status: 409, message: "The deployment is authorised, but the application changed after authorisation; it must be authorised again." };
    if (now < d.plannedStart)
      return {
        ok: false,
        status: 409,
        message: `The deployment is authorised; its window opens at ${d.plannedStart.toISOString()} and it cannot go live before.`,
      };
    if (now > d.plannedEnd) return { ok: false, status: 409, message: `The deployment is authorised, but its window closed at ${d.plannedEnd.toISOString()}.` };
    if (!d.signageConfirmedAt)
      return { ok: false, status: 409, message: "The deployment is authorised, but an operator must confirm that the signage is up before it goes live." };
    if (!d.selfTestPassedAt)
      return {
        ok: false,
        status: 409,
        message: "The deployment is authorised, but the self-test has not passed: walk a blue-list volunteer past a camera and mark the alert as a test.",
      };
  }
  return { ok: true, to: rule.to === "same" ? d.status : rule.to };
}
