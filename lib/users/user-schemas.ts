import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

export const roleSchema = z.enum(ROLES);

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(254),
  name: z.string().trim().min(1, "is required").max(120),
  role: roleSchema,
  password: z.string().min(12, "must be at least 12 characters").max(200),
});

export const updateUserSchema = z
  .object({
    role: roleSchema.optional(),
    active: z.boolean().optional(),
    name: z.string().trim().min(1).max(120).optional(),
    /** Ends every session of the user now. */
    signOutEverywhere: z.literal(true).optional(),
    unlock: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");

export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  lockedUntil: true,
  lastLoginAt: true,
  createdAt: true,
  totpEnabledAt: true,
  mustChangePassword: true,
  oidcSubject: true,
} as const;

// ───────────────────────────── Responses (the wire shape; dates as ISO strings) ─────────────────────────────

const iso = z.string().datetime({ offset: true });

/** A user as administrators see them (publicUserSelect: never a password hash or a second-factor secret). */
export const userViewSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  active: z.boolean(),
  lockedUntil: iso.nullable(),
  lastLoginAt: iso.nullable(),
  createdAt: iso,
  totpEnabledAt: iso.nullable(),
  mustChangePassword: z.boolean(),
  oidcSubject: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const userListResponseSchema = z.object({ users: z.array(userViewSchema) });
export type UserListResponse = z.infer<typeof userListResponseSchema>;
export const userResponseSchema = z.object({ user: userViewSchema });
export type UserResponse = z.infer<typeof userResponseSchema>;

export const signInLockSchema = z.object({
  key: z.string(),
  kind: z.enum(["source", "account", "accountSource"]),
  email: z.string().nullable(),
  source: z.string().nullable(),
  lockedAt: iso,
  until: iso,
});
export type SignInLock = z.infer<typeof signInLockSchema>;
export const signInLocksResponseSchema = z.object({ locks: z.array(signInLockSchema) });
export type SignInLocksResponse = z.infer<typeof signInLocksResponseSchema>;

export const oneTimePasswordResponseSchema = z.object({ password: z.string() });
export type OneTimePasswordResponse = z.infer<typeof oneTimePasswordResponseSchema>;
export const secondFactorResetResponseSchema = z.object({ reset: z.boolean() });
export type SecondFactorResetResponse = z.infer<typeof secondFactorResetResponseSchema>;
export const unlockResponseSchema = z.object({ unlocked: z.boolean() });
export type UnlockResponse = z.infer<typeof unlockResponseSchema>;
