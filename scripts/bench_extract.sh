#!/usr/bin/env bash
# Extraction throughput on the CASIE texts, one process, one thread (release build).
#
#   scripts/bench_extract.sh [SHARED_DIR]
#
# Writes the 850 CASIE texts with shared/bench/casie_texts.py, then times
# `dossier extract --plain --format jsonl` over them, with the shipped learned model
# and with rules only. Reports wall time and CPU time (user+sys, which other load on
# the machine inflates less), articles/s and MB/s per core, and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
texts="${TMPDIR:-/tmp}/dossier-bench-casie"
rm -rf "$texts"
python3 "$shared/bench/casie_texts.py" "$shared/bench/casie/annotation" "$texts" >/dev/null
cargo build --release -q -p dossier
bin="${CARGO_TARGET_DIR:-target}/release/dossier"
n=$(ls "$texts" | wc -l)
bytes=$(cat "$texts"/*.txt | wc -c)
calc() { python3 -c "print($1)"; }
printf '%s articles, %.2f MB\n\n' "$n" "$(calc "$bytes / 1e6")"
printf '| pipeline | wall s | CPU s | articles/s (CPU) | MB/s (CPU) | peak RSS MB |\n|---|---|---|---|---|---|\n'
for mode in "learned model" "rules only"; do
  flags=()
  [ "$mode" = "rules only" ] && flags=(--no-model)
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" "$bin" extract --quiet --plain --format jsonl "${flags[@]}" "$texts" >/dev/null
  read -r wall user sys rss <"$log"
  cpu=$(calc "$user + $sys")
  printf '| %s | %.2f | %.2f | %.0f | %.2f | %.0f |\n' "$mode" "$wall" "$cpu" \
    "$(calc "$n / $cpu")" "$(calc "$bytes / 1e6 / $cpu")" "$(calc "$rss / 1024")"
  rm -f "$log"
done
