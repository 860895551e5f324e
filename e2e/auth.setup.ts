import { expect, test as setup } from "@playwright/test";
import { ROLES } from "../lib/auth/roles";
import { DEMO, DEMO_PASSWORD, stateFile } from "./support/roles";
import { signIn } from "./support/sign-in";

// Each demo user signs in once through the form and lands on its role's page; the saved
// session is reused by the specs (and checked again there).
for (const role of ROLES) {
  setup(`${role} signs in and lands on ${DEMO[role].landing}`, async ({ page }) => {
    await signIn(page, DEMO[role].email, DEMO_PASSWORD);
    await page.waitForURL(`**${DEMO[role].landing}`);
    await expect(page.locator("main")).toBeVisible();
    await page.context().storageState({ path: stateFile(role) });
  });
}
