/** Messages the sign-in form shows; next-auth passes the thrown message through as `error`. Safe for the client. */
export const SIGN_IN_ERRORS = {
  invalid: "Email, password or code is incorrect.",
  limited: "Too many failed sign-in attempts: sign-in is paused for 15 minutes. If you have set up an authenticator app, enter its code to sign in now.",
  mfa_required: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  unavailable: "Sign-in is unavailable: the database cannot be reached. Try again in a few seconds.",
  failed: "Sign-in failed. Try again.",
} as const;

/** `?error=` values the sign-in page explains (next-auth's own, and single sign-on refusals). */
export const SIGN_IN_PAGE_ERRORS: Record<string, string> = {
  OidcUnmapped: "Your identity provider signed you in, but none of your groups gives access to Vigil. Ask your administrator to add you to a Vigil group.",
  OidcRefused: "Vigil could not sign you in with your force account. Ask an administrator.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  OAuthSignin: "Single sign-on could not start. Try again, or ask an administrator.",
  Callback: "Single sign-on did not complete. Try again.",
  AccessDenied: "Access was refused.",
  SessionRequired: "Please sign in.",
};
