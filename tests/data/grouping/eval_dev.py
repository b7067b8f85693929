#!/usr/bin/env python3
"""Grouping dev set: pairwise precision/recall/F1 of near-duplicates, stories, incidents.

Usage: eval_dev.py DOSSIER_BIN GROUP_EXAMPLE_BIN [--store] [--all-casie] [--show]
  DOSSIER_BIN        the built `dossier` binary (for `extract`, and `ingest` with --store)
  GROUP_EXAMPLE_BIN  the built `group` example of crates/stories
  --store            group the articles as `dossier ingest` stores them (with the sentence
                     layer, as the CLI's `incidents` and `stories` see them) rather than
                     from `extract` records, which leave sentence boundaries out
  --all-casie        add every other CASIE article (about 780, unlabelled) as distractors:
                     only pairs of labelled articles are scored, so this shows whether
                     grouping in a larger store chains unrelated reports together

The corpus is built in a temp dir at run time, never stored in the repo:
- the CASIE articles named in casie-incidents.json, read from ../shared/bench/casie;
- synthetic rewrites of our own examples/articles: each article, a copy with shuffled
  paragraphs and other boilerplate, and a copy with a sentence dropped and words swapped.
"""
import itertools, json, os, random, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CASIE = os.path.join(REPO, "..", "shared", "bench", "casie", "annotation")
SWAPS = [("said", "stated"), ("hackers", "intruders"), ("attack", "operation"),
         ("government", "authorities"), ("network", "systems"), ("officials", "sources")]
# Incidents among our examples: the follow-up reports the same intrusion as the first.
EXAMPLE_INCIDENTS = [["01", "02"], ["03"], ["04"], ["05"]]


def rewrite(text, seed, kind):
    rng = random.Random(seed)
    lines = text.split("\n")
    head, body = lines[:4], "\n".join(lines[4:])
    paras = [p for p in body.split("\n\n") if p.strip()]
    if kind == 1:
        first, rest = paras[:1], paras[1:]
        rng.shuffle(rest)
        paras = first + rest
        return "\n".join(head) + "\n\n" + "\n\n".join(paras) + \
            "\n\nShare this story. Sign up for our daily newsletter.\n"
    sentences = re.split(r"(?<=[.!?]) ", " ".join(paras))
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    out = " ".join(sentences)
    for a, b in SWAPS:
        out = re.sub(rf"\b{a}\b", b, out)
    return "\n".join(head) + "\n\n" + out + "\n\nCopyright the wire service. All rights reserved.\n"


def pairs(groups):
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(set(g)), 2)}


def prf(gold, pred):
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f:.3f} (gold {len(gold)}, predicted {len(pred)}, tp {tp})"


