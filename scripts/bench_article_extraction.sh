#!/usr/bin/env bash
# Main-text extraction benchmark: dossier's clean_html against Python trafilatura on
# the same pages, in one run. Prints F1 (eval_article_extraction.py) and pages per
# second on one core (both run single-threaded; reading and decoding files excluded).
#
#   scripts/bench_article_extraction.sh [BENCH_DIR]
#
# BENCH_DIR defaults to ../shared/bench/article-extraction (html/ + ground-truth.json).
# Python trafilatura is installed into a throwaway venv (TF_VENV, default
# /tmp/tfvenv) on first use; set SKIP_PYTHON=1 to measure dossier alone.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
bench="${1:-$repo/../shared/bench/article-extraction}"
eval_py="$(dirname "$bench")/eval_article_extraction.py"
venv="${TF_VENV:-/tmp/tfvenv}"
out="$(mktemp -d)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

[ -d "$bench/html" ] || { echo "no pages in $bench/html" >&2; exit 1; }

cargo build --quiet --release -p dossier-clean --example html_predictions
taskset -c 0 "$CARGO_TARGET_DIR/release/examples/html_predictions" "$bench/html" \
    >"$out/dossier.json" 2>"$out/dossier.time"
rust_time="$(grep -o 'seconds=[0-9.]*' "$out/dossier.time" | cut -d= -f2)"
pages="$(grep -o 'pages=[0-9]*' "$out/dossier.time" | cut -d= -f2)"

preds=("$out/dossier.json")
py_time=""
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import trafilatura' 2>/dev/null; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
    fi
    taskset -c 0 "$venv/bin/python" - "$bench/html" "$out/trafilatura.json" <<'PY' >"$out/py.time"
import gzip, json, pathlib, sys, time
import trafilatura
pages = {}
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    pages[path.name.split(".")[0]] = trafilatura.utils.decode_file(raw)
out, spent = {}, 0.0
for key, html in pages.items():
    start = time.perf_counter()
    text = trafilatura.extract(html, include_comments=False) or ""
    spent += time.perf_counter() - start
    out[key] = {"articleBody": text}
json.dump(out, open(sys.argv[2], "w"))
print(f"{spent:.3f}")
PY
    py_time="$(cat "$out/py.time")"
    preds+=("$out/trafilatura.json")
fi

python3 "$eval_py" "$bench/ground-truth.json" "${preds[@]}" >"$out/scores.txt"
f1_of() { grep "^$1:" "$out/scores.txt" | grep -o 'F1=[0-9.]*' | cut -d= -f2; }
pr_of() { grep "^$1:" "$out/scores.txt" | grep -o 'precision=[0-9.]* recall=[0-9.]*'; }

printf '%-24s %-34s %6s %10s %12s\n' extractor "precision/recall" F1 seconds "pages/s/core"
printf '%-24s %-34s %6s %10s %12.1f\n' "dossier clean_html" "$(pr_of "$out/dossier.json")" \
    "$(f1_of "$out/dossier.json")" "$rust_time" "$(echo "$pages / $rust_time" | bc -l)"
if [ -n "$py_time" ]; then
    printf '%-24s %-34s %6s %10s %12.1f\n' "python trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')" \
        "$(pr_of "$out/trafilatura.json")" "$(f1_of "$out/trafilatura.json")" "$py_time" \
        "$(echo "$pages / $py_time" | bc -l)"
fi
echo "pages: $pages; predictions in $out"
