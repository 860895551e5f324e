import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { SCREENSHOTS, signIn } from "./support/sign-in";

const PASSWORD = "a-long-password-123";

test.describe("own sessions and one-time passwords", () => {
  test("a user sees their sessions (device, address, time) and ends another one", async ({ browser }) => {
    const admin = await apiAs("ADMIN");
    const email = `sessions-${Date.now()}@test.vigil`;
    expect((await admin.post("/api/admin/users", { data: { email, name: "Sess Ions", role: "COMMANDER", password: PASSWORD } })).status()).toBe(200);

    const other = await browser.newContext({ userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/133.0" });
    const otherPage = await other.newPage();
    await signIn(otherPage, email, PASSWORD);
    await otherPage.waitForURL("**/plan");

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, PASSWORD);
    await page.waitForURL("**/plan");
    await page.getByRole("link", { name: "Sess Ions" }).click();
    await page.waitForURL("**/account");
    const table = page.getByRole("table", { name: "Your sessions" });
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(table).toContainText("Firefox on Windows");
    await expect(table).toContainText("This device");
    await page.screenshot({ path: `${SCREENSHOTS}/sessions-page.png`, fullPage: true });

    await table
      .getByRole("row", { name: /Firefox on Windows/ })
      .getByRole("button", { name: "End session" })
      .click();
    await expect(table.getByRole("row")).toHaveCount(2);
    expect((await otherPage.request.get("/api/me")).status()).toBe(401);
    expect((await page.request.get("/api/me")).status()).toBe(200);
    await other.close();
    await context.close();
  });

  test("an admin sets a one-time password: the user must change it before anything else, and old sessions end", async ({ browser }) => {
    const admin = await apiAs("ADMIN");
    const email = `onetime-${Date.now()}@test.vigil`;
    const { user } = await (await admin.post("/api/admin/users", { data: { email, name: "One Time", role: "OPERATOR", password: PASSWORD } })).json();

    const before = await browser.newContext();
    const beforePage = await before.newPage();
    await signIn(beforePage, email, PASSWORD);
    await beforePage.waitForURL("**/live");

    const res = await admin.post(`/api/admin/users/${user.id}/one-time-password`);
    expect(res.status()).toBe(200);
    const { password } = await res.json();
    expect(password).toHaveLength(16);
    expect((await beforePage.request.get("/api/me")).status()).toBe(401);

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, password);
    await page.waitForURL("**/account/setup");
    // A set-up-only session opens nothing else.
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await page.goto("/live");
    await page.waitForURL("**/account/setup");
    await page.getByLabel("One-time password").fill(password);
    await page.getByLabel("New password (at least 12 characters)").fill("my-own-new-password-1");
    await page.getByLabel("New password again").fill("my-own-new-password-1");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.waitForURL("**/live");
    expect((await page.request.get("/api/me")).status()).toBe(200);
    await context.close();
    await before.close();
  });

  test("the admin page lists sign-in locks and unlocks them", async ({ browser, page }) => {
    const email = `locked-${Date.now()}@test.vigil`;
    const admin = await apiAs("ADMIN");
    await admin.post("/api/admin/users", { data: { email, name: "Lock Ed", role: "OPERATOR", password: PASSWORD } });
    const attacker = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
    const attackerPage = await attacker.newPage();
    for (let i = 0; i < 5; i++) {
      await signIn(attackerPage, email, `wrong-${i}`);
      await expect(attackerPage.getByRole("form", { name: "Sign in" }).getByRole("alert")).toBeVisible();
    }
    await attacker.close();

    const adminContext = await browser.newContext({ storageState: `e2e/.auth/${process.env.VIGIL_E2E_PORT ?? 3100}/admin.json` });
    const adminPage = await adminContext.newPage();
    await adminPage.goto("/admin");
    const locks = adminPage.getByRole("table", { name: "Sign-in locks" });
    await expect(locks.getByRole("row", { name: new RegExp(`Account from one source.*${email}.*203\\.0\\.113\\.77`) })).toBeVisible();
    await expect(locks.getByRole("row", { name: new RegExp(`Account \\(every source\\).*${email}`) })).toBeVisible();
    await adminPage.screenshot({ path: `${SCREENSHOTS}/admin-locks.png`, fullPage: true });

    // The owner, from their own address, without a second factor: the account-wide lock holds until an admin lifts it.
    await signIn(page, email, PASSWORD);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("paused");
    await locks
      .getByRole("row", { name: new RegExp(`Account \\(every source\\).*${email}`) })
      .getByRole("button", { name: "Unlock" })
      .click();
    await expect(adminPage.getByRole("status")).toContainText("Lock lifted");
    await signIn(page, email, PASSWORD);
    await page.waitForURL("**/live");
    await adminContext.close();
  });
});
