//! Scores the default pipeline on our own hand-written sentences
//! (`tests/data/statements/{dev,heldout}.jsonl` at the repo root) and fails when the
//! scores fall more than [`TOLERANCE`] below the recorded ones.
//!
//! Matching: predicted and gold events pair up by type; a pair is correct when every
//! core role the gold event fills (speaker/accused, by/against, attacker/victim) has a
//! predicted argument of that role whose entity has the gold country (or, for gold
//! arguments without a country, whose text overlaps the gold text). Statements and
//! responses are always scored; operations only in items marked `"operations": true`,
//! the ones where every operation is annotated. Run with `--nocapture` to see tables.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use dossier_extract::{Options, pipeline};
use dossier_kb::Kb;
use dossier_model::event::EventFamily;
use dossier_model::{Document, Event, EventType, Metadata, PartialDate, Pipeline, Role};
use serde_json::Value;

/// Recorded scores (rules only, `Options::default()`): event F1 and role F1 per split.
const DEV_EVENT_F1: f64 = 0.795;
const DEV_ROLE_F1: f64 = 0.795;
const HELDOUT_EVENT_F1: f64 = 0.871;
const HELDOUT_ROLE_F1: f64 = 0.865;
/// How far a score may fall below the recorded one before the test fails.
const TOLERANCE: f64 = 0.02;

/// Roles scored, with whether they are core for their family (core roles of a predicted
/// event always count; other roles count only where the gold event has them).
const SCORED_ROLES: &[(Role, bool)] = &[
    (Role::Speaker, true),
    (Role::Accused, true),
    (Role::By, true),
    (Role::Against, true),
    (Role::Attacker, true),
    (Role::Victim, true),
    (Role::Tool, false),
    (Role::VulnerableSystem, false),
    (Role::Cve, false),
    (Role::CompromisedData, false),
    (Role::NumberOfData, false),
];

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/statements")
}

struct GoldArg {
    role: Role,
    country: Option<String>,
    text: String,
}

struct GoldEvent {
    kind: EventType,
    args: Vec<GoldArg>,
    hedge: Option<String>,
    time: Option<String>,
}

struct Item {
    id: String,
    text: String,
    published: Option<String>,
    events: Vec<GoldEvent>,
    operations: bool,
}

fn read_items(split: &str) -> Vec<Item> {
    let path = data_dir().join(format!("{split}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            let s = |v: &Value| v.as_str().map(str::to_string);
            let events = v["events"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| GoldEvent {
                    kind: e["type"]
                        .as_str()
                        .and_then(|t| t.parse().ok())
                        .expect("type"),
                    args: e["args"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|a| GoldArg {
                            role: a["role"]
                                .as_str()
                                .and_then(|r| r.parse().ok())
                                .expect("role"),
                            country: s(&a["country"]),
                            text: s(&a["text"]).unwrap_or_default(),
                        })
                        .collect(),
                    hedge: s(&e["hedge"]),
                    time: s(&e["time"]),
                })
                .collect();
            Item {
                id: s(&v["id"]).expect("id"),
                text: s(&v["text"]).expect("text"),
                published: s(&v["published"]),
                events,
                operations: v["operations"].as_bool().unwrap_or(false),
            }
        })
        .collect()
}

fn run(p: &Pipeline, item: &Item) -> Document {
    let meta = Metadata {
        source: item.id.clone(),
        language: "en".into(),
        published: item.published.as_deref().and_then(PartialDate::parse_iso),
        ..Metadata::default()
    };
    let mut doc = Document::new(item.text.clone(), meta);
    p.run(&mut doc).expect("pipeline runs");
    doc
}

fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn arg_matches(doc: &Document, pred: &dossier_model::Arg, gold: &GoldArg) -> bool {
    if pred.role != gold.role {
        return false;
    }
    match &gold.country {
        Some(c) => {
            pred.entity
                .as_deref()
                .and_then(|id| doc.entity(id))
                .and_then(|e| e.country.as_deref())
                == Some(c.as_str())
        }
        None => overlaps(&pred.text, &gold.text),
    }
}

