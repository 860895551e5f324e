import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";

test.describe("bad input gets a clear 400, never a 500", () => {
  test("wrong types name the field", async () => {
    const admin = await apiAs("ADMIN");
    const res = await admin.post("/api/admin/users", { data: { email: 42, name: ["x"], role: "KING", password: true } });
    expect(res.status()).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/email|name|role|password/);
    expect(body.error.details.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  test("a 1 MB string is refused with a message, and nothing is created", async () => {
    const admin = await apiAs("ADMIN");
    const huge = "x".repeat(1024 * 1024);
    const res = await admin.post("/api/admin/users", {
      data: { email: `big-${Date.now()}@test.vigil`, name: huge, role: "OPERATOR", password: "a-long-password-123" },
    });
    expect(res.status()).toBe(400);
    expect((await res.json()).error.message).toMatch(/larger than/);
    const list = await (await admin.get("/api/admin/users")).json();
    expect(list.users.some((u: { name: string }) => u.name.length > 1000)).toBe(false);
  });

  test("malformed JSON, an empty body, unknown fields and a bad id", async () => {
    const admin = await apiAs("ADMIN");
    const malformed = await admin.fetch("/api/admin/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      data: Buffer.from("{not json"),
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
    const empty = await admin.fetch("/api/admin/users", { method: "POST" });
    expect(empty.status()).toBe(400);
    const unknown = await admin.patch("/api/admin/users/00000000-0000-4000-8000-000000000000", { data: { isRoot: true } });
    expect(unknown.status()).toBe(400);
    const badId = await admin.patch("/api/admin/users/not-a-uuid", { data: { name: "x" } });
    expect(badId.status()).toBe(400);
    const missing = await admin.patch("/api/admin/users/00000000-0000-4000-8000-000000000000", { data: { name: "x" } });
    expect(missing.status()).toBe(404);
  });

  test("mutations without, or with a foreign, Origin are refused", async () => {
    for (const origin of [null, "https://evil.example"]) {
      const admin = await apiAs("ADMIN", origin);
      const res = await admin.post("/api/admin/users", {
        data: { email: `csrf-${Date.now()}@test.vigil`, name: "CSRF", role: "ADMIN", password: "a-long-password-123" },
      });
      expect(res.status()).toBe(403);
      expect((await res.json()).error.message).toMatch(/Origin/);
    }
  });
});

test("pages carry the security headers", async ({ page }) => {
  const res = await page.goto("/signin");
  const h = res!.headers();
  expect(h["cross-origin-opener-policy"]).toBe("same-origin");
  expect(h["cross-origin-embedder-policy"]).toBe("require-corp");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  const csp = h["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});
