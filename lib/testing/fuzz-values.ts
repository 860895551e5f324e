/**
 * The fuzz suite's values (pure: used by e2e/zz-fuzz.spec.ts): a plausible baseline for a JSON
 * Schema (so one hostile field at a time meets an otherwise valid request), and the hostile
 * values themselves.
 */
export interface FuzzRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  action: string;
  sample: string | null;
  body: JsonSchema | null;
  query: JsonSchema | null;
  params: JsonSchema | null;
  maxBodyBytes: number;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export const SAMPLE_UUID = "00000000-0000-4000-8000-00000000f022";

/** A value the schema would probably accept (good enough that the hostile field is what fails). */
export function baseline(schema: JsonSchema | undefined, name = ""): unknown {
  if (!schema) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alt?.length) return baseline(alt.find((s) => s.type !== "null") ?? alt[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = baseline(schema.properties?.[key], key);
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => baseline(schema.items, name));
    case "integer":
    case "number": {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? min + 1;
      return type === "integer" ? Math.ceil(Math.min(Math.max(min, 1), max)) : Math.min(Math.max(min, 0.5), max);
    }
    case "boolean":
      return false;
    case "string":
      return sampleString(schema, name);
    default:
      return "x";
  }
}

function sampleString(schema: JsonSchema, name: string): string {
  if (schema.format === "uuid") return SAMPLE_UUID;
  if (schema.format === "date-time") return new Date(Date.now() + 3_600_000).toISOString();
  if (schema.format === "email" || /email/i.test(name)) return `fuzz-${Date.now()}@test.vigil`;
  if (schema.pattern?.includes("v=0")) return `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n`;
  if (schema.pattern?.includes("\\d{4}-")) return "2026-09";
  const len = Math.max(schema.minLength ?? 1, 12);
  return "fuzz value ".repeat(Math.ceil(len / 11)).slice(0, Math.min(len, schema.maxLength ?? len));
}

/** Deeply nested JSON (arrays), as text, so building it cannot overflow a stack. */
export function deepJson(depth: number): string {
  return "[".repeat(depth) + "1" + "]".repeat(depth);
}

export interface Hostile {
  label: string;
  value: unknown;
  /** The input rule must refuse it with a 400 naming the field (for string-carrying values). */
  breaksTextRule?: boolean;
}

/** Hostile values for one field of a JSON body. */
export const HOSTILE_VALUES: Hostile[] = [
  { label: "NUL", value: "a\u0000b", breaksTextRule: true },
  { label: "only NUL", value: "\u0000", breaksTextRule: true },
  { label: "lone high surrogate", value: "name\ud800", breaksTextRule: true },
  { label: "lone low surrogate", value: "\udfffname", breaksTextRule: true },
  { label: "bell control", value: "ring\u0007", breaksTextRule: true },
  { label: "NUL inside an array", value: ["ok", "x\u0000"], breaksTextRule: true },
  { label: "NUL as an object key", value: { "k\u0000": 1 }, breaksTextRule: true },
  { label: "huge string", value: "x".repeat(300_000) },
  { label: "long string", value: "y".repeat(5_000) },
  { label: "deep nesting", value: JSON.parse(deepJson(2_000)) },
  { label: "number", value: 42 },
  { label: "negative", value: -1 },
  { label: "huge number", value: 1e308 },
  { label: "2^63", value: 2 ** 63 },
  { label: "fraction", value: 0.000001 },
  { label: "digits string", value: "9".repeat(40) },
  { label: "true", value: true },
  { label: "null", value: null },
  { label: "empty array", value: [] },
  { label: "object", value: { $gt: "" } },
  { label: "SQL injection", value: "' OR '1'='1'; DROP TABLE \"User\"; --" },
  { label: "script", value: "<script>alert(1)</script>" },
  { label: "path traversal", value: "../../../../etc/passwd" },
  { label: "template", value: "${jndi:ldap://x}{{7*7}}" },
  { label: "prototype", value: { __proto__: { admin: true }, constructor: { prototype: {} } } },
  { label: "bidi and emoji", value: "\u202eevil\u202c 👮‍♀️" },
  { label: "empty", value: "" },
  { label: "date far future", value: "9999-12-31T23:59:59.999Z" },
  { label: "date epoch", value: "1970-01-01T00:00:00Z" },
];

/** Hostile raw (already percent-encoded) values for a path segment or a query parameter. */
export const HOSTILE_URL_VALUES: { label: string; raw: string; breaksTextRule?: boolean }[] = [
  { label: "NUL", raw: "a%00b", breaksTextRule: true },
  { label: "control", raw: "a%07b", breaksTextRule: true },
  { label: "newline", raw: "a%0Ab", breaksTextRule: true },
  { label: "invalid UTF-8 (encoded surrogate)", raw: "%ED%A0%80" },
  { label: "long", raw: "z".repeat(6_000) },
  { label: "SQL injection", raw: encodeURIComponent("' OR 1=1 --") },
  { label: "traversal", raw: "..%2F..%2Fetc%2Fpasswd" },
  { label: "number", raw: "99999999999999999999999" },
  { label: "negative", raw: "-1" },
  { label: "empty", raw: "" },
  { label: "script", raw: encodeURIComponent("<script>x</script>") },
];

/** Text no response may contain: stack frames, database and driver messages. */
export const LEAK_PATTERNS: RegExp[] = [
  /\bat [^\n]*\.(ts|js|mjs|cjs|tsx):\d+/,
  /node_modules/,
  /prisma/i,
  /postgres/i,
  /\bP[12]\d{3}\b/,
  /invalid byte sequence/i,
  /violates [a-z ]*constraint/i,
  /\b(relation|column) "[^"]+"/i,
  // SQLSTATE 22021 as a token: a random request id (b6220217-…) contains those digits too.
  /SQLSTATE|\b22021\b|ECONNREFUSED/,
  /unsupported Unicode escape/i,
  /TypeError|ReferenceError|RangeError|SyntaxError: /,
];
