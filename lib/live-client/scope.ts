/**
 * A camera station's search scope: which gallery (blue-list volunteers only, or the full frozen
 * snapshot), of what size and content hash, at which threshold. The server says what is in force
 * (`GET /api/live/deployments/[id]/scope`, and `deployment.changed` live events); the station
 * says what it actually searches. The two are compared so that a station searching a stale
 * gallery says so loudly instead of silently missing wanted people.
 *
 * The shapes follow the live-loop contract (lib/live/live-schemas.ts on the server side); they are
 * parsed here leniently (unknown fields ignored, missing optional fields tolerated) so that a
 * station keeps working against a server one version older or newer.
 */
import { z } from "zod";

export type ScopePhase = "self-test" | "live" | "stopped";
export type GalleryKind = "blue-list" | "full" | "none";

export interface ServerScope {
  deploymentId: string;
  reference: string;
  status: string;
  phase: ScopePhase;
  stoppedReason: string | null;
  threshold: number;
  gallery: { kind: GalleryKind; size: number; hash: string | null; snapshotId: string | null };
  windowStart?: string;
  windowEnd?: string;
  modelId?: string;
  modelVersion?: string;
  version: number;
}

const scopeSchema = z.object({
  deploymentId: z.string().max(64),
  reference: z.string().max(64).default(""),
  status: z.string().max(32),
  phase: z.enum(["self-test", "live", "stopped"]),
  stoppedReason: z.string().max(500).nullable().default(null),
  threshold: z.number().min(0).max(1),
  gallery: z.object({
    kind: z.enum(["blue-list", "full", "none"]),
    size: z.number().int().min(0),
    hash: z.string().max(200).nullable().default(null),
    snapshotId: z.string().max(64).nullable().default(null),
  }),
  windowStart: z.string().max(40).optional(),
  windowEnd: z.string().max(40).optional(),
  modelId: z.string().max(100).optional(),
  modelVersion: z.string().max(100).optional(),
  version: z.number().int().min(0),
});

/** A scope from the server, or null when the payload is not one (never trusted blindly). */
export function parseScope(data: unknown): ServerScope | null {
  const r = scopeSchema.safeParse(data);
  return r.success ? (r.data as ServerScope) : null;
}

const changeSchema = z.object({ scope: z.unknown(), change: z.string().max(40).default("other") });

/** The payload of a `deployment.changed` live event: the new scope and what changed. */
export function parseDeploymentChanged(data: unknown): { scope: ServerScope; change: string } | null {
  const r = changeSchema.safeParse(data);
  if (!r.success) return null;
  const scope = parseScope(r.data.scope);
  return scope ? { scope, change: r.data.change } : null;
}

/** What a station holds: derived from the gallery it loaded. */
export interface HeldScope {
  kind: GalleryKind;
  size: number;
  hash: string | null;
  snapshotId: string | null;
  threshold: number;
  /** The server's scope version this gallery was fetched for (null: unknown, an older server). */
  version: number | null;
}

export interface GalleryScopeInfo {
  snapshotId: string;
  contentHash?: string | null;
  threshold: number;
  entries: { isTestSubject: boolean }[];
  /** Newer servers: the scope this gallery belongs to. */
  scope?: unknown;
  hash?: string | null;
  version?: number;
}

/** The scope a loaded gallery represents (the server's own description of it when it sends one). */
export function heldScopeOf(g: GalleryScopeInfo): HeldScope {
  const declared = parseScope(g.scope);
  if (declared) return { ...declared.gallery, threshold: g.threshold, version: declared.version };
  const allTest = g.entries.length > 0 && g.entries.every((e) => e.isTestSubject);
  return {
    kind: g.entries.length === 0 ? "none" : allTest ? "blue-list" : "full",
    size: g.entries.length,
    hash: g.hash ?? g.contentHash ?? null,
    snapshotId: g.snapshotId,
    threshold: g.threshold,
    version: typeof g.version === "number" ? g.version : null,
  };
}

/** The first 8 characters of a content hash (hex or base64), for display. */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return "—";
  return hash.replace(/^sha256[:-]/, "").slice(0, 8);
}

const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;

const KIND_LABEL: Record<GalleryKind, string> = { "blue-list": "blue-list only (self-test)", full: "full watchlist", none: "nothing" };

export function describeScope(s: { kind: GalleryKind; size: number; hash: string | null; threshold: number }): string {
  return `${KIND_LABEL[s.kind]} · ${entries(s.size)} · snapshot ${shortHash(s.hash)} · threshold ${s.threshold.toFixed(2)}`;
}

/**
 * Why the held scope is not the one in force (null when they agree). The hash is compared only
 * when both sides name one; a stopped deployment is not a mismatch (the station stops instead).
 */
export function scopeMismatch(held: HeldScope | null, server: ServerScope | null): string | null {
  if (!held || !server || server.phase === "stopped") return null;
  const diffs: string[] = [];
  if (held.kind !== server.gallery.kind) diffs.push(`searching ${KIND_LABEL[held.kind]}, the server has ${KIND_LABEL[server.gallery.kind]} in force`);
  if (held.size !== server.gallery.size) diffs.push(`${entries(held.size)} held, ${server.gallery.size} in force`);
  if (held.hash && server.gallery.hash && held.hash !== server.gallery.hash)
    diffs.push(`snapshot ${shortHash(held.hash)} held, ${shortHash(server.gallery.hash)} in force`);
  if (Math.abs(held.threshold - server.threshold) > 1e-9) diffs.push(`threshold ${held.threshold.toFixed(2)} held, ${server.threshold.toFixed(2)} in force`);
  return diffs.length ? diffs.join("; ") : null;
}
