import "server-only";
import { db } from "@/lib/db/prisma";
import { checkpointMessage, signCheckpoint } from "./checkpoint-signature";
import { loadSigningKey } from "./signing-key";

/**
 * Signs the current head of the audit chain (HMAC-SHA256). Anyone holding the key can later
 * prove that no event up to that point was removed or changed, including the newest ones,
 * which the hash links alone cannot protect.
 */
export async function writeCheckpoint(now = new Date()) {
  const key = loadSigningKey();
  const head = await db().auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (!head) return null;
  const last = await db().auditCheckpoint.findFirst({ orderBy: { seq: "desc" } });
  if (last && last.seq === head.seq) return last;
  const createdAt = new Date(Math.floor(now.getTime()));
  const signature = signCheckpoint(checkpointMessage({ seq: head.seq, hash: head.hash, createdAt, keyId: key.id }), key.secret);
  return db().auditCheckpoint.create({
    data: { seq: head.seq, hash: head.hash, keyId: key.id, algorithm: "HMAC-SHA256", signature, createdAt },
  });
}
