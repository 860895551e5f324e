import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs, one object per line on stdout. Every line of a request carries its request
 * id (`requestLogger(requestId)`). Personal data never reaches a log: the fields that could hold it
 * (subject references, images, embeddings, passwords, names and e-mail addresses in payloads) are
 * redacted wherever they appear, and call sites log ids and counts, not records.
 */
export const REDACTED_FIELDS = [
  "subjectReference",
  "subjectName",
  "probeJpeg",
  "imageJpeg",
  "jpeg",
  "embedding",
  "embeddings",
  "password",
  "passwordHash",
  "totpSecret",
  "email",
  "actorEmail",
  "sdp",
];

const paths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

const globalForLog = globalThis as unknown as { vigilLogger?: Logger };

/** A logger writing to `destination` (stdout by default); tests pass a stream to read the lines. */
export function createLogger(destination?: DestinationStream): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");
  const options: pino.LoggerOptions = {
    level,
    base: { service: "vigil", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The process's logger. */
export function logger(): Logger {
  if (!globalForLog.vigilLogger) globalForLog.vigilLogger = createLogger();
  return globalForLog.vigilLogger;
}

/** A logger whose every line names the request. */
export function requestLogger(requestId: string): Logger {
  return logger().child({ requestId });
}

/** Errors as loggable fields: name, message and stack, never the object's other properties (which may hold data). */
export function errorFields(error: unknown): { err: { name: string; message: string; stack?: string; code?: string } } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { err: { name: error.name, message: error.message, stack: error.stack, code: typeof code === "string" ? code : undefined } };
  }
  return { err: { name: "NonError", message: String(error) } };
}
