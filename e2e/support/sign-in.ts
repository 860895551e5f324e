import { expect, type Page } from "@playwright/test";

/** Signs in through the real form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function expectSignInError(page: Page, text: RegExp): Promise<void> {
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(text);
}

/** Enters the second-factor code the form asks for after the password, and submits. */
export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export const SCREENSHOTS = "test-results/auth-screens";
