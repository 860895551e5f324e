/** Seeds demo data into the app's database (demo users only outside production, or when asked). */
import { withCliDatabase } from "../lib/db/cli-database";
import { createPrismaClient } from "../lib/db/prisma";
import { resolveDatabaseUrl } from "../lib/db/database-url";
import { seedDemo } from "../lib/seed/seed-demo";
import { shouldSeedDemoUsers } from "../lib/seed/should-seed";

await withCliDatabase(async () => {
  const prisma = createPrismaClient(resolveDatabaseUrl());
  try {
    await seedDemo(prisma, { demoUsers: shouldSeedDemoUsers(), password: process.env.DEMO_PASSWORD, log: console.log });
  } finally {
    await prisma.$disconnect();
  }
});