/// Whether `role` is core for events of type `kind`. The victim is core for operations
/// only: a statement's victim ("blamed APT31 for the breach of the parliament") is the
/// operation's business, and the gold gives it only now and then.
fn is_core(role: Role, kind: EventType) -> bool {
    SCORED_ROLES.iter().any(|(r, core)| *r == role && *core)
        && (role != Role::Victim || kind.family() == EventFamily::Operation)
}

/// A denial's accused (the party the denial clears) is annotated only in the items written
/// since session 21 (`h22-*` on): where the gold gives none, a predicted one is not
/// counted; where it gives one, it is core like any accused.
fn optional(role: Role, kind: EventType) -> bool {
    role == Role::Accused && kind == EventType::Denial
}

/// Whether an optional role is absent from the gold event, so that predictions of it
/// are not scored.
fn unannotated(role: Role, kind: EventType, gold: &GoldEvent) -> bool {
    optional(role, kind) && gold.args.iter().all(|a| a.role != role)
}

fn is_scored(role: Role) -> bool {
    SCORED_ROLES.iter().any(|(r, _)| *r == role)
}

/// Alignment score: matched arguments, with text overlap as the tiebreak.
fn pair_score(doc: &Document, pred: &Event, gold: &GoldEvent) -> usize {
    gold.args
        .iter()
        .map(|g| {
            let m = pred.args.iter().any(|p| arg_matches(doc, p, g));
            let t = pred
                .args
                .iter()
                .any(|p| p.role == g.role && overlaps(&p.text, &g.text));
            2 * usize::from(m) + usize::from(t)
        })
        .sum()
}

fn event_correct(doc: &Document, pred: &Event, gold: &GoldEvent) -> bool {
    gold.args
        .iter()
        .filter(|g| is_core(g.role, gold.kind))
        .map(|g| g.role)
        .all(|role| {
            gold.args
                .iter()
                .filter(|g| g.role == role)
                .any(|g| pred.args.iter().any(|p| arg_matches(doc, p, g)))
        })
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    tp_gold: usize,
    tp_pred: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.tp_gold += o.tp_gold;
        self.tp_pred += o.tp_pred;
    }
    fn p(&self) -> f64 {
        ratio(self.tp_pred, self.pred)
    }
    fn r(&self) -> f64 {
        ratio(self.tp_gold, self.gold)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[derive(Default)]
struct Report {
    by_type: BTreeMap<EventType, Counts>,
    by_role: BTreeMap<Role, Counts>,
    hedges: (usize, usize),
    times: (usize, usize),
    errors: Vec<String>,
}

impl Report {
    fn events(&self) -> Counts {
        let mut c = Counts::default();
        self.by_type.values().for_each(|x| c.add(*x));
        c
    }
    fn roles(&self) -> Counts {
        let mut c = Counts::default();
        self.by_role.values().for_each(|x| c.add(*x));
        c
    }
}

fn scored_events<'d>(doc: &'d Document, item: &Item) -> Vec<&'d Event> {
    doc.events
        .iter()
        .filter(|e| item.operations || e.kind.family() != EventFamily::Operation)
        .collect()
}

