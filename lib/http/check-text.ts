/**
 * The one input rule every route applies before its zod schema (lib/http/with-route.ts): every
 * string (and every object key) in the path, the query and a JSON body is valid Unicode (no lone
 * surrogate), holds no NUL and no control character, and the input is not nested absurdly deep.
 * Newline, carriage return and tab are allowed only in free-text fields (notes, reasons,
 * justifications, SDP) listed in FREE_TEXT_FIELDS. Breaking the rule is a 400 naming the field.
 *
 * Postgres refuses NUL in text (22021) and a lone surrogate cannot be encoded as UTF-8, so
 * without this rule such input reached the database and came back as a 500.
 */

/** Fields whose text may span lines (a field is matched by its last path segment). */
export const FREE_TEXT_FIELDS = new Set([
  "note",
  "notes",
  "reason",
  "reasons",
  "report",
  "description",
  "purpose",
  "legalBasis",
  "necessity",
  "proportionality",
  "watchlistCriteria",
  "rationale",
  "sdp",
]);

/** Deeper input than this is refused before any schema walks it. */
export const MAX_INPUT_DEPTH = 32;

export interface TextIssue {
  path: string;
  message: string;
}

// NUL is reported on its own (the most common attack), then other C0/C1 controls and DEL.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_SINGLE_LINE = /[\u0001-\u001f\u007f-\u009f]/;
const CONTROL_FREE_TEXT = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Why `text` breaks the rule, or null when it is fine. */
export function textProblem(text: string, freeText: boolean): string | null {
  if (text.includes("\u0000")) return "must not contain a NUL character";
  if (LONE_SURROGATE.test(text)) return "must be valid Unicode (it contains a lone surrogate)";
  if ((freeText ? CONTROL_FREE_TEXT : CONTROL_SINGLE_LINE).test(text)) {
    return freeText ? "must not contain control characters (newlines and tabs are fine)" : "must not contain control characters or line breaks";
  }
  return null;
}

function joinPath(base: string, key: string | number): string {
  return base ? `${base}.${key}` : String(key);
}

/**
 * The first place `value` breaks the rule, as a zod-style issue (`path` names the field), or
 * null. `root` prefixes the path ("query", "params") so the caller knows where it was; the body
 * uses no prefix, as zod does. Walks iteratively, so depth itself cannot overflow the stack.
 */
export function findTextIssue(value: unknown, root = ""): TextIssue | null {
  const stack: { value: unknown; path: string; key: string; depth: number }[] = [{ value, path: root, key: root, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    const where = item.path || "(body)";
    if (typeof item.value === "string") {
      const problem = textProblem(item.value, FREE_TEXT_FIELDS.has(item.key));
      if (problem) return { path: where, message: problem };
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.depth >= MAX_INPUT_DEPTH) return { path: where, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) {
        // Array items take their field's name, so `notes[0]` is free text when `notes` is.
        stack.push({ value: item.value[i], path: joinPath(item.path, i), key: item.key, depth: item.depth + 1 });
      }
      continue;
    }
    const entries = Object.entries(item.value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const keyProblem = textProblem(key, false);
      if (keyProblem) return { path: joinPath(item.path, "(key)"), message: `field name ${keyProblem}` };
      stack.push({ value: child, path: joinPath(item.path, key), key, depth: item.depth + 1 });
    }
  }
  return null;
}
