import "server-only";
import { db } from "@/lib/db/prisma";

/** What the filters can offer: months and crime types present (with counts), and the imports. */
export async function crimeFacets(importId?: string) {
  const where = importId ? { importId } : {};
  const [months, types, imports] = await Promise.all([
    db().crimeRecord.groupBy({ by: ["month"], where, _count: { _all: true }, orderBy: { month: "desc" }, take: 240 }),
    db().crimeRecord.groupBy({ by: ["crimeType"], where, _count: { _all: true }, orderBy: { crimeType: "asc" }, take: 100 }),
    listCrimeImports(),
  ]);
  return {
    months: months.map((m) => ({ month: m.month, count: m._count._all })),
    crimeTypes: types.map((t) => ({ crimeType: t.crimeType, count: t._count._all })),
    imports,
  };
}

/** Recent imports with their counts (the first rejected lines are on the import itself). */
export async function listCrimeImports() {
  const rows = await db().crimeImport.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, fileName: true, rowsRead: true, rowsAccepted: true, rowsRejected: true, createdAt: true, finishedAt: true, createdById: true },
  });
  return rows;
}

export async function getCrimeImport(id: string) {
  return db().crimeImport.findUnique({ where: { id } });
}
