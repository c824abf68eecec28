// Interop: VPQR texts between Akashi and the JS libraries, both directions.
//
//   VP1-B  @digitalcredentials/vpqr 2.2.1 + @digitalcredentials/cborld 4.3.4 (DCC's Learner
//          Credential Wallet): JS writes → `akashi qr vpqr-decode` reads; `akashi qr
//          vpqr-encode` writes → JS `fromQrCode` reads; and both write the same text.
//   VP1-R  @digitalbazaar/vpqr 6.0.0 (CBOR-LD 1.0, registry entry 1): JS writes → Akashi reads.
//
// The JS side loads contexts from Akashi's bundled table (core/src/parse/jsonld/bundled.rs),
// so both sides hold exactly the same documents; nothing is fetched.
// The presentations are real: the VP fixtures (DCC VerifierPlus, Blockcerts, spruceid ssi) and
// Open Badges 3.0 credentials (1EdTech validator and spec vector, DCC verifier-core, the repo's
// micro-credential example) each wrapped in a presentation.
import './lib/net-guard.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as dccVpqr from '@digitalcredentials/vpqr';
import * as dccCborld from '@digitalcredentials/cborld';
import * as dbVpqr from '@digitalbazaar/vpqr';
import * as dbCborld from '@digitalbazaar/cborld';
import { repoRoot, sharedFixturesDir } from './lib/contexts.mjs';

const execFileP = promisify(execFile);
const AKASHI = process.env.AKASHI_BIN ?? path.join(repoRoot, 'target', 'debug', 'akashi');

// URL → document, read from the same table the Rust core compiles in.
const bundledRs = fs.readFileSync(path.join(repoRoot, 'core/src/parse/jsonld/bundled.rs'), 'utf8');
const CONTEXTS = new Map();
for (const m of bundledRs.matchAll(/\(\s*"([^"]+)",\s*include_str!\("\.\.\/\.\.\/\.\.\/contexts\/([^"]+)"\)/g)) {
  CONTEXTS.set(m[1], JSON.parse(fs.readFileSync(path.join(repoRoot, 'core/contexts', m[2]), 'utf8')));
}
const documentLoader = async (url) => {
  const document = CONTEXTS.get(url);
  if (!document) throw new Error(`context not bundled by Akashi: ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};

const shared = sharedFixturesDir();
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const wrap = (cred) => ({ '@context': [cred['@context'][0]], type: ['VerifiablePresentation'], verifiableCredential: [cred] });

const CASES = [
  ['DCC VerifierPlus testVP', () => readJson(path.join(shared, 'vp/dcc-verifier-plus/testVP.json'))],
  ['Blockcerts vp-eddsa-rdfc-2022', () => readJson(path.join(shared, 'vp/blockcerts/vp-eddsa-rdfc-2022.json'))],
  ['spruceid ssi vp.jsonld', () => readJson(path.join(shared, 'vp/spruceid-ssi/vp.jsonld'))],
  ['VP of examples/credentials/micro-credential.json', () => wrap(readJson(path.join(repoRoot, 'examples/credentials/micro-credential.json')))],
  ...['simple', 'simple-did-key-method', 'simple-eddsa-2022', 'simple_v1', 'complete', 'complete_v1'].map((n) => [
    `VP of 1EdTech validator ${n}.json`, () => wrap(readJson(path.join(shared, `ob3/1edtech-validator/${n}.json`)))]),
  ['VP of 1EdTech spec vector credential-signed.json', () => wrap(readJson(path.join(shared, 'ob3/1edtech-spec-ldp-test-vector/credential-signed.json')))],
];

// RFC 4648 base32, upper case, no padding (what base32-encode writes for vpqr 2.2.1).
function base32(bytes) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = ''; let bits = 0; let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += A[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += A[(value << (5 - bits)) & 31];
  return out;
}

// RFC 9285 base45 (what @digitalbazaar/base45 writes for vpqr 6).
function base45(bytes) {
  const A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      for (let k = 0; k < 3; k++) { out += A[n % 45]; n = Math.floor(n / 45); }
    } else {
      let n = bytes[i];
      for (let k = 0; k < 2; k++) { out += A[n % 45]; n = Math.floor(n / 45); }
    }
  }
  return out;
}

// JSON compared the way both sides see it (JS cannot tell 3.0 from 3).
const norm = (v) => JSON.parse(JSON.stringify(v));

async function akashi(args, input) {
  const p = execFileP(AKASHI, ['qr', ...args], { timeout: 60_000, maxBuffer: 64 << 20 });
  if (input !== undefined) { p.child.stdin.end(input); }
  const { stdout } = await p;
  return stdout.trim();
}

let tmp;
before(() => {
  if (!fs.existsSync(AKASHI)) throw new Error(`Akashi CLI not found at ${AKASHI}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akashi-interop-vpqr-'));
});
after(() => { if (tmp && !process.env.KEEP_INTEROP_TMP) fs.rmSync(tmp, { recursive: true, force: true }); });

