import path from "node:path";

/** Local state (embedded database, generated secret) lives under .vigil/ in the project. */
export const projectRoot = process.cwd();
/** VIGIL_STATE_DIR moves it (the outage drill runs a whole second install from one checkout). */
export const stateDir = process.env.VIGIL_STATE_DIR ? path.resolve(process.env.VIGIL_STATE_DIR) : path.join(projectRoot, ".vigil");
export const sharedDir = process.env.VIGIL_SHARED_DIR ?? path.resolve(projectRoot, "..", "shared");
