import { z } from "zod";
import { ROLES } from "./roles";

export const codeSchema = z.string().trim().min(6, "must be a 6-digit code or a recovery code").max(20);

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "is required").max(1024),
    newPassword: z.string().min(12, "must be at least 12 characters").max(200),
  })
  .strict();

export const startEnrolmentSchema = z.object({ code: codeSchema.optional() }).strict();
export const confirmEnrolmentSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "must be the 6-digit code"),
  })
  .strict();
export const sessionIdParams = z.object({
  id: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});
export const unlockSchema = z.object({ key: z.string().min(3).max(400) }).strict();

// ───────────── Responses (the wire shape; routes check theirs with `satisfies`) ─────────────

const iso = z.string().datetime({ offset: true });

/** GET /api/me. */
export const meResponseSchema = z.object({
  user: z.object({ id: z.string().uuid(), email: z.string(), name: z.string(), role: z.enum(ROLES) }),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** One of the user's own open sessions (GET /api/account/sessions). */
export const ownSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: iso,
  lastSeenAt: iso,
  ip: z.string().nullable(),
  /** "Chrome on Linux", from the user agent. */
  device: z.string(),
  userAgent: z.string().nullable(),
  /** How the session signed in: password, password+totp, password+recovery, oidc. */
  method: z.string(),
});
export type OwnSession = z.infer<typeof ownSessionSchema>;
export const ownSessionsResponseSchema = z.object({ sessions: z.array(ownSessionSchema) });
export type OwnSessionsResponse = z.infer<typeof ownSessionsResponseSchema>;

/** DELETE /api/account/sessions/[id]: `current` when the session ended was this one (the page signs out). */
export const sessionEndedResponseSchema = z.object({ ended: z.boolean(), current: z.boolean() });
export type SessionEndedResponse = z.infer<typeof sessionEndedResponseSchema>;

/** POST /api/account/second-factor/enrol: the new secret, its otpauth URI and a QR code (SVG data URL). */
export const totpEnrolmentStartedResponseSchema = z.object({ secret: z.string(), uri: z.string(), qr: z.string() });
export type TotpEnrolmentStartedResponse = z.infer<typeof totpEnrolmentStartedResponseSchema>;

/** POST /api/account/second-factor/confirm: the recovery codes, shown this once. */
export const totpEnrolmentConfirmedResponseSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type TotpEnrolmentConfirmedResponse = z.infer<typeof totpEnrolmentConfirmedResponseSchema>;

/** POST /api/account/password: `next` is the set-up step still due (a second factor), if any. */
export const passwordChangedResponseSchema = z.object({ changed: z.boolean(), next: z.enum(["enrol_mfa"]).nullable() });
export type PasswordChangedResponse = z.infer<typeof passwordChangedResponseSchema>;

/** What the account page shows about the user's own sign-in security (loaded on the server). */
export const accountSecurityViewSchema = z.object({
  email: z.string(),
  hasSecondFactor: z.boolean(),
  enabledAt: iso.nullable(),
  recoveryCodesLeft: z.number().int(),
  required: z.boolean(),
  sso: z.boolean(),
});
export type AccountSecurityView = z.infer<typeof accountSecurityViewSchema>;
