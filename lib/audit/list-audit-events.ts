import "server-only";
import { db } from "@/lib/db/prisma";
import { auditActionName, storedAuditActions } from "./audit-actions";

export interface AuditQuery {
  before?: bigint;
  limit: number;
  from?: Date;
  to?: Date;
  action?: string;
  actorId?: string;
  actorEmail?: string;
  deploymentId?: string;
  /** Fold repeat sightings (alert.merge_sighting) under their alert instead of listing each (default). */
  fold?: boolean;
}

const MERGE = "alert.merge_sighting";

/**
 * Newest first, keyset-paginated by sequence number (records still waiting for the sequencer come
 * first on the first page, with `seq: null`), with names a person reads: who acted (their
 * name), what they acted on (a deployment's reference, an alert's or watchlist entry's subject
 * reference, a zone's, watchlist's or user's name) and the deployment's reference. Repeat sightings
 * are folded under their alert (`foldedSightings`) unless asked for by action. Actions recorded under
 * an older name are read (and filtered) under their current one; the stored event is untouched.
 */
export async function listAuditEvents(q: AuditQuery) {
  const fold = q.fold !== false && (!q.action || auditActionName(q.action) !== MERGE);
  const rows = await db().auditEvent.findMany({
    where: {
      ...(q.before ? { seq: { lt: q.before } } : {}),
      ...(q.from || q.to ? { occurredAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
      ...(q.action ? { action: { in: storedAuditActions(q.action) } } : fold ? { action: { not: MERGE } } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.actorEmail ? { actorEmail: { equals: q.actorEmail, mode: "insensitive" as const } } : {}),
      ...(q.deploymentId ? { deploymentId: q.deploymentId } : {}),
    },
    orderBy: [{ seq: { sort: "desc", nulls: "first" } }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const names = await resolveNames(page);
  const alertIds = page.filter((e) => e.targetType === "alert" && e.targetId).map((e) => e.targetId!);
  const folded =
    fold && alertIds.length
      ? await db().auditEvent.groupBy({ by: ["targetId"], where: { action: MERGE, targetId: { in: [...new Set(alertIds)] } }, _count: { _all: true } })
      : [];
  // Only the alert's creation row carries the fold, so it is counted once.
  const foldedFor = new Map(folded.map((f) => [f.targetId, f._count._all]));
  const seen = new Set<string>();
  return {
    events: page.map((e) => {
      let foldedSightings = 0;
      if (e.targetType === "alert" && e.targetId && !seen.has(e.targetId) && e.action === "alert.create") {
        seen.add(e.targetId);
        foldedSightings = foldedFor.get(e.targetId) ?? 0;
      }
      return {
        ...e,
        id: e.id.toString(),
        seq: e.seq?.toString() ?? null,
        /** The action's current name (lib/audit/audit-actions.ts); `recordedAction` is what the chain stores. */
        action: auditActionName(e.action),
        recordedAction: e.action,
        actorName: e.actorId ? (names.users.get(e.actorId) ?? null) : null,
        targetName: targetName(e.targetType, e.targetId, names),
        deploymentReference: e.deploymentId ? (names.deployments.get(e.deploymentId) ?? null) : null,
        foldedSightings,
      };
    }),
    nextBefore: rows.length > q.limit ? await nextPageBefore(page[page.length - 1].seq) : null,
  };
}

/** The next page starts below the page's last sequenced row; after a page of pending rows only, at the chain head. */
async function nextPageBefore(lastSeq: bigint | null): Promise<string> {
  if (lastSeq !== null) return lastSeq.toString();
  const head = await db().auditEvent.findFirst({ where: { seq: { not: null } }, orderBy: { seq: "desc" }, select: { seq: true } });
  return ((head?.seq ?? 0n) + 1n).toString();
}

type Names = {
  users: Map<string, string>;
  deployments: Map<string, string>;
  alerts: Map<string, string>;
  entries: Map<string, string>;
  zones: Map<string, string>;
  watchlists: Map<string, string>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function resolveNames(
  events: { actorId: string | null; targetType: string | null; targetId: string | null; deploymentId: string | null }[],
): Promise<Names> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.targetType === type && e.targetId && UUID.test(e.targetId)).map((e) => e.targetId!))];
  const userIds = [...new Set([...events.map((e) => e.actorId).filter((x): x is string => !!x), ...ids("user")])];
  const deploymentIds = [...new Set([...events.map((e) => e.deploymentId).filter((x): x is string => !!x), ...ids("deployment")])];
  const [users, deployments, alerts, entries, zones, watchlists] = await Promise.all([
    userIds.length ? db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    deploymentIds.length ? db().deployment.findMany({ where: { id: { in: deploymentIds } }, select: { id: true, reference: true } }) : [],
    ids("alert").length ? db().alert.findMany({ where: { id: { in: ids("alert") } }, select: { id: true, subjectReference: true } }) : [],
    ids("watchlist_entry").length || ids("watchlistEntry").length
      ? db().watchlistEntry.findMany({
          where: { id: { in: [...ids("watchlist_entry"), ...ids("watchlistEntry")] } },
          select: { id: true, subjectReference: true },
        })
      : [],
    ids("zone").length ? db().zone.findMany({ where: { id: { in: ids("zone") } }, select: { id: true, name: true } }) : [],
    ids("watchlist").length ? db().watchlist.findMany({ where: { id: { in: ids("watchlist") } }, select: { id: true, name: true } }) : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.name])),
    deployments: new Map(deployments.map((d) => [d.id, d.reference])),
    alerts: new Map(alerts.map((a) => [a.id, a.subjectReference])),
    entries: new Map(entries.map((e) => [e.id, e.subjectReference])),
    zones: new Map(zones.map((z) => [z.id, z.name])),
    watchlists: new Map(watchlists.map((w) => [w.id, w.name])),
  };
}

function targetName(type: string | null, id: string | null, n: Names): string | null {
  if (!type || !id) return null;
  switch (type) {
    case "deployment":
      return n.deployments.get(id) ?? null;
    case "alert":
      return n.alerts.has(id) ? `alert on ${n.alerts.get(id)}` : null;
    case "watchlist_entry":
    case "watchlistEntry":
      return n.entries.get(id) ?? null;
    case "zone":
      return n.zones.get(id) ?? null;
    case "watchlist":
      return n.watchlists.get(id) ?? null;
    case "user":
      return n.users.get(id) ?? null;
    default:
      return null;
  }
}
