#!/usr/bin/env bash
# Interop tests: Akashi <-> DCC / Digital Bazaar JS stack. Offline at test time.
#
#   tests/interop/run.sh            npm ci (if needed) + cargo build -p akashi-cli + node --test
#
# Env: AKASHI_BIN=path   use this akashi binary instead of building target/debug/akashi
#      KEEP_INTEROP_TMP=1 keep the temp dir with the issued credentials, CA and DID documents
#      AKASHI_SHARED=dir  the shared folder (default: <repo>/../shared; fixtures are read in place)
#      CARGO_TARGET_DIR   honoured when locating the built binary
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

command -v node >/dev/null || { echo "run.sh: node (>= 20) is required" >&2; exit 2; }
command -v openssl >/dev/null || { echo "run.sh: the openssl CLI is required (apt-get install openssl)" >&2; exit 2; }

# 1. JS dependencies, exactly as locked. Re-run npm ci only when the lockfile changed.
stamp=node_modules/.akashi-interop-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

# 2. The Akashi CLI (debug build; cargo is incremental).
if [ -z "${AKASHI_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet -p akashi-cli)
  target="${CARGO_TARGET_DIR:-$root/target}"
  case "$target" in /*) ;; *) target="$root/$target" ;; esac
  export AKASHI_BIN="$target/debug/akashi"
fi

# 3. The tests (node's built-in runner; ends with its pass/fail summary).
exec node --test --test-reporter=spec ./*.test.mjs
