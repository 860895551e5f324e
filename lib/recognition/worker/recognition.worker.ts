/// <reference lib="webworker" />
/**
 * Module worker entry, bundled by scripts/build-worker.ts into public/workers/recognition.js.
 * All logic is in handler.ts; this file wires it to the worker global.
 */
import { browserDeps } from "./browser-deps";
import { createRecognitionHandler } from "./handler";
import type { WorkerRequest, WorkerResponse } from "./protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const handler = createRecognitionHandler(browserDeps(post));

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void handler.handle(event.data);
};

scope.onmessageerror = () => {
  post({ type: "error", op: "unknown", code: "bad_request", message: "a message could not be deserialised", fatal: false });
};

// Anything that escapes the handler still reaches the page instead of leaving it waiting.
scope.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  const reason = event.reason as unknown;
  post({ type: "error", op: "unknown", code: "internal", message: reason instanceof Error ? reason.message : String(reason), fatal: false });
});
