import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { openLiveStream } from "./open-live-stream";
import { publishLiveEvent } from "./publish-live-event";

async function publish(n: number, deploymentId: string | null = null) {
  const seqs: bigint[] = [];
  for (let i = 0; i < n; i++) {
    seqs.push(await db().$transaction((tx) => publishLiveEvent(tx, { type: "counts", deploymentId, payload: { i } })));
  }
  return seqs;
}

async function readUntil(response: Response, predicate: (text: string) => boolean, ms = 10_000): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!predicate(text) && Date.now() < deadline) {
    const { value, done } = await Promise.race([
      reader.read(),
      new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now())),
    ]);
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel().catch(() => {});
  return text;
}

describe("live event stream", () => {
  it("replays what a reconnecting browser missed, from its Last-Event-ID, in order", async () => {
    const [first, second, third] = await publish(3);
    const controller = new AbortController();
    const res = await openLiveStream({ deploymentId: null, resumeFrom: first, signal: controller.signal, once: true });
    const text = await readUntil(res, (t) => t.includes(`id: ${third}`));
    expect(text).not.toContain(`id: ${first}\n`);
    expect(text.indexOf(`id: ${second}\n`)).toBeGreaterThan(-1);
    expect(text.indexOf(`id: ${third}\n`)).toBeGreaterThan(text.indexOf(`id: ${second}\n`));
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  });

  it("delivers events committed after the stream opened (woken by NOTIFY)", async () => {
    const controller = new AbortController();
    const res = await openLiveStream({ deploymentId: null, resumeFrom: null, signal: controller.signal });
    const later = publish(1);
    const [seq] = await later;
    const text = await readUntil(res, (t) => t.includes(`id: ${seq}\n`), 4000);
    controller.abort();
    expect(text).toContain(`id: ${seq}\nevent: counts\n`);
  });

  it("filters to one deployment but keeps global events", async () => {
    const other = "00000000-0000-4000-8000-00000000aaaa";
    const before = await publish(1);
    await publish(1, other);
    const [global] = await publish(1, null);
    const res = await openLiveStream({
      deploymentId: "00000000-0000-4000-8000-00000000bbbb",
      resumeFrom: before[0],
      signal: new AbortController().signal,
      once: true,
    });
    const text = await readUntil(res, (t) => t.includes(`id: ${global}\n`));
    expect(text).toContain(`id: ${global}\n`);
    expect(text).not.toContain(`"deploymentId"`);
    expect((text.match(/^id: /gm) ?? []).length).toBe(1);
  });
});
