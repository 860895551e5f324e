import { expect, test } from "@playwright/test";
import { can } from "../lib/auth/permissions";
import { ROLES, type Role } from "../lib/auth/roles";
import { API_ROUTES, PAGES } from "../lib/http/route-manifest";
import { apiAs } from "./support/api";
import { stateFile } from "./support/roles";

// Generated from the one permission table: every API route and page, against every role and an
// anonymous caller, checked both ways ("must be blocked" and "must not over-block").
const SAMPLE_ID = "00000000-0000-4000-8000-000000000000";
const concrete = (path: string) => path.replace(/\[[^\]]+\]/g, SAMPLE_ID);

for (const route of API_ROUTES) {
  test.describe(`${route.method} ${route.path}`, () => {
    for (const role of [null, ...ROLES] as (Role | null)[]) {
      const allowed = route.action === "public" || can(role, route.action);
      test(`${role ?? "anonymous"} is ${allowed ? "let through" : "refused"}`, async () => {
        const api = await apiAs(role);
        const url = concrete(route.path) + (route.sample ? `?${route.sample}` : "");
        const res = await api.fetch(url, { method: route.method, data: route.method === "GET" ? undefined : {} });
        if (allowed) {
          expect([401, 403], `${role} should reach ${route.method} ${route.path}`).not.toContain(res.status());
          expect(res.status()).toBeLessThan(500);
        } else {
          expect(res.status()).toBe(role ? 403 : 401);
          const body = await res.json();
          expect(body.error.code).toBe(role ? "forbidden" : "unauthenticated");
        }
        await api.dispose();
      });
    }
  });
}

for (const pageEntry of PAGES) {
  test.describe(`page ${pageEntry.path}`, () => {
    for (const role of ROLES) {
      const allowed = can(role, pageEntry.action);
      test(`${role} ${allowed ? "sees it" : "gets 403"}`, async ({ browser }) => {
        const context = await browser.newContext({ storageState: stateFile(role) });
        const page = await context.newPage();
        const res = await page.goto(pageEntry.path);
        expect(res?.status()).toBe(allowed ? 200 : 403);
        if (!allowed) await expect(page.getByRole("heading", { name: "Not permitted" })).toBeVisible();
        await context.close();
      });
    }
  });
}

test("an operator asking for the privacy officer's audit API gets 403, and the denial is in the audit trail", async () => {
  const operator = await apiAs("OPERATOR");
  const denied = await operator.get("/api/audit/events");
  expect(denied.status()).toBe(403);
  const requestId = denied.headers()["x-request-id"];
  const anonymous = await apiAs(null);
  expect((await anonymous.get("/api/audit/events")).status()).toBe(401);

  const privacy = await apiAs("PRIVACY_OFFICER");
  const res = await privacy.get("/api/audit/events?action=access.denied&limit=200");
  expect(res.status()).toBe(200);
  const { events } = await res.json();
  const record = events.find((e: { requestId: string }) => e.requestId === requestId);
  expect(record).toMatchObject({
    actorEmail: "operator@vigil.local",
    outcome: "denied",
    targetId: "GET /api/audit/events",
    details: { required: "audit.read", reason: "forbidden" },
  });
  expect(events.some((e: { actorId: string | null; targetId: string }) => e.actorId === null && e.targetId === "GET /api/audit/events")).toBe(true);
});
