import "server-only";
import type { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { hashPassword } from "@/lib/auth/password";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict } from "@/lib/http/api-error";
import { publicUserSelect, type createUserSchema } from "./user-schemas";

export async function createUser(input: z.infer<typeof createUserSchema>, actor: AuditActor, requestId: string) {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) throw conflict(`A user with email ${input.email} already exists.`);
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash },
      select: publicUserSelect,
    });
    await recordAuditEvent(tx, {
      actor,
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, role: user.role },
      requestId,
    });
    return user;
  }, TX_OPTIONS);
}
