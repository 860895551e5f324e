import type { TestProject } from "vitest/node";
import { ensureTestCluster, freshDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

/** Integration tests: one real Postgres, one fresh migrated database per run. */
export default async function setup(project: TestProject) {
  const cluster = await ensureTestCluster();
  const url = await freshDatabase(cluster.adminUrl, "vigil_integration");
  project.provide("databaseUrl", url);
  project.provide("adminDatabaseUrl", cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}
