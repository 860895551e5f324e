import path from "node:path";

/** Local state (embedded database, generated secret) lives under .vigil/ in the project. */
export const projectRoot = process.cwd();
export const stateDir = path.join(projectRoot, ".vigil");
export const sharedDir = process.env.VIGIL_SHARED_DIR ?? path.resolve(projectRoot, "..", "shared");
