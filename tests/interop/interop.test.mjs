// Interop tests between Akashi and the Digital Credentials Consortium / Digital Bazaar JS stack.
//
//   node --test --test-reporter=spec interop.test.mjs      (run.sh does this, after npm ci + cargo build)
//
// 1. Credentials issued here by @digitalbazaar/vc (+ data-integrity, eddsa-rdfc-2022, eddsa-jcs-2022,
//    Ed25519Signature2020) are verified by `akashi verify --json`; verdicts are asserted per check.
//    Every verdict is cross-checked against DCC verifier-core (or @digitalbazaar/vc for eddsa-jcs-2022)
//    so a wrong fixture cannot pass silently.
// 2. did:web: the DID documents are served over HTTPS by this process (throwaway CA, made with openssl).
// 3. Reverse direction: the Akashi example credentials (examples/credentials/*.json) must verify in DCC.
// 4. Differential: DCC verifier-core's own test fixtures (../shared/fixtures, read-only) get the
//    same signature verdict from Akashi as from DCC.
// Nothing is fetched from the network: lib/net-guard.mjs blocks every non-loopback request.
import './lib/net-guard.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, interopDir, sharedFixturesDir } from './lib/contexts.mjs';
import { makeTestPki } from './lib/tls.mjs';
import { startDidWebServer } from './lib/didweb-server.mjs';
import { issueAll } from './issue.mjs';
import { dbVerify } from './lib/db-verify.mjs';
import { blockedRequests } from './lib/net-guard.mjs';

const execFileP = promisify(execFile);
const AKASHI = process.env.AKASHI_BIN ?? path.join(repoRoot, 'target', 'debug', 'akashi');

const SUMMARIES = ['verified', 'verified_with_warnings', 'expired', 'not_yet_valid', 'revoked',
  'suspended', 'not_verified', 'error'];
// Checks every credential report has, and the ones that appear only when they apply
// (a declared schema, a presentation, credentials nested inside).
const CHECK_IDS = ['format', 'proof', 'issuer_key', 'validity', 'status', 'trust', 'recipient'];
const OPTIONAL_CHECK_IDS = ['schema', 'challenge', 'holder', 'nested'];
const CHECK_STATUSES = ['valid', 'invalid', 'unknown', 'not_applicable'];
// "Verified" in the CLI contract: with or without warnings (trust is "unknown: no registry").
const VERIFIED = ['verified', 'verified_with_warnings'];

let tmp;
let pki;
let server;
let manifest;
let dcc; // file -> condensed DCC verifier-core result

// ---------------------------------------------------------------------------------------------
// helpers

async function run(cmd, args, opts = {}) {
  // Asynchronous on purpose: the did:web HTTPS server lives in this process and must keep serving.
  try {
    const { stdout, stderr } = await execFileP(cmd, args, { timeout: 120_000, maxBuffer: 64 << 20, ...opts });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code === 'number') return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}

function parseJsonLines(stdout, context) {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    let obj;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      assert.fail(`${context}: stdout line ${i + 1} is not JSON (${e.message}): ${line.slice(0, 300)}`);
    }
    assert.ok(obj && typeof obj === 'object' && !Array.isArray(obj), `${context}: line ${i + 1} is not a JSON object`);
    return obj;
  });
}

async function akashi(files, extra = []) {
  const args = ['verify', '--json', ...extra, ...files];
  const r = await run(AKASHI, args);
  const ctx = `akashi ${args.join(' ')}`;
  const reports = parseJsonLines(r.stdout, ctx);
  return { ...r, reports, ctx };
}

