import { inject } from "vitest";

// Point lib/db/prisma.ts (which reads DATABASE_URL lazily) at this run's test database.
process.env.DATABASE_URL = inject("databaseUrl");
