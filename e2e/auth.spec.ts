import { expect, request, test } from "@playwright/test";
import { apiAs, BASE_URL } from "./support/api";
import { DEMO, DEMO_PASSWORD } from "./support/roles";
import { expectSignInError, signIn } from "./support/sign-in";

test.describe("sign-in and sessions", () => {
  test("health check reports the database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok" });
  });

  test("anonymous visitors are sent to sign-in", async ({ page }) => {
    await page.goto("/oversight");
    await expect(page).toHaveURL(/\/signin\?next=%2Foversight/);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  });

  test("after sign-out the old session cookie is refused", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, DEMO.COMMANDER.email, DEMO_PASSWORD);
    await page.waitForURL("**/plan");
    const saved = await context.storageState();
    const before = await request.newContext({ baseURL: BASE_URL, storageState: saved });
    expect((await before.get("/api/me")).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/signin**");

    const replay = await request.newContext({ baseURL: BASE_URL, storageState: saved });
    const res = await replay.get("/api/me");
    expect(res.status()).toBe(401);
    await context.close();
  });

  test("five wrong passwords pause sign-in from this source; the right one is then refused too", async ({ page }) => {
    const admin = await apiAs("ADMIN");
    const email = `lockout-${Date.now()}@test.vigil`;
    const created = await admin.post("/api/admin/users", {
      data: { email, name: "Lockout Test", role: "OPERATOR", password: "a-long-password-123" },
    });
    expect(created.status()).toBe(200);
    for (let i = 1; i <= 4; i++) {
      await signIn(page, email, `wrong-${i}`);
      await expectSignInError(page, /incorrect/);
    }
    await signIn(page, email, "wrong-5");
    await expectSignInError(page, /paused for 15 minutes/);
    await signIn(page, email, "a-long-password-123");
    await expectSignInError(page, /paused/);
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a role change ends the user's session on its next request", async ({ browser }) => {
    const admin = await apiAs("ADMIN");
    const email = `rolechange-${Date.now()}@test.vigil`;
    const created = await admin.post("/api/admin/users", {
      data: { email, name: "Role Change", role: "OPERATOR", password: "a-long-password-123" },
    });
    const { user } = await created.json();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, "a-long-password-123");
    await page.waitForURL("**/live");
    expect((await page.request.get("/api/me")).status()).toBe(200);
    expect((await admin.patch(`/api/admin/users/${user.id}`, { data: { role: "COMMANDER" } })).status()).toBe(200);
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await page.goto("/live");
    await expect(page).toHaveURL(/\/signin/);
    await context.close();
  });
});
