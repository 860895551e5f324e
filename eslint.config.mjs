// Lint is part of the tests (`npm test` runs `npm run lint`). eslint-config-next's own flat configs:
// Next's rules, React, react-hooks (rules of hooks, exhaustive deps) and typescript-eslint.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([".next/**", ".next-*/**", ".vigil/**", "lib/generated/**", "public/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
]);
