import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { clientIp } from "@/lib/http/forwarded";
import { revokeSession } from "./revoke-session";
import { verifyCredentials } from "./verify-credentials";

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

/** Messages the sign-in form shows; next-auth passes the thrown message through as `error`. */
export const SIGN_IN_ERRORS = {
  invalid: "Email or password is incorrect.",
  locked: "This account is locked for 15 minutes after 5 failed sign-in attempts.",
  disabled: "This account is disabled. Ask an administrator.",
} as const;

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
        const result = await verifyCredentials(parsed.data.email, parsed.data.password, {
          ip: clientIp(headers),
          userAgent: headers["user-agent"] ?? null,
        });
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
