// Blocks every outgoing fetch() except to loopback hosts (the test's own did:web server).
// Import this module FIRST: the DCC / Digital Bazaar libraries fetch through globalThis.fetch
// (ky / undici), so this guard makes "never touch the network at test time" enforceable.
// A blocked request gets a synthetic 404 response (so HTTP clients fail fast instead of retrying
// with back-off, as ky does on network errors); the attempted URLs are recorded in `blockedRequests`.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
export const blockedRequests = [];
export const stubbedRequests = [];

// verifier-core's schema check fetches the 1EdTech OB 3.0 JSON Schema from the network (no npm
// package ships it). Offline, we answer with an accept-everything schema instead. This only
// REMOVES work from the DCC side (its schema check becomes trivial), so speed ratios measured
// with it are conservative; it has no influence on the signature / validity verdicts.
const STUB_ACCEPT_ALL = { $schema: 'https://json-schema.org/draft/2019-09/schema' };
const STUBS = new Map([
  ['https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', STUB_ACCEPT_ALL],
  ['https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json', STUB_ACCEPT_ALL],
  ['https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_anyachievementcredential_schema.json', STUB_ACCEPT_ALL],
  ['https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_anyendorsementcredential_schema.json', STUB_ACCEPT_ALL],
]);

const realFetch = globalThis.fetch;
if (!realFetch.__akashiNetGuard) {
  const guarded = async function guardedFetch(input, init) {
    const href = typeof input === 'string' ? input
      : input instanceof URL ? input.href
      : input?.url ?? String(input);
    let host;
    try {
      host = new URL(href).hostname;
    } catch {
      host = '';
    }
    if (STUBS.has(href)) {
      stubbedRequests.push(href);
      return new Response(JSON.stringify(STUBS.get(href)), { headers: { 'content-type': 'application/json' } });
    }
    if (!LOOPBACK.has(host)) {
      blockedRequests.push(href);
      if (process.env.INTEROP_NET_GUARD_DEBUG) console.error(`net-guard: blocked ${href}`);
      return new Response(`interop net-guard: network access to ${href} is blocked (tests are offline)\n`,
        { status: 404, statusText: 'Blocked by interop net-guard', headers: { 'content-type': 'text/plain' } });
    }
    return realFetch(input, init);
  };
  guarded.__akashiNetGuard = true;
  globalThis.fetch = guarded;
}
