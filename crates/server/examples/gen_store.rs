//! Fill a store with synthetic news articles about state cyber operations, for load tests:
//! `cargo run --release -p dossier-server --example gen_store -- DB N [--seed S] [--threads T] [--model]`.
//!
//! The text is our own: sentences built from templates, with the actors, agencies,
//! states, malware and products of the core knowledge base and invented victims, dates,
//! CVE ids and filler vocabulary. Articles come in groups that report one invented
//! incident (same victim, actor, tools and dates in other words, several outlets, days
//! apart), so merging has incidents to find; the filler makes full-text search rank over
//! common, middling and rare terms. Every article goes through the real extraction
//! pipeline (rules only, unless `--model`) and `put_document`, exactly as `dossier ingest`
//! stores it. Deterministic for a seed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

use dossier_kb::{AliasForm, EntityKind, Kb, KbEntry};
use dossier_model::date::{MONTH_NAMES, WEEKDAY_NAMES};
use dossier_model::{Document, Metadata, PartialDate};
use dossier_store::{SqliteStore, Store};

/// SplitMix64: small, fast, good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The KB entries the articles name.
struct Cast {
    /// Threat actors of the states most often blamed, with their state's entry.
    actors: Vec<(String, String)>,
    /// States that are blamed: (name, demonym).
    sponsors: Vec<(String, String, String)>,
    /// States whose institutions are hit and that speak: (code, name, demonym).
    states: Vec<(String, String, String)>,
    /// Agencies by state code: display names.
    agencies: Vec<(String, String)>,
    malware: Vec<String>,
    products: Vec<String>,
}

fn demonym(e: &KbEntry) -> Option<String> {
    e.aliases
        .iter()
        .find(|a| a.form == AliasForm::Demonym)
        .map(|a| a.text.clone())
}

fn short_name(e: &KbEntry) -> String {
    e.aliases
        .iter()
        .find(|a| a.form == AliasForm::Acronym && a.text.len() >= 3)
        .map_or_else(|| e.name.clone(), |a| a.text.clone())
}

impl Cast {
    fn of(kb: &Kb) -> Cast {
        const SPONSORS: [&str; 4] = ["CN", "RU", "IR", "KP"];
        let country = |code: &str| kb.get(&format!("country:{code}"));
        let sponsors = SPONSORS
            .iter()
            .filter_map(|c| {
                let e = country(c)?;
                Some((c.to_string(), e.name.clone(), demonym(e)?))
            })
            .collect();
        let mut states = Vec::new();
        let mut agencies = Vec::new();
        for e in kb.entries() {
            match e.kind {
                EntityKind::Agency => {
                    if let Some(c) = &e.country {
                        agencies.push((c.clone(), short_name(e)));
                    }
                }
                EntityKind::Country => {
                    let code = e.id.trim_start_matches("country:");
                    if !SPONSORS.contains(&code)
                        && let Some(d) = demonym(e)
                    {
                        states.push((code.to_string(), e.name.clone(), d));
                    }
                }
                _ => {}
            }
        }
        // States that have agencies speak; keep those, they make attributions.
        states.retain(|(code, _, _)| agencies.iter().any(|(c, _)| c == code));
        let of_kind = |k: EntityKind| -> Vec<&KbEntry> {
            kb.entries().iter().filter(|e| e.kind == k).collect()
        };
        let actors = of_kind(EntityKind::ThreatActor)
            .into_iter()
            .filter_map(|e| {
                let c = e.country.as_deref()?;
                SPONSORS
                    .contains(&c)
                    .then(|| (e.name.clone(), c.to_string()))
            })
            .collect();
        Cast {
            actors,
            sponsors,
            states,
            agencies,
            malware: of_kind(EntityKind::Malware)
                .iter()
                .map(|e| e.name.clone())
                .collect(),
            products: of_kind(EntityKind::Product)
                .iter()
                .map(|e| e.name.clone())
                .collect(),
        }
    }
}

const INSTITUTIONS: &[&str] = &[
    "Ministry of Defence",
    "Ministry of Foreign Affairs",
    "Ministry of Finance",
    "Ministry of Health",
    "parliament",
    "electoral commission",
    "central bank",
    "space agency",
    "tax administration",
    "national statistics office",
    "defence research institute",
    "state broadcaster",
    "university hospital",
    "police academy",
    "national archives",
    "patent office",
    "supreme court",
    "foreign trade agency",
    "meteorological institute",
    "customs service",
];

