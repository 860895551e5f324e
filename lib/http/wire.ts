/**
 * What a server value becomes on the wire: JSON.stringify turns a Date into its ISO string and drops
 * nothing else we return. Response schemas describe the wire shape (dates as ISO strings); a route
 * proves that what it returns fits its response schema with
 *   `return { deployment: toWire(await getDeployment(id)) } satisfies DeploymentResponse;`
 * so a field removed on either side stops the build. No "server-only": types only, plus an identity.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends bigint
    ? never
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** The value as the client will read it: identity at run time (the JSON encoder does the work). */
export function toWire<T>(value: T): Wire<T> {
  return value as Wire<T>;
}
