import { describe, expect, it } from "vitest";
import { findTextIssue, MAX_INPUT_DEPTH, textProblem } from "./check-text";

describe("the one input rule", () => {
  it("accepts ordinary text, accents, emoji (a surrogate pair) and newlines in free-text fields", () => {
    expect(findTextIssue({ name: "Zoë O'Brien 👮", note: "line one\nline two\ttabbed\r\n" })).toBeNull();
    expect(findTextIssue({ tags: ["a", "b"], n: 3, ok: true, none: null })).toBeNull();
  });

  it("refuses NUL anywhere, naming the field", () => {
    expect(findTextIssue({ email: "a\u0000@b.c" })).toEqual({ path: "email", message: "must not contain a NUL character" });
    expect(findTextIssue({ note: "fine\u0000" })?.path).toBe("note");
    expect(findTextIssue({ list: ["ok", "x\u0000"] })?.path).toBe("list.1");
    expect(findTextIssue({ deep: { inner: "\u0000" } }, "query")?.path).toBe("query.deep.inner");
  });

  it("refuses lone surrogates, high or low, but not a pair", () => {
    expect(findTextIssue({ name: "a\ud800" })?.message).toMatch(/lone surrogate/);
    expect(findTextIssue({ name: "\udc00b" })?.message).toMatch(/lone surrogate/);
    expect(findTextIssue({ name: "\ud83d\udc6e" })).toBeNull();
  });

  it("allows line breaks and tabs only in free-text fields, and no other control character anywhere", () => {
    expect(findTextIssue({ name: "two\nlines" })?.message).toMatch(/line breaks/);
    expect(findTextIssue({ idempotencyKey: "k\tk" })?.path).toBe("idempotencyKey");
    expect(findTextIssue({ reason: "bell\u0007" })?.path).toBe("reason");
    expect(findTextIssue({ reason: "del\u007f" })?.path).toBe("reason");
    expect(findTextIssue({ reason: "c1\u0085" })?.path).toBe("reason");
    expect(textProblem("tab\there", true)).toBeNull();
  });

  it("checks object keys too, without echoing them", () => {
    const issue = findTextIssue({ details: { "k\u0000": 1 } });
    expect(issue?.path).toBe("details.(key)");
    expect(issue?.message).toMatch(/field name/);
  });

  it("refuses absurd nesting without overflowing the stack", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTextIssue({ a: deep })?.message).toMatch(new RegExp(`${MAX_INPUT_DEPTH} levels`));
    let ok: unknown = "x";
    for (let i = 0; i < MAX_INPUT_DEPTH - 2; i++) ok = { a: ok };
    expect(findTextIssue(ok)).toBeNull();
  });
});
