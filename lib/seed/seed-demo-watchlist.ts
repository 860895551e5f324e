import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { sharedDir } from "@/lib/db/paths";
import { db } from "@/lib/db/prisma";
import { enrolFolders } from "@/lib/watchlists/enrol-folder";
import { reviewEntry } from "@/lib/watchlists/review-entry";

/** Demo subjects from ../shared/faces: five "wanted" people and one staff volunteer (blue list). */
export const DEMO_SUBJECTS = [
  { id: "obama", ref: "WL-0001" },
  { id: "biden", ref: "WL-0002" },
  { id: "kit_harington", ref: "WL-0003" },
  { id: "rose_leslie", ref: "WL-0004" },
  { id: "alex_lacamoire", ref: "WL-0005" },
  { id: "deepface_p01", ref: "BLUE-0001", test: true },
];

/**
 * Enrols the demo subjects into the demo watchlist when it is empty and the shared test photos
 * are present (they are never committed); otherwise says why it skipped.
 */
export async function seedDemoWatchlist(watchlistName: string, log: (line: string) => void): Promise<void> {
  const faces = path.join(sharedDir, "faces");
  const watchlist = await db().watchlist.findUnique({ where: { name: watchlistName }, include: { _count: { select: { entries: true } } } });
  if (!watchlist || watchlist._count.entries > 0) return;
  if (!existsSync(faces)) {
    log(`seed: ${faces} not found; the demo watchlist stays empty (enrol photos on /watchlists)`);
    return;
  }
  const commander = await db().user.findUniqueOrThrow({ where: { email: "commander@vigil.local" } });
  const actor = { id: commander.id, email: commander.email, name: commander.name, role: commander.role, sid: "seed" };
  const report = await enrolFolders(
    watchlist.id,
    DEMO_SUBJECTS.filter((s) => existsSync(path.join(faces, s.id))).map((s) => ({
      folder: path.join(faces, s.id),
      subjectReference: s.ref,
      displayName: s.test ? "Staff volunteer (self-test)" : undefined,
      isTestSubject: s.test ?? false,
    })),
    actor,
    { imageSource: "demo: shared test photos (internal fixtures only)" },
  );
  log(
    `seed: enrolled ${report.enrolled.length} demo subject(s) into "${watchlistName}"${report.rejected.length ? `, ${report.rejected.length} rejected` : ""}`,
  );
  // Only reviewed entries can be authorised into a deployment: the demo authorising officer
  // reviews the demo entries (audited, like a review on /watchlists).
  const authoriser = await db().user.findUnique({ where: { email: "authoriser@vigil.local" } });
  if (!authoriser) return;
  const reviewer = { id: authoriser.id, email: authoriser.email, name: authoriser.name, role: authoriser.role, sid: "seed" };
  const entries = await db().watchlistEntry.findMany({ where: { watchlistId: watchlist.id, reviewedAt: null }, select: { id: true } });
  for (const e of entries) await reviewEntry(e.id, "Demo entry reviewed at seeding", reviewer, "seed");
  log(`seed: ${entries.length} demo entr${entries.length === 1 ? "y" : "ies"} reviewed by ${authoriser.email}`);
}
