// Interop, the reverse direction of presentations.test.mjs: a presentation that AKASHI signs
// (wallet holder key, `akashi present --request`) verified by @digitalbazaar/vc (`vc.verify`,
// the library DCC's wallet and verifier use), with the employer's challenge and domain.
//
//   node --test --test-reporter=spec holder.test.mjs   (run.sh runs every *.test.mjs)
//
// The badge is issued by @digitalbazaar/vc to the wallet's holder DID (`akashi wallet holder`),
// so the whole chain is: DCC issues → Akashi stores → verifier's request (`akashi request`) →
// Akashi signs → DCC verifies (right challenge passes, wrong challenge / domain fails) and
// Akashi verifies it against its own request.
import './lib/net-guard.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vc from '@digitalbazaar/vc';
// DCC's own fork, the one @digitalcredentials/verifier-core (Learner Credential Wallet,
// VerifierPlus) verifies with.
import * as dccVc from '@digitalcredentials/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { repoRoot, makeDocumentLoader } from './lib/contexts.mjs';
import { didKeyIssuer } from './lib/keys.mjs';
import { unsignedBadge } from './lib/badge.mjs';

const execFileP = promisify(execFile);
const AKASHI = process.env.AKASHI_BIN ?? path.join(repoRoot, 'target', 'debug', 'akashi');
const DOMAIN = 'careers.acme.example';

let tmp; let env; let wallet;
let holder; let request; let bound; let oneWay; let both;

