#!/usr/bin/env node
// Verifies credentials with the DCC verifier-core (@digitalcredentials/verifier-core), offline.
//
//   node dcc-verify.mjs FILE...                    one JSON line per file (condensed result);
//                                                  exit 0 if every signature is valid, else 1
//   node dcc-verify.mjs --full FILE                the full verifier-core result (JSON)
//   node dcc-verify.mjs --warm N [--warmup W] FILE verify FILE N times in this process after W
//                                                  warm-up runs; prints the mean µs per verify
//
// did:web: the DID document is fetched over HTTPS; for a test server pass its CA with
// NODE_EXTRA_CA_CERTS=ca.pem. Anything other than loopback is blocked (lib/net-guard.mjs).
import fs from 'node:fs';
import { verifyCredential, condense } from './lib/dcc.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const full = args.includes('--full') ? (args.splice(args.indexOf('--full'), 1), true) : false;
const warm = opt('--warm');
const warmup = opt('--warmup');
const files = args;
if (!files.length || files.some((f) => f.startsWith('--'))) {
  console.error('usage: node dcc-verify.mjs [--full | --warm N [--warmup W]] FILE...');
  process.exit(2);
}

const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const verify = (credential) => verifyCredential({ credential: structuredClone(credential), knownDIDRegistries: [] });

if (warm !== undefined) {
  const n = Number(warm);
  const w = warmup !== undefined ? Number(warmup) : Math.max(5, Math.ceil(n / 5));
  const credential = read(files[0]);
  for (let i = 0; i < w; i++) {
    const r = condense(await verify(credential));
    if (r.signature !== 'valid') {
      console.error(`dcc-verify: ${files[0]} does not verify with verifier-core: ${JSON.stringify(r)}`);
      process.exit(1);
    }
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await verify(credential);
  const t1 = process.hrtime.bigint();
  const meanUs = Number(t1 - t0) / 1000 / n;
  console.log(JSON.stringify({ verifier: 'dcc-verifier-core', file: files[0], iterations: n, warmup: w, mean_us: meanUs }));
  process.exit(0);
}

let allValid = true;
for (const file of files) {
  const result = await verify(read(file));
  if (full) {
    delete result.credential;
    console.log(JSON.stringify({ file, result }, null, 2));
  }
  const c = condense(result);
  if (c.signature !== 'valid') allValid = false;
  if (!full) console.log(JSON.stringify({ file, ...c }));
}
// Exit explicitly: a cold-start measurement must not wait for idle sockets / timers.
process.exit(allValid ? 0 : 1);