const OUTLETS: &[&str] = &[
    "The Morning Ledger",
    "Harbor Times",
    "Capital Dispatch",
    "Northern Courier",
    "Daily Signal",
    "The Security Wire",
    "Evening Standardbearer",
    "Policy Review Online",
    "Tech Frontier News",
    "Continental Post",
];

const SYSTEMS: &[&str] = &[
    "email servers",
    "internal network",
    "VPN gateways",
    "document management system",
    "payroll platform",
    "remote access portal",
    "research network",
    "cloud tenant",
];

const DATA: &[&str] = &[
    "diplomatic cables",
    "procurement files",
    "personal data of employees",
    "research on satellite navigation",
    "negotiation positions",
    "design documents",
    "voter registration records",
    "financial statements",
];

const FILLER_SUBJECTS: &[&str] = &[
    "Security researchers",
    "Officials",
    "Analysts",
    "Lawmakers",
    "The company",
    "Incident responders",
    "A spokesperson",
    "Independent experts",
    "Opposition politicians",
    "Industry groups",
];

const FILLER_VERBS: &[&str] = &[
    "warned that",
    "noted that",
    "argued that",
    "cautioned that",
    "stressed that",
    "pointed out that",
    "acknowledged that",
    "said privately that",
];

const FILLER_CLAIMS: &[&str] = &[
    "backups had not been tested in years",
    "multi-factor authentication was missing on several accounts",
    "the budget for cyber defence had been cut twice",
    "contractors with broad access were the weakest link",
    "legacy systems could not be patched quickly",
    "the episode exposed gaps in supply chain oversight",
    "insurers are raising premiums across the sector",
    "rented servers make attribution slow",
    "a joint advisory with technical indicators would follow",
    "operators were told to review their firewall rules",
    "a parliamentary inquiry would examine the response",
    "staff training had lagged behind the threat",
    "the regulator would publish new guidance in the autumn",
    "information sharing between agencies had improved",
    "recruiting security engineers remained difficult",
    "the incident response plan worked largely as written",
    "cloud migration had widened the attack surface",
    "logging retention was too short for a full investigation",
];

/// Weekdays a working news desk reports on.
const WEEKDAYS: &[&str] = WEEKDAY_NAMES.split_at(5).0;

/// One invented incident: who, against whom, with what, when.
struct Incident {
    victim: String,
    victim_state: (String, String, String),
    actor: (String, String),
    sponsor: (String, String, String),
    speaker: String,
    malware: Option<String>,
    product: Option<String>,
    cve: Option<String>,
    system: &'static str,
    data: &'static str,
    year: i32,
    month: u32,
    codename: String,
    sanctions: bool,
    denial: bool,
}

/// A made-up operation codename from syllables (a rare term for search).
fn codename(rng: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "ka", "ro", "ven", "tal", "mir", "zu", "dor", "eli", "qua", "sen", "tor", "vix", "lan",
        "bre", "ost",
    ];
    let n = 2 + rng.below(2);
    let mut s: String = (0..n).map(|_| *rng.pick(SYL)).collect();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// A made-up company name ("Velantra"), from other syllables than the codenames: about
/// 8,000 names, so that few companies are hit twice. Names carry no kind ("Holdings",
/// "Logistics"): the grouping takes names sharing such words for one victim, and a
/// sector word ("logistics", "telecom") for a sector victim, and would chain thousands
/// of unrelated invented incidents into a few, which no real corpus of this size holds.
fn company(rng: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "vel", "an", "tra", "mor", "ish", "cal", "dex", "ora", "ben", "tiq", "sol", "far", "nex",
        "ium", "gar", "ply", "zen", "ast", "rio", "kel",
    ];
    let n = 2 + rng.below(2);
    capitalise(&(0..n).map(|_| *rng.pick(SYL)).collect::<String>())
}

