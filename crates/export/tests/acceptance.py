"""Issue 7 acceptance: other tools read dossier's exports.

Usage: python acceptance.py DIR
DIR holds bundle.json (STIX), misp.json (MISP REST shape), misp/ (one {"Event"} file per
incident), incidents.csv, plover.csv and expect.json ({"incidents": N, "columns": [...]}).
"""

import csv
import json
import pathlib
import re
import sys

from pymisp import MISPEvent
from stix2validator import ValidationOptions, validate_string

# Warnings dossier's bundles are known to draw: 103 ids are UUIDv5 (deterministic on
# purpose), 202 incident -> attributed-to/targets (OpenCTI's model, not in STIX's
# suggested list), 302 external references with a URL but no hash.
EXPECTED_WARNINGS = {"103", "202", "302"}
MISP_TYPES = {"ip-dst", "domain", "url", "md5", "sha1", "sha256", "email-src",
              "vulnerability", "link", "text", "threat-actor"}


def check_stix(path):
    result = validate_string(path.read_text(), ValidationOptions(strict_types=True))
    errors = [str(e) for e in (result.errors or [])]
    assert result.is_valid and not errors, errors
    codes = set()
    for w in result.warnings or []:
        m = re.search(r"\{(\d+)\}", str(w))
        codes.add(m.group(1) if m else str(w))
    unexpected = codes - EXPECTED_WARNINGS
    assert not unexpected, f"unexpected validator warnings: {unexpected}"
    bundle = json.loads(path.read_text())
    kinds = {o["type"] for o in bundle["objects"]}
    assert {"report", "incident", "identity", "location"} <= kinds, kinds
    return len(bundle["objects"])


def check_misp(path, incidents):
    event = MISPEvent()
    event.load_file(str(path))
    assert event.info, path
    assert event.attributes, f"{path}: no attributes"
    assert all(a.type in MISP_TYPES for a in event.attributes)
    assert any(t.name == "tlp:clear" for t in event.tags), path
    assert event.distribution == 0
    return len(event.attributes), [t.name for t in event.tags]


def check_csv(path, columns=None):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        if columns is not None:
            assert reader.fieldnames == columns, reader.fieldnames
    return rows


def main():
    d = pathlib.Path(sys.argv[1])
    expect = json.loads((d / "expect.json").read_text())
    objects = check_stix(d / "bundle.json")
    files = sorted((d / "misp").glob("*.json"))
    assert len(files) == expect["incidents"], (len(files), expect["incidents"])
    tags = set()
    for f in files:
        _, t = check_misp(f, expect["incidents"])
        tags.update(t)
    if files:
        check_misp(d / "misp.json", expect["incidents"])
    assert any(t.startswith("misp-galaxy:country=") for t in tags) or not files, tags
    rows = check_csv(d / "incidents.csv", expect["columns"])
    assert len(rows) == expect["incidents"], len(rows)
    events = check_csv(d / "plover.csv")
    assert all(r["event_type"] in {"ACCUSE", "REJECT", "SANCTION", "CONSULT", "COERCE",
                                   "ASSAULT"} for r in events)
    print(f"python acceptance ok: {objects} STIX objects, {len(files)} MISP events, "
          f"{len(rows)} CSV rows, {len(events)} PLOVER rows")


if __name__ == "__main__":
    main()
