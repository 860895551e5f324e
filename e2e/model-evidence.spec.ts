import { expect, test } from "@playwright/test";
import { setUpSelfTestDeployment } from "./support/live-deployment";
import { stateFile } from "./support/roles";

test.use({ storageState: stateFile("PRIVACY_OFFICER") });

test("the accuracy page shows the model's evidence beside the live figures, at the selected deployment's threshold", async ({ page }, info) => {
  await page.goto("/oversight");
  await page.getByRole("tab", { name: "Accuracy and equitability" }).click();
  const evidence = page.getByTestId("model-evidence");
  await expect(evidence).toBeVisible();
  await expect(evidence.getByRole("heading", { level: 3 })).toContainText("Model evidence at threshold 0.450");
  await expect(evidence).toContainText("lfw-dev");
  // TPIR and FPIR with 95% intervals and their counts.
  await expect(page.getByTestId("evidence-tpir")).toHaveText(/^\d+\.\d% \[\d+\.\d–\d+\.\d%\]$/);
  await expect(page.getByTestId("evidence-fpir")).toHaveText(/^\d+\.\d% \[\d+\.\d–\d+\.\d%\]$/);
  await expect(evidence).toContainText("searches by people never enrolled");
  // Group false-match rates with intervals, on both sets, and the largest ratio between groups.
  await expect(page.getByTestId("evidence-groups-lfw-dev-sex")).toContainText("female");
  const balanced = page.getByTestId("evidence-groups-utk-dev-sex×ethnicity");
  await expect(balanced).toContainText("female black");
  await expect(balanced.getByTestId("largest-ratio")).toContainText("Largest ratio between groups");
  // The live figures follow under their own heading.
  await expect(page.getByRole("heading", { name: "Live figures" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("oversight-model-evidence.png"), fullPage: true });

  // A deployment's own threshold moves the evidence to it.
  const { id } = await setUpSelfTestDeployment({ name: `Evidence ${Date.now()}` });
  await page.reload();
  await page.getByRole("tab", { name: "Accuracy and equitability" }).click();
  await page.getByRole("combobox", { name: /^Deployment/ }).selectOption(id);
  await expect(evidence).toContainText("of deployment");
  await expect(evidence.getByRole("heading", { level: 3 })).toContainText("Model evidence at threshold 0.450");
});
