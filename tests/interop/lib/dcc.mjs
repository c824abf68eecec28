// DCC verifier-core (@digitalcredentials/verifier-core), run offline behind the net guard.
// verifier-core builds its own document loader (bundled contexts; did:key locally; did:web over
// HTTPS); the guard turns any other network access into an error.
import './net-guard.mjs';
import { verifyCredential } from '@digitalcredentials/verifier-core';

export { verifyCredential };

// Condenses a verifier-core result: the signature verdict, fatal error names, per-step log.
export function condense(result) {
  const errors = (result.errors ?? []).map((e) => e.name ?? e.message ?? String(e));
  const log = {};
  for (const entry of result.log ?? []) {
    log[entry.id] = entry.error ? `error:${entry.error.name}` : entry.valid;
  }
  let signature;
  if (errors.length) signature = 'fatal';
  else signature = log.valid_signature === true ? 'valid' : 'invalid';
  return { signature, errors, log };
}

export async function dccVerify(credential) {
  // verifier-core may mutate its input; give it a copy.
  const result = await verifyCredential({ credential: structuredClone(credential), knownDIDRegistries: [] });
  return condense(result);
}
