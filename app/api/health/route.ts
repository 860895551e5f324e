import { NextResponse } from "next/server";
import { db } from "@/lib/db/prisma";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/http/database-unavailable";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 when the database answers, 503 otherwise. Public, no details leaked. */
export async function GET() {
  const started = Date.now();
  let dbOk = false;
  let retention: { lastSuccessAt: string | null } = { lastSuccessAt: null };
  try {
    await db().$queryRaw`SELECT 1`;
    dbOk = true;
    const last = await db().retentionRun.findFirst({ where: { status: "succeeded" }, orderBy: { finishedAt: "desc" } });
    retention = { lastSuccessAt: last?.finishedAt?.toISOString() ?? null };
  } catch {
    dbOk = false;
  }
  return NextResponse.json(
    { status: dbOk ? "ok" : "degraded", db: dbOk ? "ok" : "unavailable", retention, checkedInMs: Date.now() - started },
    { status: dbOk ? 200 : 503, headers: { "cache-control": "no-store", ...(dbOk ? {} : { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) }) } },
  );
}
