// Interop: VC-JWTs and a VP-JWT signed by the standard npm JOSE library `jose` (panva/jose,
// pinned in package.json), verified by `akashi verify --json`.
//
//   node --test --test-reporter=spec jwt.test.mjs      (run.sh does this, after npm ci + cargo build)
//
// Keys are generated here at run time for RS256, PS256, ES256 and EdDSA. Key sources: did:jwk
// (kid), the header `jwk`, and did:key (EdDSA). Every good token is first checked by jose's own
// jwtVerify (the control), so a wrong token cannot pass silently. Also a tampered token, an
// expired one, and a VP-JWT with the verifier's nonce / aud. Nothing touches the network.
import './lib/net-guard.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as jose from 'jose';
import { repoRoot } from './lib/contexts.mjs';

const execFileP = promisify(execFile);
const AKASHI = process.env.AKASHI_BIN ?? path.join(repoRoot, 'target', 'debug', 'akashi');
const NOW = '2026-06-01T00:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const VC2 = 'https://www.w3.org/ns/credentials/v2';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const SUBJECT = 'did:example:learner';

let tmp;
const keys = {};

const b64u = (s) => Buffer.from(s).toString('base64url');

// base58btc, for did:key.
function base58(bytes) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

const didJwk = (jwk) => `did:jwk:${b64u(JSON.stringify(jwk))}`;

function didKeyEd25519(jwk) {
  const raw = Buffer.from(jwk.x, 'base64url');
  return `did:key:z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
}

function credential(issuer, extra = {}) {
  return {
    '@context': [VC2],
    id: 'urn:uuid:5f0d2e1c-0000-4000-8000-00000000000a',
    type: ['VerifiableCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: SUBJECT },
    iss: issuer,
    jti: 'urn:uuid:5f0d2e1c-0000-4000-8000-00000000000a',
    sub: SUBJECT,
    nbf: Date.parse('2026-01-01T00:00:00Z') / 1000,
    ...extra,
  };
}

async function sign(alg, header, payload) {
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, ...header })
    .sign(keys[alg].privateKey);
}

// The control: jose itself accepts the token with the public key.
async function control(token, alg) {
  const { payload } = await jose.jwtVerify(token, keys[alg].publicKey, { currentDate: new Date(NOW) });
  assert.ok(payload, `jose rejects its own ${alg} token`);
}

async function run(args) {
  try {
    const { stdout, stderr } = await execFileP(AKASHI, args, { timeout: 120_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code === 'number') return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}

async function akashi(name, token, extra = []) {
  const file = path.join(tmp, `${name}.jwt`);
  fs.writeFileSync(file, token);
  const args = ['verify', '--json', '--offline', '--now', NOW, ...extra, file];
  const r = await run(args);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `akashi ${args.join(' ')}: stdout ${r.stdout} stderr ${r.stderr}`);
  return { code: r.code, report: JSON.parse(lines[0]) };
}

const brief = (report) => JSON.stringify({
  summary: report.summary,
  checks: (report.checks ?? []).map((c) => `${c.id}=${c.status}${c.code ? `(${c.code})` : ''}: ${c.reason ?? ''} ${(c.warnings ?? []).join(' | ')}`),
}, null, 1);

function check(report, id) {
  const c = (report.checks ?? []).find((x) => x.id === id);
  assert.ok(c, `no "${id}" check: ${brief(report)}`);
  return c;
}

function expect({ code, report }, want) {
  const where = brief(report);
  assert.equal(report.securing, 'vc_jwt', where);
  assert.ok([].concat(want.summary).includes(report.summary), `summary ${report.summary}, expected ${want.summary}\n${where}`);
  for (const [id, w] of Object.entries(want.checks ?? {})) {
    const { status, code: wantCode } = typeof w === 'object' ? w : { status: w };
    const c = check(report, id);
    assert.equal(c.status, status, `check ${id}\n${where}`);
    if (wantCode !== undefined) assert.equal(c.code, wantCode, `check ${id} code\n${where}`);
  }
  if (want.exit !== undefined) assert.equal(code, want.exit, `exit code\n${where}`);
}

const VERIFIED = { summary: 'verified_with_warnings', exit: 0, checks: { format: 'valid', proof: 'valid', issuer_key: 'valid', validity: 'valid' } };

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akashi-jwt-interop-'));
  assert.ok(fs.existsSync(AKASHI), `akashi binary not found at ${AKASHI} (set AKASHI_BIN or run run.sh)`);
  for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
    const opts = alg === 'EdDSA' ? { crv: 'Ed25519', extractable: true } : { extractable: true };
    const pair = await jose.generateKeyPair(alg, opts);
    keys[alg] = { ...pair, jwk: await jose.exportJWK(pair.publicKey) };
  }
});

after(() => {
  if (tmp && !process.env.KEEP_INTEROP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('VC-JWTs signed by jose', () => {
  for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
    test(`${alg}, kid = did:jwk`, async () => {
      const issuer = didJwk(keys[alg].jwk);
      const token = await sign(alg, { kid: `${issuer}#0`, typ: 'vc+jwt' }, credential(issuer));
      await control(token, alg);
      const r = await akashi(`${alg}-did-jwk`, token);
      expect(r, VERIFIED);
      assert.deepEqual(check(r.report, 'issuer_key').warnings ?? [], [], brief(r.report));
      assert.match(check(r.report, 'proof').reason, new RegExp(alg));
    });

    test(`${alg}, header jwk (issuer did not publish it: warning)`, async () => {
      const issuer = 'https://issuer.example/profile';
      const token = await sign(alg, { jwk: keys[alg].jwk, typ: 'JWT' }, credential(issuer));
      await control(token, alg);
      const r = await akashi(`${alg}-header-jwk`, token);
      expect(r, VERIFIED);
      assert.ok((check(r.report, 'issuer_key').warnings ?? []).some((w) => w.includes('did not publish')), brief(r.report));
    });
  }

  test('EdDSA, kid = did:key', async () => {
    const issuer = didKeyEd25519(keys.EdDSA.jwk);
    const kid = `${issuer}#${issuer.slice('did:key:'.length)}`;
    const token = await sign('EdDSA', { kid }, credential(issuer));
    await control(token, 'EdDSA');
    expect(await akashi('eddsa-did-key', token), VERIFIED);
  });

  test('VC 1.1 vc claim (RS256, did:jwk)', async () => {
    const issuer = didJwk(keys.RS256.jwk);
    const payload = {
      iss: issuer, sub: SUBJECT, jti: 'urn:uuid:5f0d2e1c-0000-4000-8000-00000000000b', nbf: NOW_S - 86400,
      vc: { '@context': [VC1], type: ['VerifiableCredential'], credentialSubject: {} },
    };
    const token = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: `${issuer}#0` }).sign(keys.RS256.privateKey);
    await control(token, 'RS256');
    expect(await akashi('vc11', token), VERIFIED);
  });

  test('tampered payload: not verified, bad signature', async () => {
    const issuer = didJwk(keys.ES256.jwk);
    const token = await sign('ES256', { kid: `${issuer}#0` }, credential(issuer));
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64u(JSON.stringify(credential(issuer, { credentialSubject: { id: SUBJECT, name: 'Mallory' } })))}.${s}`;
    await assert.rejects(jose.compactVerify(forged, keys.ES256.publicKey), 'control: jose rejects the forgery');
    expect(await akashi('tampered', forged), { summary: 'not_verified', exit: 1, checks: { proof: { status: 'invalid', code: 'bad_signature' } } });
  });

  test('expired (exp in the past): expired', async () => {
    const issuer = didJwk(keys.PS256.jwk);
    const token = await sign('PS256', { kid: `${issuer}#0` }, credential(issuer, { exp: NOW_S - 3600 }));
    await assert.rejects(jose.jwtVerify(token, keys.PS256.publicKey, { currentDate: new Date(NOW) }), /exp/, 'control: jose says expired');
    expect(await akashi('expired', token), { summary: 'expired', checks: { proof: 'valid', validity: { status: 'invalid', code: 'expired' } } });
  });

  test('iss disagreeing with the issuer: not verified', async () => {
    const issuer = didJwk(keys.EdDSA.jwk);
    const token = await sign('EdDSA', { kid: `${issuer}#0` }, credential(issuer, { iss: 'did:example:someone-else' }));
    expect(await akashi('iss-mismatch', token), { summary: 'not_verified', exit: 1, checks: { proof: { status: 'invalid', code: 'claim_mismatch' } } });
  });
});

