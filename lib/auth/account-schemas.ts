import { z } from "zod";

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
