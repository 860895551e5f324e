import { expect, test } from "@playwright/test";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { enrolEntryThroughPage } from "./support/enrol-entry";
import { stateFile } from "./support/roles";

// A second photo of a watchlist entry, added from the entry's card: enrolled in the browser's
// recognition worker like the first, counted on the card ("2 enrolled"). At authorisation the
// entry's photos are frozen as one fused row (lib/recognition/fuse-enrolment.ts; the rule is
// tested on the real database in lib/deployments/lifecycle.integration.test.ts).

const LFW = path.resolve("..", "shared", "lfw-dev");
const tag = Date.now().toString(36).slice(-5);
const WATCHLIST = `E2E two photos ${tag}`;
const SUBJECT = `TWO-${tag}`;

test.use({ storageState: stateFile("COMMANDER") });
test.skip(!existsSync(LFW), "needs ../shared/lfw-dev");

test("a user adds a second enrolment photo to an existing entry", async ({ page }) => {
  test.setTimeout(240_000);
  // A person with four photos (lfw-dev), not in the demo watchlists.
  const person = readdirSync(LFW)
    .filter((d) => !d.startsWith("_"))
    .sort()
    .find((d) => readdirSync(path.join(LFW, d)).length >= 4)!;
  const [first, second] = readdirSync(path.join(LFW, person))
    .sort()
    .map((f) => path.join(LFW, person, f));

  await page.goto("/watchlists");
  const create = page.getByRole("form", { name: "New watchlist" });
  await create.getByLabel("Name").fill(WATCHLIST);
  await create.getByRole("button", { name: "Create watchlist" }).click();
  await expect(page.getByRole("heading", { name: WATCHLIST })).toBeVisible();
  const entry = await enrolEntryThroughPage(page, { subject: SUBJECT, photo: first, imageSource: "Custody image (LFW test set)" });

  // The models start loading as the picker opens, before any photo is chosen.
  const workerStarted = page.waitForRequest((r) => new URL(r.url()).pathname === "/workers/recognition.js");
  await entry.getByRole("button", { name: "Add photo" }).click();
  await workerStarted;
  await expect(entry.getByText("Loading the recognition models")).toBeHidden({ timeout: 120_000 });
  const chosen = Date.now();
  await entry.getByLabel(/^Photo/).setInputFiles(second);
  await expect(entry.getByTestId("enrol-ok")).toBeVisible({ timeout: 120_000 });
  console.log(`add-photo: photo chosen → face shown in ${Date.now() - chosen} ms (models loaded when the picker opened)`);
  await page.screenshot({ path: "test-results/watchlist-add-photo-ready.png", fullPage: false });
  await entry.getByRole("button", { name: "Enrol photo" }).click();
  await expect(entry).toContainText("2 enrolled");
  await expect(entry.getByRole("button", { name: "Add photo" })).toBeVisible();
  await entry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/watchlist-add-photo-done.png", fullPage: false });
});
