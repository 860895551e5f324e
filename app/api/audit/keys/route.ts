import { z } from "zod";
import { NextResponse } from "next/server";
import { listPublicKeys } from "@/lib/audit/signing-key";
import { withRoute } from "@/lib/http/with-route";

/**
 * The public keys that verify Vigil's audit checkpoints and exports, at a fixed address and with
 * no sign-in: anyone can check a signed export with them (`npm run audit:verify -- --file
 * export.json --public-key key.pem`). Retired keys stay listed so what they signed still verifies.
 * `?format=pem` gives the keys as PEM text (`&keyId=` for one).
 */
export const GET = withRoute(
  { action: "public", query: z.object({ format: z.enum(["json", "pem"]).default("json"), keyId: z.string().max(64).optional() }) },
  async ({ query }) => {
    const keys = listPublicKeys().filter((k) => !query.keyId || k.keyId === query.keyId);
    if (query.format === "pem") {
      return new Response(keys.map((k) => k.publicKeyPem).join(""), {
        status: keys.length ? 200 : 404,
        headers: {
          "content-type": "application/x-pem-file; charset=utf-8",
          "content-disposition": 'inline; filename="vigil-audit-keys.pem"',
          "cache-control": "public, max-age=300",
        },
      });
    }
    return NextResponse.json(
      {
        format: "vigil-audit-keys/v1",
        verify: "npm run audit:verify -- --file <export.json> --public-key <key.pem>",
        keys: keys.map((k) => ({ keyId: k.keyId, algorithm: k.algorithm, status: k.status, publicKeyPem: k.publicKeyPem })),
      },
      { headers: { "cache-control": "public, max-age=300" } },
    );
  },
);
