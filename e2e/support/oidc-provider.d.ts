// oidc-provider ships no types; the specs use only its constructor, `on` and `listen`.
declare module "oidc-provider" {
  import type { Server } from "node:http";
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    on(event: string, listener: (...args: never[]) => void): void;
    listen(port: number, callback: () => void): Server;
  }
}
