/** Small formatting helpers of the live console. */
export const words = (s: string) => s.toLowerCase().replace(/_/g, " ");

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const clock = (iso: string) => new Date(iso).toLocaleTimeString("en-GB");
