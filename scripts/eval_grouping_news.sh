#!/usr/bin/env bash
# Score incident and story grouping on the news-dev benchmark (../shared/bench/news-dev)
# the way the CLI groups: `dossier ingest` into a temporary store, then `incidents` and
# `stories`, each scored for article pairs by the benchmark's eval_grouping.py.
# Usage: scripts/eval_grouping_news.sh        (keeps nothing; set KEEP=dir to keep outputs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="${BENCH:-$root/../shared/bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target}"
if [ ! -d "$bench/news-dev" ]; then
  echo "skipped: $bench/news-dev not found" >&2
  exit 0
fi
(cd "$root" && cargo build --release -q -p dossier)
dossier="$CARGO_TARGET_DIR/release/dossier"
out="${KEEP:-$(mktemp -d -t grouping-news.XXXXXX)}"
mkdir -p "$out"
rm -f "$out/news-dev.db"
"$dossier" --db "$out/news-dev.db" --quiet ingest "$bench"/news-dev/*.txt
"$dossier" --db "$out/news-dev.db" incidents --format json > "$out/incidents.json"
"$dossier" --db "$out/news-dev.db" stories --format json > "$out/stories.json"
"$dossier" extract --format jsonl "$bench"/news-dev/*.txt > "$out/records.jsonl" 2>/dev/null
# Stories name their articles by id: give each its source so eval_grouping.py reads them.
python3 - "$out" <<'EOF'
import json, os, sys
out = sys.argv[1]
source = {}
for line in open(os.path.join(out, "records.jsonl")):
    r = json.loads(line)
    source[r["id"]] = r["source"]
stories = json.load(open(os.path.join(out, "stories.json")))
as_groups = [{"articles": [{"id": a, "source": source.get(a, a)} for a in s["articles"]]}
             for s in stories]
json.dump(as_groups, open(os.path.join(out, "stories-as-groups.json"), "w"))
EOF
echo "incidents:"
python3 "$bench/eval_grouping.py" "$bench/news-dev/clusters.json" "$out/incidents.json"
echo "stories:"
python3 "$bench/eval_grouping.py" "$bench/news-dev/clusters.json" "$out/stories-as-groups.json"
[ -n "${KEEP:-}" ] || rm -rf "$out"
