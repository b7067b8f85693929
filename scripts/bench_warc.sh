#!/usr/bin/env bash
# Memory and speed of streaming WARC archives (release build, one process).
#
#   scripts/bench_warc.sh [SIZE_MB...]        (default: 100 1000)
#
# Generates synthetic CC-NEWS-like WARC.gz archives of the given compressed sizes with
# the `gen_warc` example of dossier-ingest (our own made-up pages; see its docs) under
# ${TMPDIR:-/tmp}/dossier-bench-warc (kept between runs), then measures
# `dossier extract --no-model` (records to /dev/null) and `dossier ingest --no-model`
# (into a fresh temporary store) over each with /usr/bin/time: wall and CPU time, pages
# per CPU second and peak RSS. Peak RSS should not grow with the archive's size.
# Runs at nice 10; the 1 GB archive takes a while on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000)
dir="${TMPDIR:-/tmp}/dossier-bench-warc"
mkdir -p "$dir"
nice -n 10 cargo build --release -q -p dossier
nice -n 10 cargo build --release -q -p dossier-ingest --example gen_warc
target="${CARGO_TARGET_DIR:-target}/release"
bin="$target/dossier"
calc() { python3 -c "print($1)"; }

printf '| archive (gz) | pages | command | wall s | CPU s | pages/s per core | peak RSS MB |\n'
printf '|---|---|---|---|---|---|---|\n'
for size in "${sizes[@]}"; do
  archive="$dir/synthetic-$size.warc.gz"
  if [ ! -s "$archive" ]; then
    nice -n 10 "$target/examples/gen_warc" "$archive" "$size" >/dev/null
  fi
  mb=$(calc "round($(stat -c %s "$archive") / 1e6)")
  for cmd in extract ingest; do
    log=$(mktemp)
    err=$(mktemp)
    db=$(mktemp -u "$dir/store-XXXXXX.db")
    args=(--no-model)
    if [ "$cmd" = extract ]; then
      args+=(--format jsonl)
    fi
    # Exit status 1 only means some page failed; the summary says which.
    nice -n 10 /usr/bin/time -f '%e %U %S %M' -o "$log" \
      "$bin" --db "$db" "$cmd" "${args[@]}" "$archive" >/dev/null 2>"$err" || true
    read -r wall user sys rss < <(tail -1 "$log")
    # "N extracted, ..." / "ingested N new, ..."
    pages=$(grep -Eo '^(ingested )?[0-9]+ (extracted|new)' "$err" | grep -Eo '[0-9]+' | tail -1 || true)
    if [ -z "$pages" ]; then
      echo "dossier $cmd failed on $archive:" >&2
      tail -5 "$err" >&2
      exit 1
    fi
    cpu=$(calc "$user + $sys")
    printf '| %s MB | %s | `dossier %s --no-model` | %.1f | %.1f | %.0f | %.0f |\n' \
      "$mb" "$pages" "$cmd" "$wall" "$cpu" "$(calc "$pages / $cpu")" "$(calc "$rss / 1024")"
    tail -1 "$err" >&2
    rm -f "$log" "$err" "$db" "$db-wal" "$db-shm"
  done
done
