import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { LIVE_CHANNEL } from "./publish-live-event";

/**
 * One LISTEN connection per app process. It only says "something new, up to seq N"; each SSE
 * stream then reads the events it has not sent from the LiveEvent table, so an event is never
 * lost between instances and a reconnecting browser can replay from its Last-Event-ID.
 * If the connection drops it reconnects with back-off; streams also poll slowly as a safety net.
 */
class LiveBus extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting = false;
  private retryMs = 500;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  ensureConnected(): void {
    if (this.client || this.connecting) return;
    this.connecting = true;
    const client = new pg.Client({ connectionString: resolveDatabaseUrl() });
    client.on("notification", (msg) => {
      if (msg.channel === LIVE_CHANNEL) this.emit("wake", msg.payload ? BigInt(msg.payload) : null);
    });
    client.on("error", () => this.reset(client));
    client.on("end", () => this.reset(client));
    client
      .connect()
      .then(() => client.query(`LISTEN ${LIVE_CHANNEL}`))
      .then(() => {
        this.client = client;
        this.connecting = false;
        this.retryMs = 500;
        this.emit("wake", null);
      })
      .catch(() => this.reset(client));
  }

  private reset(client: pg.Client): void {
    if (this.client === client) this.client = null;
    this.connecting = false;
    client.end().catch(() => {});
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => {
      if (this.listenerCount("wake") > 0) this.ensureConnected();
    }, delay).unref();
  }
}

const globalForBus = globalThis as unknown as { vigilLiveBus?: LiveBus };

export function liveBus(): LiveBus {
  if (!globalForBus.vigilLiveBus) globalForBus.vigilLiveBus = new LiveBus();
  globalForBus.vigilLiveBus.ensureConnected();
  return globalForBus.vigilLiveBus;
}
