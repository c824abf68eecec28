#!/usr/bin/env bash
# Speed comparison: Akashi vs the DCC JavaScript verifier (@digitalcredentials/verifier-core),
# both on the SAME input file, in ONE run, reported as ratios (the machine is noisy).
#
#   bench/compare.sh [FILE] [--strict]
#
# FILE: an eddsa-rdfc-2022, did:key credential without credentialStatus. Default: the first
# examples/credentials/*.json with an eddsa-rdfc-2022 proof; if there is none, one issued by the
# DCC / Digital Bazaar stack with tests/interop/issue.mjs.
#
# (i)  warm: mean time per verification inside one process after a warm-up
#        Akashi: cargo run --release -p akashi-core --example warm_verify -- FILE N
#        DCC:    node tests/interop/dcc-verify.mjs --warm N FILE
# (ii) cold: wall time of a whole process, several runs each, interleaved
#        Akashi: target/release/akashi verify FILE        DCC: node tests/interop/dcc-verify.mjs FILE
#
# Env: WARM_N_AKASHI (default 2000), WARM_N_DCC (default 200), COLD_RUNS (default 20).
# --strict: exit 1 when a target (warm >= 100x, cold >= 30x) is not met.
# Both verifiers run offline (DCC behind tests/interop/lib/net-guard.mjs; see there for the one
# stub it serves: an accept-all JSON schema, which only makes the DCC side faster).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
interop="$root/tests/interop"

strict=0
file=""
for a in "$@"; do
  case "$a" in
    --strict) strict=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    -*) echo "compare.sh: unknown option $a" >&2; exit 2 ;;
    *) file="$a" ;;
  esac
done
WARM_N_AKASHI="${WARM_N_AKASHI:-2000}"
WARM_N_DCC="${WARM_N_DCC:-200}"
COLD_RUNS="${COLD_RUNS:-20}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/akashi-bench-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# --- dependencies ------------------------------------------------------------------------
command -v node >/dev/null || { echo "compare.sh: node is required" >&2; exit 2; }
stamp="$interop/node_modules/.akashi-interop-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$interop/package-lock.json" "$stamp"; then
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$interop/package-lock.json" "$stamp"
fi
echo "building (release)..." >&2
(cd "$root" && cargo build --quiet --release -p akashi-cli && \
  cargo build --quiet --release -p akashi-core --example warm_verify)
akashi="$root/target/release/akashi"

# --- input ---------------------------------------------------------------------------------
if [ -z "$file" ]; then
  for f in "$root"/examples/credentials/*.json; do
    [ -f "$f" ] || continue
    if grep -q '"eddsa-rdfc-2022"' "$f" && ! grep -q '"credentialStatus"' "$f"; then file="$f"; break; fi
  done
fi
if [ -z "$file" ]; then
  (cd "$interop" && node issue.mjs "$tmp/issued" >/dev/null)
  file="$tmp/issued/a-eddsa-rdfc-2022-didkey.json"
  echo "no eddsa-rdfc-2022 example in examples/credentials/: using a DCC-stack-issued credential" >&2
fi
[ -f "$file" ] || { echo "compare.sh: no such file: $file" >&2; exit 2; }

# Both must verify the input, or the comparison means nothing.
if ! "$akashi" verify "$file" >"$tmp/akashi.out" 2>&1; then
  echo "compare.sh: akashi does not verify $file:" >&2; cat "$tmp/akashi.out" >&2; exit 1
fi
if ! node "$interop/dcc-verify.mjs" "$file" >"$tmp/dcc.out" 2>&1; then
  echo "compare.sh: DCC verifier-core does not verify $file:" >&2; cat "$tmp/dcc.out" >&2; exit 1
fi

echo "input:   $file ($(wc -c <"$file") bytes)"
echo "machine: $(nproc) cores, $(uname -sr), node $(node --version), $(rustc --version 2>/dev/null || echo rustc ?)"

json_field() { node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(String(o[process.argv[1]]))' "$1"; }

# --- (i) warm ------------------------------------------------------------------------------
echo "warm: akashi x$WARM_N_AKASHI, dcc x$WARM_N_DCC ..." >&2
akashi_warm_us="$(cd "$root" && cargo run --quiet --release -p akashi-core --example warm_verify -- "$file" "$WARM_N_AKASHI" | tail -n1 | json_field mean_us)"
dcc_warm_us="$(node "$interop/dcc-verify.mjs" --warm "$WARM_N_DCC" "$file" | tail -n1 | json_field mean_us)"

# --- (ii) cold -----------------------------------------------------------------------------
# $EPOCHREALTIME (bash >= 5): no fork for the clock. Runs interleaved so drift hits both alike.
now_us() { local t="${EPOCHREALTIME/[.,]/}"; echo "$t"; }
time_once() { local t0 t1; t0="$(now_us)"; "$@" >/dev/null 2>&1; t1="$(now_us)"; echo $((t1 - t0)); }
for _ in 1 2; do  # warm the page cache / node compile cache, not timed
  "$akashi" verify "$file" >/dev/null 2>&1; node "$interop/dcc-verify.mjs" "$file" >/dev/null 2>&1
done
echo "cold: $COLD_RUNS runs each ..." >&2
: >"$tmp/cold_akashi"; : >"$tmp/cold_dcc"
for _ in $(seq "$COLD_RUNS"); do
  time_once "$akashi" verify "$file" >>"$tmp/cold_akashi"
  time_once node "$interop/dcc-verify.mjs" "$file" >>"$tmp/cold_dcc"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
mean() { awk '{s+=$1} END {print s/NR}' "$1"; }
akashi_cold_us="$(median "$tmp/cold_akashi")"
dcc_cold_us="$(median "$tmp/cold_dcc")"

# --- report --------------------------------------------------------------------------------
report() {
  awk -v aw="$akashi_warm_us" -v dw="$dcc_warm_us" -v ac="$akashi_cold_us" -v dc="$dcc_cold_us" \
      -v acm="$(mean "$tmp/cold_akashi")" -v dcm="$(mean "$tmp/cold_dcc")" -v runs="$COLD_RUNS" '
    function fmt(us) { return (us >= 10000) ? sprintf("%.1f ms", us / 1000) : sprintf("%.0f µs", us) }
    BEGIN {
      wr = dw / aw; cr = dc / ac;
      printf "warm: akashi %s, dcc %s, ratio %.0fx (target >= 100x) %s\n", fmt(aw), fmt(dw), wr, (wr >= 100 ? "MET" : "NOT MET");
      printf "cold: akashi %s, dcc %s (median of %d; means %s / %s), ratio %.0fx (target >= 30x) %s\n", fmt(ac), fmt(dc), runs, fmt(acm), fmt(dcm), cr, (cr >= 30 ? "MET" : "NOT MET");
      exit !(wr >= 100 && cr >= 30)
    }'
}
echo "note: DCC runs offline: no status, no registry; its schema check gets an accept-all stub (lib/net-guard.mjs), so DCC times are if anything low"
if report; then exit 0; else [ "$strict" = 1 ] && exit 1 || exit 0; fi
