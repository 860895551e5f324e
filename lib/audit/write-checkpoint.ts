import "server-only";
import { db, type Db, type Tx } from "@/lib/db/prisma";
import { checkpointMessage, signEd25519 } from "./checkpoint-signature";
import { sequenceAuditEvents } from "./sequence-audit-events";
import { loadSigningKey } from "./signing-key";

/**
 * Signs the current head of the audit chain (Ed25519; records committed before the call are
 * sequenced first), or the event `at` when given (the anchor a purge leaves behind). Anyone with the public key (GET /api/audit/keys) can later prove that no
 * event up to that point was removed or changed, including the newest ones, which the hash links
 * alone cannot protect; nobody without the private key can forge one.
 */
export async function writeCheckpoint(now = new Date(), client: Db | Tx = db(), at?: { seq: bigint; hash: string }) {
  const key = loadSigningKey();
  // The head of everything committed so far: pending records join the chain first (not inside a
  // caller's transaction, where `at` names the event to sign anyway).
  if (!at && "$connect" in client) await sequenceAuditEvents(client as Db);
  const last = at ?? (await client.auditEvent.findFirst({ where: { seq: { not: null } }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } }));
  const head = last ? { seq: last.seq!, hash: last.hash! } : null;
  if (!head) return null;
  const existing = await client.auditCheckpoint.findFirst({ where: { seq: head.seq, hash: head.hash, keyId: key.id }, orderBy: { createdAt: "desc" } });
  if (existing) return existing;
  const createdAt = new Date(Math.floor(now.getTime()));
  const signature = signEd25519(checkpointMessage({ seq: head.seq, hash: head.hash, createdAt, keyId: key.id }), key.privateKey);
  return client.auditCheckpoint.create({
    data: { seq: head.seq, hash: head.hash, keyId: key.id, algorithm: "Ed25519", signature, createdAt },
  });
}
