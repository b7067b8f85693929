#!/usr/bin/env bash
# Load test of `dossier serve` on loopback over a store of N synthetic articles.
#
#   scripts/bench_server.sh [DB] [N] [SECONDS] [CONNECTIONS]
#   (defaults: /tmp/dossier-bench-100k.db 100000 20 200)
#
# Builds the release binaries, generates the store with the server crate's `gen_store`
# example when DB does not exist yet (niced, 2 threads), starts `dossier serve` on
# 127.0.0.1:18640 (or uses the server already listening there), waits until it has
# merged the incidents, then runs wrk (Debian
# package `wrk`) against each endpoint for SECONDS with CONNECTIONS connections on 2
# threads, after a 5 s warm-up of the same request. Prints one Markdown table row per
# run: requests/s, p50, p99, max latency, and errors (non-2xx, timeouts).
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-/tmp/dossier-bench-100k.db}"
n="${2:-100000}"
secs="${3:-20}"
conns="${4:-200}"
addr=127.0.0.1:18640
scripts=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release -q -p dossier
cargo build --release -q -p dossier-server --example gen_store
target="${CARGO_TARGET_DIR:-target}/release"
if [ ! -e "$db" ]; then
  echo "generating $n articles into $db" >&2
  /usr/bin/time -f 'generated in %e s (CPU %U+%S s)' nice -n 10 \
    "$target/examples/gen_store" "$db" "$n" --threads 2
fi

if curl -sf -m 5 "http://$addr/api/stats" >/dev/null 2>&1; then
  # A server left running (say, by an earlier run) saves merging the incidents again.
  echo "using the server already listening on $addr"
  trap 'rm -rf "$scripts"' EXIT
else
  log=$(mktemp)
  started=$(date +%s.%N)
  DOSSIER_LOG=info "$target/dossier" --db "$db" serve --addr "$addr" >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; rm -rf "$log" "$scripts"' EXIT
  # /api/stats answers once the incidents are merged (the server merges them at start).
  until curl -sf -m 1800 "http://$addr/api/stats" >/dev/null 2>&1; do
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 2
  done
  ready=$(date +%s.%N)
  printf 'ready after %.0f s\n' "$(python3 -c "print($ready - $started)")"
  grep -m1 "merged incidents" "$log" || true
fi
curl -s "http://$addr/api/stats"
echo

# Prints one parseable line at the end of a run.
cat >"$scripts/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.0f %.1f %.1f %.1f %d %d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.timeout))
end
EOF
# Search queries: a fixed mix of common, middling and rare terms, cycled (cache hits
# after the first round), or made unique per request (every one ranked afresh).
cat >"$scripts/search.lua" <<'EOF'
local terms = {"espionage", "sanctions", "ministry", "backups", "%22foreign+ministry%22",
  "volt+typhoon", "apt28", "sandworm", "firewall", "parliament", "vulnerability",
  "satellite", "CVE-2021*", "denied", "dutch", "kimsuky", "lazarus", "railway"}
local unique = os.getenv("UNIQUE")
local common = os.getenv("COMMON")
local syl = {"ka", "ro", "ven", "tal", "mir", "zu", "dor", "eli", "qua", "sen", "tor", "vix",
  "lan", "bre", "ost"}
local i = 0
request = function()
  i = i + 1
  local q
  if unique and common then
    q = common .. "+OR+zq" .. i
  elseif unique then
    -- A made-up operation codename (rare term), kept unique by a term that matches nothing.
    local a, b, c = syl[i % 15 + 1], syl[math.floor(i / 15) % 15 + 1], syl[math.floor(i / 225) % 15 + 1]
    q = a .. b .. c .. "+OR+zq" .. i
  else
    q = terms[i % #terms + 1]
  end
  return wrk.format("GET", "/api/search?q=" .. q)
end
EOF
cat "$scripts/report.lua" >>"$scripts/search.lua"

run() { # label path [env...]
  local label=$1 path=$2
  shift 2
  local script="$scripts/report.lua"
  [ "$path" = search ] && script="$scripts/search.lua" && path=/api/search
  env "$@" wrk -t2 -c"$conns" -d5s --timeout 10s -s "$script" "http://$addr$path" >/dev/null
  local out
  out=$(env "$@" wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s "$script" "http://$addr$path")
  read -r _ rps p50 p99 max status timeouts <<<"$(grep '^RESULT' <<<"$out")"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "$max" "$status/$timeouts"
}

echo "| request | req/s | p50 ms | p99 ms | max ms | errors (non-2xx/timeouts) |"
echo "|---|---|---|---|---|---|"
run '`/api/incidents` (first page: 20 summaries of the oldest, largest incidents)' /api/incidents
run '`/api/incidents?view=full` (the same page as whole records)' '/api/incidents?view=full'
run '`/api/incidents?offset=10000` (a page of typical incidents)' '/api/incidents?offset=10000'
run '`/api/incidents?actor=RU&type=espionage`' '/api/incidents?actor=RU&type=espionage'
run '`/api/incidents?victim_country=NL&offset=100`' '/api/incidents?victim_country=NL&offset=100'
run '`/api/search`, 18 queries cycled (cached after first use)' search
run '`/api/search?q=espionage` (in 67% of articles, cached)' '/api/search?q=espionage'
run '`/api/search`, unique rare-term queries (never cached)' search UNIQUE=1
run '`/api/search`, unique queries on a word in 67% of articles (never cached)' search UNIQUE=1 COMMON=espionage
