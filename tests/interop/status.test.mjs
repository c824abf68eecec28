// Revocation the DCC verifier does not see: badges revoked through a StatusList2021 list and
// through a 1EdTech Revocation List, issued by the Digital Bazaar stack, with the lists served
// over HTTPS by this process. DCC verifier-core treats both status types as "old spec, always
// valid" (its src/credentialStatus.ts), so it passes them; Akashi reads the lists and reports
// `revoked`. A not-revoked badge on the same lists is the control on both sides.
//
//   node --test status.test.mjs      (run.sh runs every *.test.mjs)
import './lib/net-guard.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { repoRoot, interopDir, makeDocumentLoader, OB_V303, ED25519_2020 } from './lib/contexts.mjs';
import { makeTestPki } from './lib/tls.mjs';
import { startDidWebServer } from './lib/didweb-server.mjs';
import { didKeyIssuer } from './lib/keys.mjs';
import { unsignedBadge } from './lib/badge.mjs';

const execFileP = promisify(execFile);
const AKASHI = process.env.AKASHI_BIN ?? path.join(repoRoot, 'target', 'debug', 'akashi');
const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const SL2021 = 'https://w3id.org/vc/status-list/2021/v1';
const OB_EXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
const documentLoader = makeDocumentLoader();

let tmp;
let pki;
let server;
const files = {};
let dcc = {};

async function run(cmd, args, opts = {}) {
  try {
    const { stdout, stderr } = await execFileP(cmd, args, { timeout: 120_000, maxBuffer: 16 << 20, ...opts });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code === 'number') return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}

const lines = (stdout) => stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

// A StatusList2021 bitstring (131,072 entries) with `set` on, index 0 = most significant bit.
function encodedList(set) {
  const bits = Buffer.alloc(131_072 / 8);
  for (const i of set) bits[i >> 3] |= 0x80 >> (i & 7);
  return zlib.gzipSync(bits).toString('base64');
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akashi-interop-status-'));
  pki = makeTestPki(path.join(tmp, 'pki'));
  server = await startDidWebServer(pki);
  const A = await didKeyIssuer('issuer-status');
  const base = `https://${server.host}`;

  // StatusList2021: a VC 1.1 list and VC 1.1 badges, Ed25519Signature2020 (as DCC issued them).
  const listUrl = `${base}/status/2021`;
  const list = await vc.issue({
    credential: {
      '@context': [VC_V1, SL2021, ED25519_2020],
      id: listUrl,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: A.did,
      issuanceDate: '2024-01-01T00:00:00Z',
      credentialSubject: { id: `${listUrl}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: encodedList([42]) },
    },
    suite: new Ed25519Signature2020({ key: A.key2020 }),
    documentLoader,
  });
  server.documents.set('/status/2021', list);
  const badge2021 = async (index) => {
    const b = unsignedBadge({ issuerId: A.did });
    b['@context'] = [VC_V1, OB_V303, SL2021, ED25519_2020];
    b.issuanceDate = b.validFrom;
    delete b.validFrom;
    b.credentialStatus = { id: `${listUrl}#${index}`, type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: listUrl };
    return vc.issue({ credential: b, suite: new Ed25519Signature2020({ key: A.key2020 }), documentLoader });
  };

  // 1EdTech Revocation List: plain JSON listing revoked credential ids; VC 2.0 badges.
  const revUrl = `${base}/status/1edtech`;
  const badge1ed = async (id) => {
    const b = unsignedBadge({ issuerId: A.did, extraContexts: [OB_EXT] });
    b.id = id;
    b.credentialStatus = { id: revUrl, type: '1EdTechRevocationList' };
    return vc.issue({ credential: b, suite: new DataIntegrityProof({ signer: A.multikey.signer(), cryptosuite: eddsaRdfc2022 }), documentLoader });
  };
  server.documents.set('/status/1edtech', {
    id: revUrl, issuer: A.did,
    revokedCredential: [{ id: 'urn:uuid:0b3a2f1e-revoked-through-1edtech', revocationReason: 'issued in error' }],
  });

  const write = (name, doc) => {
    files[name] = path.join(tmp, `${name}.json`);
    fs.writeFileSync(files[name], JSON.stringify(doc, null, 2));
  };
  write('sl2021-revoked', await badge2021(42));
  write('sl2021-active', await badge2021(43));
  write('1edtech-revoked', await badge1ed('urn:uuid:0b3a2f1e-revoked-through-1edtech'));
  write('1edtech-active', await badge1ed('urn:uuid:0b3a2f1e-never-revoked'));

  const r = await run(process.execPath, [path.join(interopDir, 'dcc-verify.mjs'), ...Object.values(files)],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.caFile } });
  dcc = Object.fromEntries(lines(r.stdout).map((l) => [l.file, l]));
  server.requests.length = 0;
});

after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function akashi(name) {
  const r = await run(AKASHI, ['verify', '--json', '--ca-file', pki.caFile, files[name]]);
  const [report] = lines(r.stdout);
  const status = report.checks.find((c) => c.id === 'status');
  return { code: r.code, report, status };
}

for (const kind of ['sl2021', '1edtech']) {
  test(`${kind}: DCC verifier-core passes the revoked badge; Akashi reports it revoked`, async () => {
    const d = dcc[files[`${kind}-revoked`]];
    assert.ok(d, 'DCC verifier-core gave a result');
    assert.equal(d.signature, 'valid', `control: DCC verifies the signature: ${JSON.stringify(d)}`);
    assert.notEqual(d.log.revocation_status, false, `DCC does not report the revocation: ${JSON.stringify(d)}`);

    const { code, report, status } = await akashi(`${kind}-revoked`);
    assert.equal(report.summary, 'revoked', JSON.stringify(report.checks));
    assert.equal(code, 1);
    assert.equal(status.status, 'invalid');
    assert.equal(status.code, 'revoked');
    const listPath = kind === 'sl2021' ? '/status/2021' : '/status/1edtech';
    assert.deepEqual(status.source, { kind: 'network', url: `https://${server.host}${listPath}` });
  });

  test(`${kind}: a badge the list does not revoke verifies on both sides`, async () => {
    const d = dcc[files[`${kind}-active`]];
    assert.equal(d?.signature, 'valid', JSON.stringify(d));
    const { code, report, status } = await akashi(`${kind}-active`);
    assert.equal(report.summary, 'verified_with_warnings', JSON.stringify(report.checks));
    assert.equal(code, 0);
    assert.equal(status.status, 'valid');
  });
}

test('Akashi fetched each list once per run, over HTTPS from this server', () => {
  const paths = server.requests.map((r) => r.path).sort();
  assert.deepEqual(paths, ['/status/1edtech', '/status/1edtech', '/status/2021', '/status/2021']);
});