// Verifies one file; returns the report with the exit code.
async function akashiOne(file, extra = []) {
  const r = await akashi([file], extra);
  assert.equal(r.reports.length, 1,
    `${r.ctx}: expected exactly one JSON line, got ${r.reports.length}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return { code: r.code, report: r.reports[0], stderr: r.stderr, ctx: r.ctx };
}

const brief = (report) => JSON.stringify({
  summary: report.summary,
  checks: (report.checks ?? []).map((c) => `${c.id}=${c.status}${c.code ? `(${c.code})` : ''}${c.reason ? `: ${c.reason}` : ''}`),
}, null, 1);

function check(report, id) {
  const c = (report.checks ?? []).find((x) => x.id === id);
  assert.ok(c, `report has no "${id}" check: ${brief(report)}`);
  return c;
}

// expect: {summary: string | string[], exit: number,
//          checks: {id: status | [alternative statuses] | {status, code}}}
function expectReport({ code, report, stderr, ctx }, expect) {
  const where = `${ctx}\n${brief(report)}${stderr ? `\nstderr: ${stderr.trim().slice(0, 2000)}` : ''}`;
  const summaries = [].concat(expect.summary);
  assert.ok(summaries.includes(report.summary),
    `summary: expected ${summaries.join(' | ')}, got "${report.summary}"\n${where}`);
  for (const [id, want] of Object.entries(expect.checks ?? {})) {
    const { status, code: wantCode } = (typeof want === 'object' && !Array.isArray(want)) ? want : { status: want };
    const c = check(report, id);
    const statuses = [].concat(status);
    assert.ok(statuses.includes(c.status),
      `check "${id}": expected status ${statuses.join(' | ')}, got "${c.status}"\n${where}`);
    if (wantCode !== undefined) {
      assert.equal(c.code, wantCode, `check "${id}": expected code "${wantCode}", got "${c.code}"\n${where}`);
    }
  }
  if (expect.exit !== undefined) {
    assert.equal(code, expect.exit, `exit code: expected ${expect.exit}, got ${code}\n${where}`);
  }
}

function assertDcc(file, want) {
  const r = dcc[file];
  assert.ok(r, `no DCC verifier-core result for ${file}`);
  assert.equal(r.signature, want.signature, `control: DCC verifier-core signature for ${path.basename(file)}: ${JSON.stringify(r)}`);
  for (const [step, v] of Object.entries(want.log ?? {})) {
    assert.equal(r.log[step], v, `control: DCC verifier-core step ${step} for ${path.basename(file)}: ${JSON.stringify(r)}`);
  }
}

const file = (name) => manifest.files[name];
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

// ---------------------------------------------------------------------------------------------
// setup: PKI, did:web server, credentials, DCC control verdicts

before(async () => {
  if (!fs.existsSync(AKASHI)) {
    throw new Error(`Akashi CLI not found at ${AKASHI}: run tests/interop/run.sh (it builds it) or set AKASHI_BIN`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akashi-interop-'));
  pki = makeTestPki(path.join(tmp, 'pki'));
  server = await startDidWebServer(pki);
  manifest = await issueAll({ outDir: path.join(tmp, 'credentials'), didWebHost: server.didWebHost });
  for (const [urlPath, doc] of Object.entries(manifest.didWeb.documents)) server.documents.set(urlPath, doc);

  // DCC verifier-core verdicts for every issued file, in a child process that trusts the test CA.
  const r = await run(process.execPath, [path.join(interopDir, 'dcc-verify.mjs'), ...Object.values(manifest.files)],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.caFile } });
  dcc = {};
  for (const line of parseJsonLines(r.stdout, 'dcc-verify.mjs')) dcc[line.file] = line;
  server.requests.length = 0; // count only Akashi's requests from here on
});

after(async () => {
  await server?.close();
  if (tmp && !process.env.KEEP_INTEROP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  else if (tmp) console.log(`# kept ${tmp}`);
});

// ---------------------------------------------------------------------------------------------