fn incident(cast: &Cast, rng: &mut Rng) -> Incident {
    let actor = rng.pick(&cast.actors).clone();
    let sponsor = cast
        .sponsors
        .iter()
        .find(|s| s.0 == actor.1)
        .cloned()
        .unwrap_or_else(|| rng.pick(&cast.sponsors).clone());
    let victim_state = rng.pick(&cast.states).clone();
    let victim = if rng.chance(40) {
        format!("the {} {}", victim_state.2, rng.pick(INSTITUTIONS))
    } else {
        company(rng)
    };
    let speakers: Vec<&String> = cast
        .agencies
        .iter()
        .filter(|(c, _)| *c == victim_state.0)
        .map(|(_, n)| n)
        .collect();
    let speaker = if speakers.is_empty() || rng.chance(30) {
        format!("The {} government", victim_state.2)
    } else {
        let name = rng.pick(&speakers);
        // "CISA said", but "The National Crime Agency said".
        if name.chars().any(char::is_lowercase) {
            format!("The {name}")
        } else {
            name.to_string()
        }
    };
    let year = 2014 + rng.below(12) as i32;
    Incident {
        victim,
        victim_state,
        actor,
        sponsor,
        speaker,
        malware: rng.chance(60).then(|| rng.pick(&cast.malware).clone()),
        product: rng.chance(40).then(|| rng.pick(&cast.products).clone()),
        cve: rng.chance(30).then(|| {
            format!(
                "CVE-{}-{}",
                year - rng.below(2) as i32,
                1000 + rng.below(48000)
            )
        }),
        system: SYSTEMS[rng.below(SYSTEMS.len())],
        data: DATA[rng.below(DATA.len())],
        year,
        month: 1 + rng.below(12) as u32,
        codename: codename(rng),
        sanctions: rng.chance(25),
        denial: rng.chance(50),
    }
}

