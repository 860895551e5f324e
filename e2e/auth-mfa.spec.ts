import { expect, test, type Page } from "@playwright/test";
import { apiAs } from "./support/api";
import { enterCode, expectSignInError, SCREENSHOTS, signIn } from "./support/sign-in";
import { nextStepCode } from "./support/totp";

const PASSWORD = "an-admin-password-42";

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL("**/signin**");
}

test.describe("second factor", () => {
  test("an admin enrols by QR code, then signs in with password and TOTP; a wrong or reused code is refused; a recovery code works once", async ({ page }) => {
    const admin = await apiAs("ADMIN");
    const email = `mfa-admin-${Date.now()}@test.vigil`;
    const created = await admin.post("/api/admin/users", { data: { email, name: "Mfa Admin", role: "ADMIN", password: PASSWORD } });
    expect(created.status()).toBe(200);

    // The demo makes the second factor optional and says so.
    await signIn(page, email, PASSWORD);
    await page.waitForURL("**/admin");
    await expect(page.getByRole("note")).toContainText("second factor is optional");
    await page.screenshot({ path: `${SCREENSHOTS}/admin-page.png`, fullPage: true });

    await page.goto("/account");
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: `${SCREENSHOTS}/totp-enrolment.png`, fullPage: true });
    // A wrong first code does not enrol.
    await page.getByLabel("Code from the app").fill("000000" === nextStepCode(secret, 0) ? "111111" : "000000");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByRole("form", { name: "Confirm authenticator" }).getByRole("alert")).toContainText("does not match");
    await page.getByLabel("Code from the app").fill(nextStepCode(secret, 0));
    await page.getByRole("button", { name: "Confirm" }).click();
    const list = page.getByRole("list", { name: "Recovery code list" });
    await expect(list.getByRole("listitem")).toHaveCount(10);
    const recovery = (await list.getByRole("listitem").allTextContents()).map((t) => t.trim());
    await page.screenshot({ path: `${SCREENSHOTS}/recovery-codes.png`, fullPage: true });
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await expect(page.getByText("Authenticator app since")).toBeVisible();
    await expect(page.getByRole("note")).toHaveCount(0);
    await signOut(page);

    // Password alone now asks for the code; a wrong code is refused.
    await signIn(page, email, PASSWORD);
    await expect(page.getByRole("status")).toContainText("6-digit code");
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in-code.png`, fullPage: true });
    const code = nextStepCode(secret);
    await enterCode(page, code === "123456" ? "654321" : "123456");
    await expectSignInError(page, /incorrect/);
    await enterCode(page, code);
    await page.waitForURL("**/admin");
    await signOut(page);

    // The same code again (still inside its window) is refused.
    await signIn(page, email, PASSWORD);
    await enterCode(page, code);
    await expectSignInError(page, /incorrect/);

    // A recovery code signs in once.
    await enterCode(page, recovery[0]);
    await page.waitForURL("**/admin");
    await signOut(page);
    await signIn(page, email, PASSWORD);
    await enterCode(page, recovery[0]);
    await expectSignInError(page, /incorrect/);
    await page.goto("/signin");
    const me = await page.request.get("/api/me");
    expect(me.status()).toBe(401);
  });

  test("an admin resets another user's second factor (audited); nobody resets their own that way", async () => {
    const admin = await apiAs("ADMIN");
    const email = `mfa-reset-${Date.now()}@test.vigil`;
    const { user } = await (await admin.post("/api/admin/users", { data: { email, name: "Reset Me", role: "OPERATOR", password: PASSWORD } })).json();
    expect((await admin.post(`/api/admin/users/${user.id}/second-factor-reset`)).status()).toBe(200);
    const me = await (await admin.get("/api/me")).json();
    const own = await admin.post(`/api/admin/users/${me.user?.id ?? me.id}/second-factor-reset`);
    expect(own.status()).toBe(403);
    const commander = await apiAs("COMMANDER");
    expect((await commander.post(`/api/admin/users/${user.id}/second-factor-reset`)).status()).toBe(403);
  });
});
