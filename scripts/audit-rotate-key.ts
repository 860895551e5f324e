/**
 * `npm run audit:rotate-key`: rotates this install's local Ed25519 audit signing key. The old
 * public key is kept (.vigil/audit-keys-retired/) and still listed at /api/audit/keys, so what it
 * signed keeps verifying; new checkpoints and exports are signed with the new key id. A production
 * install rotates by setting a new AUDIT_SIGNING_PRIVATE_KEY and appending the old public key to
 * AUDIT_RETIRED_PUBLIC_KEYS.
 */
import { rotateLocalSigningKey } from "../lib/audit/signing-key";

const { retired, active } = rotateLocalSigningKey();
console.log(retired ? `retired ${retired}; now signing with ${active}` : `no local key yet: created ${active}`);