describe('VP-JWT signed by jose', () => {
  async function vpJwt(nonce, aud) {
    const holder = didJwk(keys.EdDSA.jwk);
    const issuer = didJwk(keys.ES256.jwk);
    const member = await sign('ES256', { kid: `${issuer}#0` }, credential(issuer, { credentialSubject: { id: holder }, sub: holder }));
    return new jose.SignJWT({ nonce, vp: { '@context': [VC1], type: ['VerifiablePresentation'], verifiableCredential: [member] } })
      .setProtectedHeader({ alg: 'EdDSA', kid: `${holder}#0` })
      .setIssuer(holder)
      .setAudience(aud)
      .setIssuedAt(NOW_S - 60)
      .setExpirationTime(NOW_S + 600)
      .sign(keys.EdDSA.privateKey);
  }

  test('right nonce and aud: verified', async () => {
    const token = await vpJwt('n-42', 'https://verifier.example');
    const r = await akashi('vp-ok', token, ['--challenge', 'n-42', '--domain', 'https://verifier.example']);
    expect(r, { summary: ['verified', 'verified_with_warnings'], exit: 0, checks: { proof: 'valid', issuer_key: 'valid', challenge: 'valid', holder: 'valid', nested: 'valid' } });
  });

  test('wrong nonce: not verified', async () => {
    const token = await vpJwt('n-41', 'https://verifier.example');
    const r = await akashi('vp-bad-nonce', token, ['--challenge', 'n-42', '--domain', 'https://verifier.example']);
    expect(r, { summary: 'not_verified', exit: 1, checks: { challenge: { status: 'invalid', code: 'challenge_mismatch' } } });
  });
});
