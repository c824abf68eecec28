#!/usr/bin/env node
// Issues the interop test credentials with the Digital Bazaar / DCC JavaScript stack.
//
//   node issue.mjs OUTDIR [--did-web-host localhost%3A8443]
//
// Writes one JSON file per case into OUTDIR, plus did-web/<path>/did.json documents for the
// did:web issuers and manifest.json ({cases: {name: file}, didWeb: {...}}).
// Everything is offline: contexts come from npm packages, did:key is resolved locally.
import './lib/net-guard.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createSignCryptosuite as eddsaJcs2022Sign } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import jsigs from 'jsonld-signatures';
import { makeDocumentLoader, ED25519_2020 } from './lib/contexts.mjs';
import { didKeyIssuer, didWebIssuer } from './lib/keys.mjs';
import { unsignedBadge, trickyLiterals, integralNumber } from './lib/badge.mjs';

const documentLoader = makeDocumentLoader();

const signRdfc = (credential, signer) =>
  vc.issue({ credential, suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 }), documentLoader });
const signJcs = (credential, signer) =>
  vc.issue({ credential, suite: new DataIntegrityProof({ signer, cryptosuite: eddsaJcs2022Sign() }), documentLoader });
const sign2020 = (credential, key) =>
  vc.issue({ credential, suite: new Ed25519Signature2020({ key }), documentLoader });

const clone = (x) => structuredClone(x);
const tamper = (signed) => {
  const t = clone(signed);
  t.credentialSubject.achievement.name = 'Data Structures and Algorithms II (tampered after signing)';
  return t;
};

