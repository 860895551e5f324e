import { z } from "zod";

/**
 * Every environment variable Vigil reads, parsed once. A bad value stops start-up with a message
 * naming the variable. Scripts (`scripts/start.ts`) fill in local defaults before the app starts;
 * a production deployment sets them explicitly.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** Port of the embedded Postgres (lib/db/bootstrap.ts reads it before anything else runs). */
  VIGIL_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  /** Local state folder (embedded database, keys, backups); default ./.vigil (lib/db/paths.ts). */
  VIGIL_STATE_DIR: z.string().max(1000).optional(),
  /** Port the app listens on (scripts/start.ts). */
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Public URL next-auth uses for callbacks; scripts/start.ts sets http://localhost:PORT when unset. */
  NEXTAUTH_URL: z.string().url().optional(),
  /** STUN/TURN servers for WebRTC, a JSON array of RTCIceServer; inlined into the browser bundle at build time (lib/live-client/rtc.ts). */
  NEXT_PUBLIC_ICE_SERVERS: z
    .string()
    .max(10_000)
    .refine((v) => {
      try {
        return Array.isArray(JSON.parse(v));
      } catch {
        return false;
      }
    }, "must be a JSON array of RTCIceServer objects")
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Public origin(s) of the app (scheme://host:port, comma-separated). Mutations must come from one. */
  VIGIL_ORIGIN: z
    .string()
    .max(2000)
    .refine((v) => v.split(",").every((o) => URL.canParse(o.trim())), "must be one or more comma-separated URLs")
    .optional(),
  DEMO_PASSWORD: z.string().min(8).max(200).optional(),
  /** "1" creates demo users even when NODE_ENV=production. */
  VIGIL_SEED_DEMO: z.enum(["0", "1"]).optional(),
  /** Ed25519 private key (PKCS#8 PEM, `\n` escapes allowed) that signs audit checkpoints and exports. */
  AUDIT_SIGNING_PRIVATE_KEY: z
    .string()
    .max(4000)
    .refine((v) => v.includes("PRIVATE KEY"), "must be a PEM private key (-----BEGIN PRIVATE KEY-----)")
    .optional(),
  /** Public keys (PEM, concatenated) of retired Ed25519 signing keys: what they signed still verifies. */
  AUDIT_RETIRED_PUBLIC_KEYS: z.string().max(40_000).optional(),
  /** Legacy HMAC key of checkpoints signed before Ed25519 (hex or text, ≥ 32 chars): verification only. */
  AUDIT_SIGNING_KEY: z.string().min(32).optional(),
  AUDIT_SIGNING_KEY_ID: z.string().max(64).default("env-1"),
  /** "1": in production without AUDIT_SIGNING_PRIVATE_KEY, sign with the local key in .vigil/audit-ed25519.pem (npm start on the embedded database sets it). */
  VIGIL_ALLOW_LOCAL_AUDIT_KEY: z.enum(["0", "1"]).optional(),
  RETENTION_ALERT_DAYS: z.coerce.number().int().min(1).max(3650).default(31),
  RETENTION_SNAPSHOT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  RETENTION_LIVE_EVENT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  RETENTION_RTC_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  RETENTION_SESSION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Unset (the default) keeps the audit trail forever; otherwise purged from a signed anchor. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  RETENTION_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** Largest zone area accepted as "targeted", in square metres. */
  ZONE_MAX_AREA_M2: z.coerce.number().positive().default(2_000_000),
  NEXT_PUBLIC_TILE_URL: z.string().max(500).optional(),
  NEXT_PUBLIC_TILE_ATTRIBUTION: z.string().max(500).optional(),
  VIGIL_SHARED_DIR: z.string().optional(),
  /**
   * How many reverse proxies in front of the app may be believed about the client: 0 (the
   * default) ignores every X-Forwarded-* header; N takes the host and scheme the nearest proxy
   * set and the client address N hops from the right of X-Forwarded-For. "true"/"false" mean 1/0.
   */
  VIGIL_TRUSTED_PROXY: z
    .string()
    .trim()
    .regex(/^(\d{1,2}|true|false)$/, "must be a number of proxies (0-99), true or false")
    .default("0")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  /**
   * Media gateway origins (scheme://host:port, comma-separated) a WHEP camera's URL may point at.
   * Unset: no WHEP camera is accepted, so a deployment can never make the app call an internal address.
   */
  VIGIL_WHEP_ORIGINS: z
    .string()
    .max(4000)
    .refine(
      (v) => v.split(",").every((o) => o.trim() === "" || (URL.canParse(o.trim()) && /^https?:$/.test(new URL(o.trim()).protocol))),
      "must be comma-separated http(s) origins",
    )
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => new URL(o).origin),
    )
    .optional(),
  /** The force's time zone: dossiers and the public record show times in it (IANA name). */
  VIGIL_TIME_ZONE: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-GB", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/London")
    .default("Europe/London"),
  /** "1" publishes the transparency record (/transparency, no sign-in): closed deployments' publishable columns. */
  VIGIL_TRANSPARENCY: z.enum(["0", "1"]).default("0"),
  /**
   * Second factor: "1" (default) requires it of authorising officers, privacy officers and
   * administrators; "all" of every role; "0" makes it optional with a banner (the local demo).
   */
  VIGIL_REQUIRE_MFA: z.enum(["0", "1", "all"]).default("1"),
  /** OpenID Connect single sign-on: set issuer, client id and secret, and the role map, together. */
  VIGIL_OIDC_ISSUER: z.string().url().max(500).optional(),
  VIGIL_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  VIGIL_OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The ID-token / userinfo claim holding group ids or role names (default "groups"). */
  VIGIL_OIDC_ROLE_CLAIM: z.string().min(1).max(100).default("groups"),
  /** `group-a:OPERATOR,group-b:COMMANDER`: claim value → Vigil role. */
  VIGIL_OIDC_ROLE_MAP: z
    .string()
    .max(5000)
    .refine(
      (v) => v.split(",").every((pair) => /^[^:]+:(OPERATOR|COMMANDER|AUTHORISING_OFFICER|PRIVACY_OFFICER|ADMIN)$/.test(pair.trim())),
      "must be comma-separated value:ROLE pairs (roles: OPERATOR, COMMANDER, AUTHORISING_OFFICER, PRIVACY_OFFICER, ADMIN)",
    )
    .optional(),
  /** The label of the single sign-on button (default "Continue with your force account"). */
  VIGIL_OIDC_LABEL: z.string().min(1).max(80).default("Continue with your force account"),
  /** Bearer token a Prometheus scraper sends to GET /metrics (admins can read it signed in). */
  VIGIL_METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").max(200).optional(),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const oidc = [parsed.data.VIGIL_OIDC_ISSUER, parsed.data.VIGIL_OIDC_CLIENT_ID, parsed.data.VIGIL_OIDC_CLIENT_SECRET, parsed.data.VIGIL_OIDC_ROLE_MAP];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new Error("Invalid environment: VIGIL_OIDC_ISSUER, VIGIL_OIDC_CLIENT_ID, VIGIL_OIDC_CLIENT_SECRET and VIGIL_OIDC_ROLE_MAP must be set together");
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}
