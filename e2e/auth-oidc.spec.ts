import { expect, request, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "./support/api";
import { DIRECTORY, startOidcProvider } from "./support/oidc";
import { SCREENSHOTS } from "./support/sign-in";

let idp: { stop: () => Promise<void> } | null = null;
test.beforeAll(async () => {
  idp = await startOidcProvider(BASE_URL);
});
test.afterAll(async () => {
  await idp?.stop();
});

/** Signs in through the identity provider's own login and consent pages. */
async function ssoSignIn(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with your force account" }).click();
  await page.waitForURL(/localhost:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("secret at the provider");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test.describe("single sign-on (OpenID Connect)", () => {
  test("first sign-in provisions the user with the mapped role and lands on its page", async ({ browser }) => {
    const login = `alice-${Date.now()}`;
    DIRECTORY[login] = { name: "Alice Operator", email: `${login}@force.example`, groups: ["staff", "vigil-operators"] };
    const { context, page } = await newPage(browser);
    await page.goto("/signin");
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png`, fullPage: true });
    await ssoSignIn(page, login);
    await page.waitForURL(`${BASE_URL}/live`);
    await expect(page.locator("main")).toBeVisible();
    const me = await (await page.request.get("/api/me")).json();
    expect(me.user).toMatchObject({ email: `${login}@force.example`, name: "Alice Operator", role: "OPERATOR" });
    await context.close();
  });

  test("a user whose group is not mapped is refused with a clear message", async ({ browser }) => {
    const login = `mallory-${Date.now()}`;
    DIRECTORY[login] = { name: "Mallory", email: `${login}@force.example`, groups: ["canteen"] };
    const { context, page } = await newPage(browser);
    await ssoSignIn(page, login);
    await page.waitForURL(/\/signin\?error=OidcUnmapped/);
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("none of your groups gives access to Vigil");
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in-unmapped.png`, fullPage: true });
    expect((await page.request.get("/api/me")).status()).toBe(401);
    await context.close();
  });

  test("a role change at the provider applies at the next sign-in and ends older sessions; a removed group is refused", async ({ browser }) => {
    const login = `bob-${Date.now()}`;
    DIRECTORY[login] = { name: "Bob", email: `${login}@force.example`, groups: ["vigil-operators"] };
    const first = await newPage(browser);
    await ssoSignIn(first.page, login);
    await first.page.waitForURL(`${BASE_URL}/live`);
    const firstState = await first.context.storageState();

    DIRECTORY[login].groups = ["vigil-commanders"];
    // Still an operator until the next sign-in.
    const still = await request.newContext({ baseURL: BASE_URL, storageState: firstState });
    expect((await (await still.get("/api/me")).json()).user.role).toBe("OPERATOR");

    const second = await newPage(browser);
    await ssoSignIn(second.page, login);
    await second.page.waitForURL(`${BASE_URL}/plan`);
    expect((await (await second.page.request.get("/api/me")).json()).user.role).toBe("COMMANDER");
    expect((await still.get("/api/me")).status()).toBe(401);

    DIRECTORY[login].groups = [];
    const third = await newPage(browser);
    await ssoSignIn(third.page, login);
    await third.page.waitForURL(/\/signin\?error=OidcUnmapped/);
    expect((await second.page.request.get("/api/me")).status()).toBe(401);
    for (const c of [first, second, third]) await c.context.close();
  });
});
