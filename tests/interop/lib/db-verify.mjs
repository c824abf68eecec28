// Digital Bazaar stack verification (@digitalbazaar/vc), used as a control for proof types
// verifier-core does not support (eddsa-jcs-2022). Offline document loader only.
import './net-guard.mjs';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createVerifyCryptosuite as eddsaJcs2022Verify } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { makeDocumentLoader } from './contexts.mjs';

export async function dbVerify(credential, { extraDocuments, now } = {}) {
  const documentLoader = makeDocumentLoader({ extraDocuments });
  const suite = [
    new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    new DataIntegrityProof({ cryptosuite: eddsaJcs2022Verify() }),
    new Ed25519Signature2020(),
  ];
  const result = await vc.verifyCredential({
    credential: structuredClone(credential), suite, documentLoader, ...(now ? { now } : {}),
  });
  const proofVerified = (result.results ?? []).some((r) => r.verified);
  return { verified: result.verified, proofVerified, error: result.error?.errors?.map((e) => e.message) ?? (result.error ? [String(result.error.message ?? result.error)] : []) };
}
