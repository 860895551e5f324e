/**
 * The operator's alert feed: Server-Sent Events from /api/live/events with resume. The browser's
 * EventSource reconnects by itself after a network drop and sends Last-Event-ID, so the server
 * replays what was missed. It gives up for good when a reconnect is answered with an error status
 * (e.g. a proxy's 502 while the app restarts); then this client opens a new stream itself, with
 * back-off, passing the last id it saw as ?lastEventId= so the replay still happens.
 */
export type LiveEventType = "alert.created" | "alert.updated" | "counts" | "deployment.changed";

export interface LiveEventHandlers {
  onEvent: (type: LiveEventType, data: unknown, id: string) => void;
  onStatus: (connected: boolean) => void;
  /** Each time a stream opens (first time and after a reconnect). */
  onOpen?: (resumed: boolean) => void;
}

const TYPES: LiveEventType[] = ["alert.created", "alert.updated", "counts", "deployment.changed"];

export function streamUrl(deploymentId: string, lastEventId: string | null): string {
  const q = new URLSearchParams({ deploymentId });
  if (lastEventId) q.set("lastEventId", lastEventId);
  return `/api/live/events?${q}`;
}

export function subscribeLiveEvents(deploymentId: string, handlers: LiveEventHandlers, Source: typeof EventSource = EventSource): () => void {
  let closed = false;
  let lastEventId: string | null = null;
  let source: EventSource | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    if (closed) return;
    const s = new Source(streamUrl(deploymentId, lastEventId));
    source = s;
    s.onopen = () => {
      failures = 0;
      handlers.onStatus(true);
      handlers.onOpen?.(lastEventId !== null);
    };
    s.onerror = () => {
      handlers.onStatus(false);
      if (s.readyState === Source.CLOSED && !closed) {
        failures++;
        timer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)));
      }
    };
    for (const type of TYPES) {
      s.addEventListener(type, (e) => {
        const m = e as MessageEvent<string>;
        if (m.lastEventId) lastEventId = m.lastEventId;
        let data: unknown;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        handlers.onEvent(type, data, m.lastEventId);
      });
    }
  };
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