describe('VPQR VP1-B: @digitalcredentials/vpqr 2.2.1 <-> Akashi', () => {
  for (const [name, load] of CASES) {
    test(`${name}: JS writes, Akashi reads; Akashi writes the same text; JS reads Akashi's`, async () => {
      const vp = load();
      // The text toQrCode writes; built from cborld.encode directly so that presentations too
      // large for one QR (toQrCode throws "data overflow") are compared too.
      const payload = `VP1-B${base32(await dccCborld.encode({ jsonldDocument: vp, documentLoader }))}`;
      try {
        const { payload: qrPayload } = await dccVpqr.toQrCode({ vp, documentLoader, size: 2 });
        assert.equal(qrPayload, payload);
      } catch (e) {
        assert.match(String(e), /data overflow/, 'only a too-large presentation may fail toQrCode');
      }
      // JS -> Akashi
      const decoded = JSON.parse(await akashi(['vpqr-decode'], payload));
      assert.deepEqual(decoded, norm(vp));
      // Akashi -> JS
      const file = path.join(tmp, 'vp.json');
      fs.writeFileSync(file, JSON.stringify(vp));
      const ours = await akashi(['vpqr-encode', file]);
      assert.equal(ours, payload, 'Akashi and @digitalcredentials/vpqr write the same VP1-B text');
      const { vp: back } = await dccVpqr.fromQrCode({ text: ours, documentLoader });
      assert.deepEqual(norm(back), norm(vp));
    });
  }
});

// Known limit, asserted rather than hidden: @digitalbazaar/cborld 8.1.0 itself cannot compress
// most VC 2.0 presentations here ("Cannot read properties of null (reading '@import')": it does
// not accept the property-scoped `"@context": null` of the VC 2.0 context), so there is no VP1-R
// text to read; those cases are reported as skipped. (Three VC 1.1 + OB 3.0 cases needed the
// fix in vendor/cbor-ld/AKASHI-PATCH.md.)
const JS_CANNOT_WRITE_R = /reading '@import'/;

describe('VPQR VP1-R: @digitalbazaar/vpqr 6.0.0 (CBOR-LD 1.0) -> Akashi', () => {
  for (const [name, load] of CASES) {
    test(`${name}: JS writes VP1-R, Akashi reads`, async (t) => {
      const vp = load();
      let payload;
      try {
        // toQrCode's text, built from cborld.encode so that presentations too large for one QR
        // are read too; where toQrCode works, it must give the same text.
        payload = `VP1-R${base45(await dbCborld.encode({ jsonldDocument: vp, documentLoader, registryEntryId: 1 }))}`;
        try {
          assert.equal((await dbVpqr.toQrCode({ vp, documentLoader, registryEntryId: 1 })).payload, payload);
        } catch (e) {
          assert.match(String(e), /data overflow/);
        }
      } catch (e) {
        assert.match(String(e), JS_CANNOT_WRITE_R);
        t.skip(`@digitalbazaar/cborld 8.1.0 cannot write this one: ${e}`);
        return;
      }
      assert.match(payload, /^VP1-R/);
      const decoded = JSON.parse(await akashi(['vpqr-decode'], payload));
      assert.deepEqual(decoded, norm(vp));
    });
  }
  test('@digitalbazaar/vpqr 6 reads the VP1-B Akashi writes (it accepts both lineages)', async () => {
    const vp = CASES[2][1](); // VC 1.1 presentation (8.x fails on VC 2.0 ones, see above)
    const file = path.join(tmp, 'vp-db.json');
    fs.writeFileSync(file, JSON.stringify(vp));
    const ours = await akashi(['vpqr-encode', file]);
    const { vp: back } = await dbVpqr.fromQrCode({ text: ours, documentLoader });
    assert.deepEqual(norm(back), norm(vp));
  });
});
