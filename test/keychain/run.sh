#!/bin/sh
# Keychain tests against a real Secret Service: a private D-Bus session with gnome-keyring,
# a temporary HOME and XDG_RUNTIME_DIR, nothing left behind. Needs: dbus (dbus-run-session),
# gnome-keyring; on Debian: apt-get install -y gnome-keyring dbus dbus-x11 libsecret-tools
set -eu
cd "$(dirname "$0")/../.."
for bin in dbus-run-session gnome-keyring-daemon; do
  command -v "$bin" >/dev/null 2>&1 || { echo "keychain tests: $bin not found (apt-get install -y gnome-keyring dbus dbus-x11)" >&2; exit 2; }
done
[ -x node_modules/.bin/vitest ] || { echo "keychain tests: node_modules/.bin/vitest not found (run npm ci first)" >&2; exit 2; }
TMP_HOME="$(mktemp -d)"
TMP_RUNTIME="$(mktemp -d)"   # must exist, mode 700, before the session starts
trap 'rm -rf "$TMP_HOME" "$TMP_RUNTIME"' EXIT INT TERM
export HOME="$TMP_HOME" XDG_RUNTIME_DIR="$TMP_RUNTIME" XDG_DATA_HOME="$TMP_HOME/.local/share"
unset DISPLAY WAYLAND_DISPLAY
# Without a session bus a test checks that the store fails closed; it must not inherit one.
export KEYCHAIN_TEST_HAS_BUS=1
# test/run-all.mjs counts the tests from this JSON report; a stale one must never stand in for a run.
REPORT=test-results/keychain.json
mkdir -p test-results
rm -f "$REPORT"
# dbus-run-session exits with the status of its command, so a failing test fails this script.
dbus-run-session -- sh -c '
  echo -n "keychain-test-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  node_modules/.bin/vitest run --config test/keychain/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$0" "$@"
' "$REPORT" "$@"
