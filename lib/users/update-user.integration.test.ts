import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { validateSession } from "@/lib/auth/validate-session";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { updateUser } from "./update-user";

async function signIn(email: string, password: string) {
  const r = await verifyCredentials(email, password);
  if (!r.ok) throw new Error("sign-in failed");
  return r.user;
}

describe("updateUser", () => {
  it("a role change ends the user's existing sessions and is audited with the change", async () => {
    const admin = await createTestUser("ADMIN");
    const user = await createTestUser("OPERATOR");
    const session = await signIn(user.email, user.password);
    expect(await validateSession(session.sid, user.id)).not.toBeNull();
    await updateUser(user.id, { role: "COMMANDER" }, admin, "req-role-change");
    expect(await validateSession(session.sid, user.id)).toBeNull();
    const fresh = await signIn(user.email, user.password);
    expect((await validateSession(fresh.sid, user.id))?.role).toBe("COMMANDER");
    const audit = await db().auditEvent.findFirst({ where: { requestId: "req-role-change" } });
    expect(audit?.details).toMatchObject({ role: { from: "OPERATOR", to: "COMMANDER" }, sessionsInvalidated: true });
  });

  it("disabling a user ends their sessions; renaming does not", async () => {
    const admin = await createTestUser("ADMIN");
    const user = await createTestUser("OPERATOR");
    const session = await signIn(user.email, user.password);
    await updateUser(user.id, { name: "Renamed" }, admin, "req-rename");
    expect(await validateSession(session.sid, user.id)).not.toBeNull();
    await updateUser(user.id, { active: false }, admin, "req-disable");
    expect(await validateSession(session.sid, user.id)).toBeNull();
  });

  it("refuses to demote the last active administrator, and changes nothing", async () => {
    await db().user.updateMany({ where: { role: "ADMIN" }, data: { active: false } });
    const admin = await createTestUser("ADMIN");
    await expect(updateUser(admin.id, { role: "OPERATOR" }, admin, "req-last-admin")).rejects.toThrow(/last active administrator/);
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
    expect(await db().auditEvent.count({ where: { requestId: "req-last-admin" } })).toBe(0);
  });
});
