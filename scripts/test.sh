#!/usr/bin/env bash
# scripts/test.sh - THE command that runs every Akashi test.
#
#   bash scripts/test.sh            # everything (what CI runs through .ci/run)
#   bash scripts/test.sh python     # only some stages (developer convenience);
#                                   # stages: setup rust bindings python kotlin swift interop
#
# On a fresh Debian 12 machine (as root) it installs what it needs, with pinned versions:
#   apt   : libjna-java libjna-jni junit5 debootstrap libssl-dev pkg-config openssl (only when
#           missing; SQLCipher links the system libcrypto, the interop tests make a CA with openssl)
#   npm   : tools/kotlin (kotlin-compiler 2.4.20, from the committed package-lock.json)
#   pip   : pytest (PYTEST_VERSION below)
#   Swift : Debian 13 (trixie) swiftlang in a debootstrap chroot, cached OUTSIDE the clone in
#           ${AKASHI_CACHE:-/var/cache/akashi}/swift-trixie (built once, reused afterwards)
# then builds the workspace, runs cargo test, generates the UniFFI bindings (library mode) and
# runs the Python (pytest), Kotlin (JUnit 5 on the JVM via JNA) and Swift (XCTest via SwiftPM,
# in the chroot) binding tests, and finally tests/interop/run.sh when it exists.
#
# Environment:
#   AKASHI_CACHE       cache folder outside the clone (default /var/cache/akashi)
#   CARGO_TARGET_DIR   honoured (default <repo>/target)
#   AKASHI_SHARED      shared fixtures folder (default <repo>/../shared)
set -euo pipefail

# --------------------------------------------------------------------------------------------
# Pinned tool versions
PYTEST_VERSION=9.2.0
KOTLIN_COMPILER_VERSION=2.4.20          # must match tools/kotlin/package.json + package-lock.json
SWIFT_SUITE=trixie                      # Debian 13
SWIFT_VERSION_PREFIX=6.0.3              # Debian 13's swiftlang (6.0.3-*)
SWIFT_CHROOT_FORMAT=1                   # bump to force a rebuild of the cached chroot
APT_PACKAGES=(libjna-java libjna-jni junit5 debootstrap libssl-dev pkg-config openssl)

# --------------------------------------------------------------------------------------------
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export AKASHI_ROOT="$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
mkdir -p "$TARGET_DIR"
TARGET_DIR="$(cd "$TARGET_DIR" && pwd)"
export AKASHI_TARGET_DIR="$TARGET_DIR"
LIB_DIR="$TARGET_DIR/debug"
LIB="$LIB_DIR/libakashi_ffi.so"
BINDGEN="$TARGET_DIR/debug/uniffi-bindgen"
BINDINGS="$TARGET_DIR/bindings"
LOGS="$TARGET_DIR/test-logs"
AKASHI_CACHE="${AKASHI_CACHE:-/var/cache/akashi}"
SWIFT_ROOT="$AKASHI_CACHE/swift-$SWIFT_SUITE"
SWIFT_MARKER="$SWIFT_ROOT/.akashi-swift-ready"
KOTLIN_HOME="$ROOT/tools/kotlin/node_modules/kotlin-compiler"
JAVA_SHARE=/usr/share/java
if [[ -z "${AKASHI_SHARED:-}" && -d "$ROOT/../shared" ]]; then
  AKASHI_SHARED="$(cd "$ROOT/../shared" && pwd)"
fi
export AKASHI_SHARED="${AKASHI_SHARED:-}"
export DEBIAN_FRONTEND=noninteractive
# CI builds once from scratch: incremental caches would only cost disk there.
if [[ "${CI:-}" == true ]]; then export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"; fi
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$LOGS"

