import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stateDir } from "@/lib/db/paths";

export interface SigningKey {
  id: string;
  secret: Buffer;
  /** Where the key came from, for the verifier's summary. */
  source: "environment" | "local-file";
}

/**
 * The HMAC key for audit checkpoints: AUDIT_SIGNING_KEY (with AUDIT_SIGNING_KEY_ID) from the
 * environment. Outside production, when none is set, a key is generated once and kept in
 * .vigil/audit-key so a local install can sign and verify; production refuses to run without one.
 */
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env, opts: { create?: boolean } = {}): SigningKey {
  if (env.AUDIT_SIGNING_KEY) {
    if (env.AUDIT_SIGNING_KEY.length < 32) throw new Error("AUDIT_SIGNING_KEY must be at least 32 characters.");
    return { id: env.AUDIT_SIGNING_KEY_ID ?? "env-1", secret: Buffer.from(env.AUDIT_SIGNING_KEY, "utf8"), source: "environment" };
  }
  if (env.NODE_ENV === "production" && env.VIGIL_SEED_DEMO !== "1" && env.VIGIL_ALLOW_LOCAL_AUDIT_KEY !== "1") {
    throw new Error("AUDIT_SIGNING_KEY is not set: audit checkpoints cannot be signed in production without it.");
  }
  const file = path.join(stateDir, "audit-key");
  if (!existsSync(file)) {
    if (opts.create === false) throw new Error(`no AUDIT_SIGNING_KEY in the environment and no local key in ${file}`);
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
    console.warn(`[audit] AUDIT_SIGNING_KEY is not set: generated a local checkpoint signing key in ${file} (key id "local-1"). Set AUDIT_SIGNING_KEY in production.`);
  }
  return { id: "local-1", secret: Buffer.from(readFileSync(file, "utf8").trim(), "utf8"), source: "local-file" };
}
