import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashPassword } from "@/lib/auth/password";
import { DEFAULT_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import { MODELS } from "@/lib/recognition/models";
import { geodesicArea } from "@/lib/geo/geodesic-area";
import { seedDemoWatchlist } from "./seed-demo-watchlist";
import { DEFAULT_DEMO_PASSWORD, DEMO_CAMERA, DEMO_USERS, DEMO_ZONE } from "./demo-data";

export interface SeedOptions {
  /** Create the demo users (never by default in production). */
  demoUsers: boolean;
  password?: string;
  log?: (line: string) => void;
}

/**
 * Seeds demo data once: a user per role, a zone at a London transport hub, a watchlist and a
 * draft deployment. Safe to run repeatedly; existing rows are left alone.
 */
export async function seedDemo(prisma: PrismaClient, options: SeedOptions): Promise<void> {
  const log = options.log ?? (() => {});
  if (!options.demoUsers) {
    log("seed: demo users not created (production; set VIGIL_SEED_DEMO=1 to ask for them)");
    return;
  }
  const password = options.password ?? DEFAULT_DEMO_PASSWORD;
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(
    async (tx) => {
      const created: string[] = [];
      for (const u of DEMO_USERS) {
        const existing = await tx.user.findUnique({ where: { email: u.email } });
        if (existing) continue;
        await tx.user.create({ data: { ...u, passwordHash } });
        created.push(u.email);
      }
      if (created.length) {
        await recordAuditEvent(tx, { actor: null, action: "system.seed_users", details: { users: created } });
        log(`seed: created demo users ${created.join(", ")}`);
      }
    },
    { timeout: 30_000 },
  );

  const commander = await prisma.user.findUniqueOrThrow({ where: { email: "commander@vigil.local" } });
  if ((await prisma.zone.count()) === 0) await seedDemoPlan(prisma, commander, log);
  await seedDemoRoster(prisma, commander.id, log);
  await seedDemoWatchlist(DEMO_WATCHLIST, log);
}

/** The demo operator is on the roster of the demo deployments (idempotent; audited when it adds). */
async function seedDemoRoster(prisma: PrismaClient, commanderId: string, log: (line: string) => void) {
  const operator = await prisma.user.findUnique({ where: { email: "operator@vigil.local" } });
  if (!operator) return;
  const demos = await prisma.deployment.findMany({ where: { reference: { startsWith: "DEP-DEMO-" } }, select: { id: true, reference: true } });
  for (const d of demos) {
    await prisma.$transaction(
      async (tx) => {
        const added = await tx.deploymentMember.createMany({
          data: [{ deploymentId: d.id, userId: operator.id, addedById: commanderId }],
          skipDuplicates: true,
        });
        if (added.count === 0) return;
        await recordAuditEvent(tx, {
          actor: null,
          action: "deployment.add_roster_member",
          targetType: "user",
          targetId: operator.id,
          deploymentId: d.id,
          details: { email: operator.email, role: operator.role, seed: true },
        });
        log(`seed: ${operator.email} on the roster of ${d.reference}`);
      },
      { timeout: 30_000 },
    );
  }
}

export const DEMO_WATCHLIST = "Demo — King's Cross wanted";

async function seedDemoPlan(prisma: PrismaClient, commander: { id: string; email: string; role: string }, log: (line: string) => void) {
  await prisma.$transaction(
    async (tx) => {
      const zone = await tx.zone.create({
        data: { ...DEMO_ZONE, areaM2: geodesicArea(DEMO_ZONE.geometry), createdById: commander.id },
      });
      const watchlist = await tx.watchlist.create({
        data: { name: DEMO_WATCHLIST, description: "Synthetic demo watchlist.", createdById: commander.id },
      });
      const start = new Date();
      start.setUTCHours(start.getUTCHours() + 1, 0, 0, 0);
      const end = new Date(start.getTime() + 6 * 3600_000);
      const deployment = await tx.deployment.create({
        data: {
          reference: "DEP-DEMO-0001",
          name: "King's Cross evening deployment",
          zoneId: zone.id,
          plannedStart: start,
          plannedEnd: end,
          purpose: "Locate people wanted by the courts for serious violent offences believed to frequent the station approaches.",
          locationType: zone.locationType,
          legalBasis: "Common law policing powers; Data Protection Act 2018 Part 3 (sensitive processing, s.35).",
          necessity: "Previous arrest attempts at home addresses failed; intelligence places subjects at the hub on weekday evenings.",
          proportionality: "Small zone, 6-hour window, bespoke watchlist, immediate deletion of non-matches, signage at both approaches.",
          watchlistCriteria: "Wanted by the courts for robbery or possession of weapons within the last 12 months.",
          expectedFootfallPerHour: 1500,
          threshold: DEFAULT_MATCH_THRESHOLD,
          modelId: MODELS.mobilefacenet.id,
          modelVersion: MODELS.mobilefacenet.version,
          applicantId: commander.id,
          watchlists: { create: [{ watchlistId: watchlist.id }] },
          cameras: { create: [DEMO_CAMERA] },
        },
      });
      await recordAuditEvent(tx, {
        actor: { id: commander.id, email: commander.email, role: commander.role },
        action: "system.seed_demo",
        targetType: "deployment",
        targetId: deployment.id,
        deploymentId: deployment.id,
        details: { zone: zone.name, watchlist: watchlist.name },
      });
      log(`seed: demo zone, watchlist and draft deployment ${deployment.reference}`);
    },
    { timeout: 30_000 },
  );
}
