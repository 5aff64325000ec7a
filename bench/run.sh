#!/usr/bin/env bash
# Runs the benchmark suites and prints one figure per line as "name: value unit"; writes each suite's figures, with the
# machine and the date, to its section of docs/BENCHMARKS.md.
#   ./bench/run.sh                 every suite
#   ./bench/run.sh compose tick    those suites
# Each suite runs in a process of its own (Release build), so that a peak-memory figure is that suite's. Suites that
# measure PostgreSQL get a throwaway cluster from scripts/postgres-test-cluster.sh (port $NUDGE_BENCH_PG_PORT, 55442 by
# default), or use $NUDGE_BENCH_POSTGRES when it is set.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build bench/Nudge.Bench/Nudge.Bench.csproj -c Release -v quiet -nologo >&2
bench="artifacts/bin/Nudge.Bench/release/Nudge.Bench.dll"

suites=("$@")
if [[ ${#suites[@]} -eq 0 ]]; then
  mapfile -t suites < <(dotnet "$bench" --list)
fi

if [[ -z "${NUDGE_BENCH_POSTGRES:-}" ]]; then
  NUDGE_BENCH_POSTGRES=$(NUDGE_PG_PORT="${NUDGE_BENCH_PG_PORT:-55442}" scripts/postgres-test-cluster.sh start)
fi
export NUDGE_BENCH_POSTGRES

for suite in "${suites[@]}"; do
  dotnet "$bench" --write docs/BENCHMARKS.md "$suite"
done