ALL_STAGES=(setup rust bindings python kotlin swift interop)
if (($#)); then
  STAGES=("$@")
  for s in "${STAGES[@]}"; do
    [[ " ${ALL_STAGES[*]} " == *" $s "* ]] || { echo "unknown stage '$s' (known: ${ALL_STAGES[*]})" >&2; exit 2; }
  done
else
  STAGES=("${ALL_STAGES[@]}")
fi

# --------------------------------------------------------------------------------------------
# Bookkeeping: stage timings, test counts, cleanup.
T0=$SECONDS
exec 3>&1 4>&2
CURRENT_STAGE=""
STAGE_LINES=()
TOTAL_PASSED=0
TOTAL_FAILED=0
MOUNTS=()          # mount points to undo on exit (last first)

say() { printf '%s\n' "$*"; }
header() {
  say ""
  say "================================================================================"
  say "== $*"
  say "================================================================================"
}

unmount_all() {
  local i m
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    m="${MOUNTS[$i]}"
    if mountpoint -q "$m" 2>/dev/null; then
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || say "WARNING: could not unmount $m"
    fi
  done
  MOUNTS=()
}

on_exit() {
  local rc=$?
  set +e
  exec 1>&3 2>&4   # back to the original stdout/stderr (a redirected block may have been interrupted)
  unmount_all
  if ((rc != 0)); then
    say ""
    say "!! FAILED in stage '${CURRENT_STAGE:-?}' (exit code $rc) after $((SECONDS - T0)) s"
    say "!! logs: $LOGS"
    say "total: $TOTAL_PASSED passed, $((TOTAL_FAILED > 0 ? TOTAL_FAILED : 1)) failed"
  fi
  exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_stage NAME FUNCTION: header, timing, and fail fast (set -e).
run_stage() {
  local name=$1 fn=$2 t=$SECONDS
  CURRENT_STAGE=$name
  header "$name"
  "$fn"
  STAGE_LINES+=("$(printf '%-10s %5d s   disk free after: %s' "$name" $((SECONDS - t)) "$(disk_free)")")
  say "-- $name done in $((SECONDS - t)) s"
}

# count_result LANG PASSED FAILED RC [allow-empty]: print the per-language line, add to the totals.
count_result() {
  local lang=$1 p=${2:-0} f=${3:-0} rc=$4 allow_empty=${5:-}
  if ((rc != 0 && f == 0)); then f=1; fi   # runner failed without a countable failure
  TOTAL_PASSED=$((TOTAL_PASSED + p))
  TOTAL_FAILED=$((TOTAL_FAILED + f))
  say ""
  say "$lang: $p passed, $f failed"
  if ((rc != 0)); then
    return "$rc"
  fi
  if ((p == 0)) && [[ -z "$allow_empty" ]]; then
    say "!! $lang ran no test"
    return 1
  fi
}

# Free space on the target's file system (CI disks can be small: a full target once ran out).
disk_free() { df -h --output=avail "$TARGET_DIR" 2>/dev/null | tail -n1 | tr -d ' '; }

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Mirror of the host's own apt configuration (no host name is written into this repo).
debian_mirror() {
  local m=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z "$m" && -r /etc/apt/sources.list ]]; then
    m=$(awk '$1 == "deb" && $2 !~ /^\[/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  printf '%s' "$m"
}

# --------------------------------------------------------------------------------------------
# Stage: setup (system packages, kotlinc, pytest, Swift chroot)
setup_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do have_pkg "$p" || missing+=("$p"); done
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  if ((${#missing[@]})); then
    say "apt: installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOGS/apt-install.log" 2>&1 ||
      { tail -n 40 "$LOGS/apt-install.log"; return 1; }
  else
    say "apt: ${APT_PACKAGES[*]} already installed"
  fi
  for p in jna.jar junit-jupiter-api.jar apiguardian-api.jar opentest4j.jar junit-platform-console-standalone.jar; do
    [[ -f "$JAVA_SHARE/$p" ]] || { say "missing $JAVA_SHARE/$p"; return 1; }
  done
}

setup_kotlinc() {
  local want have=""
  want=$(sed -n 's/.*"kotlin-compiler": *"\([^"]*\)".*/\1/p' tools/kotlin/package.json | head -n1)
  if [[ "$want" != "$KOTLIN_COMPILER_VERSION" ]]; then
    say "tools/kotlin/package.json pins kotlin-compiler '$want', scripts/test.sh expects $KOTLIN_COMPILER_VERSION"
    return 1
  fi
  if [[ -f "$KOTLIN_HOME/package.json" ]]; then
    have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$KOTLIN_HOME/package.json" | head -n1)
  fi
  if [[ "$have" == "$KOTLIN_COMPILER_VERSION" && -x "$KOTLIN_HOME/bin/kotlinc" &&
        "$KOTLIN_HOME/package.json" -nt tools/kotlin/package-lock.json ]]; then
    say "npm: kotlin-compiler $have already installed in tools/kotlin"
  else
    say "npm: npm ci --prefix tools/kotlin (kotlin-compiler $KOTLIN_COMPILER_VERSION)"
    npm ci --prefix tools/kotlin --no-audit --no-fund --loglevel=error
    touch "$KOTLIN_HOME/package.json"
  fi
  chmod +x "$KOTLIN_HOME"/bin/* 2>/dev/null || true
}

setup_pytest() {
  local have
  have=$(python3 -c 'import pytest; print(pytest.__version__)' 2>/dev/null || true)
  if [[ "$have" == "$PYTEST_VERSION" ]]; then
    say "pip: pytest $have already installed"
  else
    say "pip: installing pytest==$PYTEST_VERSION (found: ${have:-none})"
    PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore \
      python3 -m pip install -q --disable-pip-version-check "pytest==$PYTEST_VERSION"
  fi
}

# Unmount whatever is still mounted below $1 (e.g. left by a run that was killed).
unmount_below() {
  local dir=$1 m
  findmnt -rn -o TARGET | awk -v d="$dir/" 'index($0, d) == 1' | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" || true
  done
}

build_swift_chroot() {
  local build="$SWIFT_ROOT.building" mirror log="$AKASHI_CACHE/swift-$SWIFT_SUITE-build.log" ver
  mirror=$(debian_mirror)
  say "swift: building the Debian $SWIFT_SUITE chroot in $SWIFT_ROOT (one time, ~1-2 min, ~3.3 GB); log: $log"
  if [[ -e "$build" ]]; then unmount_below "$build"; rm -rf --one-file-system "$build"; fi
  if [[ -e "$SWIFT_ROOT" ]]; then unmount_below "$SWIFT_ROOT"; rm -rf --one-file-system "$SWIFT_ROOT"; fi
  : >"$log"
  debootstrap --variant=minbase "$SWIFT_SUITE" "$build" ${mirror:+"$mirror"} >>"$log" 2>&1 ||
    { tail -n 30 "$log"; return 1; }
  cp /etc/resolv.conf "$build/etc/resolv.conf"
  mount -t proc proc "$build/proc"; MOUNTS+=("$build/proc")
  {
    chroot "$build" apt-get update -qq &&
    chroot "$build" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      swiftlang libc6-dev libstdc++-14-dev ca-certificates &&
    chroot "$build" apt-get clean
  } >>"$log" 2>&1 || { tail -n 30 "$log"; return 1; }
  ver=$(chroot "$build" dpkg-query -W -f='${Version}' swiftlang)
  unmount_all
  case "$ver" in
    "$SWIFT_VERSION_PREFIX"*) ;;
    *) say "swift: expected swiftlang $SWIFT_VERSION_PREFIX*, the $SWIFT_SUITE archive gave $ver"; return 1 ;;
  esac
  printf 'format=%s\nsuite=%s\nswiftlang=%s\n' "$SWIFT_CHROOT_FORMAT" "$SWIFT_SUITE" "$ver" >"$build/.akashi-swift-ready"
  mv "$build" "$SWIFT_ROOT"
}

# One run at a time uses (or builds) the shared chroot; the lock is released when this shell exits.
SWIFT_LOCKED=0
swift_lock() {
  ((SWIFT_LOCKED)) && return 0
  mkdir -p "$AKASHI_CACHE"
  exec 9>"$AKASHI_CACHE/swift.lock"
  flock -w 3600 9
  SWIFT_LOCKED=1
}

setup_swift() {
  mkdir -p "$AKASHI_CACHE"
  unmount_below "$SWIFT_ROOT"
  if [[ -f "$SWIFT_MARKER" ]] && grep -qx "format=$SWIFT_CHROOT_FORMAT" "$SWIFT_MARKER" &&
     chroot "$SWIFT_ROOT" /usr/bin/test -x /usr/bin/swift 2>/dev/null; then
    say "swift: cached chroot $SWIFT_ROOT ($(grep '^swiftlang=' "$SWIFT_MARKER"))"
  else
    build_swift_chroot
  fi
}

# timed STEP...: run a setup step and say how long it took.
timed() {
  local t=$SECONDS
  "$@"
  say "   ($1: $((SECONDS - t)) s)"
}

stage_setup() {
  timed setup_apt
  timed setup_kotlinc
  timed setup_pytest
  if [[ " ${STAGES[*]} " == *" swift "* ]]; then
    swift_lock
    timed setup_swift
  fi
  if [[ -z "$AKASHI_SHARED" ]]; then
    if [[ "${CI:-}" == true ]]; then say "shared fixtures folder ../shared not found"; return 1; fi
    say "NOTE: ../shared not found: binding tests on shared fixtures will be skipped"
  fi
  say "tools: $(cargo --version), $(java -version 2>&1 | head -n1), python $(python3 -c 'import sys; print(sys.version.split()[0])'), kotlinc $KOTLIN_COMPILER_VERSION"
}

# --------------------------------------------------------------------------------------------
# Stage: rust
stage_rust() {
  say "\$ cargo build --workspace"
  cargo build --workspace
  say ""
  say "\$ cargo test --workspace"
  local rc=0 p f
  cargo test --workspace 2>&1 | tee "$LOGS/cargo-test.log" || rc=$?
  p=$(awk '/^test result:/ {for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^passed/) s += $i} END {print s + 0}' "$LOGS/cargo-test.log")
  f=$(awk '/^test result:/ {for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^failed/) s += $i} END {print s + 0}' "$LOGS/cargo-test.log")
  count_result rust "$p" "$f" "$rc" allow-empty
}

# --------------------------------------------------------------------------------------------
# Stage: bindings (UniFFI library mode)
stage_bindings() {
  [[ -f "$LIB" && -x "$BINDGEN" ]] || { say "run the rust stage first: $LIB / $BINDGEN missing"; return 1; }
  local lang
  for lang in kotlin swift python; do
    rm -rf "${BINDINGS:?}/$lang"
    say "\$ uniffi-bindgen generate --no-format --library target/debug/libakashi_ffi.so --language $lang --out-dir target/bindings/$lang"
    "$BINDGEN" generate --no-format --library "$LIB" --language "$lang" --out-dir "$BINDINGS/$lang"
  done
  find "$BINDINGS" -type f | sed "s|^$TARGET_DIR/|  target/|" | sort
}

# --------------------------------------------------------------------------------------------
# Stage: python
stage_python() {
  [[ -f "$BINDINGS/python/akashi_ffi.py" ]] || { say "run the bindings stage first"; return 1; }
  # The generated modules import each other relatively (akashi_ffi -> akashi_core), so they go
  # into a package, laid out like maturin's uniffi wheels: akashi_ffi/{__init__.py, *.py, .so}.
  local pkg="$TARGET_DIR/python/akashi_ffi" f m
  rm -rf "$TARGET_DIR/python"
  mkdir -p "$pkg"
  cp "$BINDINGS"/python/*.py "$LIB" "$pkg/"
  {
    echo '"""akashi_ffi: UniFFI bindings assembled by scripts/test.sh from target/bindings/python."""'
    for f in "$pkg"/*.py; do
      m=$(basename "$f" .py)
      [[ "$m" == __init__ || "$m" == akashi_ffi ]] || echo "from .$m import *  # noqa: F401,F403"
    done
    echo "from .akashi_ffi import *  # noqa: F401,F403"
  } >"$pkg/__init__.py"
  local rc=0 p f last
  PYTHONPATH="$TARGET_DIR/python${PYTHONPATH:+:$PYTHONPATH}" \
    python3 -m pytest -p no:cacheprovider -v -rs tests/python 2>&1 | tee "$LOGS/pytest.log" || rc=$?
  last=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* in [0-9.]+s' "$LOGS/pytest.log" | tail -n1 || true)
  p=$(sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p' <<<"$last")
  f=$(awk '{for (i = 1; i < NF; i++) if ($(i + 1) ~ /^(failed|errors?)/) s += $i} END {print s + 0}' <<<"$last")
  count_result python "${p:-0}" "${f:-0}" "$rc"
}

# --------------------------------------------------------------------------------------------
# Stage: kotlin
stage_kotlin() {
  local kt="$BINDINGS/kotlin" out="$TARGET_DIR/kotlin-tests" jar stamp sum
  [[ -d "$kt/uniffi" ]] || { say "run the bindings stage first"; return 1; }
  local J=$JAVA_SHARE
  local cp_compile="$J/jna.jar:$J/junit-jupiter-api.jar:$J/apiguardian-api.jar:$J/opentest4j.jar"
  jar="$out/akashi-kotlin-tests.jar"
  stamp="$out/inputs.sha256"
  mkdir -p "$out"
  # kotlinc costs ~20 s per call: compile everything in ONE call, and not at all when no input changed.
  sum=$( { echo "kotlinc $KOTLIN_COMPILER_VERSION $cp_compile";
           find "$kt" tests/kotlin -name '*.kt' -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum)
  if [[ -f "$jar" && -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
    say "kotlinc: inputs unchanged, reusing $jar"
  else
    rm -f "$jar" "$stamp"
    say "\$ kotlinc -jvm-target 17 -cp <jna, junit-jupiter-api> target/bindings/kotlin tests/kotlin -d $jar"
    "$KOTLIN_HOME/bin/kotlinc" -jvm-target 17 -nowarn -cp "$cp_compile" "$kt" tests/kotlin -d "$jar"
    printf '%s\n' "$sum" >"$stamp"
  fi
  local rc=0 p f
  say "\$ java -jar junit-platform-console-standalone.jar --scan-classpath ..."
  java -Djna.library.path="$LIB_DIR" -Dakashi.root="$ROOT" \
    -jar "$J/junit-platform-console-standalone.jar" \
    -cp "$jar:$J/jna.jar:$KOTLIN_HOME/lib/kotlin-stdlib.jar" \
    --scan-classpath "$jar" --fail-if-no-tests --disable-banner --disable-ansi-colors --details=tree \
    2>&1 | tee "$LOGS/junit.log" || rc=$?
  p=$(sed -n 's/^\[ *\([0-9][0-9]*\) tests successful *\]$/\1/p' "$LOGS/junit.log" | tail -n1)
  f=$(sed -n 's/^\[ *\([0-9][0-9]*\) tests failed *\]$/\1/p' "$LOGS/junit.log" | tail -n1)
  count_result kotlin "${p:-0}" "${f:-0}" "$rc"
}

# --------------------------------------------------------------------------------------------
# Stage: swift (SwiftPM + XCTest inside the Debian 13 chroot)
stage_swift() {
  [[ -f "$BINDINGS/swift/akashi_ffi.swift" ]] || { say "run the bindings stage first"; return 1; }
  [[ -f "$SWIFT_MARKER" ]] || { say "run the setup stage first (no Swift chroot at $SWIFT_ROOT)"; return 1; }
  local pkg="$ROOT/tests/swift" h m
  # Generated sources go into the package (git-ignored there, see tests/swift/.gitignore): every
  # generated .swift file into one Swift module, every C header into one C target whose modulemap
  # declares one module per header (the generated modulemaps say `use "Darwin"`: not on Linux).
  rm -rf "$pkg/Sources/AkashiFFI" "$pkg/Sources/AkashiFFIC/include"
  mkdir -p "$pkg/Sources/AkashiFFI" "$pkg/Sources/AkashiFFIC/include"
  cp "$BINDINGS"/swift/*.swift "$pkg/Sources/AkashiFFI/"
  cp "$BINDINGS"/swift/*.h "$pkg/Sources/AkashiFFIC/include/"
  for h in "$BINDINGS"/swift/*.h; do
    m=$(basename "$h" .h)
    printf 'module %s {\n    header "%s.h"\n    export *\n}\n' "$m" "$m"
  done >"$pkg/Sources/AkashiFFIC/include/module.modulemap"

  swift_lock
  unmount_below "$SWIFT_ROOT"
  # The clone lives anywhere (CI uses another folder): mount "$ROOT", never a fixed host path.
  local base="$SWIFT_ROOT/mnt/akashi" in_target
  mkdir -p "$base/repo" "$base/shared" "$base/target"
  mount -t proc proc "$SWIFT_ROOT/proc"; MOUNTS+=("$SWIFT_ROOT/proc")
  mount --bind /dev "$SWIFT_ROOT/dev"; MOUNTS+=("$SWIFT_ROOT/dev")
  mount --bind "$ROOT" "$base/repo"; MOUNTS+=("$base/repo")
  case "$TARGET_DIR/" in
    "$ROOT/"*) in_target="/mnt/akashi/repo/${TARGET_DIR#"$ROOT/"}" ;;
    *) mount --bind "$TARGET_DIR" "$base/target"; MOUNTS+=("$base/target"); in_target=/mnt/akashi/target ;;
  esac
  local in_shared=""
  if [[ -n "$AKASHI_SHARED" ]]; then
    mount --bind "$AKASHI_SHARED" "$base/shared"; MOUNTS+=("$base/shared")
    mount -o remount,bind,ro "$base/shared" 2>/dev/null || true
    in_shared=/mnt/akashi/shared
  fi
  local rc=0 p f last
  say "\$ chroot $SWIFT_ROOT swift test --package-path tests/swift (repo bind-mounted at /mnt/akashi/repo)"
  chroot "$SWIFT_ROOT" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    CI="${CI:-}" AKASHI_ROOT=/mnt/akashi/repo AKASHI_TARGET_DIR="$in_target" AKASHI_SHARED="$in_shared" \
    swift test --disable-swift-testing --package-path /mnt/akashi/repo/tests/swift --scratch-path "$in_target/swift-build" \
    2>&1 | tee "$LOGS/swift-test.log" || rc=$?
  unmount_all
  # XCTest: "Executed 6 tests, with 2 failures (0 unexpected) in 0.1 (0.1) seconds" (last = all
  # suites) counts failed ASSERTIONS, not failed tests (XCTAssert* go on after a failure), so
  # count the tests from the per-test lines: "Test Case 'Suite.testName' passed|failed (...)".
  p=$(grep -cE "^Test Case '[^']+' passed" "$LOGS/swift-test.log" || true)
  f=$(grep -cE "^Test Case '[^']+' failed" "$LOGS/swift-test.log" || true)
  count_result swift "${p:-0}" "${f:-0}" "$rc"
}

# --------------------------------------------------------------------------------------------
# Stage: interop (written elsewhere; run when present)
stage_interop() {
  if [[ ! -e tests/interop/run.sh ]]; then
    say "tests/interop/run.sh not present: skipped"
    return 0
  fi
  if [[ ! -x tests/interop/run.sh ]]; then
    say "tests/interop/run.sh exists but is not executable: skipped"
    return 0
  fi
  local rc=0 last p f
  tests/interop/run.sh 2>&1 | tee "$LOGS/interop.log" || rc=$?
  # node --test (spec reporter) ends with "ℹ pass N" / "ℹ fail N"; else look for "N passed, M failed".
  p=$(sed -n 's/^[^ ]* *pass \([0-9][0-9]*\)$/\1/p' "$LOGS/interop.log" | tail -n1)
  f=$(sed -n 's/^[^ ]* *fail \([0-9][0-9]*\)$/\1/p' "$LOGS/interop.log" | tail -n1)
  if [[ -z "$p" ]]; then
    last=$(grep -E '[0-9]+ passed' "$LOGS/interop.log" | tail -n1 || true)
    p=$(sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p' <<<"$last")
    f=$(sed -n 's/.*\b\([0-9][0-9]*\) failed.*/\1/p' <<<"$last")
  fi
  if [[ -z "$p" ]]; then
    ((rc == 0)) || { say "interop: failed (exit $rc)"; TOTAL_FAILED=$((TOTAL_FAILED + 1)); return "$rc"; }
    say "interop: passed (no count printed)"
    return 0
  fi
  count_result interop "${p:-0}" "${f:-0}" "$rc" allow-empty
}

# --------------------------------------------------------------------------------------------
say "Akashi test run: repo $ROOT, target $TARGET_DIR, cache $AKASHI_CACHE, shared ${AKASHI_SHARED:-<none>}"
say "stages: ${STAGES[*]}; disk free: $(disk_free)"
for s in "${STAGES[@]}"; do
  run_stage "$s" "stage_$s"
done
CURRENT_STAGE=""

header "summary"
for l in "${STAGE_LINES[@]}"; do say "  $l"; done
say "  $(printf '%-10s %5d s' total $((SECONDS - T0)))"
say "  target/: $(du -sh "$TARGET_DIR" 2>/dev/null | cut -f1), cache: $(du -sh "$AKASHI_CACHE" 2>/dev/null | cut -f1)"
say ""
if ((TOTAL_FAILED != 0)); then
  say "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
  exit 1
fi
say "ALL TESTS PASSED"
say "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
