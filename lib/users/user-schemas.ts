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
