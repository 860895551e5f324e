import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiErrorFrom, ApiRequestError, errorMessage, readApiError } from "./api";

describe("the one error-envelope parser", () => {
  it("reads the server's envelope: message, code and request id", async () => {
    const body = { error: { code: "conflict", message: "The deployment is closed." }, requestId: "r-1" };
    const e = await readApiError(new Response(JSON.stringify(body), { status: 409 }));
    expect(e).toBeInstanceOf(ApiRequestError);
    expect([e.message, e.status, e.code, e.requestId]).toEqual(["The deployment is closed.", 409, "conflict", "r-1"]);
  });

  it("falls back to a generic message naming the status when the body is not an envelope", async () => {
    expect((await readApiError(new Response("<html>", { status: 502 }))).message).toBe("Request failed (502).");
    expect(apiErrorFrom(500, { error: "boom" }, "HTTP 500").message).toBe("HTTP 500");
    expect(apiErrorFrom(404, null).message).toBe("Request failed (404).");
  });

  it("puts failures into words, quoting the request id for server errors only", () => {
    expect(errorMessage(new ApiRequestError("Something went wrong.", 500, "internal", "r-9"))).toBe("Something went wrong. (request r-9)");
    expect(errorMessage(new ApiRequestError("name: too short", 400, "bad_request", "r-2"))).toBe("name: too short");
    expect(errorMessage(z.string().safeParse(1).error)).toMatch(/does not understand/);
  });
});
