// Interop: Verifiable Presentations signed by @digitalbazaar/vc (signPresentation with
// eddsa-rdfc-2022 and Ed25519Signature2020, a challenge and a domain) verified by
// `akashi verify --json --challenge C [--domain D]`.
//
//   node --test --test-reporter=spec presentations.test.mjs   (run.sh runs every *.test.mjs)
//
// Each signed presentation is first verified by @digitalbazaar/vc itself (right challenge:
// verified, wrong one: not) so that Akashi's verdict is compared against the library's.
import './lib/net-guard.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './lib/contexts.mjs';
import { makePresentations, CHALLENGE, DOMAIN } from './lib/present.mjs';

const execFileP = promisify(execFile);
const AKASHI = process.env.AKASHI_BIN ?? path.join(repoRoot, 'target', 'debug', 'akashi');

let tmp;
let made;

async function akashi(file, extra = []) {
  const args = ['verify', '--json', '--offline', ...extra, file];
  let stdout; let code = 0;
  try {
    ({ stdout } = await execFileP(AKASHI, args, { timeout: 120_000, maxBuffer: 64 << 20 }));
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    ({ stdout } = e); code = e.code;
  }
  const lines = stdout.split('\n').filter((l) => l.trim());
  assert.equal(lines.length, 1, `akashi ${args.join(' ')}: ${stdout}`);
  return { code, report: JSON.parse(lines[0]), ctx: `akashi ${args.join(' ')}` };
}

function check(report, id) {
  const c = report.checks.find((x) => x.id === id);
  assert.ok(c, `no "${id}" check: ${JSON.stringify(report.checks.map((x) => x.id))}`);
  return c;
}

const brief = (r) => JSON.stringify({ summary: r.summary, checks: r.checks.map((c) => `${c.id}=${c.status}${c.code ? `(${c.code})` : ''}`) });

before(async () => {
  if (!fs.existsSync(AKASHI)) throw new Error(`Akashi CLI not found at ${AKASHI}: run tests/interop/run.sh or set AKASHI_BIN`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akashi-interop-vp-'));
  made = await makePresentations({ outDir: tmp });
});

after(() => {
  if (tmp && !process.env.KEEP_INTEROP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('presentations signed by @digitalbazaar/vc, verified by Akashi', () => {
  for (const [name, title, domain] of [
    ['p1-vp-eddsa-rdfc-2022', 'eddsa-rdfc-2022 holder proof, challenge + domain', DOMAIN],
    ['p2-vp-ed25519-signature-2020', 'Ed25519Signature2020 holder proof, challenge', null],
  ]) {
    const domainArgs = domain ? ['--domain', domain] : [];
    test(`${title}: verified with the right challenge`, async () => {
      assert.equal(made.control[name].verified, true, `control: @digitalbazaar/vc rejects its own presentation`);
      const { code, report, ctx } = await akashi(made.files[name], ['--challenge', CHALLENGE, ...domainArgs]);
      assert.ok(['verified', 'verified_with_warnings'].includes(report.summary), `${ctx}\n${brief(report)}`);
      assert.equal(code, 0);
      for (const id of ['format', 'proof', 'issuer_key', 'challenge', 'holder', 'nested']) {
        assert.equal(check(report, id).status, 'valid', `${id}: ${JSON.stringify(check(report, id))}`);
      }
      assert.equal(report.nested.length, 1);
      assert.equal(report.nested[0].relation, 'presentation_member');
      assert.ok(['verified', 'verified_with_warnings'].includes(report.nested[0].report.summary), brief(report.nested[0].report));
    });

    test(`${title}: not verified with a wrong challenge`, async () => {
      assert.equal(made.control[name].wrongChallengeVerified, false, 'control: @digitalbazaar/vc accepts a wrong challenge');
      const { code, report, ctx } = await akashi(made.files[name], ['--challenge', 'wrong-challenge', ...domainArgs]);
      assert.equal(report.summary, 'not_verified', `${ctx}\n${brief(report)}`);
      assert.equal(code, 1);
      assert.equal(check(report, 'proof').status, 'valid', 'the signature itself is fine');
      assert.equal(check(report, 'challenge').code, 'challenge_mismatch');
    });
  }

  test('eddsa-rdfc-2022: a wrong --domain is not verified', async () => {
    const { code, report } = await akashi(made.files['p1-vp-eddsa-rdfc-2022'], ['--challenge', CHALLENGE, '--domain', 'evil.example']);
    assert.equal(code, 1);
    assert.equal(check(report, 'challenge').code, 'domain_mismatch');
  });

  test('without --challenge: verified with a warning (a replay would go unnoticed)', async () => {
    const { code, report } = await akashi(made.files['p1-vp-eddsa-rdfc-2022']);
    assert.equal(code, 0);
    assert.equal(report.summary, 'verified_with_warnings');
    const c = check(report, 'challenge');
    assert.equal(c.status, 'not_applicable');
    assert.ok(c.warnings.some((w) => w.includes(CHALLENGE)), JSON.stringify(c));
  });

  test('tampered after signing: not verified (the library agrees)', async () => {
    assert.equal(made.control['p4-vp-tampered'].verified, false, 'control: @digitalbazaar/vc accepts a tampered presentation');
    const { code, report } = await akashi(made.files['p4-vp-tampered'], ['--challenge', CHALLENGE, '--domain', DOMAIN]);
    assert.equal(code, 1);
    assert.equal(check(report, 'proof').code, 'bad_signature');
    assert.equal(report.nested[0].report.summary, 'not_verified', 'the edited badge fails on its own too');
  });

  test('signed by a key that is not the holder\'s: not verified', async () => {
    const { code, report } = await akashi(made.files['p5-vp-not-the-holders-key'], ['--challenge', CHALLENGE]);
    assert.equal(code, 1);
    assert.equal(check(report, 'proof').status, 'valid');
    assert.equal(check(report, 'issuer_key').code, 'controller_mismatch');
  });

  test('unsigned presentation: not verified, but the badge inside is', async () => {
    const { code, report } = await akashi(made.files['p3-vp-unsigned']);
    assert.equal(code, 1);
    assert.equal(check(report, 'proof').code, 'no_proof');
    assert.equal(check(report, 'holder').code, 'holder_not_proven');
    assert.ok(['verified', 'verified_with_warnings'].includes(report.nested[0].report.summary), brief(report.nested[0].report));
  });
});
