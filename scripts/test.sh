#!/usr/bin/env bash
# Runs every suite, keeps going after a failure, and ends with one line per suite and a total.
# Called by `make test` (after scripts/setup.sh test), which .ci/run calls.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}

names=()
results=()
run() {
  local name=$1; shift
  printf '\n\033[1m== %s\033[0m: %s\n' "$name" "$*"
  local start=$SECONDS
  if "$@"; then results+=("passed"); else results+=("FAILED"); fi
  names+=("$name ($((SECONDS - start)) s)")
}

e2e() {
  # The release build, for a subpath, served as a static host would serve it. Removed first so
  # the size suite never measures an older build when this one fails.
  rm -rf target/e2e-dist
  trunk build --release --offline --public-url /demo/ --dist target/e2e-dist &&
    trunk build --release --offline --public-url / --dist target/root-dist &&
    (cd end2end && npx playwright test)
}

run fmt cargo fmt --check
run clippy-native cargo clippy --all-targets --locked -- -D warnings
run clippy-wasm cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
run unit cargo test --locked
run wasm-chrome env CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --target wasm32-unknown-unknown
run wasm-firefox env GECKODRIVER="$(command -v geckodriver)" cargo test --locked --target wasm32-unknown-unknown
run e2e e2e
# The first load of the release build e2e just tested. It fails above scripts/size.mjs's
# ceiling; the 150 KB budget of issue 6 is printed beside it (not met yet: see README). Then
# the wasm by part (scripts/wasm_parts.mjs, with its own tests first).
size() {
  node --test scripts/*.test.mjs &&
    node scripts/size.mjs target/e2e-dist --ceiling &&
    node scripts/wasm_parts.mjs target/e2e-dist
}
run size size

echo
echo "== summary"
passed=0; failed=0
for i in "${!names[@]}"; do
  printf '%-28s %s\n' "${names[$i]}" "${results[$i]}"
  if [ "${results[$i]}" = passed ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]
