import { mkdtemp, mkdir, readFile, writeFile, copyFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setupModels } from "../../../scripts/setup-models";
import { MODELS, MODEL_IDS } from "../models";
import { findModelFile } from "./load-models";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "vigil-models-"));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const quiet = () => undefined;

describe("setupModels", () => {
  it("copies verified models from the shared folder, then skips them", async () => {
    const shared = await tempDir();
    const out = await tempDir();
    await mkdir(path.join(shared, "models"));
    for (const id of MODEL_IDS) await copyFile(findModelFile(id), path.join(shared, "models", MODELS[id].fileName));

    const first = await setupModels({ sharedDir: shared, outDir: out, allowDownload: false, log: quiet });
    expect(first.map((r) => r.action)).toEqual(["copied", "copied", "copied"]);
    const second = await setupModels({ sharedDir: shared, outDir: out, allowDownload: false, log: quiet });
    expect(second.map((r) => r.action)).toEqual(["present", "present", "present"]);

    // A corrupted install is replaced from the shared copy.
    await writeFile(path.join(out, MODELS.yunet.fileName), "garbage");
    const third = await setupModels({ sharedDir: shared, outDir: out, allowDownload: false, log: quiet });
    expect(third[0].action).toBe("copied");
    expect((await readFile(path.join(out, MODELS.yunet.fileName))).byteLength).toBe(MODELS.yunet.bytes);
  });

  it("throws naming the file when the shared copy is corrupt", async () => {
    const shared = await tempDir();
    await writeFile(path.join(shared, MODELS.yunet.fileName), "not onnx");
    await expect(setupModels({ sharedDir: shared, outDir: await tempDir(), allowDownload: false, log: quiet })).rejects.toThrow(
      /face_detection_yunet_2023mar\.onnx.*corrupt/,
    );
  });

  it("throws naming the file when it is missing and downloads are off or fail", async () => {
    const empty = await tempDir();
    await expect(setupModels({ sharedDir: empty, outDir: await tempDir(), allowDownload: false, log: quiet })).rejects.toThrow(
      /face_detection_yunet_2023mar\.onnx: not found/,
    );
    const failingFetch = (async () => new Response("nope", { status: 404, statusText: "Not Found" })) as typeof fetch;
    await expect(setupModels({ sharedDir: empty, outDir: await tempDir(), fetchImpl: failingFetch, log: quiet })).rejects.toThrow(
      /face_detection_yunet_2023mar\.onnx: .*download .*failed: HTTP 404/,
    );
  });

  it("verifies downloads against the manifest", async () => {
    const empty = await tempDir();
    const wrongBytes = (async () => new Response("wrong model")) as typeof fetch;
    await expect(setupModels({ sharedDir: empty, outDir: await tempDir(), fetchImpl: wrongBytes, log: quiet })).rejects.toThrow(
      /face_detection_yunet_2023mar\.onnx: downloaded .* expected 232589 bytes/,
    );
    const realBytes = (async (url: string | URL | Request) => {
      const id = MODEL_IDS.find((m) => MODELS[m].url === String(url))!;
      return new Response(await readFile(findModelFile(id)));
    }) as typeof fetch;
    const res = await setupModels({ sharedDir: empty, outDir: await tempDir(), fetchImpl: realBytes, log: quiet });
    expect(res.map((r) => r.action)).toEqual(["downloaded", "downloaded", "downloaded"]);
  });
});
