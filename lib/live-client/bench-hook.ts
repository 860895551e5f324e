/**
 * Timestamps for the live benchmark (scripts/bench-live.ts). Present only when the benchmark
 * installs `window.__vigilBench` before the page loads; nothing here is ever sent anywhere.
 */
export interface BenchHook {
  /** At the station: when the matched face was first seen, and when the match event was made. */
  matches: { subject: string; firstSeenAt: number; emittedAt: number }[];
  /** At the operator's page: when the alert was shown. */
  shown: { subject: string; shownAt: number }[];
}

export function benchHook(): BenchHook | undefined {
  return (globalThis as { __vigilBench?: BenchHook }).__vigilBench;
}
