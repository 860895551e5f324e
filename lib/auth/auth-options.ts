import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsModule from "next-auth/providers/credentials";
import { z } from "zod";
import { textProblem } from "@/lib/http/check-text";
import { isDatabaseUnavailable } from "@/lib/http/database-unavailable";
import { clientIp } from "@/lib/http/forwarded";
import { revokeSession } from "./revoke-session";
import { verifyCredentials } from "./verify-credentials";

// The one input rule (lib/http/check-text.ts) applies here too: NUL, lone surrogates and control
// characters are refused before anything reaches the database.
const clean = (s: string) => textProblem(s, false) === null;
const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254).refine(clean),
  password: z.string().min(1).max(1024).refine(clean),
});

/** Messages the sign-in form shows; next-auth passes the thrown message through as `error`. */
export const SIGN_IN_ERRORS = {
  invalid: "Email or password is incorrect.",
  locked: "This account is locked for 15 minutes after 5 failed sign-in attempts.",
  disabled: "This account is disabled. Ask an administrator.",
  unavailable: "Sign-in is unavailable: the database cannot be reached. Try again in a few seconds.",
  failed: "Sign-in failed. Try again.",
} as const;

// next-auth ships CommonJS: Next's bundler and vitest hand over its default export, plain Node ESM
// (tsx, used by scripts/fuzz-plan.ts) the module object that holds it.
const CredentialsProvider = ((CredentialsModule as unknown as { default?: typeof CredentialsModule }).default ?? CredentialsModule) as typeof CredentialsModule;

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Vigil account",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        // Whatever goes wrong, an anonymous caller only ever sees one of SIGN_IN_ERRORS (next-auth
        // puts the thrown message in the redirect URL).
        let result: Awaited<ReturnType<typeof verifyCredentials>>;
        try {
          result = await verifyCredentials(parsed.data.email, parsed.data.password, {
            ip: clientIp(headers),
            userAgent: headers["user-agent"] ?? null,
          });
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
          console.error("[signin] credential check failed", error);
          throw new Error(SIGN_IN_ERRORS.failed);
        }
        if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
        return result.user;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sid = user.sid;
        token.uid = user.id;
        token.role = user.role;
      }
      return token;
    },
    async session({ session, token }) {
      session.sid = token.sid ?? "";
      session.user = {
        id: token.uid ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        role: token.role!,
      };
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid && token.uid) await revokeSession(token.sid, token.uid, "sign_out");
    },
  },
};
