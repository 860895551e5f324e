// Lint is part of the tests (`npm test` runs `npm run lint`). eslint-config-next's own flat configs:
// Next's rules, React, react-hooks (rules of hooks, exhaustive deps) and typescript-eslint.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    // The short list of rules turned off, each for a reason:
    rules: {
      // Every image Vigil shows is an authenticated API response or a blob: URL made in the browser;
      // next/image's optimiser would fetch them server-side without the user's session, and the CSP
      // allows images from 'self' and blob: only.
      "@next/next/no-img-element": "off",
    },
  },
  globalIgnores([".next/**", ".next-*/**", ".vigil/**", "lib/generated/**", "public/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
]);
