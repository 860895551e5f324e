import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { isDatabaseUnavailable } from "./database-unavailable";

describe("isDatabaseUnavailable", () => {
  it("recognises what Prisma throws when nothing listens on the database port", async () => {
    // A port nothing listens on: a real client, a real refused connection.
    const prisma = createPrismaClient("postgresql://postgres:x@127.0.0.1:9/vigil");
    const errors: unknown[] = [];
    await prisma.user.findFirst().catch((e) => errors.push(e));
    await prisma.$queryRaw`SELECT 1`.catch((e) => errors.push(e));
    await prisma.$transaction(async (tx) => tx.user.count()).catch((e) => errors.push(e));
    await prisma.$disconnect();
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it("recognises pg's shutdown and connection errors, and nothing else", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(
      isDatabaseUnavailable({ name: "PrismaClientKnownRequestError", code: "P2010", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } }),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("invalid byte sequence"), { code: "22021" }))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002", meta: { target: ["email"] } })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("string")).toBe(false);
  });
});
