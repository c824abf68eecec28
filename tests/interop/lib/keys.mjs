// Deterministic Ed25519 test keys (fixed seeds, test-only: never use outside tests).
import crypto from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';

function seed(label) {
  return new Uint8Array(crypto.createHash('sha256').update(`akashi-interop-test-key:${label}`).digest());
}

// A key usable as a did:key issuer: Multikey (for DataIntegrityProof) and
// Ed25519VerificationKey2020 (for Ed25519Signature2020) views of the same key pair.
export async function didKeyIssuer(label) {
  const s = seed(label);
  const probe = await Ed25519Multikey.generate({ seed: s });
  const fingerprint = probe.publicKeyMultibase; // z6Mk... (multicodec ed25519-pub, base58btc)
  const did = `did:key:${fingerprint}`;
  const vmId = `${did}#${fingerprint}`;
  const multikey = await Ed25519Multikey.generate({ seed: s, controller: did, id: vmId });
  const key2020 = await Ed25519VerificationKey2020.generate({ seed: s, controller: did, id: vmId });
  return { label, did, vmId, fingerprint, multikey, key2020, publicKeyMultibase: fingerprint };
}

// A key for a did:web issuer; the DID document is served by the test's HTTPS server.
//   keyType 'Multikey' (default) or 'Ed25519VerificationKey2020' (the older DCC did:web style);
//   assertion false: the key is listed only under `authentication`, not `assertionMethod`;
//   documentId: the `id` written into the DID document (default: the DID itself).
export async function didWebIssuer(label, did, { keyType = 'Multikey', assertion = true, documentId = did } = {}) {
  const s = seed(label);
  const vmId = `${did}#key-1`;
  const multikey = await Ed25519Multikey.generate({ seed: s, controller: did, id: vmId });
  const key2020 = await Ed25519VerificationKey2020.generate({ seed: s, controller: did, id: vmId });
  const is2020 = keyType === 'Ed25519VerificationKey2020';
  const didDocument = {
    '@context': ['https://www.w3.org/ns/did/v1',
      is2020 ? 'https://w3id.org/security/suites/ed25519-2020/v1' : 'https://w3id.org/security/multikey/v1'],
    id: documentId,
    verificationMethod: [{
      id: vmId,
      type: keyType,
      controller: did,
      publicKeyMultibase: is2020 ? key2020.publicKeyMultibase : multikey.publicKeyMultibase,
    }],
    ...(assertion ? { assertionMethod: [vmId] } : {}),
    authentication: [vmId],
  };
  return { label, did, vmId, multikey, key2020, didDocument };
}
