import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/** The live benchmark: same server and browser as the e2e tests, only the *.bench.ts files. */
export default defineConfig({
  ...base,
  testMatch: /.*\.bench\.ts/,
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "bench", testMatch: /.*\.bench\.ts/, dependencies: ["setup"] },
  ],
  reporter: [["list"]],
});
