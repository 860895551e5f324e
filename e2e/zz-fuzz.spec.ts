import { SIGN_IN_ERRORS } from "../lib/auth/sign-in-errors";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { can, type Action } from "../lib/auth/permissions";
import { ROLES, type Role } from "../lib/auth/roles";
import { seededRandom } from "../lib/random/seeded-random";
import {
  baseline,
  deepJson,
  HOSTILE_URL_VALUES,
  HOSTILE_VALUES,
  LEAK_PATTERNS,
  SAMPLE_UUID,
  type FuzzRoute,
  type Hostile,
  type JsonSchema,
} from "../lib/testing/fuzz-values";
import { apiAs, BASE_URL } from "./support/api";

/**
 * The fuzz suite, generated from the route manifest and each route's zod schemas (printed as JSON
 * Schema by scripts/fuzz-plan.ts): every route, every body field (and the fields of array items),
 * every query parameter and path parameter gets hostile values, one at a time, from a role the
 * permission table lets through, with the rest of the request plausible. Acceptance: no response
 * is ≥ 500, none carries a stack trace or a database message, and every string that breaks the
 * input rule (NUL, lone surrogate, control character) is a 400 naming its field.
 * Bounded: VIGIL_FUZZ_LIMIT requests (default 1500), chosen by a seeded PRNG (VIGIL_FUZZ_SEED),
 * always including the input-rule values for every field. Named zz- so it runs after the
 * functional specs (what it creates cannot disturb them).
 */
const LIMIT = Number(process.env.VIGIL_FUZZ_LIMIT ?? 1500);
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 11);

function loadPlan(): FuzzRoute[] {
  const file = `.vigil/fuzz-plan-${process.env.VIGIL_E2E_PORT ?? 3100}.json`;
  if (existsSync(file) && Date.now() - statSync(file).mtimeMs < 30 * 60_000) return JSON.parse(readFileSync(file, "utf8"));
  const text = execFileSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/fuzz-plan.ts"], { encoding: "utf8", maxBuffer: 64 << 20 });
  mkdirSync(".vigil", { recursive: true });
  writeFileSync(file, text);
  return JSON.parse(text);
}

interface Case {
  label: string;
  field: string | null;
  url: string;
  body?: { text: string } | { json: unknown } | null;
  /** Must be refused with a 400 whose message names this field. */
  expectField?: string;
}

const plan = loadPlan();

function roleFor(action: string): Role {
  if (action === "public") return "ADMIN";
  const role = ROLES.find((r) => can(r, action as Action));
  if (!role) throw new Error(`no role may ${action}`);
  return role;
}

function objectSchema(s: JsonSchema | null): JsonSchema | null {
  return s && (s.properties || s.type === "object") ? s : null;
}

