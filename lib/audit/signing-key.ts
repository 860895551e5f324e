import { logger } from "@/lib/observability/logger";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stateDir } from "@/lib/db/paths";
import { env as readEnv, type Env } from "@/lib/env";

/** The parts of the environment the audit keys come from (tests pass their own). */
export type KeyEnv = Partial<
  Pick<
    Env,
    | "NODE_ENV"
    | "VIGIL_SEED_DEMO"
    | "VIGIL_ALLOW_LOCAL_AUDIT_KEY"
    | "AUDIT_SIGNING_PRIVATE_KEY"
    | "AUDIT_RETIRED_PUBLIC_KEYS"
    | "AUDIT_SIGNING_KEY"
    | "AUDIT_SIGNING_KEY_ID"
  >
>;

/** The Ed25519 key that signs checkpoints and exports now. */
export interface SigningKey {
  /** `ed25519-` and the first 16 hex digits of the SHA-256 of the public key (SPKI DER): a new key is a new id. */
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Where the key came from, for the verifier's summary. */
  source: "environment" | "local-file";
}

/** A public key anyone may use to check signatures; retired keys still verify what they signed. */
export interface PublicAuditKey {
  keyId: string;
  algorithm: "Ed25519";
  status: "active" | "retired";
  publicKeyPem: string;
  publicKey: KeyObject;
}

/** The secret HMAC key of checkpoints signed before Ed25519 (verification only; it is never used to sign again). */
export interface LegacyHmacKey {
  id: string;
  secret: Buffer;
}

/** What a verifier holds: public keys by id, and (on the server only) the legacy HMAC secret. */
export interface VerifyKeys {
  publicKeys: Map<string, KeyObject>;
  hmac: LegacyHmacKey | null;
}

const LOCAL_KEY = "audit-ed25519.pem";
const RETIRED_DIR = "audit-keys-retired";
const LEGACY_HMAC_FILE = "audit-key";

export function keyIdFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return `ed25519-${createHash("sha256").update(der).digest("hex").slice(0, 16)}`;
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

/** Reads one or more PEM public keys (Ed25519, SPKI) from text; a private key gives its public half. */
export function parsePublicKeys(text: string): KeyObject[] {
  const blocks = text.replace(/\\n/g, "\n").match(/-----BEGIN [A-Z ]*KEY-----[\s\S]*?-----END [A-Z ]*KEY-----/g) ?? [];
  if (!blocks.length) throw new Error("no PEM key found (expected -----BEGIN PUBLIC KEY-----)");
  return blocks.map((pem) => {
    const key = pem.includes("PRIVATE") ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
    if (key.asymmetricKeyType !== "ed25519") throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
    return key;
  });
}

