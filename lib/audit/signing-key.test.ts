import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { listPublicKeys, loadSigningKey, rotateLocalSigningKey } from "./signing-key";

describe("audit signing keys", () => {
  it("creates a local Ed25519 key once, and rotation keeps the old public key listed as retired", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "vigil-keys-"));
    const e = { NODE_ENV: "development" as const };
    expect(() => loadSigningKey(e, { dir, create: false })).toThrow(/no local key/);
    const first = loadSigningKey(e, { dir });
    expect(first.id).toMatch(/^ed25519-[0-9a-f]{16}$/);
    expect(loadSigningKey(e, { dir }).id).toBe(first.id);
    const { retired, active } = rotateLocalSigningKey(dir);
    expect(retired).toBe(first.id);
    expect(active).not.toBe(first.id);
    expect(listPublicKeys(e, { dir }).map((k) => [k.keyId, k.status])).toEqual([
      [active, "active"],
      [first.id, "retired"],
    ]);
  });

  it("takes the production key from the environment, refuses to sign without one, and lists retired keys from the environment", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "vigil-keys-"));
    expect(() => loadSigningKey({ NODE_ENV: "production" }, { dir })).toThrow(/AUDIT_SIGNING_PRIVATE_KEY is not set/);
    const pair = generateKeyPairSync("ed25519");
    const old = generateKeyPairSync("ed25519");
    const pem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString().replace(/\n/g, "\\n");
    const e = {
      NODE_ENV: "production" as const,
      AUDIT_SIGNING_PRIVATE_KEY: pem,
      AUDIT_RETIRED_PUBLIC_KEYS: old.publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
    const key = loadSigningKey(e, { dir });
    expect(key.source).toBe("environment");
    expect(listPublicKeys(e, { dir }).map((k) => k.status)).toEqual(["active", "retired"]);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => loadSigningKey({ AUDIT_SIGNING_PRIVATE_KEY: rsa }, { dir })).toThrow(/Ed25519/);
  });
});
