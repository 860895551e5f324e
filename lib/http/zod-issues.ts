import type { ZodError } from "zod";

/** Turns zod issues into a short, bounded list a person can act on. */
export function describeZodError(error: ZodError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join(".") || "(body)",
    message: i.message.slice(0, 200),
  }));
  const first = issues[0];
  const message = first ? `Invalid request: ${first.path}: ${first.message}` : "Invalid request.";
  return { message, issues };
}
