import { request, type APIRequestContext } from "@playwright/test";
import type { Role } from "../../lib/auth/roles";
import { stateFile } from "./roles";

export const BASE_URL = `http://localhost:${process.env.VIGIL_E2E_PORT ?? 3100}`;

/** An API client signed in as a demo role (or anonymous), sending this app's Origin. */
export async function apiAs(role: Role | null, origin: string | null = BASE_URL): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: BASE_URL,
    storageState: role ? stateFile(role) : undefined,
    extraHTTPHeaders: origin ? { origin } : {},
  });
}
