"use client";
import { useLayoutEffect, useRef, type RefObject } from "react";

/**
 * A ref that always holds the latest `value`, for callbacks registered once (Leaflet and worker
 * listeners) that must call the newest prop. Updated after render, never during it.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
