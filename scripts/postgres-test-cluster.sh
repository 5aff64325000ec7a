#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL cluster on 127.0.0.1 for the tests, installing PostgreSQL from Debian's
# packages when it is missing, and prints the connection string on stdout. Everything else goes to stderr.
#   scripts/postgres-test-cluster.sh start   -> prints "Host=127.0.0.1;Port=...;Username=nudge;Password=...;Database=nudge_test"
#   scripts/postgres-test-cluster.sh stop
set -euo pipefail

port="${NUDGE_PG_PORT:-55432}"
dir="${NUDGE_PG_DIR:-/tmp/nudge-pgtest-$port}"
password="nudge-test"

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  return 1
}

bin=$(find_bin || true)
if [[ -z "$bin" ]]; then
  echo "PostgreSQL is not installed; installing it from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

# PostgreSQL refuses to run as root: run the cluster as the 'postgres' system user when we are root.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      rm -rf "$dir"; mkdir -p "$dir"
      [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
      pwfile=$(mktemp); echo "$password" > "$pwfile"; chmod 644 "$pwfile"
      as_pg "$bin/initdb" -D "$dir/data" -U nudge --pwfile="$pwfile" -A scram-sha-256 -E UTF8 >&2
      rm -f "$pwfile"
      touch "$dir/PG_VERSION"
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      # fsync off: a throwaway test cluster trades durability for speed.
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2
    fi
    as_pg env PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U nudge -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='nudge_test'" | grep -q 1 ||
      as_pg env PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U nudge -d postgres -qc "CREATE DATABASE nudge_test" >&2
    echo "Host=127.0.0.1;Port=$port;Username=nudge;Password=$password;Database=nudge_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
