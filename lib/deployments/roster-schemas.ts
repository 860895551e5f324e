import { z } from "zod";

/** Roles that can be put on a deployment's roster; privacy officers and admins have oversight access anyway. */
export const ROSTER_ROLES = ["OPERATOR", "COMMANDER", "AUTHORISING_OFFICER"] as const;

export const addRosterMemberSchema = z.object({ userId: z.string().uuid() }).strict();

export const rosterMemberParams = z.object({ id: z.string().uuid(), userId: z.string().uuid() });

export const rosterMemberView = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  active: z.boolean(),
  addedAt: z.string(),
  addedBy: z.string().nullable(),
});
export type RosterMember = z.infer<typeof rosterMemberView>;

export const rosterView = z.object({
  deploymentId: z.string(),
  members: z.array(rosterMemberView),
  /** Active users of the roster roles who are not on it yet (for the picker). */
  candidates: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.string() })),
});
export type RosterView = z.infer<typeof rosterView>;
