import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsModule from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers/index";
import { headers } from "next/headers";
import { z } from "zod";
import { textProblem } from "@/lib/http/check-text";
import { isDatabaseUnavailable } from "@/lib/http/database-unavailable";
import { clientIpFrom } from "@/lib/http/request-meta";
import { errorFields, logger } from "@/lib/observability/logger";
import { oidcConfig } from "./oidc-config";
import { provisionOidcUser } from "./provision-oidc-user";
import { revokeSession } from "./revoke-session";
import { SIGN_IN_ERRORS } from "./sign-in-errors";
import { verifyCredentials } from "./verify-credentials";

export { SIGN_IN_ERRORS };

// The one input rule (lib/http/check-text.ts) applies here too: NUL, lone surrogates and control
// characters are refused before anything reaches the database.
const clean = (s: string) => textProblem(s, false) === null;
const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254).refine(clean),
  password: z.string().min(1).max(1024).refine(clean),
  code: z.string().trim().max(64).refine(clean).optional(),
});

// next-auth ships CommonJS: Next's bundler and vitest hand over its default export, plain Node ESM
// (tsx, used by scripts/fuzz-plan.ts) the module object that holds it.
const CredentialsProvider = ((CredentialsModule as unknown as { default?: typeof CredentialsModule }).default ?? CredentialsModule) as typeof CredentialsModule;

export const SESSION_MAX_AGE_S = 12 * 60 * 60;
export const OIDC_PROVIDER_ID = "oidc";

/** next-auth hands authorize() a plain header object; the app's one client-address rule reads it. */
function headersOf(raw: unknown): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, string | string[] | undefined>)) {
    if (typeof v === "string") h.set(k, v);
    else if (Array.isArray(v)) h.set(k, v.join(", "));
  }
  return h;
}

function providers(): Provider[] {
  const list: Provider[] = [
    CredentialsProvider({
      name: "Vigil account",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Authentication code", type: "text" },
      },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
        const h = headersOf(req?.headers);
        // Whatever goes wrong, an anonymous caller only ever sees one of SIGN_IN_ERRORS (next-auth
        // puts the thrown message in the redirect URL).
        let result: Awaited<ReturnType<typeof verifyCredentials>>;
        try {
          result = await verifyCredentials(parsed.data.email, parsed.data.password, {
            ip: clientIpFrom(h),
            userAgent: h.get("user-agent"),
            code: parsed.data.code || null,
          });
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
          logger().error({ component: "signin", ...errorFields(error) }, "credential check failed");
          throw new Error(SIGN_IN_ERRORS.failed);
        }
        if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
        return { id: result.user.id, email: result.user.email, name: result.user.name, role: result.user.role, sid: result.user.sid };
      },
    }),
  ];
  const oidc = oidcConfig();
  if (oidc) {
    list.push({
      id: OIDC_PROVIDER_ID,
      name: oidc.label,
      type: "oauth",
      wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: Record<string, unknown>) {
        return {
          id: String(profile.sub),
          email: typeof profile.email === "string" ? profile.email : "",
          name: typeof profile.name === "string" ? profile.name : "",
          role: "OPERATOR",
          sid: "",
        };
      },
    });
  }
  return list;
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/signin", error: "/signin" },
  providers: providers(),
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const config = oidcConfig();
      if (!config || !profile) return "/signin?error=OidcRefused";
      let ip: string | null = null;
      let userAgent: string | null = null;
      try {
        const h = await headers();
        ip = clientIpFrom(h);
        userAgent = h.get("user-agent");
      } catch {
        // Outside a request scope (never in the app): the session simply records no address.
      }
      const claims = profile as unknown as Record<string, unknown>;
      const result = await provisionOidcUser(
        config,
        {
          sub: String(claims.sub ?? ""),
          email: typeof claims.email === "string" ? claims.email : null,
          name: typeof claims.name === "string" ? claims.name : null,
          claims,
        },
        { ip, userAgent },
      );
      if (!result.ok) return `/signin?error=${result.reason === "unmapped" ? "OidcUnmapped" : "OidcRefused"}`;
      // No adapter: this object is the `user` the jwt callback receives next.
      Object.assign(user, result.user);
      return true;
    },
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
