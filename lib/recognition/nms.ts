import type { Box } from "./types";

/** Intersection over union of two boxes; 0 when either is empty. */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  if (inter <= 0) return 0;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression: keeps the highest-scoring item, drops every remaining item
 * whose box overlaps it by IoU > `iouThreshold`, repeats. Returns kept items, best first, at most
 * `topK`. Ties keep the earlier item (stable).
 */
export function nms<T extends { box: Box; score: number }>(items: readonly T[], iouThreshold: number, topK = Infinity): T[] {
  const order = items.map((_, i) => i).sort((i, j) => items[j].score - items[i].score || i - j);
  const kept: T[] = [];
  for (const i of order) {
    if (kept.length >= topK) break;
    const cand = items[i];
    let suppressed = false;
    for (const k of kept) {
      if (iou(k.box, cand.box) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(cand);
  }
  return kept;
}
