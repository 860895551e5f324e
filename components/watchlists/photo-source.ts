"use client";
import { unzip } from "fflate";

/** Photos by their path relative to the chosen folder or zip (forward slashes, no leading folder name for a folder). */
export interface PhotoSource {
  label: string;
  files: Map<string, File>;
  /** A CSV found at the top of the folder or zip (used when no manifest was chosen separately). */
  manifest: File | null;
}

export const MAX_ZIP_BYTES = 1024 * 1024 * 1024;
const MIME: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };
const isPhoto = (name: string) => /\.(jpe?g|png|webp)$/i.test(name);

/** The normalised key a manifest file name is looked up by. */
export const photoKey = (p: string) =>
  p
    .replace(/\\/g, "/")
    .replace(/^\.?\//, "")
    .toLowerCase();

function pickManifest(csvs: [string, File][]): File | null {
  const top = csvs.filter(([p]) => !p.includes("/"));
  return (top.find(([p]) => /^manifest\.csv$/i.test(p)) ?? (top.length === 1 ? top[0] : undefined))?.[1] ?? null;
}

/** A folder chosen with <input webkitdirectory>: paths are relative to the folder itself. */
export function photosFromFolder(list: FileList | File[]): PhotoSource {
  const files = new Map<string, File>();
  const csvs: [string, File][] = [];
  let label = "";
  for (const f of Array.from(list)) {
    const rel = f.webkitRelativePath || f.name;
    const [top, ...rest] = rel.split("/");
    label ||= top;
    const inner = rest.length ? rest.join("/") : rel;
    if (isPhoto(inner)) files.set(photoKey(inner), f);
    else if (/\.csv$/i.test(inner)) csvs.push([inner, f]);
  }
  return { label: label || "folder", files, manifest: pickManifest(csvs) };
}

/** A zip of photos (and optionally the manifest), unpacked in the browser. A single top folder in the zip is ignored. */
export async function photosFromZip(zip: File): Promise<PhotoSource> {
  if (zip.size > MAX_ZIP_BYTES) throw new Error(`The zip is larger than ${MAX_ZIP_BYTES / 1024 / 1024} MB.`);
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const entries = await new Promise<Record<string, Uint8Array>>((resolve, reject) =>
    unzip(bytes, { filter: (f) => !f.name.endsWith("/") && !f.name.startsWith("__MACOSX/") && (isPhoto(f.name) || /\.csv$/i.test(f.name)) }, (err, data) =>
      err ? reject(new Error(`Not a readable zip: ${err.message}`)) : resolve(data),
    ),
  );
  const names = Object.keys(entries);
  const tops = new Set(names.map((n) => (n.includes("/") ? n.split("/")[0] : "")));
  const strip = tops.size === 1 && !tops.has("") ? `${[...tops][0]}/` : "";
  const files = new Map<string, File>();
  const csvs: [string, File][] = [];
  for (const name of names) {
    const inner = strip && name.startsWith(strip) ? name.slice(strip.length) : name;
    const base = inner.split("/").pop()!;
    const data = entries[name];
    if (isPhoto(inner)) files.set(photoKey(inner), new File([data as BlobPart], base, { type: MIME[base.split(".").pop()!.toLowerCase()] }));
    else csvs.push([inner, new File([data as BlobPart], base, { type: "text/csv" })]);
  }
  return { label: zip.name, files, manifest: pickManifest(csvs) };
}
