/** An error whose message is safe to show the caller. Anything else becomes a generic 500. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, "bad_request", message, details);
export const unauthenticated = () => new ApiError(401, "unauthenticated", "Sign in to continue.");
export const forbidden = (message = "Your role does not allow this.") => new ApiError(403, "forbidden", message);
export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found.`);
export const conflict = (message: string, details?: unknown) => new ApiError(409, "conflict", message, details);
export const tooLarge = (limit: number) =>
  new ApiError(400, "too_large", `Request body is larger than the ${Math.round(limit / 1024)} KiB this endpoint accepts.`);
export const unprocessable = (message: string, details?: unknown) => new ApiError(422, "unprocessable", message, details);