fn score_item(doc: &Document, item: &Item, report: &mut Report) {
    let preds = scored_events(doc, item);
    // Greedy one-to-one alignment by type, best-scoring pairs first.
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (pi, p) in preds.iter().enumerate() {
        for (gi, g) in item.events.iter().enumerate() {
            if p.kind == g.kind {
                pairs.push((pair_score(doc, p, g), pi, gi));
            }
        }
    }
    pairs.sort_by_key(|(s, pi, gi)| (std::cmp::Reverse(*s), *pi, *gi));
    let mut pred_of_gold: Vec<Option<usize>> = vec![None; item.events.len()];
    let mut used = vec![false; preds.len()];
    for (_, pi, gi) in pairs {
        if !used[pi] && pred_of_gold[gi].is_none() {
            used[pi] = true;
            pred_of_gold[gi] = Some(pi);
        }
    }
    for (gi, g) in item.events.iter().enumerate() {
        let c = report.by_type.entry(g.kind).or_default();
        c.gold += 1;
        let pred = pred_of_gold[gi].map(|pi| preds[pi]);
        let correct = pred.is_some_and(|p| event_correct(doc, p, g));
        if correct {
            c.tp_gold += 1;
            c.tp_pred += 1;
            if g.hedge.is_some() || pred.is_some_and(|p| p.hedge.is_some()) {
                report.hedges.1 += 1;
                let ph = pred.and_then(|p| p.hedge.clone());
                if ph.as_deref().map(str::to_lowercase) == g.hedge.as_deref().map(str::to_lowercase)
                {
                    report.hedges.0 += 1;
                }
            }
        } else {
            report.errors.push(format!(
                "{}: missed {} {}",
                item.id,
                g.kind,
                describe_gold(g)
            ));
        }
        if let Some(t) = &g.time {
            report.times.1 += 1;
            if pred
                .and_then(|p| p.time.as_ref())
                .and_then(|t| t.value.as_deref())
                == Some(t)
            {
                report.times.0 += 1;
            }
        }
        // Roles of this gold event against its aligned prediction (if any).
        for (role, _) in SCORED_ROLES {
            let core = is_core(*role, g.kind) && !unannotated(*role, g.kind, g);
            let gold_args: Vec<&GoldArg> = g.args.iter().filter(|a| a.role == *role).collect();
            let rc = report.by_role.entry(*role).or_default();
            rc.gold += gold_args.len();
            rc.tp_gold += gold_args
                .iter()
                .filter(|ga| pred.is_some_and(|p| p.args.iter().any(|pa| arg_matches(doc, pa, ga))))
                .count();
            if let Some(p) = pred
                && (core || !gold_args.is_empty())
            {
                let pa: Vec<_> = p.args.iter().filter(|a| a.role == *role).collect();
                rc.pred += pa.len();
                rc.tp_pred += pa
                    .iter()
                    .filter(|a| gold_args.iter().any(|ga| arg_matches(doc, a, ga)))
                    .count();
            }
        }
    }
    for (pi, p) in preds.iter().enumerate() {
        let aligned_gold = pred_of_gold.iter().position(|x| *x == Some(pi));
        let correct = aligned_gold.is_some_and(|gi| event_correct(doc, p, &item.events[gi]));
        report.by_type.entry(p.kind).or_default().pred += 1;
        if !correct {
            report.errors.push(format!(
                "{}: spurious {} {}",
                item.id,
                p.kind,
                describe_pred(doc, p)
            ));
        }
        if aligned_gold.is_none() {
            for a in p.args.iter().filter(|a| {
                is_scored(a.role) && is_core(a.role, p.kind) && !optional(a.role, p.kind)
            }) {
                report.by_role.entry(a.role).or_default().pred += 1;
            }
        }
    }
}