function fromPrivatePem(pem: string, source: SigningKey["source"]): SigningKey {
  const privateKey = createPrivateKey(pem.replace(/\\n/g, "\n"));
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`AUDIT_SIGNING_PRIVATE_KEY must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { id: keyIdFor(publicKey), privateKey, publicKey, source };
}

function defaultEnv(): KeyEnv {
  return readEnv();
}

/**
 * The Ed25519 key that signs audit checkpoints and exports: AUDIT_SIGNING_PRIVATE_KEY (PKCS#8
 * PEM) from the environment. Outside production, when none is set, a key is generated once and
 * kept in .vigil/audit-ed25519.pem so a local install can sign; production refuses to sign
 * without one (unless the embedded install allows the local key).
 */
export function loadSigningKey(e: KeyEnv = defaultEnv(), opts: { create?: boolean; dir?: string } = {}): SigningKey {
  if (e.AUDIT_SIGNING_PRIVATE_KEY) return fromPrivatePem(e.AUDIT_SIGNING_PRIVATE_KEY, "environment");
  if (e.NODE_ENV === "production" && e.VIGIL_SEED_DEMO !== "1" && e.VIGIL_ALLOW_LOCAL_AUDIT_KEY !== "1") {
    throw new Error("AUDIT_SIGNING_PRIVATE_KEY is not set: audit checkpoints and exports cannot be signed in production without it.");
  }
  const dir = opts.dir ?? stateDir;
  const file = path.join(dir, LOCAL_KEY);
  if (!existsSync(file)) {
    if (opts.create === false) throw new Error(`no AUDIT_SIGNING_PRIVATE_KEY in the environment and no local key in ${file}`);
    writeLocalKey(dir);
    logger().warn(
      { component: "audit", file },
      "AUDIT_SIGNING_PRIVATE_KEY is not set: generated a local Ed25519 signing key. Set AUDIT_SIGNING_PRIVATE_KEY in production.",
    );
  }
  return fromPrivatePem(readFileSync(file, "utf8"), "local-file");
}

function writeLocalKey(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  writeFileSync(path.join(dir, LOCAL_KEY), privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
}

/**
 * Rotates the local key: the current public key moves to .vigil/audit-keys-retired/ (it keeps
 * verifying what it signed) and a new key signs from now on. Production rotates by setting a new
 * AUDIT_SIGNING_PRIVATE_KEY and adding the old public key to AUDIT_RETIRED_PUBLIC_KEYS.
 */
export function rotateLocalSigningKey(dir = stateDir): { retired: string | null; active: string } {
  const file = path.join(dir, LOCAL_KEY);
  let retired: string | null = null;
  if (existsSync(file)) {
    const old = fromPrivatePem(readFileSync(file, "utf8"), "local-file");
    mkdirSync(path.join(dir, RETIRED_DIR), { recursive: true });
    writeFileSync(path.join(dir, RETIRED_DIR, `${old.id}.pub.pem`), publicKeyPem(old.publicKey));
    renameSync(file, path.join(dir, RETIRED_DIR, `${old.id}.replaced-${Date.now()}.pem`));
    retired = old.id;
  }
  writeLocalKey(dir);
  return { retired, active: fromPrivatePem(readFileSync(file, "utf8"), "local-file").id };
}

/** Every public key that verifies Vigil's audit signatures: the active one, then the retired ones. */
export function listPublicKeys(e: KeyEnv = defaultEnv(), opts: { dir?: string; create?: boolean } = {}): PublicAuditKey[] {
  const dir = opts.dir ?? stateDir;
  const active = loadSigningKey(e, { dir, create: opts.create });
  const keys: PublicAuditKey[] = [
    { keyId: active.id, algorithm: "Ed25519", status: "active", publicKey: active.publicKey, publicKeyPem: publicKeyPem(active.publicKey) },
  ];
  const retired: KeyObject[] = [];
  if (e.AUDIT_RETIRED_PUBLIC_KEYS) retired.push(...parsePublicKeys(e.AUDIT_RETIRED_PUBLIC_KEYS));
  const retiredDir = path.join(dir, RETIRED_DIR);
  if (!e.AUDIT_SIGNING_PRIVATE_KEY && existsSync(retiredDir)) {
    for (const f of readdirSync(retiredDir)
      .filter((n) => n.endsWith(".pub.pem"))
      .sort())
      retired.push(...parsePublicKeys(readFileSync(path.join(retiredDir, f), "utf8")));
  }
  for (const k of retired) {
    const keyId = keyIdFor(k);
    if (!keys.some((x) => x.keyId === keyId)) keys.push({ keyId, algorithm: "Ed25519", status: "retired", publicKey: k, publicKeyPem: publicKeyPem(k) });
  }
  return keys;
}

/**
 * The HMAC key of checkpoints written before Ed25519: AUDIT_SIGNING_KEY, or the local
 * .vigil/audit-key when there is one. Never created: it only verifies old checkpoints.
 */
export function loadLegacyHmacKey(e: KeyEnv = defaultEnv(), opts: { dir?: string } = {}): LegacyHmacKey | null {
  if (e.AUDIT_SIGNING_KEY) return { id: e.AUDIT_SIGNING_KEY_ID ?? "env-1", secret: Buffer.from(e.AUDIT_SIGNING_KEY, "utf8") };
  const file = path.join(opts.dir ?? stateDir, LEGACY_HMAC_FILE);
  if (!existsSync(file)) return null;
  return { id: "local-1", secret: Buffer.from(readFileSync(file, "utf8").trim(), "utf8") };
}

/** This install's verification keys: all its public keys and, when present, the legacy HMAC secret. */
export function loadVerifyKeys(e: KeyEnv = defaultEnv(), opts: { dir?: string; create?: boolean } = {}): VerifyKeys {
  return { publicKeys: new Map(listPublicKeys(e, opts).map((k) => [k.keyId, k.publicKey])), hmac: loadLegacyHmacKey(e, opts) };
}

/** Verification keys from PEM text alone (what `audit:verify --public-key` reads): no secret at all. */
export function verifyKeysFromPem(text: string): VerifyKeys {
  return { publicKeys: new Map(parsePublicKeys(text).map((k) => [keyIdFor(k), k])), hmac: null };
}
