import { readFileSync } from "node:fs";
import { rm, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

/**
 * While `npm start` runs it records here which database the app uses (.vigil/app.json, mode
 * 0600), so command-line tools of the same checkout use that database and not a default port
 * that may belong to another checkout.
 */
export interface RunningApp {
  pid: number;
  url: string;
  port: number;
  startedAt: string;
}

export const runningAppFile = (stateDir: string) => path.join(stateDir, "app.json");

export async function recordRunningApp(stateDir: string, app: RunningApp): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(runningAppFile(stateDir), JSON.stringify(app, null, 2) + "\n", { mode: 0o600 });
}

export async function forgetRunningApp(stateDir: string, pid = process.pid): Promise<void> {
  if (readRunningApp(stateDir)?.pid === pid) await rm(runningAppFile(stateDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The app running from this checkout, or null (none recorded, or its process is gone). */
export function readRunningApp(stateDir: string): RunningApp | null {
  try {
    const app = JSON.parse(readFileSync(runningAppFile(stateDir), "utf8")) as RunningApp;
    return typeof app.url === "string" && Number.isInteger(app.pid) && alive(app.pid) ? app : null;
  } catch {
    return null;
  }
}
