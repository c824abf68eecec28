// Verifiable Presentations made with @digitalbazaar/vc (createPresentation + signPresentation,
// the library DCC's wallet and verifier use), holding an Open Badge issued to the holder.
//
//   makePresentations({ outDir }) -> { files: {name: path}, challenge, domain, holder, control }
//
// Holder and issuer are did:key identities with fixed test seeds (lib/keys.mjs). Every signed
// presentation is also verified by @digitalbazaar/vc itself (the control), so a broken
// fixture cannot make Akashi look right or wrong.
import './net-guard.mjs';
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { makeDocumentLoader, ED25519_2020 } from './contexts.mjs';
import { didKeyIssuer } from './keys.mjs';
import { unsignedBadge } from './badge.mjs';

export const CHALLENGE = 'akashi-interop-vp-challenge-7f3c9a';
export const DOMAIN = 'careers.university.example';

export async function makePresentations({ outDir }) {
  fs.mkdirSync(outDir, { recursive: true });
  const documentLoader = makeDocumentLoader();
  const issuer = await didKeyIssuer('vp-issuer');
  const holder = await didKeyIssuer('vp-holder');
  const other = await didKeyIssuer('vp-someone-else');

  const toHolder = (c) => { c.credentialSubject.id = holder.did; };
  const badge = await vc.issue({
    credential: unsignedBadge({ issuerId: issuer.did, tweak: toHolder }),
    suite: new DataIntegrityProof({ signer: issuer.multikey.signer(), cryptosuite: eddsaRdfc2022 }),
    documentLoader,
  });
  const badge2020 = await vc.issue({
    credential: unsignedBadge({ issuerId: issuer.did, extraContexts: [ED25519_2020], tweak: toHolder }),
    suite: new Ed25519Signature2020({ key: issuer.key2020 }),
    documentLoader,
  });

  const rdfcSuite = (who) => new DataIntegrityProof({ signer: who.multikey.signer(), cryptosuite: eddsaRdfc2022 });
  const present = (credential, who = holder) =>
    vc.createPresentation({ verifiableCredential: [credential], holder: who.did, version: 2.0 });

  const cases = {};
  // (p1) eddsa-rdfc-2022 holder proof with challenge and domain
  cases['p1-vp-eddsa-rdfc-2022'] = await vc.signPresentation({
    presentation: present(badge), suite: rdfcSuite(holder), challenge: CHALLENGE, domain: DOMAIN, documentLoader,
  });
  // (p2) Ed25519Signature2020 holder proof (the suite context added to the presentation)
  {
    const p = present(badge2020);
    p['@context'].push(ED25519_2020);
    cases['p2-vp-ed25519-signature-2020'] = await vc.signPresentation({
      presentation: p, suite: new Ed25519Signature2020({ key: holder.key2020 }), challenge: CHALLENGE, documentLoader,
    });
  }
  // (p3) unsigned presentation (what DCC's wallet hands over without DID auth)
  cases['p3-vp-unsigned'] = present(badge);
  // (p4) tampered after the holder signed it: the badge inside edited
  {
    const t = structuredClone(cases['p1-vp-eddsa-rdfc-2022']);
    t.verifiableCredential[0].credentialSubject.achievement.name = 'Edited after presenting';
    cases['p4-vp-tampered'] = t;
  }
  // (p5) signed by someone who is not the named holder
  {
    const p = present(badge);
    cases['p5-vp-not-the-holders-key'] = await vc.signPresentation({
      presentation: p, suite: rdfcSuite(other), challenge: CHALLENGE, documentLoader,
    });
  }

  // Control: @digitalbazaar/vc's own verdict on each signed presentation.
  const control = {};
  const verifySuite = [new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new Ed25519Signature2020()];
  for (const name of ['p1-vp-eddsa-rdfc-2022', 'p2-vp-ed25519-signature-2020', 'p4-vp-tampered']) {
    const r = await vc.verify({
      presentation: structuredClone(cases[name]), suite: verifySuite, challenge: CHALLENGE,
      ...(name === 'p2-vp-ed25519-signature-2020' ? {} : { domain: DOMAIN }), documentLoader,
    });
    const wrong = await vc.verify({
      presentation: structuredClone(cases[name]), suite: verifySuite, challenge: 'wrong-challenge', documentLoader,
    });
    control[name] = { verified: r.verified, wrongChallengeVerified: wrong.verified };
  }

  const files = {};
  for (const [name, doc] of Object.entries(cases)) {
    const file = path.join(outDir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
    files[name] = file;
  }
  return { files, holder: holder.did, other: other.did, control };
}
