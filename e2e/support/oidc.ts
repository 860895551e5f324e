/**
 * A real OpenID Connect provider (the `oidc-provider` package, the certified implementation many
 * identity servers build on) run in-process by the single sign-on specs. scripts/e2e-server.ts
 * points the app at it through the same VIGIL_OIDC_* settings a force would set.
 */
import type { Server } from "node:http";

export const E2E_OIDC_PORT = Number(process.env.VIGIL_E2E_OIDC_PORT ?? Number(process.env.VIGIL_E2E_PORT ?? 3100) + 50);
export const E2E_OIDC = {
  issuer: `http://localhost:${E2E_OIDC_PORT}`,
  clientId: "vigil-e2e",
  clientSecret: "vigil-e2e-client-secret-not-for-production",
  roleMap: "vigil-operators:OPERATOR,vigil-commanders:COMMANDER",
};

/** Directory accounts by login: their groups are what Vigil maps to roles. Tests may change them. */
export const DIRECTORY: Record<string, { name: string; email: string; groups: string[] }> = {};

export async function startOidcProvider(appOrigin: string): Promise<{ stop: () => Promise<void> }> {
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(E2E_OIDC.issuer, {
    clients: [
      {
        client_id: E2E_OIDC.clientId,
        client_secret: E2E_OIDC.clientSecret,
        redirect_uris: [`${appOrigin}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    // Entra ID and others put profile and group claims in the ID token; so does this one.
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-cookie-key-0123456789abcdef"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const person = DIRECTORY[id];
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: person.email, email_verified: true, name: person.name, groups: [...person.groups] };
        },
      };
    },
  });
  provider.on("server_error", (_ctx: unknown, err: Error) => console.error("[oidc-provider]", err));
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(E2E_OIDC_PORT, () => resolve(s));
  });
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
