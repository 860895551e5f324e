import { createHmac, sign, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import type { VerifyKeys } from "./signing-key";

/** What a checkpoint signs: the chain head at a point in time. */
export function checkpointMessage(c: { seq: bigint | string; hash: string; createdAt: Date | string; keyId: string }): string {
  const at = typeof c.createdAt === "string" ? c.createdAt : c.createdAt.toISOString();
  return `vigil-audit-checkpoint/v1|${c.keyId}|${c.seq.toString()}|${c.hash}|${at}`;
}

/** Legacy HMAC-SHA256 (checkpoints written before Ed25519; kept so they stay verifiable). */
export function signCheckpoint(message: string, secret: Buffer): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}

export function checkpointSignatureValid(message: string, signature: string, secret: Buffer): boolean {
  const expected = Buffer.from(signCheckpoint(message, secret), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** An Ed25519 signature over a message, as 128 lower-case hex digits (one spelling per signature). */
export function signEd25519(message: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(message, "utf8"), privateKey).toString("hex");
}

export function ed25519Valid(message: string, signature: string, publicKey: KeyObject): boolean {
  if (typeof signature !== "string" || !/^[0-9a-f]{128}$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(message, "utf8"), publicKey, Buffer.from(signature, "hex"));
  } catch {
    return false;
  }
}

export interface SignedCheckpoint {
  seq: bigint | string;
  hash: string;
  keyId: string;
  /** "Ed25519" or "HMAC-SHA256" (exports made before algorithms were recorded carry none: HMAC). */
  algorithm?: string;
  signature: string;
  createdAt: Date | string;
}

/**
 * Checks one checkpoint's signature. `valid`; `invalid` (names why); or `unchecked` when the key
 * it needs is not held: an unknown Ed25519 key id, or an HMAC checkpoint without the secret.
 */
export function checkCheckpointSignature(c: SignedCheckpoint, keys: VerifyKeys): { status: "valid" } | { status: "invalid" | "unchecked"; reason: string } {
  const message = checkpointMessage(c);
  const algorithm = c.algorithm ?? "HMAC-SHA256";
  if (algorithm === "Ed25519") {
    const key = keys.publicKeys.get(c.keyId);
    if (!key) return { status: "unchecked", reason: `checkpoint at event ${c.seq} was signed with key "${c.keyId}", which is not among the public keys given` };
    return ed25519Valid(message, c.signature, key)
      ? { status: "valid" }
      : {
          status: "invalid",
          reason: `checkpoint at event ${c.seq} has an invalid Ed25519 signature (key ${c.keyId}): its sequence, hash, time or signature was altered`,
        };
  }
  if (algorithm === "HMAC-SHA256") {
    if (!keys.hmac)
      return {
        status: "unchecked",
        reason: `checkpoint at event ${c.seq} is a legacy HMAC checkpoint (key "${c.keyId}"): only the holder of that secret can check it`,
      };
    if (keys.hmac.id !== c.keyId)
      return { status: "unchecked", reason: `checkpoint at event ${c.seq} was signed with HMAC key "${c.keyId}", not "${keys.hmac.id}"` };
    return checkpointSignatureValid(message, c.signature, keys.hmac.secret)
      ? { status: "valid" }
      : { status: "invalid", reason: `checkpoint at event ${c.seq} has an invalid HMAC signature` };
  }
  return { status: "invalid", reason: `checkpoint at event ${c.seq} names an unknown algorithm "${algorithm}"` };
}
