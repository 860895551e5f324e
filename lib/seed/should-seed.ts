/** Demo users are never created in production unless VIGIL_SEED_DEMO=1 asks for them. */
export function shouldSeedDemoUsers(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.VIGIL_SEED_DEMO === "1") return true;
  if (env.VIGIL_SEED_DEMO === "0") return false;
  return env.NODE_ENV !== "production";
}
