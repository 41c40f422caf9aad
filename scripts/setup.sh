#!/usr/bin/env bash
# Installs every tool the project needs that is missing on this machine. Idempotent: each step
# checks first, so a second run takes a few seconds. The first run on a fresh machine takes about
# 10 minutes (trunk and wasm-bindgen-cli are compiled from crates.io).
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/env.sh"

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
BINARYEN_MAJOR=132

log() { printf '%s[setup]%s %s\n' "$_bold" "$_reset" "$*"; }
die() { printf '%s[setup] ERROR:%s %s\n' "$_red" "$_reset" "$*" >&2; exit 1; }

[ -n "$WASM_BINDGEN_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
command -v cargo >/dev/null || die "cargo is not on PATH (install Rust with rustup)"
command -v npm >/dev/null || die "npm is not on PATH (Node.js 20 or later is needed)"

# One setup at a time: scripts/serve.sh and scripts/test.sh may start together.
exec 9>"${TMPDIR:-/tmp}/tfdesign-setup.lock"
flock 9

# --- Rust: the wasm target, rustfmt and clippy -----------------------------------------------
installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
installed_components=$(rustup component list --installed)
for component in rustfmt clippy; do
  if ! grep -q "^$component" <<<"$installed_components"; then
    log "adding rust component $component"
    rustup component add "$component"
  fi
done

# --- trunk and wasm-bindgen-cli, from crates.io ----------------------------------------------
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 7 minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION" ||
  ! wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock; about 4 minutes, once)"
  # Not --locked: the CLI's own lock pins a webpki-roots the registry lacks.
  cargo install --force wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

# --- Chromium and ChromeDriver, from Debian (wasm-bindgen-test and e2e) ---------------------
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# --- npm packages: binaryen (wasm-opt for Trunk) and playwright-core (e2e) -----------------
# Debian's wasm-opt (108) breaks the app, hence npm's binaryen. Playwright drives Debian's
# Chromium and never downloads a browser of its own.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_MAJOR\b" ||
  [ ! -d node_modules/playwright-core ]; then
  log "installing npm packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

# --- the Terraform oracle (only where terraform and ../shared exist) -------------------------
ORACLE=$TFDESIGN_ROOT/../shared/tools/tf-oracle
if [ -x "$ORACLE/setup" ] && command -v terraform >/dev/null; then
  oracle_log=$(mktemp)
  if "$ORACLE/setup" >"$oracle_log" 2>&1; then
    rm -f "$oracle_log"
  else
    log "WARNING: tf-oracle setup failed (log: $oracle_log); scripts/test.sh will report it"
  fi
fi

log "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -n 1)"
