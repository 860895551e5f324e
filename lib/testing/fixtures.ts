import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/prisma";

/** Test data made by each test for itself. */
export async function createTestUser(role: Role, overrides: { password?: string; email?: string } = {}) {
  const password = overrides.password ?? "correct horse battery";
  const user = await db().user.create({
    data: {
      email: overrides.email ?? `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.vigil`,
      name: `Test ${role}`,
      role,
      passwordHash: await hashPassword(password),
    },
  });
  // `sid` lets the user stand in for a signed-in CurrentUser in server operations.
  return { ...user, password, sid: `test-${user.id.slice(0, 8)}` };
}