async function akashi(args, { ok = true } = {}) {
  try {
    const r = await execFileP(AKASHI, args, { env, timeout: 120_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    if (typeof e.code !== 'number' || ok) throw new Error(`akashi ${args.join(' ')} failed (${e.code}): ${e.stderr}`);
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const documentLoader = makeDocumentLoader();
const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
const dccVerify = (presentation, challenge, domain) =>
  vc.verify({ presentation: structuredClone(presentation), suite, challenge, ...(domain ? { domain } : {}), documentLoader });
const dccForkVerify = (presentation, challenge, domain) =>
  dccVc.verify({ presentation: structuredClone(presentation), suite, challenge, ...(domain ? { domain } : {}), documentLoader });

before(async () => {
  if (!fs.existsSync(AKASHI)) throw new Error(`Akashi CLI not found at ${AKASHI}: run tests/interop/run.sh or set AKASHI_BIN`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akashi-interop-holder-'));
  env = { ...process.env, AKASHI_WALLET_KEY: crypto.randomBytes(32).toString('hex') };
  wallet = path.join(tmp, 'wallet.db');

  // A wallet is made by its first import (here Akashi's example badge); its holder DID is made
  // on first use. The issuer then issues the interop badge to that DID.
  await akashi(['wallet', '--wallet', wallet, 'import', '--offline', path.join(repoRoot, 'examples', 'credentials', 'micro-credential.json')]);
  holder = (await akashi(['wallet', '--wallet', wallet, 'holder'])).stdout.trim();
  assert.match(holder, /^did:key:z6Mk/);

  const issuer = await didKeyIssuer('akashi-holder-issuer');
  const badge = await vc.issue({
    credential: unsignedBadge({ issuerId: issuer.did, tweak: (c) => { c.credentialSubject.id = holder; } }),
    suite: new DataIntegrityProof({ signer: issuer.multikey.signer(), cryptosuite: eddsaRdfc2022 }),
    documentLoader,
  });
  const badgeFile = path.join(tmp, 'badge.json');
  fs.writeFileSync(badgeFile, JSON.stringify(badge, null, 2));
  const imported = await akashi(['wallet', '--wallet', wallet, 'import', '--offline', '--json', badgeFile]);
  const id = JSON.parse(imported.stdout.trim().split('\n').pop()).id;
  assert.ok(Number.isInteger(id), imported.stdout);

  const reqFile = path.join(tmp, 'request.txt');
  const req = await akashi(['request', '--domain', DOMAIN, '--name', 'ACME Careers', '--json', '--out', reqFile]);
  request = JSON.parse(req.stdout);
  const boundFile = path.join(tmp, 'vp-bound.json');
  await akashi(['present', '--wallet', wallet, String(id), '--request', reqFile, '--out', boundFile]);
  bound = { file: boundFile, vp: JSON.parse(fs.readFileSync(boundFile, 'utf8')), reqFile };
  const oneWayFile = path.join(tmp, 'vp-one-way.json');
  await akashi(['present', '--wallet', wallet, String(id), '--out', oneWayFile]);
  oneWay = { file: oneWayFile, vp: JSON.parse(fs.readFileSync(oneWayFile, 'utf8')) };
  // Both badges, the first being Akashi's example micro-credential with every JP/EU descriptor.
  const bothFile = path.join(tmp, 'vp-both.json');
  await akashi(['present', '--wallet', wallet, '1', String(id), '--request', reqFile, '--out', bothFile]);
  both = JSON.parse(fs.readFileSync(bothFile, 'utf8'));
});

after(() => {
  if (tmp && !process.env.KEEP_INTEROP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('presentations signed by Akashi, verified by @digitalbazaar/vc', () => {
  test('the presentation is what DCC expects: VC 2.0 VP, eddsa-rdfc-2022 authentication proof by the holder', () => {
    const { vp } = bound;
    assert.equal(vp.holder, holder);
    assert.equal(vp.proof.cryptosuite, 'eddsa-rdfc-2022');
    assert.equal(vp.proof.proofPurpose, 'authentication');
    assert.equal(vp.proof.challenge, request.challenge);
    assert.equal(vp.proof.domain, DOMAIN);
    assert.ok(vp.proof.verificationMethod.startsWith(`${holder}#`));
    assert.ok(request.challenge.length >= 22, 'at least 128 bits');
  });

  test('right challenge and domain: verified by vc.verify (the badge inside too)', async () => {
    const r = await dccVerify(bound.vp, request.challenge, DOMAIN);
    assert.equal(r.verified, true, JSON.stringify(r.error ?? r, null, 1)?.slice(0, 2000));
    assert.equal(r.presentationResult.verified, true);
    assert.equal(r.credentialResults.length, 1);
    assert.equal(r.credentialResults[0].verified, true);
  });

  test('two badges, one a full micro-credential (every descriptor): verified by vc.verify', async () => {
    assert.equal(both.verifiableCredential.length, 2);
    const r = await dccVerify(both, request.challenge, DOMAIN);
    assert.equal(r.verified, true, JSON.stringify(r.error ?? r, null, 1)?.slice(0, 2000));
    assert.deepEqual(r.credentialResults.map((c) => c.verified), [true, true]);
    const wrong = await dccVerify(both, 'another-challenge-of-the-same-verifier', DOMAIN);
    assert.equal(wrong.verified, false);
  });

  test('wrong challenge: not verified by vc.verify', async () => {
    const r = await dccVerify(bound.vp, 'another-challenge-of-the-same-verifier', DOMAIN);
    assert.equal(r.verified, false);
    assert.equal(r.presentationResult.verified, false);
  });

  test('wrong domain: not verified by vc.verify', async () => {
    const r = await dccVerify(bound.vp, request.challenge, 'evil.example');
    assert.equal(r.verified, false);
  });

  test('tampered after signing: not verified by vc.verify', async () => {
    const t = structuredClone(bound.vp);
    t.verifiableCredential[0].credentialSubject.achievement.name = 'Edited after presenting';
    const r = await dccVerify(t, request.challenge, DOMAIN);
    assert.equal(r.verified, false);
  });

  test('a one-way presentation (no challenge) is refused by vc.verify when it expects one', async () => {
    assert.equal(oneWay.vp.proof.challenge, undefined);
    const r = await dccVerify(oneWay.vp, request.challenge, DOMAIN);
    assert.equal(r.verified, false);
  });

  test('Akashi agrees: verified against its own request, not against another', async () => {
    const ok = await akashi(['verify', '--offline', '--json', '--request', bound.reqFile, bound.file]);
    const report = JSON.parse(ok.stdout);
    assert.ok(['verified', 'verified_with_warnings'].includes(report.summary), ok.stdout.slice(0, 2000));
    for (const id of ['proof', 'issuer_key', 'challenge', 'holder']) {
      assert.equal(report.checks.find((c) => c.id === id).status, 'valid', id);
    }
    const other = await akashi(['request', '--domain', DOMAIN, '--name', 'ACME Careers']);
    const bad = await akashi(['verify', '--offline', '--json', '--request', other.stdout.trim(), bound.file], { ok: false });
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.stdout).checks.find((c) => c.id === 'challenge').code, 'challenge_mismatch');
  });
});

describe('presentations signed by Akashi, verified by DCC\'s own @digitalcredentials/vc (verifier-core\'s)', () => {
  test('right challenge and domain: verified, the badge inside too', async () => {
    const r = await dccForkVerify(bound.vp, request.challenge, DOMAIN);
    assert.equal(r.verified, true, JSON.stringify(r.error ?? r, null, 1)?.slice(0, 2000));
    assert.equal(r.presentationResult.verified, true);
    assert.deepEqual(r.credentialResults.map((c) => c.verified), [true]);
  });

  test('wrong challenge, wrong domain, tampering: not verified', async () => {
    assert.equal((await dccForkVerify(bound.vp, 'another-challenge-of-the-same-verifier', DOMAIN)).verified, false);
    assert.equal((await dccForkVerify(bound.vp, request.challenge, 'evil.example')).verified, false);
    const t = structuredClone(bound.vp);
    t.verifiableCredential[0].credentialSubject.achievement.name = 'Edited after presenting';
    assert.equal((await dccForkVerify(t, request.challenge, DOMAIN)).verified, false);
  });
});