function urlFor(route: FuzzRoute, params: Record<string, string>, query: Record<string, string>): string {
  const path = route.path.replace(/\[([^\]]+)\]/g, (_, name: string) => params[name] ?? SAMPLE_UUID);
  const pairs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${v}`);
  // The manifest's sample (e.g. once=1, so the stream answers once) unless that key is fuzzed.
  for (const pair of route.sample?.split("&") ?? []) if (!(pair.split("=")[0] in query)) pairs.push(pair);
  return pairs.length ? `${path}?${pairs.join("&")}` : path;
}

function casesFor(route: FuzzRoute, random: () => number): { must: Case[]; may: Case[] } {
  const must: Case[] = [];
  const may: Case[] = [];
  const bodySchema = objectSchema(route.body);
  const baseBody = bodySchema ? (baseline(bodySchema) as Record<string, unknown>) : undefined;
  const baseQuery = Object.fromEntries(
    Object.entries((baseline(route.query ?? undefined) as Record<string, unknown> | null) ?? {}).map(([k, v]) => [k, encodeURIComponent(String(v))]),
  );
  const baseParams: Record<string, string> = {};
  const url = urlFor(route, baseParams, baseQuery);
  const json = (value: unknown) => ({ json: value });
  must.push({ label: "baseline", field: null, url, body: baseBody ? json(baseBody) : null });

  // Path parameters and query parameters.
  for (const name of Object.keys(route.params?.properties ?? {})) {
    for (const h of HOSTILE_URL_VALUES) {
      const c: Case = {
        label: `param ${h.label}`,
        field: `params.${name}`,
        url: urlFor(route, { [name]: h.raw }, baseQuery),
        body: baseBody ? json(baseBody) : null,
      };
      if (h.breaksTextRule) must.push({ ...c, expectField: `params.${name}` });
      else may.push(c);
    }
  }
  for (const name of Object.keys(route.query?.properties ?? {})) {
    for (const h of HOSTILE_URL_VALUES) {
      const c: Case = {
        label: `query ${h.label}`,
        field: `query.${name}`,
        url: urlFor(route, baseParams, { ...baseQuery, [name]: h.raw }),
        body: baseBody ? json(baseBody) : null,
      };
      if (h.breaksTextRule) must.push({ ...c, expectField: `query.${name}` });
      else may.push(c);
    }
  }
  if (route.method === "GET" || route.method === "DELETE") return { must, may };

  if (!bodySchema) {
    // A route that streams its own body (the crime CSV upload) or takes none.
    const header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";
    for (const [label, text] of [
      ["NUL CSV", `${header}\n\u0000,2026-09,\u0000,,-0.12,51.53,On or near\u0000 X,E01,C,Robbery,,\n`],
      ["binary", "\u0000\u0001\u0002\uffff".repeat(1000)],
      ["lone surrogate CSV", `${header}\nx,2026-09,\ud800,,-0.12,51.53,X,E01,C,Robbery,,\n`],
      ["not CSV", deepJson(5000)],
    ] as const) {
      must.push({ label: `body ${label}`, field: null, url, body: { text } });
    }
    return { must, may };
  }

  // Whole-body cases.
  for (const [label, text] of [
    ["deep nesting", `{"a":${deepJson(100_000)}}`],
    ["array body", "[]"],
    ["string body", '"\\u0000"'],
    ["number body", "1e999"],
    ["invalid JSON", '{"a":'],
    ["lone surrogate escape", '{"x":"\\ud800"}'],
    ["oversized", JSON.stringify({ x: "x".repeat(route.maxBodyBytes + 10) })],
  ] as const) {
    may.push({ label: `body ${label}`, field: null, url, body: { text } });
  }

  // Every field, and the fields of array items and nested objects, one hostile value at a time.
  const fields: { path: string[]; label: string }[] = [];
  for (const [name, schema] of Object.entries(bodySchema.properties ?? {})) {
    fields.push({ path: [name], label: name });
    const item = schema.items?.properties ? schema.items : null;
    if (item) for (const sub of Object.keys(item.properties!)) fields.push({ path: [name, "0", sub], label: `${name}.0.${sub}` });
    if (schema.properties) for (const sub of Object.keys(schema.properties)) fields.push({ path: [name, sub], label: `${name}.${sub}` });
  }
  for (const f of fields) {
    for (const h of HOSTILE_VALUES) {
      const body = withValue(bodySchema, baseBody!, f.path, h);
      const c: Case = { label: `${f.label} = ${h.label}`, field: f.label, url, body: json(body) };
      if (h.breaksTextRule) must.push({ ...c, expectField: f.label });
      else may.push(c);
    }
  }
  void random;
  return { must, may };
}

function withValue(schema: JsonSchema, base: Record<string, unknown>, path: string[], h: Hostile): unknown {
  const body = structuredClone(base);
  let target: Record<string, unknown> = body;
  let s: JsonSchema | undefined = schema;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    s = s?.properties?.[key] ?? s?.items;
    if (target[key] === undefined || target[key] === null || typeof target[key] !== "object") {
      target[key] = s?.type === "array" ? [baseline(s.items)] : (baseline(s) ?? {});
    }
    if (Array.isArray(target[key]) && (target[key] as unknown[]).length === 0) (target[key] as unknown[]).push(baseline(s?.items));
    target = target[key] as Record<string, unknown>;
  }
  target[path.at(-1)!] = h.value;
  return body;
}

// Choose the bounded set: every "must" case, then a seeded sample of the rest.
const random = seededRandom(SEED);
const perRoute = plan.map((route) => ({ route, ...casesFor(route, random) }));
const mustCount = perRoute.reduce((n, r) => n + r.must.length, 0);
const pool = perRoute.flatMap((r) => r.may.map((c) => ({ route: r.route, c })));
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [pool[i], pool[j]] = [pool[j], pool[i]];
}
const chosen = new Set(pool.slice(0, Math.max(0, LIMIT - mustCount)).map((p) => p.c));

function leaks(text: string): string | null {
  for (const p of LEAK_PATTERNS) {
    const m = text.match(p);
    if (m) return `${p} matched "${text.slice(Math.max(0, (m.index ?? 0) - 60), (m.index ?? 0) + 80)}"`;
  }
  return null;
}

async function send(api: APIRequestContext, route: FuzzRoute, c: Case): Promise<APIResponse> {
  const headers: Record<string, string> = {};
  let data: string | Buffer | undefined;
  if (c.body && "json" in c.body) {
    headers["content-type"] = "application/json";
    data = JSON.stringify(c.body.json);
  } else if (c.body && "text" in c.body) {
    headers["content-type"] = route.path === "/api/intel/imports" ? "text/csv" : "application/json";
    data = Buffer.from(c.body.text, "utf8");
  }
  return api.fetch(c.url, { method: route.method, headers, data, maxRedirects: 0, timeout: 30_000 });
}

test(`the fuzz plan covers every route in the manifest (${plan.length} handlers, ${mustCount + chosen.size} requests)`, () => {
  expect(plan.length).toBeGreaterThanOrEqual(60);
  expect(plan.every((r) => r.action)).toBe(true);
});

for (const { route, must, may } of perRoute) {
  const cases = [...must, ...may.filter((c) => chosen.has(c))];
  test(`fuzz ${route.method} ${route.path} (${cases.length} requests)`, async () => {
    test.setTimeout(10 * 60_000);
    const api = await apiAs(roleFor(route.action));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const c of cases) {
      let res: APIResponse;
      try {
        res = await send(api, route, c);
      } catch (e) {
        failures.push(`${c.label}: no response (${(e as Error).message.split("\n")[0]})`);
        continue;
      }
      statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
      const text = (await res.body()).toString("utf8");
      if (res.status() >= 500) failures.push(`${c.label}: ${res.status()} ${text.slice(0, 200)}`);
      const leak = leaks(text + JSON.stringify(res.headers()));
      if (leak) failures.push(`${c.label}: leaks ${leak}`);
      if (c.expectField) {
        let message = "";
        try {
          message = JSON.parse(text).error?.message ?? "";
        } catch {
          // not JSON: reported below
        }
        if (res.status() !== 400 || !message.includes(c.expectField))
          failures.push(`${c.label}: expected 400 naming ${c.expectField}, got ${res.status()} ${text.slice(0, 160)}`);
      }
    }
    await api.dispose();
    console.log(`${route.method} ${route.path}: ${cases.length} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures, failures.slice(0, 15).join("\n")).toEqual([]);
  });
}

test("sign-in with hostile credentials: generic errors only, nothing from the database in the redirect", async () => {
  const api = await apiAs(null);
  for (const email of ["a\u0000@vigil.local", "\ud800@vigil.local", "' OR 1=1 --", "x".repeat(5000), "admin@vigil.local\u0007"]) {
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    const res = await api.post("/api/auth/callback/credentials", {
      form: { email, password: "not-the-password", csrfToken, json: "true", callbackUrl: `${BASE_URL}/` },
      maxRedirects: 0,
    });
    expect(res.status()).toBeLessThan(500);
    const text = (await res.body()).toString("utf8") + (res.headers().location ?? "");
    expect(leaks(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, "%25")))).toBeNull();
    const target = JSON.parse(text.match(/^\{.*\}/s)?.[0] ?? "{}").url ?? res.headers().location ?? "";
    const error = new URL(target, BASE_URL).searchParams.get("error");
    expect([SIGN_IN_ERRORS.invalid, SIGN_IN_ERRORS.failed]).toContain(error);
  }
  await api.dispose();
});
