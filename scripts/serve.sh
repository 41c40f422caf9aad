#!/usr/bin/env bash
# Installs missing tools (scripts/setup.sh), then builds the app in release mode and serves it on
# http://127.0.0.1:8080 (see Trunk.toml), rebuilding when a file changes. Extra arguments go to
# `trunk serve`, e.g. `scripts/serve.sh --port 9000`.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/env.sh"

bash scripts/setup.sh
exec trunk serve --release "$@"