/// One article about `inc`, the `k`th of its group.
fn article(inc: &Incident, k: usize, rng: &mut Rng) -> Document {
    let month = MONTH_NAMES[inc.month as usize - 1];
    let when = format!("{month} {}", inc.year);
    let victim_cap = capitalise(&inc.victim);
    let mut paras: Vec<String> = Vec::new();
    let title = match rng.below(4) {
        0 => format!("{victim_cap} hit by cyberattack blamed on {}", inc.actor.0),
        1 => format!(
            "{} accuses {} of hacking {}",
            inc.victim_state.1, inc.sponsor.1, inc.victim
        ),
        2 => format!("Hackers breached {} in {when}, officials say", inc.victim),
        _ => format!(
            "Espionage campaign '{}' targeted {}",
            inc.codename, inc.victim
        ),
    };
    let lead = match rng.below(3) {
        0 => format!(
            "{victim_cap} said on {} that hackers had breached its {} in {when} and stolen {}.",
            rng.pick(WEEKDAYS),
            inc.system,
            inc.data
        ),
        1 => format!(
            "A cyber espionage operation against {} in {when} gave the attackers access to {} for several months.",
            inc.victim, inc.data
        ),
        _ => format!(
            "Attackers broke into the {} of {} in {when}, according to officials.",
            inc.system, inc.victim
        ),
    };
    paras.push(lead);
    let mut tech = Vec::new();
    if let Some(m) = &inc.malware {
        tech.push(format!(
            "Investigators found the {m} malware on several machines."
        ));
    }
    if let (Some(cve), Some(p)) = (&inc.cve, &inc.product) {
        tech.push(format!(
            "The intruders exploited {cve}, a vulnerability in {p}, to get in."
        ));
    } else if let Some(p) = &inc.product {
        tech.push(format!(
            "The attackers gained access through unpatched {p} devices."
        ));
    }
    tech.push(format!(
        "The operation was dubbed {} by the analysts who tracked it.",
        inc.codename
    ));
    paras.push(tech.join(" "));
    let attribution = match rng.below(3) {
        0 => format!(
            "{} attributed the intrusion to {}, a group it links to {} intelligence.",
            inc.speaker, inc.actor.0, inc.sponsor.2
        ),
        1 => format!(
            "{} said with high confidence that {} was behind the espionage campaign.",
            inc.speaker, inc.sponsor.1
        ),
        _ => format!(
            "According to {}, the operation was likely carried out by {}.",
            lowercase_the(&inc.speaker),
            inc.actor.0
        ),
    };
    paras.push(attribution);
    if inc.denial && rng.chance(80) {
        paras.push(format!(
            "{}'s foreign ministry denied any involvement and called the accusations groundless.",
            inc.sponsor.1
        ));
    }
    if inc.sanctions && rng.chance(80) {
        paras.push(format!(
            "{} imposed sanctions on {} officers linked to {} in response.",
            inc.victim_state.1,
            2 + rng.below(8),
            inc.actor.0
        ));
    }
    // Filler: what makes every article a different text of realistic length.
    for _ in 0..(3 + rng.below(5)) {
        let sentences: Vec<String> = (0..(2 + rng.below(3)))
            .map(|_| {
                format!(
                    "{} {} {}.",
                    rng.pick(FILLER_SUBJECTS),
                    rng.pick(FILLER_VERBS),
                    rng.pick(FILLER_CLAIMS)
                )
            })
            .collect();
        paras.push(sentences.join(" "));
    }
    // Reports appear days to weeks after the operation became known.
    let month = (inc.month + (k as u32 + rng.below(2) as u32)).min(12);
    let day = 1 + rng.below(28) as u32;
    let published = PartialDate::day(inc.year, month, day);
    let meta = Metadata {
        source: format!("synthetic://article/{}", rng.next()),
        title: Some(title.clone()),
        outlet: Some(rng.pick(OUTLETS).to_string()),
        published,
        language: "en".into(),
        ..Metadata::default()
    };
    Document::new(format!("{title}\n\n{}", paras.join("\n\n")), meta)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn lowercase_the(s: &str) -> String {
    s.strip_prefix("The ")
        .map_or_else(|| s.to_string(), |rest| format!("the {rest}"))
}

struct Args {
    db: PathBuf,
    n: usize,
    seed: u64,
    threads: usize,
    model: bool,
}

fn args() -> Result<Args, String> {
    let usage = "usage: gen_store DB N [--seed S] [--threads T] [--model]";
    let mut it = std::env::args().skip(1);
    let db = PathBuf::from(it.next().ok_or(usage)?);
    let n = it
        .next()
        .ok_or(usage)?
        .parse()
        .map_err(|_| "N must be a number of articles")?;
    let mut a = Args {
        db,
        n,
        seed: 1,
        threads: 1,
        model: false,
    };
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => a.seed = value()?.parse().map_err(|_| "--seed takes a number")?,
            "--threads" => a.threads = value()?.parse().map_err(|_| "--threads takes a number")?,
            "--model" => a.model = true,
            other => return Err(format!("unknown flag {other}; {usage}")),
        }
    }
    Ok(a)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let kb = Arc::new(Kb::core());
    let cast = Cast::of(&kb);
    if cast.actors.is_empty() || cast.states.is_empty() || cast.sponsors.is_empty() {
        return Err("the knowledge base lacks actors, states or sponsors to write about".into());
    }
    let options = dossier_extract::Options {
        model: if args.model {
            dossier_learn::CasieModel::shipped().map(Arc::new)
        } else {
            None
        },
    };
    let pipeline = Arc::new(dossier_extract::pipeline(kb.clone(), &options));
    let mut store = SqliteStore::open(&args.db)?;
    let started = Instant::now();
    // Articles are written by this thread; T workers annotate them, each its own share of
    // the incidents (a worker's groups stay together, so the output is the same for any T).
    let (tx, rx) = mpsc::sync_channel::<Document>(256);
    let threads = args.threads.max(1);
    let mut stored = 0usize;
    std::thread::scope(|scope| -> Result<(), Box<dyn std::error::Error>> {
        for w in 0..threads {
            let tx = tx.clone();
            let pipeline = pipeline.clone();
            let cast = &cast;
            let (n, seed) = (args.n, args.seed);
            scope.spawn(move || {
                let mut rng = Rng(seed);
                let mut written = 0usize;
                let mut group = 0usize;
                while written < n {
                    let inc = incident(cast, &mut rng);
                    let size = 1 + rng.below(7);
                    let mine = group % threads == w;
                    for k in 0..size.min(n - written) {
                        let mut doc = article(&inc, k, &mut rng);
                        if mine {
                            if pipeline.run(&mut doc).is_err() {
                                continue;
                            }
                            if tx.send(doc).is_err() {
                                return;
                            }
                        }
                    }
                    written += size;
                    group += 1;
                }
            });
        }
        drop(tx);
        for doc in rx {
            store.put_document(&doc)?;
            stored += 1;
            if stored.is_multiple_of(5000) {
                eprintln!(
                    "{stored} articles in {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Ok(())
    })?;
    let counts = store.count()?;
    eprintln!(
        "stored {stored} articles in {:.0} s; the store holds {} articles, {} entities, {} events",
        started.elapsed().as_secs_f64(),
        counts.articles,
        counts.entities,
        counts.events
    );
    Ok(())
}
