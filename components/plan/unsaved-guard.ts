"use client";

/**
 * One flag for "an application form has unsaved changes" on /plan: the form sets it, and every
 * in-app move away (a tab, another deployment, Cancel) asks before discarding; a reload or closing
 * the tab gets the browser's own warning (beforeunload).
 */
let unsaved = false;

export function setUnsaved(value: boolean): void {
  unsaved = value;
}

export function hasUnsaved(): boolean {
  return unsaved;
}

/** True when it is fine to leave: nothing unsaved, or the user chose to discard it. */
export function confirmDiscard(): boolean {
  if (!unsaved) return true;
  const ok = window.confirm("This application has unsaved changes. Leave and lose them?");
  if (ok) unsaved = false;
  return ok;
}
