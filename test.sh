#!/usr/bin/env bash
# Builds Nudge and runs every test. Starts what the tests need (a throwaway PostgreSQL cluster on 127.0.0.1,
# installed from Debian's packages when missing) and ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

step "PostgreSQL for the storage tests"
NUDGE_TEST_POSTGRES=$(scripts/postgres-test-cluster.sh start)
export NUDGE_TEST_POSTGRES

if [[ -f tests/google-client/package.json ]]; then
  step "Google's Node client for the sandbox test (npm ci)"
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing; installing Node.js from Debian's packages..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  fi
  npm ci --prefix tests/google-client --no-audit --no-fund --loglevel=error
fi

step "Chromium for the dashboard tests"
# Debian's chromium, which Microsoft.Playwright drives; Playwright never downloads a browser of its own.
NUDGE_CHROMIUM=$(scripts/install-chromium.sh)
export NUDGE_CHROMIUM PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step "Build (warnings are errors)"
dotnet build Nudge.slnx -c Debug -warnaserror -v quiet -nologo

step "Formatting (dotnet format --verify-no-changes)"
dotnet format Nudge.slnx --verify-no-changes --no-restore -v quiet

passed=0; failed=0; skipped=0; status=0
for project in Nudge.Tests Nudge.IntegrationTests; do
  step "Tests: $project"
  log=$(mktemp)
  set +e
  dotnet "artifacts/bin/$project/debug/$project.dll" -noColor 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E "Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+" "$log" | tail -n 1 || true)
  rm -f "$log"
  if [[ -z "$summary" ]]; then
    echo "$project printed no test summary (exit code $rc)"; failed=$((failed + 1)); status=1; continue
  fi
  total=$(sed -E 's/.*Total: ([0-9]+).*/\1/' <<<"$summary")
  errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$summary")
  fails=$(sed -E 's/.*Failed: ([0-9]+).*/\1/' <<<"$summary")
  skips=$(sed -E 's/.*Skipped: ([0-9]+).*/\1/' <<<"$summary")
  notrun=$(sed -E 's/.*Not Run: ([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + total - fails - skips - notrun))
  failed=$((failed + fails + errors))
  skipped=$((skipped + skips + notrun))
  if [[ $rc -ne 0 || $fails -ne 0 || $errors -ne 0 ]]; then status=1; fi
done

echo
if ((passed == 0)); then echo "no test ran"; status=1; fi
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
