#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already at the right version,
# so a second run takes seconds. Everything comes from crates.io, npm or Debian's packages.
#   scripts/setup.sh build   # wasm target, trunk, wasm-bindgen-cli, npm packages (wasm-opt)
#   scripts/setup.sh test    # the above, plus Chromium, Firefox and their drivers
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
what=${1:-build}

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"

# The wasm-bindgen CLI must be the exact version of the crate in Cargo.lock.
wbg_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
WBG=$(wbg_version)
grep -q "wasm_bindgen = \"$WBG\"" Trunk.toml || {
  echo "setup: Trunk.toml pins a wasm_bindgen other than Cargo.lock's $WBG; make them equal" >&2
  exit 1
}

build_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 6 minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG" ]; then
    say "installing wasm-bindgen-cli $WBG (about 2 minutes)"
    # Without --locked: a dependency locked by the CLI is missing from the registry.
    cargo install wasm-bindgen-cli --version "$WBG" --force
  fi
  # npm packages: Playwright and axe for the end-to-end tests, binaryen@132 for wasm-opt.
  if [ ! -f end2end/node_modules/.package-lock.json ] ||
     [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing end2end/ npm packages from package-lock.json"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
  case "$(end2end/node_modules/.bin/wasm-opt --version 2>/dev/null)" in
    *version_132*|*"version 132"*) ;;
    *) echo "setup: end2end/node_modules/.bin/wasm-opt is not binaryen 132" >&2; exit 1 ;;
  esac
}

test_tools() {
  local missing=()
  # The fonts let headless screenshots show Chinese and Hindi (Arabic comes with DejaVu).
  for p in chromium chromium-driver firefox-esr fonts-wqy-microhei fonts-lohit-deva; do
    # `dpkg -s` succeeds for a removed package whose config files remain; ask for the status.
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing ${missing[*]} from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
    say "installing geckodriver $GECKODRIVER_VERSION (about 2 minutes)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION"
  fi
}

case "$what" in
  build) build_tools ;;
  test) build_tools; test_tools ;;
  *) echo "usage: scripts/setup.sh [build|test]" >&2; exit 2 ;;
esac
say "ready ($what)"
