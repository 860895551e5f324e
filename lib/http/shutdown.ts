import { logger } from "@/lib/observability/logger";
/**
 * Graceful shutdown of a server process. Long-lived responses (the live SSE stream) register a
 * closer here; on SIGTERM/SIGINT (instrumentation.ts) every one is closed so Next's own shutdown,
 * which waits for open connections, finishes at once, and a hard exit follows after
 * SHUTDOWN_GRACE_MS whatever still hangs. New requests meanwhile get 503 (lib/http/with-route.ts).
 */
export const SHUTDOWN_GRACE_MS = 4_000;

const state = globalThis as unknown as { vigilOpenStreams?: Set<() => void>; vigilShuttingDown?: boolean };
const streams = (state.vigilOpenStreams ??= new Set());

/** Registers an open stream's closer; returns the function that unregisters it (call it on close). */
export function registerOpenStream(close: () => void): () => void {
  if (state.vigilShuttingDown) queueMicrotask(close);
  streams.add(close);
  return () => void streams.delete(close);
}

export function openStreamCount(): number {
  return streams.size;
}

export function isShuttingDown(): boolean {
  return state.vigilShuttingDown === true;
}

/** Marks the process as shutting down and closes every open stream; returns how many it closed. */
export function closeOpenStreams(): number {
  state.vigilShuttingDown = true;
  const closers = [...streams];
  streams.clear();
  for (const close of closers) {
    try {
      close();
    } catch {
      // a stream the client already closed
    }
  }
  return closers.length;
}

/** Installs the signal handlers once per process. */
export function installGracefulShutdown(log: (line: string) => void = (l) => logger().info({ component: "shutdown" }, l)): void {
  const flag = globalThis as unknown as { vigilShutdownInstalled?: boolean };
  if (flag.vigilShutdownInstalled) return;
  flag.vigilShutdownInstalled = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.vigilShuttingDown) return;
    const closed = closeOpenStreams();
    log(`${signal}: closed ${closed} live stream(s); exiting within ${SHUTDOWN_GRACE_MS / 1000} s`);
    setTimeout(() => {
      log(`still running ${SHUTDOWN_GRACE_MS / 1000} s after ${signal}; exiting now`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
