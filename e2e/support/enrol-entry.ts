import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Adds an entry to the open watchlist through the page, as a commander does: photo first (enrolled
 * in the browser worker), then reference, legal basis and image source. Returns the entry's card
 * once it says "1 enrolled".
 */
export async function enrolEntryThroughPage(page: Page, opts: { subject: string; photo: string; imageSource: string; timeoutMs?: number }): Promise<Locator> {
  await page.getByRole("button", { name: "Add entry" }).click();
  const form = page.getByRole("form", { name: "Add entry" });
  await form.getByLabel(/^Photo/).setInputFiles(opts.photo);
  await expect(form.getByTestId("enrol-ok")).toBeVisible({ timeout: opts.timeoutMs ?? 120_000 });
  await form.getByLabel("Subject reference").fill(opts.subject);
  await form.getByLabel("Legal basis").fill("Arrest warrant, Highbury Corner Magistrates' Court (synthetic)");
  await form.getByLabel("Where the image came from").fill(opts.imageSource);
  await form.getByRole("button", { name: "Add entry and enrol photo" }).click();
  const entry = page.getByTestId(`entry-${opts.subject}`);
  await expect(entry).toContainText("1 enrolled");
  return entry;
}
