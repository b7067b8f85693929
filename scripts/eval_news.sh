#!/usr/bin/env bash
# Score `dossier extract` on the news-dev benchmark (../shared/bench/news-dev).
# Usage: scripts/eval_news.sh [--no-model] [extra eval_news.py args, e.g. --only=101,102]
# Prints per-category precision/recall/F1; the predictions stay in $OUT (default a temp file).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${BENCH:-$root/../shared/bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"
extract_args=()
eval_args=()
for a in "$@"; do
  case "$a" in
    --no-model) extract_args+=("$a") ;;
    *) eval_args+=("$a") ;;
  esac
done
if [ ! -d "$bench/news-dev" ]; then
  echo "skipped: $bench/news-dev not found" >&2
  exit 0
fi
(cd "$root" && cargo build --release -q -p dossier)
out="${OUT:-$(mktemp -t news-dev.XXXXXX.jsonl)}"
"$CARGO_TARGET_DIR/release/dossier" extract --format jsonl "${extract_args[@]}" "$bench"/news-dev/*.txt > "$out"
python3 "$bench/eval_news.py" "$bench/news-dev" "$out" "${eval_args[@]}"
echo "predictions: $out" >&2
