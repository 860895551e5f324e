import { PERMISSIONS, type Action } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";

/**
 * The one vocabulary of a deployment's lifecycle steps (docs/vocabulary.md). A step has ONE name,
 * written in kebab-case (`confirm-signage`); everything else is derived from it mechanically:
 * - its route: POST /api/deployments/[id]/<step> (edit is PUT /api/deployments/[id]);
 * - its audit action: `deployment.<step with - as _>` (`deployment.confirm_signage`);
 * - who may take it: the roles the permission table grants its `permission`.
 * Safe for client and server (no "server-only"): the planning UI reads it to show the steps a user may take.
 */
export const DEPLOYMENT_STEPS = [
  "edit",
  "submit",
  "authorise",
  "refuse",
  "confirm-signage",
  "record-self-test",
  "go-live",
  "close",
  "cancel",
  "change-threshold",
] as const;
export type DeploymentStep = (typeof DEPLOYMENT_STEPS)[number];

/** The permission-table action each step needs. */
export const STEP_PERMISSIONS = {
  edit: "deployments.write",
  submit: "deployments.submit",
  authorise: "deployments.authorise",
  refuse: "deployments.authorise",
  "confirm-signage": "deployments.go_live",
  "record-self-test": "deployments.self_test",
  "go-live": "deployments.go_live",
  close: "deployments.close",
  cancel: "deployments.write",
  "change-threshold": "deployments.threshold",
} as const satisfies Record<DeploymentStep, Action>;

/** The roles that may take `step`, from the permission table (never a list of its own). */
export function stepRoles(step: DeploymentStep): readonly Role[] {
  return PERMISSIONS[STEP_PERMISSIONS[step]];
}

/** POST /api/deployments/[id]/<path>; null for edit (PUT on the deployment itself). */
export function stepPath(step: DeploymentStep): string | null {
  return step === "edit" ? null : step;
}

/** The audit action a step records: `deployment.<verb_object>` in snake_case. */
export function stepAuditAction<S extends DeploymentStep>(step: S): `deployment.${SnakeCase<S>}` {
  return `deployment.${step.replace(/-/g, "_")}` as `deployment.${SnakeCase<S>}`;
}

type SnakeCase<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${SnakeCase<B>}` : S;
