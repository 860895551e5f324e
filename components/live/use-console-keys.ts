"use client";
import { useEffect, useRef } from "react";

export type ConsoleKey = "j" | "k" | "c" | "r" | "u" | "m" | "t" | "f" | "Escape";

export const KEY_HELP: [string, string][] = [
  ["j / k", "next / previous alert"],
  ["c", "confirm"],
  ["r", "reject (asks why)"],
  ["u", "undo your last decision"],
  ["t", "focus the next camera"],
  ["f", "full screen"],
  ["m", "sound on / off"],
];

/** Typing in a field, or inside a widget that handles its own keys, is not a console shortcut. */
function ownedElsewhere(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest("input, select, textarea, [contenteditable], [data-keys-own]");
}

/** The console's single-key shortcuts; `handlers` may change every render. */
export function useConsoleKeys(handlers: Partial<Record<ConsoleKey, () => boolean | void>>) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || ownedElsewhere(e.target)) return;
      const handler = ref.current[e.key as ConsoleKey];
      if (!handler) return;
      if (handler() === false) return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
