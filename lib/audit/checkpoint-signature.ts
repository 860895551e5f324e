import { createHmac, timingSafeEqual } from "node:crypto";

/** What a checkpoint signs: the chain head at a point in time. */
export function checkpointMessage(c: { seq: bigint | string; hash: string; createdAt: Date | string; keyId: string }): string {
  const at = typeof c.createdAt === "string" ? c.createdAt : c.createdAt.toISOString();
  return `vigil-audit-checkpoint/v1|${c.keyId}|${c.seq.toString()}|${c.hash}|${at}`;
}

export function signCheckpoint(message: string, secret: Buffer): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}

export function checkpointSignatureValid(message: string, signature: string, secret: Buffer): boolean {
  const expected = Buffer.from(signCheckpoint(message, secret), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