export async function issueAll({ outDir, didWebHost = 'localhost%3A8443' }) {
  fs.mkdirSync(outDir, { recursive: true });
  const A = await didKeyIssuer('issuer-A');
  const B = await didKeyIssuer('issuer-B');
  const didWebRoot = `did:web:${didWebHost}`;
  const didWebPath = `did:web:${didWebHost}:issuers:computer-science`;
  const W = await didWebIssuer('issuer-W', didWebRoot);
  const WP = await didWebIssuer('issuer-WP', didWebPath);
  const WL = await didWebIssuer('issuer-WL', `did:web:${didWebHost}:issuers:legacy`,
    { keyType: 'Ed25519VerificationKey2020' });
  const WA = await didWebIssuer('issuer-WA', `did:web:${didWebHost}:issuers:auth-only`, { assertion: false });
  const WM = await didWebIssuer('issuer-WM', `did:web:${didWebHost}:issuers:mismatch`,
    { documentId: `did:web:${didWebHost}:issuers:someone-else` });

  const year = new Date().getUTCFullYear();
  const cases = {};

  // (a) eddsa-rdfc-2022, did:key: valid
  cases['a-eddsa-rdfc-2022-didkey'] = await signRdfc(unsignedBadge({ issuerId: A.did }), A.multikey.signer());
  // (a2, a3) eddsa-rdfc-2022 with literals that stress canonicalization; an integral xsd:float
  cases['a2-eddsa-rdfc-2022-tricky-literals'] = await signRdfc(
    unsignedBadge({ issuerId: A.did, tweak: trickyLiterals }), A.multikey.signer());
  cases['a3-eddsa-rdfc-2022-integral-float'] = await signRdfc(
    unsignedBadge({ issuerId: A.did, tweak: integralNumber }), A.multikey.signer());
  // (b) Ed25519Signature2020, did:key: valid (the suite context must be in the document)
  cases['b-ed25519-signature-2020-didkey'] = await sign2020(
    unsignedBadge({ issuerId: A.did, extraContexts: [ED25519_2020] }), A.key2020);
  // (c) eddsa-jcs-2022, did:key: valid
  cases['c-eddsa-jcs-2022-didkey'] = await signJcs(unsignedBadge({ issuerId: A.did }), A.multikey.signer());
  cases['c2-eddsa-jcs-2022-tricky-literals'] = await signJcs(
    unsignedBadge({ issuerId: A.did, tweak: trickyLiterals }), A.multikey.signer());
  // (d) tampered after signing (one per proof type): not verified
  cases['d-tampered-eddsa-rdfc-2022'] = tamper(cases['a-eddsa-rdfc-2022-didkey']);
  cases['d-tampered-ed25519-signature-2020'] = tamper(cases['b-ed25519-signature-2020-didkey']);
  cases['d-tampered-eddsa-jcs-2022'] = tamper(cases['c-eddsa-jcs-2022-didkey']);
  // (e) expired: validUntil in the past (validity window 2020-01-01 .. 2021-01-01)
  cases['e-expired'] = await signRdfc(
    unsignedBadge({ issuerId: A.did, validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }),
    A.multikey.signer());
  // (f) not yet valid: validFrom in the future
  cases['f-not-yet-valid'] = await signRdfc(
    unsignedBadge({ issuerId: A.did, validFrom: `${year + 50}-01-01T00:00:00Z` }), A.multikey.signer());
  // (g) wrong key: signed with key B, but issuer and verificationMethod name key A
  {
    const signerB = B.multikey.signer();
    const lyingSigner = { id: A.vmId, algorithm: signerB.algorithm, sign: (args) => signerB.sign(args) };
    cases['g-wrong-key'] = await signRdfc(unsignedBadge({ issuerId: A.did }), lyingSigner);
  }
  // (g2) a correct signature by key B (verificationMethod B), but the issuer is A: the key is not
  // the issuer's, so the credential must not verify as A's
  cases['g2-key-not-issuers'] = await signRdfc(unsignedBadge({ issuerId: A.did }), B.multikey.signer());
  // (g3) a correct signature by the issuer's key, but with proofPurpose "authentication" (a login
  // proof, with a challenge), not "assertionMethod": not a proof that the issuer asserts the claims
  cases['g3-proof-purpose-authentication'] = await jsigs.sign(unsignedBadge({ issuerId: A.did }), {
    suite: new DataIntegrityProof({ signer: A.multikey.signer(), cryptosuite: eddsaRdfc2022 }),
    purpose: new jsigs.purposes.AuthenticationProofPurpose({ challenge: 'akashi-interop-challenge', domain: 'university.example' }),
    documentLoader,
  });
  // (g4) signed with key B; verificationMethod = did:key of A with B's fingerprint as fragment
  {
    const signerB = B.multikey.signer();
    const fragSigner = { id: `${A.did}#${B.fingerprint}`, algorithm: signerB.algorithm, sign: (args) => signerB.sign(args) };
    cases['g4-did-key-fragment-mismatch'] = await signRdfc(unsignedBadge({ issuerId: A.did }), fragSigner);
  }
  // (i) no proof at all
  {
    const unsigned = clone(cases['a-eddsa-rdfc-2022-didkey']);
    delete unsigned.proof;
    cases['i-no-proof'] = unsigned;
  }
  // (h) did:web issuers, DID documents served over HTTPS by the test: valid
  cases['h-did-web'] = await signRdfc(unsignedBadge({ issuerId: W.did }), W.multikey.signer());
  cases['h-did-web-path'] = await signRdfc(unsignedBadge({ issuerId: WP.did }), WP.multikey.signer());
  // (h4) did:web in the older DCC style: Ed25519Signature2020, Ed25519VerificationKey2020 in the DID doc
  cases['h4-did-web-ed25519-2020'] = await sign2020(
    unsignedBadge({ issuerId: WL.did, extraContexts: [ED25519_2020] }), WL.key2020);
  // (h5) did:web whose DID document lists the key only under `authentication`: not for assertions
  cases['h5-did-web-key-not-assertion-method'] = await signRdfc(unsignedBadge({ issuerId: WA.did }), WA.multikey.signer());
  // (h6) did:web whose served DID document has another `id` than the DID that was resolved
  cases['h6-did-web-document-id-mismatch'] = await signRdfc(unsignedBadge({ issuerId: WM.did }), WM.multikey.signer());

  const files = {};
  for (const [name, credential] of Object.entries(cases)) {
    const file = path.join(outDir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(credential, null, 2) + '\n');
    files[name] = file;
  }
  // did:web documents, laid out by HTTP path
  const didDocs = {
    '/.well-known/did.json': W.didDocument,
    '/issuers/computer-science/did.json': WP.didDocument,
    '/issuers/legacy/did.json': WL.didDocument,
    '/issuers/auth-only/did.json': WA.didDocument,
    '/issuers/mismatch/did.json': WM.didDocument,
  };
  for (const [urlPath, doc] of Object.entries(didDocs)) {
    const file = path.join(outDir, 'did-web', ...urlPath.split('/').filter(Boolean));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  }
  const manifest = {
    files,
    didKey: { A: A.did, B: B.did },
    didWeb: { root: W.did, path: WP.did, legacy: WL.did, authOnly: WA.did, mismatch: WM.did, documents: didDocs },
  };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outDir = args.find((a) => !a.startsWith('--'));
  const hostIdx = args.indexOf('--did-web-host');
  if (!outDir) {
    console.error('usage: node issue.mjs OUTDIR [--did-web-host localhost%3A8443]');
    process.exit(2);
  }
  const manifest = await issueAll({ outDir, didWebHost: hostIdx >= 0 ? args[hostIdx + 1] : undefined });
  for (const [name, file] of Object.entries(manifest.files)) console.log(`${name}\t${file}`);
}