describe('DCC-issued credentials verified by Akashi', () => {
  test('JSON Lines report shape (one object per file, contract fields)', async () => {
    const { code, report, ctx } = await akashiOne(file('a-eddsa-rdfc-2022-didkey'));
    assert.ok([0, 1].includes(code), `${ctx}: exit ${code}`);
    assert.equal(typeof report.file, 'string');
    assert.ok(report.file.endsWith('a-eddsa-rdfc-2022-didkey.json'), `file field: ${report.file}`);
    assert.ok(SUMMARIES.includes(report.summary), `summary "${report.summary}" not in the contract`);
    assert.ok(Array.isArray(report.checks) && report.checks.length > 0, 'checks must be a non-empty array');
    for (const c of report.checks) {
      assert.ok(CHECK_IDS.includes(c.id) || OPTIONAL_CHECK_IDS.includes(c.id), `unknown check id "${c.id}"`);
      assert.ok(CHECK_STATUSES.includes(c.status), `check ${c.id}: unknown status "${c.status}"`);
      assert.ok(c.code === null || typeof c.code === 'string', `check ${c.id}: code must be string or null`);
      assert.ok(Array.isArray(c.warnings), `check ${c.id}: warnings must be an array`);
      assert.equal(typeof c.checked_at, 'string', `check ${c.id}: checked_at`);
      assert.ok(c.source && typeof c.source === 'object', `check ${c.id}: source`);
    }
    for (const id of CHECK_IDS) check(report, id);
    assert.equal(typeof report.verified_at, 'string');
    assert.ok(report.credential && typeof report.credential === 'object', 'credential must be an object');
  });

  const VALID_DIDKEY = {
    summary: VERIFIED, exit: 0,
    checks: { format: 'valid', proof: 'valid', issuer_key: 'valid', validity: 'valid', status: 'not_applicable' },
  };

  // Valid credentials: the DCC verifier-core (or, for eddsa-jcs-2022, @digitalbazaar/vc) control
  // accepts them too.
  for (const [name, title, control] of [
    ['a-eddsa-rdfc-2022-didkey', '(a) eddsa-rdfc-2022, did:key', 'dcc'],
    ['a2-eddsa-rdfc-2022-tricky-literals', '(a2) eddsa-rdfc-2022, literals that stress N-Quads escaping, xsd:float 2.5', 'dcc'],
    ['a3-eddsa-rdfc-2022-integral-float', '(a3) eddsa-rdfc-2022, integral xsd:float value (3)', 'dcc'],
    ['b-ed25519-signature-2020-didkey', '(b) Ed25519Signature2020, did:key', 'dcc'],
    ['c-eddsa-jcs-2022-didkey', '(c) eddsa-jcs-2022, did:key', 'db'],
    ['c2-eddsa-jcs-2022-tricky-literals', '(c2) eddsa-jcs-2022, literals that stress JCS escaping, number 2.5', 'db'],
  ]) {
    test(`${title}: verified`, async () => {
      if (control === 'dcc') {
        assertDcc(file(name), { signature: 'valid', log: { expiration: true } });
      } else {
        // verifier-core has no eddsa-jcs-2022: the control is @digitalbazaar/vc with the jcs cryptosuite.
        const c = await dbVerify(readJson(file(name)));
        assert.equal(c.verified, true, `control: @digitalbazaar/vc: ${JSON.stringify(c)}`);
      }
      expectReport(await akashiOne(file(name)), VALID_DIDKEY);
    });
  }

  for (const [name, suite] of [['d-tampered-eddsa-rdfc-2022', 'eddsa-rdfc-2022'],
    ['d-tampered-ed25519-signature-2020', 'Ed25519Signature2020'], ['d-tampered-eddsa-jcs-2022', 'eddsa-jcs-2022']]) {
    test(`(d) tampered after signing (${suite}): not verified`, async () => {
      if (suite === 'eddsa-jcs-2022') {
        const control = await dbVerify(readJson(file(name)));
        assert.equal(control.proofVerified, false, `control: @digitalbazaar/vc accepted a tampered credential`);
      } else {
        assertDcc(file(name), { signature: 'fatal' });
        assert.deepEqual(dcc[file(name)].errors, ['invalid_signature']);
      }
      expectReport(await akashiOne(file(name)), {
        summary: 'not_verified', exit: 1, checks: { proof: 'invalid' },
      });
    });
  }

  test('(e) expired (validUntil in the past): expired', async () => {
    assertDcc(file('e-expired'), { signature: 'valid', log: { expiration: false } });
    expectReport(await akashiOne(file('e-expired')), {
      summary: 'expired', exit: 1,
      checks: { format: 'valid', proof: 'valid', issuer_key: 'valid', validity: { status: 'invalid', code: 'expired' } },
    });
  });

  test('(e) expired credential judged with --now inside its window: verified', async () => {
    expectReport(await akashiOne(file('e-expired'), ['--now', '2020-06-01T12:00:00Z']), {
      summary: VERIFIED, exit: 0, checks: { proof: 'valid', validity: 'valid' },
    });
  });

  test('(f) not yet valid (validFrom in the future): not_yet_valid', async () => {
    // DCC control: @digitalcredentials/vc rejects a future validFrom before checking the proof.
    assert.notEqual(dcc[file('f-not-yet-valid')].signature, 'valid');
    const control = await dbVerify(readJson(file('f-not-yet-valid')), { now: new Date('2200-01-01T00:00:00Z') });
    assert.equal(control.verified, true, `control: @digitalbazaar/vc at a later "now": ${JSON.stringify(control)}`);
    expectReport(await akashiOne(file('f-not-yet-valid')), {
      summary: 'not_yet_valid', exit: 1,
      checks: { format: 'valid', proof: 'valid', issuer_key: 'valid', validity: { status: 'invalid', code: 'not_yet_valid' } },
    });
  });

  test('(f) not-yet-valid credential judged with --now after its validFrom: verified', async () => {
    const validFrom = new Date(readJson(file('f-not-yet-valid')).validFrom);
    const later = new Date(validFrom.getTime() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expectReport(await akashiOne(file('f-not-yet-valid'), ['--now', later]), {
      summary: VERIFIED, exit: 0, checks: { proof: 'valid', validity: 'valid' },
    });
  });

  // Proofs that are not the issuer's assertion: DCC verifier-core rejects each of them as well.
  for (const [name, title, checks, dccErrors] of [
    ['g-wrong-key', '(g) signed with key B, issuer and verificationMethod name key A',
      { proof: 'invalid' }, ['invalid_signature']],
    ['g2-key-not-issuers', '(g2) correctly signed by key B (verificationMethod B), issuer A',
      { issuer_key: 'invalid' }, ['invalid_signature']],
    ['g3-proof-purpose-authentication', '(g3) issuer key, but proofPurpose authentication',
      { proof: 'invalid' }, ['invalid_signature']],
    ['g4-did-key-fragment-mismatch', '(g4) did:key of A with key B fingerprint as the fragment',
      { issuer_key: ['invalid', 'unknown'] }, ['invalid_signature']],
    ['i-no-proof', '(i) no proof', { proof: 'invalid' }, ['no_proof']],
  ]) {
    test(`${title}: not verified`, async () => {
      assertDcc(file(name), { signature: 'fatal' });
      assert.deepEqual(dcc[file(name)].errors, dccErrors);
      expectReport(await akashiOne(file(name)), { summary: 'not_verified', exit: 1, checks });
    });
  }
});

describe('did:web over HTTPS (test CA, 127.0.0.1)', () => {
  for (const [name, urlPath] of [['h-did-web', '/.well-known/did.json'],
    ['h-did-web-path', '/issuers/computer-science/did.json'],
    ['h4-did-web-ed25519-2020', '/issuers/legacy/did.json']]) {
    test(`(h) ${name}: verified, key fetched from https://localhost:<port>${urlPath}`, async () => {
      assertDcc(file(name), { signature: 'valid', log: { expiration: true } });
      const before = server.requests.length;
      const r = await akashiOne(file(name), ['--ca-file', pki.caFile]);
      expectReport(r, {
        summary: VERIFIED, exit: 0,
        checks: { format: 'valid', proof: 'valid', issuer_key: 'valid', validity: 'valid' },
      });
      const seen = server.requests.slice(before).map((q) => q.path);
      assert.ok(seen.includes(urlPath), `the test server never saw GET ${urlPath} (saw: ${JSON.stringify(seen)})`);
      const src = check(r.report, 'issuer_key').source;
      assert.equal(src.kind, 'network', `issuer_key source: ${JSON.stringify(src)}`);
      assert.equal(src.url, `https://localhost:${server.port}${urlPath}`, `issuer_key source: ${JSON.stringify(src)}`);
    });
  }

  for (const [name, title] of [
    ['h5-did-web-key-not-assertion-method', '(h5) DID document lists the key only under authentication'],
    ['h6-did-web-document-id-mismatch', '(h6) served DID document has another id than the DID'],
  ]) {
    test(`${title}: not verified`, async () => {
      assertDcc(file(name), { signature: 'fatal' });
      expectReport(await akashiOne(file(name), ['--ca-file', pki.caFile]), {
        summary: 'not_verified', exit: 1, checks: { issuer_key: 'invalid' },
      });
    });
  }

  test('(h) did:web with --offline: issuer key unknown, not verified, no request made', async () => {
    const before = server.requests.length;
    expectReport(await akashiOne(file('h-did-web'), ['--offline', '--ca-file', pki.caFile]), {
      summary: 'not_verified', exit: 1, checks: { issuer_key: 'unknown' },
    });
    assert.deepEqual(server.requests.slice(before), [], '--offline must not contact the did:web host');
  });

  test('(h) did:web without --ca-file: the test certificate is not trusted, not verified', async () => {
    const r = await akashiOne(file('h-did-web'));
    expectReport(r, { summary: 'not_verified', exit: 1, checks: { issuer_key: ['unknown', 'invalid'] } });
  });
});

describe('batch and exit codes', () => {
  test('many files: one JSON line per file, in order; exit 1 when any is not verified', async () => {
    const names = Object.keys(manifest.files);
    const files = names.map(file);
    const r = await akashi(files, ['--ca-file', pki.caFile]);
    assert.equal(r.reports.length, files.length, `${r.ctx}: ${r.reports.length} lines for ${files.length} files`);
    r.reports.forEach((rep, i) => assert.ok(rep.file.endsWith(path.basename(files[i])),
      `line ${i + 1} is for ${rep.file}, expected ${files[i]}`));
    assert.equal(r.code, 1, `exit code: ${r.code}`);
  });

  test('only valid files: exit 0', async () => {
    const files = ['a-eddsa-rdfc-2022-didkey', 'b-ed25519-signature-2020-didkey', 'c-eddsa-jcs-2022-didkey'].map(file);
    const r = await akashi(files);
    assert.equal(r.reports.length, 3);
    for (const rep of r.reports) assert.ok(VERIFIED.includes(rep.summary), brief(rep));
    assert.equal(r.code, 0);
  });

  test('missing input file: exit 2', async () => {
    const r = await run(AKASHI, ['verify', '--json', path.join(tmp, 'does-not-exist.json')]);
    assert.equal(r.code, 2, `exit code ${r.code}; stdout: ${r.stdout} stderr: ${r.stderr}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Reverse direction: Akashi's own example credential(s) must verify in DCC verifier-core.

// Contexts Akashi bundles that no public server has (yet): URL → file under core/contexts.
const AKASHI_CONTEXTS = new Map([
  ['https://example.invalid/akashi/contexts/micro-credential/v1', 'akashi/micro-credential-v1.jsonld'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', 'ob/v3p0/extensions.json'],
]);

describe('Akashi example credentials verified by DCC verifier-core', () => {
  const dir = path.join(repoRoot, 'examples', 'credentials');
  // Signed examples only (a file with a `proof`); unsigned templates are not credentials to verify.
  const examples = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f))
      .filter((f) => { try { return Boolean(readJson(f).proof); } catch { return true; } })
    : [];
  if (examples.length === 0) {
    test('examples/credentials/*.json', { skip: `no signed Akashi example credential in ${dir} yet` }, () => {});
  }
  const DCC_SUITES = new Set(['eddsa-rdfc-2022', 'Ed25519Signature2020']);
  for (const ex of examples) {
    const rel = path.relative(repoRoot, ex);
    const doc = readJson(ex);
    const proofs = [].concat(doc.proof ?? []);
    const suites = proofs.map((p) => p.cryptosuite ?? p.type);
    const unsupported = !suites.length || !suites.every((s) => DCC_SUITES.has(s));
    // Akashi's own descriptor context (issue 7) is not published yet (example.invalid): no other
    // verifier can load it, so verifier-core, with its fixed context set, must fail on such a
    // badge; the same signature verifies in DCC's JS stack once it is given Akashi's contexts.
    const unpublished = [].concat(doc['@context'] ?? []).filter((c) => typeof c === 'string' && c.startsWith('https://example.invalid/'));
    if (unpublished.length) {
      test(`${rel}: DCC verifier-core cannot load the unpublished Akashi context`, async () => {
        const r = await run(process.execPath, [path.join(interopDir, 'dcc-verify.mjs'), ex]);
        const [res] = parseJsonLines(r.stdout, 'dcc-verify.mjs');
        assert.notEqual(res.signature, 'valid', `verifier-core should not resolve ${unpublished}: ${JSON.stringify(res)}`);
      });
      test(`${rel}: @digitalbazaar/vc verifies the signature given Akashi's bundled contexts`, async () => {
        const extraDocuments = new Map([...AKASHI_CONTEXTS].map(([url, file]) => [url, readJson(path.join(repoRoot, 'core', 'contexts', file))]));
        const r = await dbVerify(doc, { extraDocuments });
        assert.equal(r.proofVerified, true, JSON.stringify(r));
      });
    } else {
      test(`${rel}: DCC accepts the signature`, {
        skip: unsupported ? `proof type(s) ${JSON.stringify(suites)} not supported by verifier-core` : false,
      }, async () => {
        const r = await run(process.execPath, [path.join(interopDir, 'dcc-verify.mjs'), ex]);
        const [res] = parseJsonLines(r.stdout, 'dcc-verify.mjs');
        assert.equal(res.signature, 'valid', `DCC verifier-core on ${rel}: ${JSON.stringify(res)}\n${r.stderr}`);
        assert.deepEqual(res.errors, []);
      });
    }
    test(`${rel}: Akashi verifies it`, async () => {
      expectReport(await akashiOne(ex), { summary: VERIFIED, exit: 0, checks: { proof: 'valid', issuer_key: 'valid' } });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Differential: DCC verifier-core's own fixtures (shared, read-only) get the same signature verdict.

describe('DCC verifier-core fixtures: Akashi agrees with DCC on the signature', () => {
  const shared = sharedFixturesDir();
  const root = shared && path.join(shared, 'ob3', 'dcc-verifier-core');
  if (!root || !fs.existsSync(root)) {
    test('shared DCC fixtures', { skip: 'shared fixtures (../shared/fixtures/ob3/dcc-verifier-core) not found' }, () => {});
    return;
  }
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
  // did:web fixtures name hosts on the internet (not reachable here); status/ is a status list.
  const fixtures = walk(root)
    .filter((f) => f.endsWith('.json') && !f.includes(`${path.sep}didWeb${path.sep}`) && !f.includes(`${path.sep}status${path.sep}`))
    .sort();
  let dccResults;
  before(async () => {
    const r = await run(process.execPath, [path.join(interopDir, 'dcc-verify.mjs'), ...fixtures]);
    dccResults = Object.fromEntries(parseJsonLines(r.stdout, 'dcc-verify.mjs').map((x) => [x.file, x]));
  });
  for (const fx of fixtures) {
    const rel = path.relative(root, fx);
    test(rel, async () => {
      const d = dccResults[fx];
      assert.ok(d, `no DCC result for ${rel}`);
      const r = await akashiOne(fx);
      const proof = check(r.report, 'proof');
      if (d.signature === 'valid') {
        assert.equal(proof.status, 'valid', `DCC: signature valid; Akashi proof: ${brief(r.report)}`);
        assert.equal(check(r.report, 'issuer_key').status, 'valid', `DCC: signature valid; Akashi: ${brief(r.report)}`);
      } else {
        assert.equal(r.report.summary, 'not_verified',
          `DCC: ${JSON.stringify(d)}; Akashi should not verify it: ${brief(r.report)}`);
      }
    });
  }
});

test('no test step touched the network', () => {
  assert.deepEqual(blockedRequests, []);
});
