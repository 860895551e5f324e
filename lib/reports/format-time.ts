/** Times as a person reads them, in the force's time zone: "Saturday 28 November 2026, 16:27 GMT". */
export function humanTime(at: Date | string | null | undefined, timeZone: string): string {
  if (!at) return "—";
  const d = typeof at === "string" ? new Date(at) : at;
  const date = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(d);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(d);
  return `${date.replace(/^(\p{L}+), /u, "$1 ")}, ${time}`;
}

/** "28 November 2026". */
export function humanDate(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(typeof at === "string" ? new Date(at) : at);
}

/** "2 h 5 min", "45 min", "3 days 2 h". */
export function humanDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const parts = [days ? `${days} day${days === 1 ? "" : "s"}` : "", hours ? `${hours} h` : "", mins || (!days && !hours) ? `${mins} min` : ""];
  return parts.filter(Boolean).join(" ");
}

/** "12 s", "3 min 4 s". */
export function humanSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
