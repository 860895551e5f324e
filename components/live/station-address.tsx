"use client";
import { useEffect, useState, useSyncExternalStore } from "react";
import "./station-address.css";

const noSubscription = () => () => {};

export const stationPath = (cameraId: string) => `/station/${cameraId}`;

/**
 * A camera's station address (the page that runs its recognition), with copy and open. Used on /live
 * and on /plan so whoever sets up a camera can find its page.
 */
export function StationAddress({ cameraId, cameraName, compact = false }: { cameraId: string; cameraName: string; compact?: boolean }) {
  const path = stationPath(cameraId);
  // The page's own origin, in the browser only (the server render shows the path alone).
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const url = `${origin}${path}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <span className={`station-address${compact ? " compact" : ""}`} data-testid={`station-address-${cameraId}`}>
      <code title={`Station address of ${cameraName}`}>{compact ? path : url || path}</code>
      <button type="button" className="secondary small" aria-label={`Copy the station address of ${cameraName}`} onClick={() => void copy()}>
        Copy
      </button>
      <a className="button secondary small" href={path} target="_blank" rel="noopener" aria-label={`Open the station of ${cameraName} in a new tab`}>
        Open
      </a>
      <span role="status" className={copied === "failed" ? "error" : "ok"}>
        {copied === "yes" ? "Copied" : copied === "failed" ? "Copy blocked: select the address" : ""}
      </span>
    </span>
  );
}
