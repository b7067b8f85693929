"""Issue 7 acceptance: taxii2-client reads dossier's TAXII 2.1 server.

Usage: python taxii_acceptance.py URL TOKEN
URL is the discovery endpoint (http://127.0.0.1:PORT/taxii2/).
"""

import sys

from taxii2client.v21 import Server, as_pages


def main(url, token):
    server = Server(url, user="x", password=token)
    assert server.title, "discovery has no title"
    root = server.default
    assert root is not None, "no default API root"
    assert "application/taxii+json;version=2.1" in root.versions, root.versions
    collections = root.collections
    by_alias = {c._raw.get("alias"): c for c in collections}
    assert "all" in by_alias and "incidents-espionage" in by_alias, list(by_alias)
    report = []
    for alias, coll in by_alias.items():
        assert coll.can_read and not coll.can_write
        total = len(coll.get_objects(limit=1000).get("objects", []))
        paged, pages = [], 0
        for envelope in as_pages(coll.get_objects, per_request=2):
            pages += 1
            paged.extend(o["id"] for o in envelope.get("objects", []))
        assert len(paged) == total, (alias, len(paged), total)
        assert len(set(paged)) == total, f"{alias}: an object came twice"
        if total:
            first = paged[0]
            one = coll.get_object(first)
            assert one["objects"][0]["id"] == first
            manifest = coll.get_manifest(limit=1000)
            assert len(manifest["objects"]) == total
        if alias == "all":
            assert total > 0, "the all collection is empty"
        if total:
            report.append(f"{alias}: {total} objects in {pages} pages")
    print("; ".join(report))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
