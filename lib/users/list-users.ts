import "server-only";
import { db } from "@/lib/db/prisma";
import { publicUserSelect } from "./user-schemas";

export async function listUsers() {
  return db().user.findMany({ select: publicUserSelect, orderBy: [{ role: "asc" }, { email: "asc" }] });
}
