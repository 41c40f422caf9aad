# Sourced by the other scripts: the repo root as the working folder, the tools on PATH, and
# small logging helpers. Not meant to be run on its own.

TFDESIGN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TFDESIGN_ROOT"

# cargo-installed tools (trunk, wasm-bindgen) and npm's binaryen (wasm-opt for Trunk).
export PATH="$HOME/.cargo/bin:$TFDESIGN_ROOT/node_modules/.bin:$PATH"

if [ -t 1 ]; then
  _bold=$'\033[1m' _red=$'\033[1;31m' _yellow=$'\033[1;33m' _green=$'\033[1;32m' _reset=$'\033[0m'
else
  _bold='' _red='' _yellow='' _green='' _reset=''
fi
