import type { LiveScope } from "./contract";

/** How the console names a deployment's phase and search scope, and when a station's scope is wrong. */
export type Phase = LiveScope["phase"];

export const PHASE_LABEL: Record<Phase, string> = { "self-test": "self-test", live: "live", stopped: "stopped" };
export const PHASE_BADGE: Record<Phase, string> = { "self-test": "badge warn", live: "badge live", stopped: "badge danger" };

/** The phase before the scope has been read: from the deployment's status. */
export function phaseOfStatus(status: string): Phase {
  return status === "LIVE" ? "live" : status === "AUTHORISED" ? "self-test" : "stopped";
}

export function galleryLabel(scope: LiveScope): string {
  const g = scope.gallery;
  if (g.kind === "none") return "no gallery (nothing is searched)";
  const who = g.kind === "blue-list" ? "blue-list volunteers only" : "full watchlist snapshot";
  return `${who}: ${g.size} ${g.size === 1 ? "entry" : "entries"}`;
}

export const shortHash = (hash: string | null) => (hash ? hash.slice(0, 8) : "—");

/**
 * Cameras whose station reports a scope version other than the one in force. A station that has not
 * reported one (null or absent) is not judged.
 */
export function camerasOutOfScope(scope: LiveScope | undefined, stationScopes: Record<string, number | null>): string[] {
  if (!scope) return [];
  return Object.entries(stationScopes)
    .filter(([, v]) => typeof v === "number" && v !== scope.version)
    .map(([cameraId]) => cameraId);
}
