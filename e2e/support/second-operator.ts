import { expect, request, type APIRequestContext, type Browser } from "@playwright/test";
import { apiAs, BASE_URL } from "./api";
import { signIn } from "./sign-in";

const PASSWORD = "second-operator-pass-1";
let cached: Promise<{ stateFile: string; name: string }> | null = null;

/**
 * A second operator (the two-person rule needs one): created by the admin through the API, signed in
 * once through the real form; its saved session is reused like the demo roles'.
 */
export function secondOperator(browser: Browser): Promise<{ stateFile: string; name: string }> {
  cached ??= (async () => {
    const email = `second-operator-${Date.now()}@vigil.local`;
    const name = "Sam Second";
    const admin = await apiAs("ADMIN");
    const created = await admin.post("/api/admin/users", { data: { email, name, role: "OPERATOR", password: PASSWORD } });
    expect(created.status(), await created.text()).toBe(200);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, PASSWORD);
    await page.waitForURL("**/live");
    const stateFile = `e2e/.auth/${process.env.VIGIL_E2E_PORT ?? 3100}/second-operator.json`;
    await context.storageState({ path: stateFile });
    await context.close();
    return { stateFile, name };
  })();
  return cached;
}

/** An API client signed in as the second operator. */
export async function secondOperatorApi(browser: Browser): Promise<APIRequestContext> {
  const { stateFile } = await secondOperator(browser);
  return request.newContext({ baseURL: BASE_URL, storageState: stateFile, extraHTTPHeaders: { origin: BASE_URL } });
}
