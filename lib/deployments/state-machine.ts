import type { Role } from "@/lib/auth/roles";

export type DeploymentStatus = "DRAFT" | "SUBMITTED" | "AUTHORISED" | "REFUSED" | "LIVE" | "CLOSED" | "CANCELLED";
export type Transition = "edit" | "submit" | "authorise" | "refuse" | "confirm-signage" | "go-live" | "close" | "cancel" | "change-threshold";

interface Rule {
  from: DeploymentStatus[];
  to: DeploymentStatus | "same";
  roles: Role[];
}

/**
 * The lifecycle the server enforces:
 * draft → submitted (commander) → authorised or refused (an authorising officer who is not the
 * applicant) → live (inside the window, signage confirmed, self-test passed) → closed (with a
 * report), or cancelled before going live. An edit sends an application back to draft, and an
 * authorised one must be authorised again.
 */
export const RULES: Record<Transition, Rule> = {
  edit: { from: ["DRAFT", "SUBMITTED", "REFUSED", "AUTHORISED"], to: "DRAFT", roles: ["COMMANDER"] },
  submit: { from: ["DRAFT"], to: "SUBMITTED", roles: ["COMMANDER"] },
  authorise: { from: ["SUBMITTED"], to: "AUTHORISED", roles: ["AUTHORISING_OFFICER"] },
  refuse: { from: ["SUBMITTED"], to: "REFUSED", roles: ["AUTHORISING_OFFICER"] },
  "confirm-signage": { from: ["AUTHORISED"], to: "same", roles: ["OPERATOR", "COMMANDER"] },
  "go-live": { from: ["AUTHORISED"], to: "LIVE", roles: ["OPERATOR", "COMMANDER"] },
  close: { from: ["LIVE"], to: "CLOSED", roles: ["COMMANDER"] },
  cancel: { from: ["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED"], to: "CANCELLED", roles: ["COMMANDER"] },
  "change-threshold": { from: ["AUTHORISED", "LIVE"], to: "same", roles: ["AUTHORISING_OFFICER"] },
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

/** Whether `user` may apply `transition` to a deployment in this state now. Pure. */
export function decide(transition: Transition, d: DeploymentFacts, user: { id: string; role: Role }, now: Date): Decision {
  const rule = RULES[transition];
  if (!rule.roles.includes(user.role)) return { ok: false, status: 403, message: `Only ${rule.roles.map((r) => r.toLowerCase().replace("_", " ")).join(" or ")} may ${transition.replace("-", " ")} a deployment.` };
  if (!rule.from.includes(d.status)) {
    return { ok: false, status: 409, message: `Cannot ${transition.replace("-", " ")} a deployment that is ${label(d.status)} (allowed from: ${rule.from.map(label).join(", ")}).` };
  }
  if ((transition === "authorise" || transition === "refuse") && user.id === d.applicantId) {
    return { ok: false, status: 403, message: "The applicant cannot decide on their own application: another authorising officer must." };
  }
  if (transition === "go-live") {
    if (now < d.plannedStart) return { ok: false, status: 409, message: `The authorised window opens at ${d.plannedStart.toISOString()}; it cannot go live before.` };
    if (now > d.plannedEnd) return { ok: false, status: 409, message: `The authorised window closed at ${d.plannedEnd.toISOString()}.` };
    if (d.authorisedVersion !== d.version) return { ok: false, status: 409, message: "The application changed after authorisation; it must be authorised again." };
    if (!d.signageConfirmedAt) return { ok: false, status: 409, message: "An operator must confirm that the signage is up before going live." };
    if (!d.selfTestPassedAt) return { ok: false, status: 409, message: "The self-test has not passed: walk a blue-list volunteer past a camera and confirm the test alert." };
  }
  return { ok: true, to: rule.to === "same" ? d.status : rule.to };
}