fn describe_gold(g: &GoldEvent) -> String {
    g.args
        .iter()
        .map(|a| {
            format!(
                "{}={}({})",
                a.role,
                a.text,
                a.country.as_deref().unwrap_or("-")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn describe_pred(doc: &Document, p: &Event) -> String {
    let args = p
        .args
        .iter()
        .filter(|a| is_scored(a.role))
        .map(|a| {
            let c = a
                .entity
                .as_deref()
                .and_then(|id| doc.entity(id))
                .and_then(|e| e.country.clone())
                .unwrap_or_else(|| "-".into());
            format!("{}={}({c})", a.role, a.text)
        })
        .collect::<Vec<_>>()
        .join(" ");
    format!("[{}] {args}", p.trigger.text)
}

fn evaluate(p: &Pipeline, split: &str) -> Report {
    let mut report = Report::default();
    for item in read_items(split) {
        let doc = run(p, &item);
        score_item(&doc, &item, &mut report);
    }
    report
}

fn print(split: &str, label: &str, r: &Report) {
    println!("\n### {split} ({label})\n");
    println!("| event type | gold | predicted | P | R | F1 |\n|---|---|---|---|---|---|");
    for (k, c) in &r.by_type {
        println!(
            "| {k} | {} | {} | {:.2} | {:.2} | {:.2} |",
            c.gold,
            c.pred,
            c.p(),
            c.r(),
            c.f1()
        );
    }
    let e = r.events();
    println!(
        "| **all** | {} | {} | {:.3} | {:.3} | {:.3} |",
        e.gold,
        e.pred,
        e.p(),
        e.r(),
        e.f1()
    );
    println!("\n| role | gold | predicted | P | R | F1 |\n|---|---|---|---|---|---|");
    for (k, c) in r.by_role.iter().filter(|(_, c)| c.gold + c.pred > 0) {
        println!(
            "| {k} | {} | {} | {:.2} | {:.2} | {:.2} |",
            c.gold,
            c.pred,
            c.p(),
            c.r(),
            c.f1()
        );
    }
    let ro = r.roles();
    println!(
        "| **all** | {} | {} | {:.3} | {:.3} | {:.3} |",
        ro.gold,
        ro.pred,
        ro.p(),
        ro.r(),
        ro.f1()
    );
    println!(
        "\nhedge agreement on correct statements: {}/{}; event time correct: {}/{}",
        r.hedges.0, r.hedges.1, r.times.0, r.times.1
    );
    if std::env::var_os("DEV_ERRORS").is_some() {
        for e in &r.errors {
            println!("  {e}");
        }
    }
}

fn check(split: &str, r: &Report, event_f1: f64, role_f1: f64) {
    let (e, ro) = (r.events().f1(), r.roles().f1());
    println!(
        "{split}: event F1 {e:.3} (recorded {event_f1:.3}), role F1 {ro:.3} (recorded {role_f1:.3})"
    );
    assert!(
        e + TOLERANCE >= event_f1,
        "{split} event F1 fell to {e:.3} from {event_f1:.3}"
    );
    assert!(
        ro + TOLERANCE >= role_f1,
        "{split} role F1 fell to {ro:.3} from {role_f1:.3}"
    );
}

#[test]
fn dev_and_heldout_scores_do_not_regress() {
    if !data_dir().exists() {
        println!("skipped: {} not found", data_dir().display());
        return;
    }
    let kb = Arc::new(Kb::core());
    let rules = pipeline(kb.clone(), &Options::default());
    let dev = evaluate(&rules, "dev");
    let heldout = evaluate(&rules, "heldout");
    print("dev", "rules", &dev);
    print("heldout", "rules", &heldout);
    if let Some(model) = dossier_learn::CasieModel::shipped() {
        let learned = pipeline(
            kb,
            &Options {
                model: Some(Arc::new(model)),
            },
        );
        print("dev", "rules + shipped model", &evaluate(&learned, "dev"));
    } else {
        println!("\nshipped CASIE model not loadable: learned run skipped");
    }
    check("dev", &dev, DEV_EVENT_F1, DEV_ROLE_F1);
    check("heldout", &heldout, HELDOUT_EVENT_F1, HELDOUT_ROLE_F1);
}

#[test]
fn every_item_is_well_formed() {
    if !data_dir().exists() {
        return;
    }
    let dev = read_items("dev");
    let heldout = read_items("heldout");
    assert!(dev.len() + heldout.len() >= 150, "at least 150 sentences");
    assert!(heldout.len() >= 50, "at least 50 held-out sentences");
    for item in dev.iter().chain(&heldout) {
        for g in &item.events {
            for a in &g.args {
                assert!(
                    item.text.to_lowercase().contains(&a.text.to_lowercase()),
                    "{}: {:?} not in the text",
                    item.id,
                    a.text
                );
            }
        }
    }
}
