#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the dashboard's browser tests (Microsoft.Playwright drives it; Playwright
# never downloads a browser of its own here) and prints its path on stdout. Everything else goes to stderr.
#   scripts/install-chromium.sh   -> prints "/usr/bin/chromium"
# Idempotent: when Chromium is already there it only prints its version. Exits non-zero, saying why, when it cannot
# install it (not root and no sudo, apt-get missing or failing).
set -euo pipefail

find_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    echo /usr/bin/chromium
  else
    command -v chromium || true
  fi
}

fail() {
  echo "install-chromium: $*" >&2
  echo "install-chromium: install Debian's package by hand (apt-get install chromium), then run this script again." >&2
  exit 1
}

chromium=$(find_chromium)
if [[ -z "$chromium" ]]; then
  echo "Chromium is not installed; installing it from Debian's packages..." >&2
  command -v apt-get >/dev/null 2>&1 || fail "apt-get is missing: this script knows only Debian's packages."
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
  else
    fail "not root and sudo is missing: cannot run apt-get."
  fi

  # apt's and dpkg's chatter goes to a log, shown only when something fails.
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  apt() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  }
  apt update -qq || fail "apt-get update failed."
  # Without recommends (upower, udev, a notification daemon, printer setup: nothing a headless browser uses), but with
  # the fonts they would bring, so that screenshots show text in a common sans-serif.
  apt install -y -qq --no-install-recommends chromium fonts-liberation || fail "apt-get install chromium fonts-liberation failed."
  chromium=$(find_chromium)
  [[ -n "$chromium" ]] || fail "apt-get installed chromium, yet neither /usr/bin/chromium nor 'chromium' on PATH exists."
fi

# The version proves the binary runs (its libraries are all there); Chromium prints it without starting a browser.
version=$("$chromium" --version 2>/dev/null) || fail "$chromium is there but does not run ('$chromium --version' failed)."
echo "$version ($chromium)" >&2
echo "$chromium"
