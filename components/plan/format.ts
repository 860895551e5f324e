import type { DeploymentStatus } from "@/lib/deployments/state-machine";

export const dateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "—");

/** A datetime-local input value (local time, minutes) for an ISO instant. */
export function toLocalInput(iso: string | Date): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export const STATUS_BADGE: Record<DeploymentStatus, string> = {
  DRAFT: "badge",
  SUBMITTED: "badge warn",
  AUTHORISED: "badge live",
  REFUSED: "badge danger",
  LIVE: "badge live",
  CLOSED: "badge",
  CANCELLED: "badge",
};

export const words = (s: string) => s.toLowerCase().replace(/_/g, " ");

export function rate(perHour: number): string {
  if (perHour === 0) return "none expected";
  if (perHour >= 10) return `${Math.round(perHour)} per hour`;
  if (perHour >= 0.1) return `${perHour.toFixed(1)} per hour`;
  return `${perHour.toFixed(3)} per hour`;
}

export function every(minutes: number): string {
  if (!Number.isFinite(minutes)) return "never expected";
  if (minutes < 1) return `every ${Math.max(1, Math.round(minutes * 60))} seconds`;
  if (minutes < 120) return `every ${Math.round(minutes)} minutes`;
  if (minutes < 48 * 60) return `every ${(minutes / 60).toFixed(1)} hours`;
  return `every ${Math.round(minutes / 60 / 24)} days`;
}