def main():
    dossier, group = sys.argv[1], sys.argv[2]
    use_store = "--store" in sys.argv[3:]
    all_casie = "--all-casie" in sys.argv[3:]
    show = "--show" in sys.argv[3:]  # list the missed and extra pairs
    labels = json.load(open(os.path.join(HERE, "casie-incidents.json")))
    tmp = tempfile.mkdtemp()
    gold_incidents, gold_dups = [], []
    if os.path.isdir(CASIE):
        for name, ids in labels["groups"].items():
            gold_incidents.append(ids)
        labelled = [i for g in labels["groups"].values() for i in g] + labels["singletons"]
        everything = sorted(f[:-5] for f in os.listdir(CASIE) if f.endswith(".json"))
        for i in everything if all_casie else labelled:
            d = json.load(open(os.path.join(CASIE, f"{i}.json")))
            date = d["info"].get("date", "").replace("_", "-")
            with open(os.path.join(tmp, f"{i}.txt"), "w") as f:
                f.write(f"{d['info'].get('title', '')}\n\nPublished: {date}\n\n{d['content']}\n")
    else:
        print("SKIPPED CASIE: ../shared not found", file=sys.stderr)
    ex_dir = os.path.join(REPO, "examples", "articles")
    for n, fname in enumerate(sorted(os.listdir(ex_dir))):
        text = open(os.path.join(ex_dir, fname)).read()
        base = fname[:2]
        names = [f"ex{base}-orig", f"ex{base}-rw1", f"ex{base}-rw2"]
        for name, body in zip(names, [text, rewrite(text, n, 1), rewrite(text, n, 2)]):
            open(os.path.join(tmp, name + ".txt"), "w").write(body)
        gold_dups.append(names)
    for g in EXAMPLE_INCIDENTS:
        gold_incidents.append([f"ex{b}-{v}" for b in g for v in ("orig", "rw1", "rw2")])
    files = sorted(os.path.join(tmp, f) for f in os.listdir(tmp))
    records = os.path.join(tmp, "records.jsonl")
    with open(records, "w") as out:
        subprocess.run([dossier, "extract", "--format", "jsonl", *files], stdout=out,
                       stderr=subprocess.DEVNULL, check=False)
    stem = lambda s: os.path.splitext(os.path.basename(s))[0]
    by_id, same_text = {}, []
    for line in open(records):
        r = json.loads(line)
        if r["id"] in by_id:  # identical clean texts share an id: a copy found for free
            same_text.append(frozenset((by_id[r["id"]], stem(r["source"]))))
            continue
        by_id[r["id"]] = stem(r["source"])
    source = records
    if use_store:
        source = os.path.join(tmp, "dev.db")
        subprocess.run([dossier, "--db", source, "--quiet", "ingest", *files],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    incidents = json.loads(subprocess.run([group, "incidents", source], capture_output=True,
                                          text=True, check=True).stdout)
    stories = json.loads(subprocess.run([group, "stories", source], capture_output=True,
                                        text=True, check=True).stdout)
    synthetic = {s for s in by_id.values() if s.startswith("ex")}
    scored = {x for g in gold_incidents for x in g} | set(labels["singletons"]) | synthetic
    if not all_casie:
        scored |= set(by_id.values())
    for pair in same_text:  # the copy joins whatever its original joined
        a, b = sorted(pair)
        for s in stories:
            if any(by_id.get(x) == a for x in s["articles"]):
                s["articles"].append("=" + b)
        for i in incidents:
            if any(stem(x["source"]) == a for x in i["articles"]):
                i["articles"].append({"source": b})
    by_id.update({"=" + b: b for b in (sorted(p)[1] for p in same_text)})
    pred_dups = {frozenset((by_id[a], by_id[b])) for s in stories for a, b in s["duplicates"]}
    pred_dups |= set(same_text)
    print(f"articles {len(by_id)} ({len(synthetic)} synthetic)")
    syn_dups = {p for p in pred_dups if all(x.startswith("ex") for x in p)}
    print("near-duplicates (synthetic copies):", prf(pairs(gold_dups), syn_dups))
    print("near-duplicate pairs flagged among CASIE:",
          sorted(tuple(sorted(p)) for p in pred_dups - syn_dups))
    inc_groups = [sorted({stem(a["source"]) for a in i["articles"]}) for i in incidents]
    story_groups = [[by_id[a] for a in s["articles"]] for s in stories]
    for label, part in [("all", lambda s: True), ("casie", lambda s: not s.startswith("ex")),
                        ("synthetic", lambda s: s.startswith("ex"))]:
        keep = lambda s, part=part: part(s) and s in scored
        gold = {p for p in pairs(gold_incidents) if all(keep(x) for x in p)}
        inc = {p for p in pairs(inc_groups) if all(keep(x) for x in p)}
        sto = {p for p in pairs(story_groups) if all(keep(x) for x in p)}
        print(f"incidents [{label}]:", prf(gold, inc))
        print(f"stories   [{label}]:", prf(gold, sto))
        if show and label == "all":
            for name, got in (("incidents", inc), ("stories", sto)):
                print(f"  {name} missed:", sorted(tuple(sorted(p)) for p in gold - got))
                print(f"  {name} extra:", sorted(tuple(sorted(p)) for p in got - gold))


if __name__ == "__main__":
    main()
