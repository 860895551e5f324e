import { z } from "zod";

/**
 * Browser-side access to Vigil's JSON API, and THE one parser of the server's error envelope
 * (`{ error: { code, message, details? }, requestId }`, lib/http/with-route.ts): every client
 * (pages, camera station, outbox, WebRTC) reads failures through readApiError.
 */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** The error envelope every route answers a failure with. */
export const apiErrorEnvelopeSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string().optional(),
});
export type ApiErrorEnvelope = z.infer<typeof apiErrorEnvelopeSchema>;

/** The failure a response body describes (or a generic one naming the status when it is not an envelope). */
export function apiErrorFrom(status: number, body: unknown, fallback = `Request failed (${status}).`): ApiRequestError {
  const parsed = apiErrorEnvelopeSchema.safeParse(body);
  return parsed.success
    ? new ApiRequestError(parsed.data.error.message, status, parsed.data.error.code, parsed.data.requestId)
    : new ApiRequestError(fallback, status);
}

/** Reads a failed response's body as the error envelope. Consumes the body. */
export async function readApiError(response: Response, fallback?: string): Promise<ApiRequestError> {
  const text = await response.text().catch(() => "");
  return apiErrorFrom(response.status, text ? safeJson(text) : null, fallback);
}

/** The one place a page turns a failure into words. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiRequestError) return e.requestId && e.status >= 500 ? `${e.message} (request ${e.requestId})` : e.message;
  if (e instanceof z.ZodError) return "The server sent data this page does not understand; reload the page.";
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const response = await fetch(path, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? safeJson(text) : null;
  if (!response.ok) throw apiErrorFrom(response.status, data);
  return data as T;
}

/** A GET (or any call) whose answer is parsed with its response schema, never cast. */
export async function apiParse<S extends z.ZodType>(schema: S, path: string, init?: Parameters<typeof api>[1]): Promise<z.infer<S>> {
  return schema.parse(await api<unknown>(path, init));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
