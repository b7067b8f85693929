//! Entities: KB names found by the gazetteer, states named through demonyms and
//! capitals, and a fallback for organisations and people the KB does not know.
//!
//! Order of trust: a KB match beats a fallback span that overlaps it; a demonym followed
//! by an institution word ("Chinese embassy", "Dutch Ministry of Defence") becomes one
//! government entity carrying the state's code; a demonym followed by an attacker word
//! ("Chinese state-backed hackers") becomes a threat-actor entity of that state; a bare
//! demonym or capital ("Beijing denies") is a mention of the state itself.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};

use dossier_kb::{AliasForm, Gazetteer, Kb};
use dossier_model::{Document, Entity, EntityKind, Mention, Span, Stage, StageError};
use regex::Regex;

use crate::lexicon;

/// The entity stage: fills [`Document::entities`].
pub struct Entities {
    kb: Arc<Kb>,
    gazetteer: Gazetteer,
}

impl Entities {
    /// An entity stage over a knowledge base (the gazetteer is built once here).
    pub fn new(kb: Arc<Kb>) -> Self {
        let gazetteer = kb.gazetteer();
        Entities { kb, gazetteer }
    }
}

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = self.find(doc);
        doc.entities = group(doc, found);
        Ok(())
    }
}

/// One entity mention before grouping (byte offsets).
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    id: String,
    name: String,
    kind: EntityKind,
    country: Option<String>,
}

impl Found {
    /// A name the KB does not know, with a local id of its kind.
    fn local(
        start: usize,
        end: usize,
        name: &str,
        kind: EntityKind,
        country: Option<String>,
    ) -> Found {
        Found {
            start,
            end,
            id: format!("local:{}:{}", kind.as_str(), slug(name)),
            name: name.to_string(),
            kind,
            country,
        }
    }

    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

/// Where the last word of `before` starts (after its last whitespace).
fn last_word_start(before: &str) -> usize {
    before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    })
}

impl Entities {
    fn find(&self, doc: &Document) -> Vec<Found> {
        let text = doc.text.as_str();
        let matches = self.gazetteer.find(text);
        let context = article_countries(&self.kb, &matches);
        let mut found: Vec<Found> = Vec::new();
        for m in &matches {
            let Some(entry) = pick_candidate(&self.kb, &m.ids, &context) else {
                continue;
            };
            let country = entry.country.clone();
            // "Ontario Provincial Police", "the Boston Globe": the place starts a body's
            // name, and the body is what the text speaks of.
            if entry.kind == EntityKind::Location && starts_a_body_name(text, m.end) {
                continue;
            }
            // "the Nagoya Harbor Transportation Authority": a capitalised sector word inside
            // a body's name is part of the name.
            if entry.kind == EntityKind::Sector
                && text[m.start..].starts_with(|c: char| c.is_uppercase())
                && starts_a_body_name(text, m.end)
            {
                continue;
            }
            if let Some(actor) = placed_attackers(text, m.start, m.end, entry) {
                found.push(actor);
                continue;
            }
            if let Some(compound) = state_compound(text, m.start, m.end, entry) {
                // "Russia's Federal Security Service": the whole phrase is the body the
                // KB knows by the name inside it, with that body's id.
                let known_body = matches
                    .iter()
                    .filter(|b| b.start >= m.end && b.end <= compound.end)
                    .filter_map(|b| pick_candidate(&self.kb, &b.ids, &context))
                    .find(|e| {
                        e.kind != EntityKind::Country
                            && e.kind.is_state_organ()
                            && e.country == entry.country
                    });
                if let Some(body) = known_body {
                    found.push(Found {
                        id: body.id.clone(),
                        name: body.name.clone(),
                        kind: body.kind,
                        country: body.country.clone(),
                        ..compound
                    });
                    continue;
                }
                // "Dutch intelligence agency MIVD": the named body after the description
                // carries the state; the description is not a second entity.
                if !named_body_follows(&self.kb, &matches, compound.end) {
                    found.push(compound);
                }
                continue;
            }
            // "Cuba ransomware": a family of code named after a place, not the state
            // ("Russian malware" is still Russia's).
            if matches!(entry.kind, EntityKind::Country | EntityKind::Location)
                && m.form == AliasForm::Name
                && names_code(text, m.end)
            {
                found.push(Found {
                    start: m.start,
                    end: m.end,
                    id: format!("local:malware:{}", slug(&m.alias)),
                    name: text[m.start..m.end].to_string(),
                    kind: EntityKind::Malware,
                    country: None,
                });
                continue;
            }
            if entry.kind == EntityKind::Malware
                && let Some(end) = crew_of_code(text, m.end)
            {
                // "the Akira ransomware group": the crew named after its code.
                found.push(Found::local(
                    m.start,
                    end,
                    &entry.name,
                    EntityKind::ThreatActor,
                    country,
                ));
                continue;
            }
            if m.form == AliasForm::Capital && is_locative(text, m.start, m.end) {
                found.push(Found {
                    start: m.start,
                    end: m.end,
                    id: format!("local:location:{}", slug(&m.alias)),
                    name: text[m.start..m.end].to_string(),
                    kind: EntityKind::Location,
                    country,
                });
                continue;
            }
            found.push(Found {
                start: m.start,
                end: m.end,
                id: entry.id.clone(),
                name: entry.name.clone(),
                kind: entry.kind,
                country,
            });
        }
        requalify_foreign_bodies(text, &mut found);
        // Bodies named without their state before the capitalised-name fallback, which
        // would read "the Centre" as an institution of whatever country is near.
        let home = home_bodies(text, &found);
        found.extend(home);
        let teams = response_teams(text, &found, &self.kb);
        found.extend(teams);
        let described = described_acronyms(text, &found);
        found.extend(described);
        let fallback = fallback_spans(text, &found, &self.kb);
        found.extend(fallback);
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut found = drop_nested(found);
        let again = definite_descriptions(doc, &found);
        found.extend(again);
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        found
    }
}

/// The end of a crew's noun right after a code's name ("Akira ransomware group", "Rhysida
/// gang", "the Qilin operators"), if one follows.
fn crew_of_code(text: &str, end: usize) -> Option<usize> {
    static CREW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s+(?:ransomware|ransomware-as-a-service|RaaS|extortion))?\s+(?:gang|group|crew|operators|affiliates|cartel)(?-u:\b)")
            .unwrap_or_else(|e| panic!("crew pattern: {e}"))
    });
    CREW.find(&text[end..]).map(|m| end + m.end())
}

/// "New Zealand's NCSC", "the Philippine National Security Council": a state's body whose
/// name the KB gives another state's body. The state named right before it wins; the
/// body becomes that state's own entity.
fn requalify_foreign_bodies(text: &str, found: &mut [Found]) {
    for i in 1..found.len() {
        let (before, rest) = found.split_at_mut(i);
        let body = &mut rest[0];
        let Some(state) = before.last() else { continue };
        if state.kind != EntityKind::Country
            || !matches!(
                body.kind,
                EntityKind::Agency | EntityKind::Government | EntityKind::Military
            )
            || state.country.is_none()
            || body.country.is_none()
            || state.country == body.country
            || state.end > body.start
        {
            continue;
        }
        let gap = &text[state.end..body.start];
        if !matches!(gap, " " | "'s " | "’s ") {
            continue;
        }
        let cc = state.country.clone().unwrap_or_default();
        body.id = format!(
            "local:{}:{}-{}",
            body.kind.as_str(),
            cc.to_lowercase(),
            slug(&text[body.start..body.end])
        );
        body.name = text[body.start..body.end].to_string();
        body.country = Some(cc);
    }
}

/// "CERT-IS", "CSIRT-MT": a national computer emergency team named by its state's ISO
/// code, the way most of them are, whether the KB knows the team or not.
fn response_teams(text: &str, known: &[Found], kb: &Kb) -> Vec<Found> {
    static TEAM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:CERT|CSIRT|CIRT)-(?P<cc>[A-Z]{2})\b")
            .unwrap_or_else(|e| panic!("response team pattern: {e}"))
    });
    TEAM.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            // "IS" inside "CERT-IS" is no mention of its own.
            if known
                .iter()
                .any(|k| k.start <= m.start() && m.end() <= k.end)
            {
                return None;
            }
            let state = kb.get(&format!("country:{}", c.name("cc")?.as_str()))?;
            Some(Found::local(
                m.start(),
                m.end(),
                m.as_str(),
                EntityKind::Agency,
                state.country.clone(),
            ))
        })
        .collect()
}

/// "the government's cybersecurity agency AGESIC", "Uruguay's cyber agency AGESIC": an
/// acronym the KB does not know, after a description of a state body, is that body. It
/// takes the state of a state compound that ends the description; without one it is a
/// home body ([`HOME_BODY`]), whose state the `home-bodies` stage finds.
fn described_acronyms(text: &str, known: &[Found]) -> Vec<Found> {
    static DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:(?:national|state|federal|government|official)\s+)?(?:cyber|cybersecurity|cyber-security|cyber\s+security|security|intelligence|counter-?intelligence|data[- ]protection|police|spy)\s+(?:agency|service|authority|regulator|watchdog|centre|center|team|directorate|bureau|unit|office),?\s+(?P<name>[A-Z][A-Z0-9]{2,7})\b")
            .unwrap_or_else(|e| panic!("described acronym pattern: {e}"))
    });
    DESCRIBED
        .captures_iter(text)
        .filter_map(|c| {
            let name = c.name("name")?;
            if known.iter().any(|k| k.overlaps(name.start(), name.end())) {
                return None;
            }
            let description = c.get(0)?;
            let state = known
                .iter()
                .find(|k| k.overlaps(description.start(), name.start()))
                .filter(|k| k.kind.is_state_organ())
                .and_then(|k| k.country.clone());
            let before = text[..description.start()].trim_end().to_lowercase();
            let home = before.ends_with("government's")
                || before.ends_with("country's")
                || before.ends_with("nation's")
                || before.ends_with("the");
            if state.is_none() && !home {
                return None;
            }
            let id = match state {
                Some(_) => format!("local:agency:{}", slug(name.as_str())),
                None => format!("{HOME_BODY}{}", slug(name.as_str())),
            };
            Some(Found {
                start: name.start(),
                end: name.end(),
                id,
                name: name.as_str().to_string(),
                kind: EntityKind::Agency,
                country: state,
            })
        })
        .collect()
}

/// Whether the words after `end` name malicious code ("ransomware", "malware",
/// "backdoor"), which makes the name before them a family's.
fn names_code(text: &str, end: usize) -> bool {
    let next = text[end..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    matches!(
        next.as_str(),
        "ransomware"
            | "malware"
            | "backdoor"
            | "trojan"
            | "wiper"
            | "botnet"
            | "stealer"
            | "loader"
    )
}

/// How many sentences back a definite description looks for what it names again.
const ANAPHORA_SENTENCES: usize = 3;

/// "the company said", "the embassy said in a statement": a definite description that
/// names again the nearest body of its kind named in the same sentence or the
/// [`ANAPHORA_SENTENCES`] before, as one more mention of that entity. Nothing when no
/// such body is near, or when the words go on to a name ("the ministry of defence",
/// "the company's").
fn definite_descriptions(doc: &Document, known: &[Found]) -> Vec<Found> {
    static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b[Tt]he\s+(?P<n>company|firm|vendor|embassy|ministry|agency|bureau|service|directorate|group|gang)\b")
            .unwrap_or_else(|e| panic!("description pattern: {e}"))
    });
    static PRODUCT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+(?:firewalls?|routers?|software|servers?|devices|appliances|products?|VPNs?|gateways?|browsers?)\b")
            .unwrap_or_else(|e| panic!("product-after pattern: {e}"))
    });
    let text = doc.text.as_str();
    let sentence = |byte: usize| doc.sentence_at(doc.span_of_bytes(byte, byte).start);
    DESCRIPTION
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let noun = c.name("n")?.as_str();
            let next = text[m.end()..].trim_start();
            // "the group tied to Locky", "the gang that": a new description, not a name
            // said again.
            let restrictive = matches!(noun, "group" | "gang")
                && matches!(
                    next.split_whitespace().next().unwrap_or(""),
                    "tied"
                        | "linked"
                        | "behind"
                        | "that"
                        | "which"
                        | "who"
                        | "known"
                        | "called"
                        | "dubbed"
                        | "named"
                        | "responsible"
                        | "based"
                        | "calling"
                        | "believed"
                        | "thought"
                        | "suspected"
                        | "said"
                        | "in"
                        | "from"
                        | "with"
                );
            if restrictive
                || next.starts_with("of ")
                || next.starts_with(['’', '\''])
                || next.chars().next().is_some_and(char::is_uppercase)
                || known.iter().any(|k| k.overlaps(m.start(), m.end()))
            {
                return None;
            }
            let here = sentence(m.start())?;
            let fits = |f: &Found| match noun {
                "company" | "firm" | "vendor" => f.kind == EntityKind::Company,
                // "the group had gone after 80 organisations" after "Star Blizzard".
                "group" | "gang" => f.kind == EntityKind::ThreatActor,
                "agency" => f.kind == EntityKind::Agency,
                "embassy" => f.name.to_lowercase().contains("embassy"),
                // "the bureau said" after "Taiwan's National Security Bureau".
                "bureau" | "service" | "directorate" => {
                    matches!(f.kind, EntityKind::Agency | EntityKind::Military)
                        && f.name.to_lowercase().contains(noun)
                }
                _ => f.kind == EntityKind::Government && f.name.to_lowercase().contains("ministry"),
            };
            let near = |f: &&Found| {
                f.end <= m.start()
                    && fits(f)
                    && sentence(f.start).is_some_and(|s| here - s <= ANAPHORA_SENTENCES)
            };
            // "Kimsuky, a North Korean hacking unit ... the group": a name before a
            // description of a state's hackers.
            // "exploited a flaw in Sophos firewalls ... sanctioned the firm": a vendor named
            // as its product's modifier is not the firm spoken of.
            let vendor_only = |f: &&Found| PRODUCT_AFTER.is_match(&text[f.end..]);
            let antecedent = known
                .iter()
                .rev()
                .filter(near)
                .find(|f| !f.id.ends_with("-state-actors") && !vendor_only(f))
                .or_else(|| known.iter().rev().find(near))?;
            Some(Found {
                start: m.start(),
                end: m.end(),
                ..antecedent.clone()
            })
        })
        .collect()
}

/// The id prefix of a body named without its state ("the police said"); the
/// `home-bodies` stage gives it the state the article is about.
pub const HOME_BODY: &str = "local:agency:home-";

/// "the police", "prosecutors", "the defence ministry": bodies of state named without
/// their state, one entity per word. Not where a name or a state's adjective already
/// covers them ("Dutch police", "Philippine National Police").
fn home_bodies(text: &str, known: &[Found]) -> Vec<Found> {
    static BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:[Tt]he\s+)?(?P<b>police|prosecutors)\b|\b[Tt]he\s+(?P<centre>Centre)\b|\b[Tt]he\s+(?:country's\s+|nation's\s+)?(?P<intel>(?:domestic\s+|foreign\s+|military\s+|national\s+)?intelligence\s+(?:service|agency))\b|\b[Tt]he\s+(?:country's|nation's)\s+(?P<intels>intelligence\s+(?:services|agencies))\b|\b[Tt]he\s+(?:country's\s+|nation's\s+)?(?P<ministry>(?:foreign|defen[cs]e|interior|justice|finance|health|education|energy|economy|transport|digital|home|public\s+works)\s+ministry)\b")
            .unwrap_or_else(|e| panic!("home body pattern: {e}"))
    });
    BODY.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            if known.iter().any(|k| k.overlaps(m.start(), m.end())) {
                return None;
            }
            // "the intelligence services of Russia": the state follows, not the home one.
            if (c.name("intel").is_some() || c.name("intels").is_some())
                && text[m.end()..].starts_with(" of ")
            {
                return None;
            }
            // "the Centre said": a federal government named by its seat in the
            // article's state (Indian usage), unless it is an institution's name ("the
            // Centre for Strategic Studies", "the Centre of Excellence").
            if c.name("centre").is_some() {
                let next = text[m.end()..].split_whitespace().next().unwrap_or("");
                if matches!(next, "for" | "of" | "on" | "in") || next.starts_with(['’', '\'']) {
                    return None;
                }
                return Some(Found {
                    start: m.start(),
                    end: m.end(),
                    id: format!("{HOME_BODY}central-government"),
                    name: "central government".to_string(),
                    kind: EntityKind::Government,
                    country: None,
                });
            }
            // "the domestic intelligence service said": the article's state's service.
            // "the country's intelligence services concluded": plural only with the
            // possessive ("sources in the intelligence services" are anyone's).
            if let Some(intel) = c.name("intel").or_else(|| c.name("intels")) {
                return Some(Found {
                    start: m.start(),
                    end: m.end(),
                    id: format!("{HOME_BODY}{}", slug(intel.as_str())),
                    name: intel.as_str().to_string(),
                    kind: EntityKind::Agency,
                    country: None,
                });
            }
            // "the defence ministry", "the country's public works ministry": a ministry
            // named by its portfolio alone is the article's state's ("the foreign ministry
            // in Nicosia" is placed by the `home-bodies` stage).
            if let Some(ministry) = c.name("ministry") {
                return Some(Found {
                    start: m.start(),
                    end: m.end(),
                    id: format!("{HOME_BODY}{}", slug(ministry.as_str())),
                    name: ministry.as_str().to_string(),
                    kind: EntityKind::Government,
                    country: None,
                });
            }
            let body = c.name("b")?.as_str();
            // A capitalised word right before names a body ("Metropolitan police").
            let before = text[..m.start()].trim_end();
            let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
            // "Federal prosecutors" are still the home state's.
            if c.name("b")?.start() == m.start()
                && word.chars().next().is_some_and(char::is_uppercase)
                && word != "Federal"
            {
                return None;
            }
            Some(Found {
                start: m.start(),
                end: m.end(),
                id: format!("{HOME_BODY}{body}"),
                name: body.to_string(),
                kind: EntityKind::Agency,
                country: None,
            })
        })
        .collect()
}

/// Countries named unambiguously in the article, used to pick among ambiguous candidates.
fn article_countries(kb: &Kb, matches: &[dossier_kb::GazMatch]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for m in matches.iter().filter(|m| m.ids.len() == 1) {
        if let Some(c) = m
            .ids
            .first()
            .and_then(|id| kb.get(id))
            .and_then(|e| e.country.clone())
        {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}

/// The candidate whose country the article mentions most; the first on a tie.
fn pick_candidate<'k>(
    kb: &'k Kb,
    ids: &[String],
    context: &HashMap<String, usize>,
) -> Option<&'k dossier_kb::KbEntry> {
    let entries: Vec<_> = ids.iter().filter_map(|id| kb.get(id)).collect();
    let score = |e: &&dossier_kb::KbEntry| {
        e.country
            .as_ref()
            .and_then(|c| context.get(c))
            .copied()
            .unwrap_or(0)
    };
    let best = entries.iter().map(score).max()?;
    entries.into_iter().find(|e| score(e) == best)
}

/// "Chinese embassy", "Dutch Ministry of Defence", "Chinese state-backed hackers",
/// "China's foreign ministry": a state name plus what it modifies, as one entity of that
/// state. "the Chinese state" and "British officials" stay mentions of the state itself.
fn state_compound(
    text: &str,
    start: usize,
    end: usize,
    entry: &dossier_kb::KbEntry,
) -> Option<Found> {
    if entry.kind != EntityKind::Country {
        return None;
    }
    let country = entry.country.as_deref()?;
    let after = &text[end..];
    let skip = ["’s", "'s"]
        .iter()
        .find(|p| after.starts_with(**p))
        .map_or(0, |p| p.len());
    let rest = &after[skip..];
    // The longer reading wins: "Chinese state-backed hackers" over "Chinese state",
    // "Japan's spy agency" over "Japan's spy".
    let institution_end = INSTITUTION_AFTER.find(rest).map_or(0, |m| m.end());
    if let Some(m) = ATTACKER_AFTER
        .find(rest)
        .filter(|m| m.end() >= institution_end)
    {
        // "Ukrainian military units": the state's forces themselves, which may be hit as
        // well as hit back, not hackers.
        if MILITARY_UNITS.is_match(m.as_str()) {
            return Some(Found {
                start,
                end: end + skip + m.end(),
                id: format!("local:military:{}-military-units", country.to_lowercase()),
                name: text[start..end + skip + m.end()].to_string(),
                kind: EntityKind::Military,
                country: Some(country.to_string()),
            });
        }
        return Some(state_actors(text, start, end + skip + m.end(), country));
    }
    if let Some(m) = INSTITUTION_AFTER.find(rest) {
        let phrase_end = end + skip + m.end();
        let head = m.as_str().trim();
        if lexicon::STATE_HEADS.contains(&head.to_lowercase().as_str()) {
            return Some(Found {
                start,
                end: phrase_end,
                id: entry.id.clone(),
                name: entry.name.clone(),
                kind: EntityKind::Country,
                country: Some(country.to_string()),
            });
        }
        let kind = lexicon::institution_kind(head);
        return Some(Found {
            start,
            end: phrase_end,
            id: format!(
                "local:{}:{}-{}",
                kind.as_str(),
                country.to_lowercase(),
                slug(head)
            ),
            name: text[start..phrase_end].to_string(),
            kind,
            country: Some(country.to_string()),
        });
    }
    None
}

/// "hackers based in China", "a group tied to North Korea's intelligence services",
/// "attackers operating out of Iran": attackers placed in or tied to a state, as one
/// threat-actor entity of that state (the mirror image of "Chinese hackers").
fn placed_attackers(
    text: &str,
    start: usize,
    end: usize,
    entry: &dossier_kb::KbEntry,
) -> Option<Found> {
    // Only a state itself: "hackers linked to APT31" keeps APT31 as the actor.
    let country = entry
        .country
        .as_deref()
        .filter(|_| entry.kind == EntityKind::Country)?;
    // The phrase is short: match on the last few hundred bytes, not the whole prefix,
    // which made this quadratic in the article's length.
    let from = text.ceil_char_boundary(start.saturating_sub(PLACED_WINDOW));
    let caps = PLACED_ATTACKERS.captures(&text[from..start])?;
    let head = caps.name("head")?;
    // "the campaign against rights groups was linked to Russia": a plural head with a
    // singular verb is not the verb's subject, and groups of rights, advocacy or
    // business are no attackers.
    let phrase = caps.get(0)?.as_str().to_lowercase();
    let plural = head.as_str().ends_with('s');
    let singular_verb = phrase.split_whitespace().any(|w| matches!(w, "was" | "is"));
    let modifier = text[from..from + head.start()]
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    if (plural && singular_verb)
        || matches!(
            modifier.as_str(),
            "rights"
                | "advocacy"
                | "opposition"
                | "activist"
                | "student"
                | "industry"
                | "lobby"
                | "business"
                | "media"
                | "civil-society"
                | "society"
        )
    {
        return None;
    }
    let head = from + head.start()..from + head.end();
    // The state's own body may follow ("North Korea's intelligence apparatus"): it is
    // part of the description, not a second entity.
    let end = state_compound(text, start, end, entry)
        .filter(|c| c.kind != EntityKind::ThreatActor)
        .map_or(end, |c| c.end);
    Some(state_actors(text, head.start, end, country))
}

/// The attackers of a state named by the phrase `text[start..end]`, one entity per state.
fn state_actors(text: &str, start: usize, end: usize, country: &str) -> Found {
    Found {
        start,
        end,
        id: format!("local:threat-actor:{}-state-actors", country.to_lowercase()),
        name: text[start..end].to_string(),
        kind: EntityKind::ThreatActor,
        country: Some(country.to_string()),
    }
}

/// Bytes before a state's name searched for [`PLACED_ATTACKERS`]: several times its longest
/// match, so the match never starts near the window's edge.
const PLACED_WINDOW: usize = 240;

/// An attacker noun and a placing or tying phrase that ends right before a state's name.
static PLACED_ATTACKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<head>(?:{}|cyber[\s-]?criminals|criminals|perpetrators|culprits))[\u{{201d}}\u{{2019}}\x22']?(?:,?[ \u{{a0}}]+(?:believed|thought|suspected|said|assessed|reported|alleged)[ \u{{a0}}]+to[ \u{{a0}}]+be)?[ \u{{a0}}]+(?:(?:who|that)[ \u{{a0}}]+)?(?:(?:are|were|is|was)[ \u{{a0}}]+)?(?:(?:allegedly|reportedly|probably|likely|possibly|apparently)[ \u{{a0}}]+)?(?:(?:(?:based|operating|located|working|hiding|acting)[ \u{{a0}}]+(?:in|from|out[ \u{{a0}}]+of|inside))|from|in|(?:(?:linked|tied|connected|affiliated|aligned)[ \u{{a0}}]+(?:to|with))|(?:(?:backed|sponsored|directed|supported|funded|run)[ \u{{a0}}]+by)|(?:(?:working|acting)[ \u{{a0}}]+(?:for|on[ \u{{a0}}]+behalf[ \u{{a0}}]+of)))[ \u{{a0}}]+(?:the[ \u{{a0}}]+)?$",
        lexicon::ATTACKER_HEADS
    ))
    .unwrap_or_else(|e| panic!("placed attackers pattern: {e}"))
});

/// True when a KB agency, military or government body starts right after `at`.
fn named_body_follows(kb: &Kb, matches: &[dossier_kb::GazMatch], at: usize) -> bool {
    matches.iter().any(|m| {
        m.start > at
            && m.start <= at + 2
            && m.ids.iter().filter_map(|id| kb.get(id)).any(|e| {
                matches!(
                    e.kind,
                    EntityKind::Agency | EntityKind::Military | EntityKind::Government
                )
            })
    })
}

/// Words after a demonym that name an institution of the state.
static INSTITUTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[ \u{{a0}}]+(?:(?:[Ff]oreign|[Dd]efen[cs]e|[Ii]nterior|[Jj]ustice|[Ss]tate|[Tt]reasury|[Ee]conomic|security|signals|secret|federal|national|domestic|electronic|[A-Z][a-z]+)[ \u{{a0}}]+){{0,2}}(?:{})\b(?:[ \u{{a0}}]+of(?:[ \u{{a0}}]+the)?[ \u{{a0}}]+[A-Z][a-z]+(?:[ \u{{a0}}]+(?:(?:and|of)[ \u{{a0}}]+)?[A-Z][a-z]+)*)?",
        lexicon::INSTITUTION_HEADS
    ))
    .unwrap_or_else(|e| panic!("institution pattern: {e}"))
});

/// Words after a demonym that describe attackers acting for the state.
/// A state's forces named by their units alone (" military units", " army units").
static MILITARY_UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \u{a0}]+(?:military|army)[ \u{a0}]+units?$")
        .unwrap_or_else(|e| panic!("military units pattern: {e}"))
});

static ATTACKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[ \u{{a0}}-]+(?:{}))*[ \u{{a0}}]+(?:{})\b",
        lexicon::ATTACKER_MODIFIERS,
        lexicon::ATTACKER_HEADS
    ))
    .unwrap_or_else(|e| panic!("attacker pattern: {e}"))
});

/// "in Beijing", "at The Hague": a capital used as a place, not as the state. Not one
/// whose envoy follows ("called in Moscow's charge d'affaires").
fn is_locative(text: &str, start: usize, end: usize) -> bool {
    static ENVOY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^['’]s\s+(?:\S+\s+){0,2}?(?:ambassador|envoy|charg[eé]|embassy|diplomats?)\b")
            .unwrap_or_else(|e| panic!("envoy-after pattern: {e}"))
    });
    if ENVOY_AFTER.is_match(&text[end..]) {
        return false;
    }
    let before = text[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let head = &before[..before.len() - word.len()];
    let word = word.to_lowercase();
    // "on orders from Moscow": who gives them, not a place.
    if word == "from" && head.trim_end().ends_with("orders") {
        return false;
    }
    // "attributed the hack to Moscow", "traced it to Beijing": the blamed state.
    if word == "to" {
        let from = head.floor_char_boundary(head.len().saturating_sub(80));
        if BLAME_BEFORE_TO.is_match(&head[from..]) {
            return false;
        }
    }
    matches!(
        word.as_str(),
        "in" | "at" | "to" | "from" | "near" | "outside" | "around" | "visiting"
    )
}

/// A verb of blame among the last words before "to": the capital after it is blamed.
static BLAME_BEFORE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:attribut(?:e|es|ed|ing|ion)|trac(?:e|es|ed|ing)|link(?:s|ed|ing)?|tie(?:s|d)?|tying|connect(?:s|ed|ing)?|pinpoint(?:s|ed|ing)?)\b(?:\s+\S+){0,8}\s*$")
        .unwrap_or_else(|e| panic!("blame-before-to pattern: {e}"))
});

/// Drop spans nested inside a longer earlier span (input sorted by start, longest first).
fn drop_nested(found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if out
            .last()
            .is_some_and(|prev| prev.start <= f.start && f.end <= prev.end)
        {
            continue;
        }
        if let Some(prev) = out.last()
            && prev.overlaps(f.start, f.end)
        {
            continue; // partial overlap: the earlier (KB-first sorted) span wins
        }
        out.push(f);
    }
    out
}

/// Group mentions into entities; people named again by surname join their entity.
fn group(doc: &Document, found: Vec<Found>) -> Vec<Entity> {
    let mut by_id: BTreeMap<String, Entity> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for f in found {
        let span = doc.span_of_bytes(f.start, f.end);
        let surface = doc.text[f.start..f.end].to_string();
        let entity = by_id.entry(f.id.clone()).or_insert_with(|| {
            order.push(f.id.clone());
            Entity {
                id: f.id.clone(),
                name: f.name.clone(),
                kind: f.kind,
                country: f.country.clone(),
                aliases_matched: Vec::new(),
                mentions: Vec::new(),
            }
        });
        if entity.country.is_none() {
            entity.country = f.country.clone();
        }
        if !entity.aliases_matched.contains(&surface) {
            entity.aliases_matched.push(surface.clone());
        }
        entity.mentions.push(Mention {
            start: span.start,
            end: span.end,
            text: surface,
        });
    }
    order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect()
}

/// A capitalised run of words (byte offsets) found by the fallback.
struct Run<'t> {
    start: usize,
    end: usize,
    words: Vec<(usize, usize, &'t str)>,
}

static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}&’'.-]*[\p{L}\p{N}]|[\p{L}\p{N}]")
        .unwrap_or_else(|e| panic!("word pattern: {e}"))
});

/// Organisations and people the KB does not know, from capitalised runs with a head
/// word ("Electoral Commission") or a title ("Prime Minister Mark Rutte").
fn fallback_spans(text: &str, known: &[Found], kb: &Kb) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // People the KB knows count too: "Wang" after "Foreign Minister Wang Yi".
    let mut people: Vec<(String, Found)> = known
        .iter()
        .filter(|k| k.kind == EntityKind::Person)
        .map(|k| (k.name.clone(), k.clone()))
        .collect();
    // So are people an appositive tells ("Matveev" after "Mikhail Matveev, a Kaliningrad
    // resident,"), found below but needed by the runs before them.
    let told = named_by_appositive(text, known, kb);
    people.extend(
        told.iter()
            .filter(|k| k.kind == EntityKind::Person)
            .map(|k| (k.name.clone(), k.clone())),
    );
    // Names in a vendor's naming scheme before the runs, which would read "Static
    // Tundra" as a firm.
    out.extend(
        tracked_names(text)
            .into_iter()
            .filter(|t| !known.iter().any(|k| k.overlaps(t.start, t.end))),
    );
    for run in capitalised_runs(text) {
        if known
            .iter()
            .chain(&out)
            .any(|k| k.overlaps(run.start, run.end) && covers_run(k, &run))
        {
            continue;
        }
        if let Some(f) = classify_run(text, &run, known, kb, &people) {
            if f.kind == EntityKind::Person {
                people.push((f.name.clone(), f.clone()));
            }
            if !known.iter().any(|k| k.overlaps(f.start, f.end)) {
                out.push(f);
            }
        }
    }
    out.extend(company_by_descriptor(text, known));
    for told in told {
        match out.iter_mut().find(|k| k.overlaps(told.start, told.end)) {
            // "Nordwind Labs, a Tampere startup,": the appositive places a name found
            // without a state.
            Some(k) if k.start == told.start && k.end == told.end && k.country.is_none() => {
                k.country = told.country;
            }
            Some(_) => {}
            None => out.push(told),
        }
    }
    // Names the KB and the steps above have not found yet, cue by cue.
    let fresh = |found: Vec<Found>, out: &[Found]| -> Vec<Found> {
        found
            .into_iter()
            .filter(|g| !known.iter().chain(out).any(|k| k.overlaps(g.start, g.end)))
            .collect()
    };
    let styled = fresh(self_styled(text, known), &out);
    out.extend(styled);
    // A surname after the full name ("Diorio said" after "Jeff Diorio") is already the
    // person's mention (the capitalised runs above), so it is no firm.
    let speakers = fresh(named_speakers(text), &out);
    out.extend(speakers);
    let sources = fresh(named_sources(text), &out);
    out.extend(sources);
    let gangs = fresh(named_gangs(text), &out);
    out.extend(gangs);
    out
}

/// Threat groups named in the schemes vendors and agencies track them by, which the KB
/// cannot list ahead: tracking codes ("UNC5537", "UAC-0215", "Storm-2035", "TA453"),
/// Microsoft's weather families, whose family word tells the state ("Silk Typhoon" is
/// China's, "Moonstone Sleet" North Korea's), and names a tracker gives ("a group it
/// tracks as Static Tundra", "which tracks the cluster as Void Rabisu").
fn tracked_names(text: &str) -> Vec<Found> {
    // ASCII word boundaries keep the regex engine on its fast path (see time.rs).
    static CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:UNC\d{3,5}|UAC-\d{4}|Storm-\d{4}|DEV-\d{4}|TA\d{3,4}|TAG-\d{2,3}|CL-(?:STA|CRI|UNK)-\d{4}|APT-C-\d{2,3})(?-u:\b)")
            .unwrap_or_else(|e| panic!("tracking code pattern: {e}"))
    });
    // The family word first (a literal search), then the capitalised word before it.
    static FAMILY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[ \u{a0}](?P<family>Typhoon|Blizzard|Sandstorm|Sleet|Cyclone|Dust|Hail|Tempest)(?-u:\b)")
            .unwrap_or_else(|e| panic!("weather family pattern: {e}"))
    });
    static TRACKS_AS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)tracks?\s+(?:(?:it|them|the\s+(?:group|actor|cluster|crew|gang|activity|campaign|hackers|operation|operators))\s+)?(?:as|under(?:\s+the\s+name)?)\s+(?P<name>\p{Lu}[\p{L}\p{N}-]*(?:\s+\p{Lu}[\p{L}\p{N}-]*){0,2})")
            .unwrap_or_else(|e| panic!("tracks-as pattern: {e}"))
    });
    let actor = |start: usize, end: usize, country: Option<&str>| {
        Found::local(
            start,
            end,
            &text[start..end],
            EntityKind::ThreatActor,
            country.map(str::to_string),
        )
    };
    let mut out: Vec<Found> = CODE
        .find_iter(text)
        .map(|m| actor(m.start(), m.end(), None))
        .collect();
    for c in FAMILY.captures_iter(text) {
        let (Some(all), Some(family)) = (c.get(0), c.name("family")) else {
            continue;
        };
        let before = &text[..all.start()];
        let start = last_word_start(before);
        let word = &before[start..];
        let mut chars = word.chars();
        if !(chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)) {
            continue;
        }
        // Only the families that stand for one state carry it.
        let state = match family.as_str() {
            "Typhoon" => Some("CN"),
            "Blizzard" => Some("RU"),
            "Sandstorm" => Some("IR"),
            "Sleet" => Some("KP"),
            "Cyclone" => Some("VN"),
            "Dust" => Some("TR"),
            "Hail" => Some("KR"),
            _ => None,
        };
        if !lexicon::is_function_word(word) {
            out.push(actor(start, family.end(), state));
        }
    }
    for c in TRACKS_AS.captures_iter(text) {
        let Some(m) = c.name("name") else { continue };
        let name = m.as_str();
        if !name.split_whitespace().any(lexicon::is_function_word)
            && !out.iter().any(|o| o.overlaps(m.start(), m.end()))
        {
            out.push(actor(m.start(), m.end(), None));
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// "a hacktivist collective calling itself Guacamaya", "a group known as Void Manticore":
/// a crew the KB does not know, named by the words that introduce its name. A demonym
/// before the noun gives its state ("a Russian group dubbed X").
fn self_styled(text: &str, known: &[Found]) -> Vec<Found> {
    static STYLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?P<noun>group|collective|gang|crew|(?i:h)ackers|(?i:h)acktivists|outfit|cluster|team)\s+(?:calling\s+(?:itself|themselves)|that\s+calls\s+itself|who\s+call\s+themselves|dubbed|known\s+as|tracked\s+as|going\s+by(?:\s+the\s+name)?)\s+(?P<name>\p{Lu}[\p{L}\p{N}&()-]*(?:\s+\p{Lu}[\p{L}\p{N}&()-]*){0,2})")
            .unwrap_or_else(|e| panic!("self-styled pattern: {e}"))
    });
    STYLED
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.name("name")?;
            let noun = c.name("noun")?;
            let name = m.as_str().trim_end_matches(['(', '-']);
            if name.split_whitespace().any(lexicon::is_function_word) {
                return None;
            }
            // "A Russian group known as": the state compound that takes in the noun, or a
            // demonym right before it.
            let country = known
                .iter()
                .find(|k| k.start < noun.end() && k.end >= noun.end() && k.country.is_some())
                .and_then(|k| k.country.clone())
                .or_else(|| demonym_before(text, noun.start(), known));
            Some(Found::local(
                m.start(),
                m.start() + name.len(),
                name,
                EntityKind::ThreatActor,
                country,
            ))
        })
        .collect()
}

/// "according to Elliptic", "according to an analysis published on Tuesday by Chainalysis":
/// a name the KB does not know that a report is sourced to, taken for a firm as
/// [`named_speakers`] takes it.
fn named_sources(text: &str) -> Vec<Found> {
    static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)[Aa]ccording\s+to\s+(?:(?:a|an|the)\s+(?:new\s+|recent\s+|separate\s+)?(?:analysis|report|study|investigation|assessment|statement|blog\s+post|filing|review|post)\s+(?:(?:published|released|issued|posted|shared)\s+)?(?:(?:on|this|last)\s+\w+\s+)?by\s+)?(?P<name>\p{Lu}[\p{L}\p{N}&-]*\p{L}(?:\s+\p{Lu}[\p{L}\p{N}&-]*\p{L}){0,2})")
            .unwrap_or_else(|e| panic!("source pattern: {e}"))
    });
    SOURCE
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.name("name")?;
            let name = m.as_str();
            // "according to March figures": a date is no source.
            let dated = name
                .split_whitespace()
                .any(|w| crate::time::is_month(w) || crate::time::is_weekday(w));
            if dated || name.split_whitespace().any(lexicon::is_function_word) {
                return None;
            }
            Some(Found::local(
                m.start(),
                m.end(),
                name,
                EntityKind::Company,
                None,
            ))
        })
        .collect()
}

/// "Chainalysis said", ", Elliptic found": a single name the KB does not know, as the
/// subject of a reporting verb, is a body that speaks, taken for a firm (most such are
/// firms or media; a firm is no attacker, so a speaker is never read as one).
/// At the start of a sentence a capital says nothing, so common nouns are left out there
/// ("Researchers said", "Police said").
fn named_speakers(text: &str) -> Vec<Found> {
    // The verbs first (a literal search), then the word before them: a pattern that opens
    // with a capital letter would be tried at every position of the text.
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s(?:(?:has|have|had|also|later|previously)\s+)?(?:said|says|told|reported|wrote|found|noted|estimated|confirmed|concluded|assessed|believes|attributed|linked|tied|traced)(?-u:\b)")
            .unwrap_or_else(|e| panic!("speaker verb pattern: {e}"))
    });
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L}\p{N}&-]*\p{L}$")
            .unwrap_or_else(|e| panic!("speaker name pattern: {e}"))
    });
    const COMMON: &[&str] = &[
        "officials",
        "police",
        "investigators",
        "researchers",
        "experts",
        "analysts",
        "prosecutors",
        "authorities",
        "sources",
        "diplomats",
        "hackers",
        "attackers",
        "critics",
        "witnesses",
        "residents",
        "lawmakers",
        "regulators",
        "scientists",
        "observers",
        "employees",
        "users",
        "customers",
        "staff",
        "people",
        "others",
        "reports",
        "documents",
        "data",
        "records",
        "investigation",
        "officers",
        "agents",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "lawyers",
        "judges",
        "ministers",
        "leaders",
        "members",
        "companies",
        "firms",
        "governments",
        "states",
        "allies",
        "partners",
        "victims",
        "journalists",
        "reporters",
        "media",
        "evidence",
    ];
    VERB.find_iter(text)
        .filter_map(|v| {
            let before = &text[..v.start()];
            let start = last_word_start(before);
            let name = &before[start..];
            if !NAME.is_match(name) {
                return None;
            }
            // What opens the name: a sentence, a comma, "that" or "and" (not "New York").
            let lead = before[..start].trim_end();
            // "Minister R.K. Singh said": the full stop of an initial ends no sentence;
            // the initials and the name are a person's.
            let initials = lead
                .rsplit(char::is_whitespace)
                .next()
                .filter(|w| {
                    w.len() >= 2
                        && w.split_terminator('.').all(|c| {
                            c.chars().count() == 1 && c.chars().all(char::is_uppercase)
                        })
                        && w.ends_with('.')
                        // "the U.S. Treasury said": a state's abbreviation.
                        && !matches!(*w, "U.S." | "U.K." | "U.N." | "E.U.")
                })
                .map(|w| lead.len() - w.len());
            if let Some(from) = initials {
                // "Attorney Joon H. Kim said": a given name before the initial is the
                // person's too, a title is not.
                let given = lead[..from].trim_end();
                let word = given.rsplit(char::is_whitespace).next().unwrap_or("");
                let from = if looks_like_name(word) && !lexicon::is_title_word(word) {
                    given.len() - word.len()
                } else {
                    from
                };
                return Some(person(from, v.start(), &text[from..v.start()], None, None));
            }
            let initial = lead.is_empty() || lead.ends_with(['.', ';', ':', '!', '?']);
            let opened = initial
                || lead.ends_with(',')
                || lead.ends_with(" that")
                || lead.ends_with(" and")
                || before[..start].ends_with('\n');
            if !opened {
                return None;
            }
            let initial = initial || before[..start].ends_with('\n');
            let lower = name.to_lowercase();
            if lexicon::is_function_word(name)
                || lexicon::is_sentence_adverb(name)
                || lexicon::is_role_noun(name)
                || lexicon::is_title_word(name)
                || lexicon::institution_head(name).is_some()
                || (initial && COMMON.contains(&lower.as_str()))
                || lower.ends_with("ly")
            {
                return None;
            }
            Some(Found::local(
                start,
                v.start(),
                name,
                EntityKind::Company,
                None,
            ))
        })
        .collect()
}

/// "the Qilin gang", "Scattered Spider hacking group": a name that the KB does not know,
/// given as a criminal or hacking crew. A bare "group" is left out ("the Wagner group").
fn named_gangs(text: &str) -> Vec<Found> {
    static GANG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\p{Lu}[\p{L}\p{N}-]*(?:\s+\p{Lu}[\p{L}\p{N}-]*)?)\s+(?:(?:ransomware|hacking|hacker|cybercrime|cybercriminal|extortion|hacktivist)\s+(?:gang|crew|group|collective|outfit)|gang|crew)\b")
            .unwrap_or_else(|e| panic!("gang pattern: {e}"))
    });
    GANG.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(1)?;
            // "The Medusa ransomware gang": the article opens the sentence, not the name.
            let (lead, name) = match m.as_str().split_once(char::is_whitespace) {
                Some((first, rest)) if lexicon::is_function_word(first) => {
                    (m.as_str().len() - rest.len(), rest)
                }
                _ => (0, m.as_str()),
            };
            if name.split_whitespace().any(lexicon::is_function_word) {
                return None;
            }
            // The mention takes in "hacking group", so that no operation is read there.
            let whole = c.get(0)?;
            Some(Found::local(
                whole.start() + lead,
                whole.end(),
                name,
                EntityKind::ThreatActor,
                None,
            ))
        })
        .collect()
}

fn covers_run(k: &Found, run: &Run) -> bool {
    k.start <= run.start && run.end <= k.end
}

/// Runs of capitalised words joined by single spaces or connectors ("of", "the", "and").
fn capitalised_runs(text: &str) -> Vec<Run<'_>> {
    let words: Vec<(usize, usize, &str)> = WORD
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.as_str()))
        .collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(words[i].2) {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            let next = j + 1;
            if next >= words.len() || !joined(text, words[j].1, words[next].0) {
                break;
            }
            if is_capitalised(words[next].2) {
                j = next;
                continue;
            }
            // Up to two connectors ("of the") may join capitalised words.
            let connectors = words[next..]
                .iter()
                .take(2)
                .take_while(|w| lexicon::CONNECTORS.contains(&w.2))
                .count();
            let after = next + connectors;
            let chained = connectors > 0
                && after < words.len()
                && (next..after).all(|k| joined(text, words[k].1, words[k + 1].0))
                && is_capitalised(words[after].2);
            if !chained {
                break;
            }
            j = after;
        }
        let mut run = words[i..=j].to_vec();
        // "the Electoral Commission's website": the possessive closing a name is not part
        // of it (inside one it is: "People's Liberation Army").
        if let Some(last) = run.last_mut()
            && let Some(stem) = ["'s", "’s"]
                .iter()
                .find_map(|p| last.2.strip_suffix(p))
                .filter(|stem| !stem.is_empty())
        {
            *last = (last.0, last.0 + stem.len(), stem);
        }
        runs.push(Run {
            start: words[i].0,
            end: run.last().map_or(words[j].1, |w| w.1),
            words: run,
        });
        i = j + 1;
    }
    runs
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Two words are in one name when only a single space separates them.
fn joined(text: &str, end: usize, next_start: usize) -> bool {
    matches!(&text[end..next_start], " " | "\u{a0}")
}

fn classify_run(
    text: &str,
    run: &Run,
    known: &[Found],
    kb: &Kb,
    people: &[(String, Found)],
) -> Option<Found> {
    // Drop sentence-initial function words ("The", "According") and words that are
    // already entities ("Chinese" in "Chinese President Xi Jinping").
    let covered = |w: &(usize, usize, &str)| known.iter().any(|k| k.overlaps(w.0, w.1));
    let mut words: &[(usize, usize, &str)] = &run.words;
    while let Some((w, rest)) = words.split_first() {
        if lexicon::is_function_word(w.2)
            || lexicon::CONNECTORS.contains(&w.2.to_lowercase().as_str())
            || covered(w)
        {
            words = rest;
        } else {
            break;
        }
    }
    // "Prime Minister of the Netherlands": a title with its state, no name inside.
    let title_of_state = |ws: &[(usize, usize, &str)]| {
        let t = ws
            .iter()
            .take_while(|w| lexicon::is_title_word(w.2))
            .count();
        t > 0
            && t < ws.len()
            && ws[t].2 == "of"
            && ws[t..]
                .iter()
                .all(|w| lexicon::CONNECTORS.contains(&w.2) || covered(w))
    };
    if title_of_state(words) {
        let end = words.last()?.1;
        let (ns, ne) = appositive_name(text, end)?;
        let name = &text[ns..ne];
        let country = country_near(text, words[0].0, ne, known, kb);
        return Some(person(ns, ne, name, same_person(name, people), country));
    }
    while let Some((w, rest)) = words.split_last() {
        if covered(w) || lexicon::CONNECTORS.contains(&w.2) {
            words = rest;
        } else {
            break;
        }
    }
    let (first, last) = (words.first()?, words.last()?);
    let (start, end) = (first.0, last.1);
    let surface = &text[start..end];
    let head = last.2;
    let title_len = words
        .iter()
        .take_while(|(_, _, w)| lexicon::is_title_word(w))
        .count();

    // "Ministry of Foreign Affairs", "High Commission for National Protection": the
    // head may come before "of" or "for", with the rest of the name hanging on it.
    let institution = lexicon::institution_head(head)
        .or_else(|| {
            words.windows(2).find_map(|w| {
                matches!(w[1].2, "of" | "for")
                    .then(|| lexicon::institution_head(w[0].2))
                    .flatten()
            })
        })
        .or_else(|| lexicon::org_suffix(head).then_some(EntityKind::Company));
    if let Some(kind) = institution {
        // "National Security Committee", "State Security Committee": a committee of
        // security is a state's security service, not a club.
        let kind = if kind == EntityKind::Organization
            && head.eq_ignore_ascii_case("committee")
            && words
                .iter()
                .any(|w| matches!(w.2, "Security" | "Intelligence" | "Defence" | "Defense"))
        {
            EntityKind::Agency
        } else {
            kind
        };
        let country =
            country_near(text, start, end, known, kb).or_else(|| leading_place(kb, words));
        return Some(Found::local(start, end, surface, kind, country));
    }
    if title_len > 0 && title_len < words.len() {
        // "Prime Minister Mark Rutte": the name follows the title.
        let name_words = &words[title_len..];
        if name_words.len() <= 3 && name_words.iter().all(|(_, _, w)| looks_like_name(w)) {
            let (ns, ne) = (name_words[0].0, name_words[name_words.len() - 1].1);
            let name = &text[ns..ne];
            let existing = same_person(name, people);
            let country = existing
                .as_ref()
                .and_then(|p| p.country.clone())
                .or_else(|| office_before(text, start, known))
                .or_else(|| country_near(text, start, ne, known, kb));
            return Some(person(ns, ne, name, existing, country));
        }
    }
    if title_len == words.len() {
        // "the Prime Minister of the Netherlands, Mark Rutte": an appositive name.
        if let Some((ns, ne)) = appositive_name(text, end) {
            let name = &text[ns..ne];
            let country = country_near(text, start, ne, known, kb);
            return Some(person(ns, ne, name, same_person(name, people), country));
        }
    }
    // A surname seen earlier in the article with a title.
    if let Some(existing) = same_person(surface, people) {
        let country = existing.country.clone();
        return Some(person(start, end, surface, Some(existing), country));
    }
    // "DICT spokesperson Renato Paraiso": a lower-case office title of a state body.
    let name_like = words.len() <= 3 && words.iter().all(|(_, _, w)| looks_like_name(w));
    if let Some(country) = name_like
        .then(|| titled_by_office(text, start, known))
        .flatten()
    {
        return Some(person(start, end, surface, None, Some(country)));
    }
    // "chief executive Andrew Witty", "founder Brewster Kahle": a full name after a
    // lower-case title of a firm is a person of no state.
    (name_like && words.len() >= 2 && titled_by_trade(&text[..start]))
        .then(|| person(start, end, surface, None, None))
}

/// Whether `lead` ends with a lower-case title a firm gives ("chief executive ", "founder ").
fn titled_by_trade(lead: &str) -> bool {
    static TRADE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)(?:executive|founder|co-founder|spokesman|spokeswoman|spokesperson|director|president|chairman|chairwoman|researcher|analyst|officer)\s+$")
            .unwrap_or_else(|e| panic!("trade title pattern: {e}"))
    });
    TRADE_TITLE.is_match(&lead[lead.floor_char_boundary(lead.len().saturating_sub(40))..])
}

fn person(
    start: usize,
    end: usize,
    name: &str,
    existing: Option<Found>,
    country: Option<String>,
) -> Found {
    match existing {
        Some(p) => Found {
            start,
            end,
            country: country.or(p.country.clone()),
            ..p
        },
        None => Found::local(start, end, name, EntityKind::Person, country),
    }
}

/// A known person whose name shares a word with `name` ("Rutte" → "Mark Rutte").
fn same_person(name: &str, people: &[(String, Found)]) -> Option<Found> {
    let words: Vec<&str> = name.split_whitespace().collect();
    people
        .iter()
        .rev()
        .find(|(known, _)| {
            known == name || (words.len() == 1 && known.split_whitespace().any(|w| w == words[0]))
        })
        .map(|(_, f)| f.clone())
}

fn looks_like_name(word: &str) -> bool {
    is_capitalised(word)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        && lexicon::institution_head(word).is_none()
        && !lexicon::is_function_word(word)
}

/// ", Mark Rutte," right after a title phrase.
fn appositive_name(text: &str, after: usize) -> Option<(usize, usize)> {
    static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^,\s+((?:\p{Lu}[\p{L}’'-]+)(?:\s+\p{Lu}[\p{L}’'-]+){0,2})\s*,")
            .unwrap_or_else(|e| panic!("appositive pattern: {e}"))
    });
    let caps = APPOSITIVE.captures(&text[after..])?;
    let m = caps.get(1)?;
    Some((after + m.start(), after + m.end()))
}

/// "Dutch company ASML", "software supplier CDK Global", "the investigative site
/// Direkt36": a company (a medium is one) named by its descriptor.
fn company_by_descriptor(text: &str, known: &[Found]) -> Vec<Found> {
    static DESCRIPTOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:company|firm|giant|maker|manufacturer|vendor|provider|group|operator|carrier|contractor|startup|outlet|newspaper|broadcaster|site|website|daily|magazine|portal|supplier|developer|retailer|insurer|lender|exchange|chain|brokerage|platform|utility|conglomerate|airline|carmaker|automaker|publisher)\s+(\p{Lu}[\p{L}\p{N}&-]*(?:\s+\p{Lu}[\p{L}\p{N}&-]*){0,2})")
            .unwrap_or_else(|e| panic!("descriptor pattern: {e}"))
    });
    DESCRIPTOR
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(1)?;
            if known.iter().any(|k| k.overlaps(m.start(), m.end())) {
                return None;
            }
            let name = m.as_str();
            if lexicon::is_function_word(name) {
                return None;
            }
            let at = c.get(0)?.start();
            if let Some(country) = threat_group_before(text, at, known) {
                // "a China-linked threat activity group RedEcho": an actor, not a firm.
                return Some(Found::local(
                    m.start(),
                    m.end(),
                    name,
                    EntityKind::ThreatActor,
                    country,
                ));
            }
            let country = demonym_before(text, at, known);
            Some(Found::local(
                m.start(),
                m.end(),
                name,
                EntityKind::Company,
                country,
            ))
        })
        .collect()
}

/// "Radiant Capital, a crypto lending platform,", "Storm-1516, a Russian influence
/// operation,", "Rajeev Chandrasekhar, India's junior IT minister,": a name the KB does
/// not know, told by the appositive after it what it is, and by a state or place inside
/// the appositive whose it is. The appositive ends at a comma or where a relative clause
/// opens ("Integrity Technology Group, a Beijing company it said had").
fn named_by_appositive(text: &str, known: &[Found], kb: &Kb) -> Vec<Found> {
    static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?P<name>(?:\p{Lu}|\p{Ll}{1,2}-\p{Lu})[\p{L}\p{N}&’'.-]*(?:\s\p{Lu}[\p{L}\p{N}&’'.-]*){0,3}),\s+(?P<desc>(?:an?|the|\p{Lu}[\p{L}.]*(?:’s|'s))\s+[^,.;:()\x22“”]{1,70}?)(?:,|\.(?:\s|$)|\s(?:that|which|whose|who|whom|it|they)\s|\s(?:the|its)\s\w+\s(?:believes|says|said|thinks|suspects|calls|tracks|ties|links)\s)")
            .unwrap_or_else(|e| panic!("appositive pattern: {e}"))
    });
    const PREPOSITIONS: &[&str] = &[
        "on", "in", "at", "since", "by", "for", "from", "to", "of", "with", "after", "before",
        "during", "until", "against", "into", "than", "like",
    ];
    let mut out = Vec::new();
    for c in APPOSITIVE.captures_iter(text) {
        let (Some(m), Some(desc)) = (c.name("name"), c.name("desc")) else {
            continue;
        };
        let name = m.as_str().trim_end_matches('.');
        let end = m.start() + name.len();
        let single = !name.contains(' ');
        let previous = text[..m.start()]
            .split_whitespace()
            .next_back()
            .unwrap_or("");
        // "Sichuan Silence, a Chengdu-based security contractor,": a place may open a
        // firm's name (it must then be told a firm or group, below).
        let overlapping: Vec<&Found> = known
            .iter()
            .filter(|k| k.overlaps(m.start(), end))
            .collect();
        let place_opens = !overlapping.is_empty()
            && overlapping
                .iter()
                .all(|k| k.kind == EntityKind::Location && k.start == m.start() && k.end < end);
        if (!overlapping.is_empty() && !place_opens)
            || name.split_whitespace().any(lexicon::is_function_word)
            || (single && (name.ends_with("ly") || lexicon::is_sentence_adverb(name)))
        {
            continue;
        }
        let previous = previous.to_lowercase();
        let after_preposition = PREPOSITIONS.contains(&previous.as_str());
        let words: Vec<String> = desc
            .as_str()
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                    .to_lowercase()
            })
            .collect();
        // "a group the company believes is probably tasked by the Indian government,": the
        // clause after a bare group noun can tell a state's hackers.
        let tail_end = text[desc.end()..]
            .find([',', '.', ';'])
            .map_or(text.len(), |i| desc.end() + i);
        let tail = &text[desc.end()..tail_end];
        let sponsored = tail.len() <= 90 && SPONSORED.is_match(tail);
        let Some(kind) = appositive_kind(&words, name, sponsored) else {
            continue;
        };
        if place_opens
            && !matches!(
                kind,
                EntityKind::Company | EntityKind::Organization | EntityKind::ThreatActor
            )
        {
            continue;
        }
        // After a preposition, one word is a date or a place more often than a name ("on
        // Tuesday, a day after"), and a name after "by" or "from" is a source ("a report by
        // X, an ethical hacker,", "emails from X, the game developer,"); the target of a
        // measure is still named ("sanctions on Integrity Technology Group, a Beijing
        // company").
        // A hacking group or a business is told by its appositive whatever the preposition
        // ("to Bitter, a group ...", "at Indodax, Indonesia's largest exchange,").
        // Not an employer after an office ("Oren Falkowitz, CEO at Area1 Security, a
        // startup"), which names a source, as "by" and "from" do.
        let office = text[..m.start()]
            .split_whitespace()
            .rev()
            .nth(1)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .is_some_and(|w| {
                lexicon::is_role_noun(&w)
                    || lexicon::is_title_word(&w)
                    || matches!(
                        w.as_str(),
                        "ceo"
                            | "cto"
                            | "founder"
                            | "researcher"
                            | "analyst"
                            | "engineer"
                            | "professor"
                            | "fellow"
                            | "director"
                            | "head"
                            | "chief"
                            | "officer"
                            | "vice"
                            | "president"
                            | "manager"
                            | "expert"
                    )
            });
        let told = matches!(
            kind,
            EntityKind::ThreatActor | EntityKind::Company | EntityKind::Organization
        ) && !matches!(previous.as_str(), "by" | "from")
            && !office;
        // A full name told as a state's national or officer is that person after any
        // preposition ("money held by Aleksandr Ermakov, a Russian national,"); other
        // people after "by" are mostly sources ("spotted by X, an ethical hacker").
        let person = kind == EntityKind::Person
            && !single
            && words
                .iter()
                .any(|w| matches!(w.as_str(), "national" | "citizen" | "officer"));
        if after_preposition
            && !told
            && !person
            && (single || !matches!(previous.as_str(), "on" | "against"))
        {
            continue;
        }
        let state = known
            .iter()
            .find(|k| {
                k.kind == EntityKind::Country && k.start >= desc.start() && k.end <= desc.end()
            })
            .and_then(|k| k.country.clone())
            // "a Chengdu-based security contractor": the place's state.
            .or_else(|| {
                known
                    .iter()
                    .filter(|_| place_opens)
                    .find(|k| {
                        k.kind == EntityKind::Location
                            && k.start >= desc.start()
                            && k.end <= desc.end()
                    })
                    .and_then(|k| k.country.clone())
            })
            .or_else(|| {
                // The state the clause ties it to ("it ties to Russia's APT28").
                known
                    .iter()
                    .filter(|_| sponsored)
                    .find(|k| k.start >= desc.end() && k.end <= tail_end && k.country.is_some())
                    .and_then(|k| k.country.clone())
            })
            .or_else(|| {
                desc.as_str().split_whitespace().find_map(|w| {
                    kb.lookup(w.trim_matches(|c: char| !c.is_alphanumeric()))
                        .into_iter()
                        .find(|e| e.kind == EntityKind::Location)
                        .and_then(|e| e.country.clone())
                })
            });
        out.push(Found::local(m.start(), end, name, kind, state));
    }
    out
}

/// A clause that ties a group to the state or actor behind it ("tasked by", "ties to").
static SPONSORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:tasked|sponsored|backed|directed|run|controlled|employed)\s+by(?-u:\b)|(?-u:\b)(?:ties|tied|links|linked|connects|connected|attributes|attributed)\s+(?:\w+\s+)?to(?-u:\b)|(?-u:\b)works?\s+for(?-u:\b)|(?-u:\b)working\s+for(?-u:\b)|(?-u:\b)on\s+behalf\s+of(?-u:\b)")
        .unwrap_or_else(|e| panic!("sponsored pattern: {e}"))
});

/// What an appositive says its name is: a person by an office or trade, a threat actor
/// by a hacking or influence word with a group noun, or a company by a business noun.
fn appositive_kind(words: &[String], name: &str, sponsored: bool) -> Option<EntityKind> {
    const OFFICES: &[&str] = &[
        "minister",
        "chief",
        "head",
        "director",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "adviser",
        "advisor",
        "commissioner",
        "president",
        "premier",
        "chancellor",
        "lawmaker",
        "senator",
        "general",
        "commander",
        "prosecutor",
        "researcher",
        "analyst",
        "founder",
        "ceo",
        // "Aleksandr Ermakov, a Russian national,": a person by nationality or trade.
        "national",
        "citizen",
        "officer",
        "diplomat",
        "official",
        "hacker",
        "programmer",
        "businessman",
        "businesswoman",
        // "Matthew Lane, a 19-year-old college student,": a suspect told by age or home.
        "resident",
        "student",
        "teenager",
        "suspect",
        "man",
        "woman",
        "administrator",
        "engineer",
        "employee",
        "activist",
        "journalist",
        "dissident",
    ];
    const GROUPS: &[&str] = &[
        "group",
        "unit",
        "gang",
        "crew",
        "operation",
        "actor",
        "collective",
        "outfit",
        "network",
        "cluster",
        "campaign",
    ];
    const THREAT: &[&str] = &[
        "hacking",
        "hacker",
        "threat",
        "ransomware",
        "espionage",
        "cyber-espionage",
        "cybercrime",
        "cybercriminal",
        "state-sponsored",
        "state-backed",
        "influence",
        "information",
        "disinformation",
        "propaganda",
        "apt",
        "hacktivist",
        "extortion",
    ];
    const BUSINESSES: &[&str] = &[
        "platform",
        "company",
        "firm",
        "exchange",
        "contractor",
        "provider",
        "startup",
        "maker",
        "manufacturer",
        "vendor",
        "insurer",
        "lender",
        "operator",
        "carrier",
        "developer",
        "supplier",
        "retailer",
        "conglomerate",
        "subsidiary",
        "business",
        "broadcaster",
        "newspaper",
        "outlet",
        "marketplace",
        "bank",
        "consultancy",
    ];
    const ORGANISATIONS: &[&str] = &[
        "body",
        "organisation",
        "organization",
        "non-profit",
        "nonprofit",
        "charity",
        "foundation",
        "institute",
        "watchdog",
        "ngo",
    ];
    // The head is the last listed noun before any preposition ("a researcher at X").
    let head = words
        .iter()
        .take_while(|w| !matches!(w.as_str(), "at" | "of" | "for" | "in" | "with" | "based"))
        .filter(|w| {
            OFFICES.contains(&w.as_str())
                || GROUPS.contains(&w.as_str())
                || BUSINESSES.contains(&w.as_str())
                || ORGANISATIONS.contains(&w.as_str())
        })
        .last()?;
    if OFFICES.contains(&head.as_str()) {
        let person_like =
            name.split_whitespace().count() <= 3 && name.split_whitespace().all(looks_like_name);
        return person_like.then_some(EntityKind::Person);
    }
    if GROUPS.contains(&head.as_str()) {
        let threat = words.iter().any(|w| {
            THREAT.contains(&w.as_str()) || w.starts_with("cyber") || w.ends_with("-linked")
        });
        // "UAC-0063, a group it ties to APT28": a tracking code names a threat group.
        let code = name.chars().any(|c| c.is_ascii_digit());
        return (threat || code || sponsored).then_some(EntityKind::ThreatActor);
    }
    if ORGANISATIONS.contains(&head.as_str()) {
        return Some(EntityKind::Organization);
    }
    Some(EntityKind::Company)
}

/// Whether "group" at `at` is a threat group ("a China-linked threat activity group",
/// "the Iranian hacking group"): `Some` with the state it is tied to, if any.
fn threat_group_before(text: &str, at: usize, known: &[Found]) -> Option<Option<String>> {
    if !text[at..].starts_with("group") {
        return None;
    }
    let from = text.ceil_char_boundary(at.saturating_sub(50));
    let lead = &text[from..at];
    // The descriptor phrase: the words after the last clause break.
    let phrase_start = from + lead.rfind([',', ';', '.', '(', ')']).map_or(0, |i| i + 1);
    let phrase = text[phrase_start..at].to_lowercase();
    let threat = phrase.split_whitespace().any(|w| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'),
            "threat"
                | "hacking"
                | "hacker"
                | "hackers"
                | "espionage"
                | "cyber-espionage"
                | "cyberespionage"
                | "cybercrime"
                | "cybercriminal"
                | "ransomware"
                | "apt"
                | "state-sponsored"
                | "state-backed"
        )
    });
    if !threat {
        return None;
    }
    let country = known
        .iter()
        .filter(|k| k.kind == EntityKind::Country && k.start >= phrase_start && k.end <= at)
        .find(|k| {
            let after = &text[k.end..at];
            !after.starts_with('-')
                || [
                    "-linked",
                    "-based",
                    "-backed",
                    "-sponsored",
                    "-nexus",
                    "-aligned",
                    "-affiliated",
                ]
                .iter()
                .any(|s| after.starts_with(s))
        })
        .and_then(|k| k.country.clone());
    Some(country)
}

/// `text` without a trailing possessive "'s" and the spaces before it.
fn without_possessive(text: &str) -> &str {
    text.strip_suffix("’s")
        .or_else(|| text.strip_suffix("'s"))
        .unwrap_or(text)
        .trim_end()
}

/// The country of a state mention ending right before `at` ("Dutch Ministry", "UK's").
fn demonym_before(text: &str, at: usize, known: &[Found]) -> Option<String> {
    let before = without_possessive(skip_modifiers(text[..at].trim_end()));
    // The state mention may also swallow the modifier ("Poland's state" of "state-run").
    known
        .iter()
        .find(|k| {
            k.kind == EntityKind::Country
                && k.start < before.len()
                && k.end >= before.len()
                && k.end <= at
        })
        .and_then(|k| k.country.clone())
}

/// The state of a body of state named right before `at` ("FBI Director", "DICT
/// spokesperson"): a person titled by an office of that body speaks for its state.
fn office_before(text: &str, at: usize, known: &[Found]) -> Option<String> {
    let before = without_possessive(text[..at].trim_end());
    known
        .iter()
        .find(|k| {
            matches!(
                k.kind,
                EntityKind::Government | EntityKind::Agency | EntityKind::Military
            ) && k.end == before.len()
        })
        .and_then(|k| k.country.clone())
}

/// A name after a lower-case office title whose body belongs to a state ("a DICT
/// spokesperson, Renato Paraiso," "NCSC chief Lindy Cameron"): that person, with the
/// body's state. The title must touch the name, or lead into it through a comma.
fn titled_by_office(text: &str, start: usize, known: &[Found]) -> Option<String> {
    static OFFICE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)(?P<title>(?i:spokesperson|spokesman|spokeswoman|chief|head|director|minister|secretary|undersecretary|official|commissioner|ambassador|envoy|chairman|chairwoman|adviser|advisor))(?:\s+for\s+(?:[a-z-]+,?\s+){1,6}?)?(?:,|\s+of\s+(?:the\s+)?(?P<body>\S+),)?\s*$")
            .unwrap_or_else(|e| panic!("office title pattern: {e}"))
    });
    let from = text.ceil_char_boundary(start.saturating_sub(90));
    let lead = &text[from..start];
    let caps = OFFICE_TITLE.captures(lead)?;
    // "a spokesperson of DICT, X,": the body follows the title.
    if let Some(body) = caps.name("body") {
        let at = from + body.start();
        if let Some(country) = known
            .iter()
            .find(|k| {
                matches!(
                    k.kind,
                    EntityKind::Government | EntityKind::Agency | EntityKind::Military
                ) && k.start == at
            })
            .and_then(|k| k.country.clone())
        {
            return Some(country);
        }
    }
    let title_start = from + caps.name("title")?.start();
    office_before(text, title_start, known).or_else(|| demonym_before(text, title_start, known))
}

/// `text` without up to two trailing lower-case modifiers ("Poland's **state-run**
/// National Research Institute"), so the possessive before them is found.
fn skip_modifiers(text: &str) -> &str {
    let mut out = text;
    for _ in 0..2 {
        let Some(i) = out.rfind(' ') else { break };
        let word = &out[i + 1..];
        let modifier = word.contains('-') && word.chars().all(|c| c.is_lowercase() || c == '-')
            || matches!(word, "state" | "national" | "top" | "main" | "federal");
        if !modifier {
            break;
        }
        out = out[..i].trim_end();
    }
    out
}

/// The state an organisation or office belongs to, from what surrounds or fills its name.
fn country_near(text: &str, start: usize, end: usize, known: &[Found], kb: &Kb) -> Option<String> {
    if let Some(c) = demonym_before(text, start, known) {
        return Some(c);
    }
    // "... of the Netherlands" inside or right after the name.
    let window_end = text.ceil_char_boundary(end + 40);
    known
        .iter()
        .filter(|k| k.kind == EntityKind::Country && k.start >= start && k.start < window_end)
        .find(|k| {
            let between = &text[start.min(k.start)..k.start];
            between.trim_end().ends_with(" of") || between.trim_end().ends_with(" of the")
        })
        .and_then(|k| k.country.clone())
        .or_else(|| {
            let name = &text[start..end];
            kb.lookup(name).first().and_then(|e| e.country.clone())
        })
}

/// Whether capitalised words after `end` close a body's name: an institution's head
/// ("Provincial Police", "Department of Health", "General Hospital") or the last word of
/// a college, library, museum or newspaper name.
fn starts_a_body_name(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    if !rest.starts_with([' ', '\u{a0}']) {
        return false;
    }
    rest.split([' ', '\u{a0}'])
        .skip(1)
        .take(4)
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .any(|w| {
            lexicon::institution_head(w).is_some()
                || lexicon::org_suffix(w)
                || matches!(
                    w.to_lowercase().as_str(),
                    "college"
                        | "library"
                        | "museum"
                        | "times"
                        | "post"
                        | "herald"
                        | "tribune"
                        | "globe"
                        | "journal"
                        | "gazette"
                        | "chronicle"
                )
        })
}

/// The state of a place that opens a name ("Ontario" in "Ontario Provincial Police").
fn leading_place(kb: &Kb, words: &[(usize, usize, &str)]) -> Option<String> {
    (1..words.len()).rev().find_map(|n| {
        let name = words[..n].iter().map(|w| w.2).collect::<Vec<_>>().join(" ");
        kb.lookup(&name)
            .into_iter()
            .find(|e| e.kind == EntityKind::Location)
            .and_then(|e| e.country.clone())
    })
}

/// Lower-case slug for local ids (letters and digits, words joined by `-`).
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The entity (of `doc`) with the longest mention covering `span`, if any.
pub fn entity_at(doc: &Document, span: Span) -> Option<&Entity> {
    doc.entities
        .iter()
        .filter_map(|e| {
            e.mentions
                .iter()
                .filter(|m| m.span().overlaps(span))
                .map(|m| m.span().len())
                .max()
                .map(|len| (len, e))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Metadata;

    fn run(text: &str) -> Document {
        let mut doc = Document::new(text.to_string(), Metadata::default());
        crate::sentences::Sentences
            .process(&mut doc)
            .expect("sentences");
        let stage = Entities::new(Arc::new(Kb::core()));
        stage.process(&mut doc).expect("entities");
        doc
    }

    fn find<'d>(doc: &'d Document, surface: &str) -> Option<&'d Entity> {
        doc.entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.text == surface))
    }

    #[test]
    fn a_body_the_kb_gives_another_state_belongs_to_the_state_named_before_it() {
        let doc = run("Ireland's NCSC and Britain's NCSC issued a joint alert.");
        let countries: Vec<Option<&str>> = doc
            .entities
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.text == "NCSC"))
            .map(|e| e.country.as_deref())
            .collect();
        assert_eq!(countries, vec![Some("IE"), Some("GB")]);
    }

    #[test]
    fn a_known_person_named_again_by_surname_is_that_person() {
        let doc = run("Foreign Minister Wang Yi met the envoy. Wang said nothing.");
        let e = find(&doc, "Wang").expect("Wang found");
        assert_eq!(e.kind, EntityKind::Person);
        assert_eq!(e.country.as_deref(), Some("CN"));
    }

    #[test]
    fn a_response_team_named_by_its_state_s_code_is_that_state_s_agency() {
        let doc = run("CERT-IS said the emails came from Star Blizzard.");
        let e = find(&doc, "CERT-IS").expect("CERT-IS found");
        assert_eq!(e.kind, EntityKind::Agency);
        assert_eq!(e.country.as_deref(), Some("IS"));
        // Not a state's code: no team of a state.
        let doc = run("CERT-ZQ said the emails came from Star Blizzard.");
        assert!(find(&doc, "CERT-ZQ").is_none_or(|e| e.country.is_none()));
    }

    #[test]
    fn an_acronym_after_a_state_body_s_description_is_that_body() {
        let doc = run(
            "The attack was the work of hackers, the government's cybersecurity agency ZYRCA \
             said.",
        );
        let e = find(&doc, "ZYRCA").expect("ZYRCA found");
        assert_eq!(e.kind, EntityKind::Agency);
        assert!(e.id.starts_with(HOME_BODY));
        let doc = run("Slovenia's cyber agency SIGOV said the hackers were Russian.");
        let e = find(&doc, "SIGOV").expect("SIGOV found");
        assert_eq!(e.country.as_deref(), Some("SI"));
    }

    #[test]
    fn institutions_keep_the_words_after_of_and_for() {
        let doc = run("Portugal's Ministry of Foreign Affairs said hackers broke in.");
        let e = find(&doc, "Portugal's Ministry of Foreign Affairs").expect("whole name");
        assert_eq!(e.country.as_deref(), Some("PT"));
        let doc = run("The High Commission for National Protection said the sites went down.");
        let e = find(&doc, "High Commission for National Protection").expect("whole name");
        assert_eq!(e.kind, EntityKind::Government);
        let doc = run("The National Security Committee linked the intrusions to Mustang Panda.");
        let e = find(&doc, "National Security Committee").expect("committee");
        assert_eq!(e.kind, EntityKind::Agency);
        // The KB's body inside a state compound keeps its id.
        let doc = run("The campaign was the work of China's Ministry of State Security.");
        let e = find(&doc, "China's Ministry of State Security").expect("MSS");
        assert_eq!(e.id, "agency:cn-mss");
    }

    #[test]
    fn a_ministry_named_by_its_portfolio_is_a_home_body() {
        let doc = run("Hackers broke into the networks of the defence ministry.");
        let e = find(&doc, "the defence ministry").expect("the ministry");
        assert_eq!(e.kind, EntityKind::Government);
        assert!(e.id.starts_with(HOME_BODY));
        // A state before it makes it that state's, not a home body.
        let doc = run("Hackers broke into the networks of Chile's defence ministry.");
        let e = find(&doc, "Chile's defence ministry").expect("Chile's ministry");
        assert_eq!(e.country.as_deref(), Some("CL"));
    }

    #[test]
    fn a_possessive_closing_a_name_is_not_part_of_it() {
        let doc = run("Hackers hacked the Electoral Commission's website.");
        let e = find(&doc, "Electoral Commission").expect("the commission");
        assert_eq!(e.kind, EntityKind::Government);
        let doc = run("Hackers hacked the Interior Ministry’s website.");
        let e = find(&doc, "Interior Ministry").expect("the ministry");
        assert_eq!(e.kind, EntityKind::Government);
    }

    #[test]
    fn capital_standing_for_the_state_is_the_state() {
        let doc = run("Beijing denies the allegations.");
        let e = find(&doc, "Beijing").expect("Beijing found");
        assert_eq!(e.kind, EntityKind::Country);
        assert_eq!(e.country.as_deref(), Some("CN"));
    }

    #[test]
    fn a_place_naming_malware_is_the_malware() {
        let doc = run("Cuba ransomware hit the tax office, while Russian malware hit the grid.");
        let e = find(&doc, "Cuba").expect("Cuba");
        assert_eq!(e.kind, EntityKind::Malware);
        assert_eq!(e.country, None);
        // A demonym stays the state's.
        let e = find(&doc, "Russian").expect("Russian");
        assert_eq!(e.country.as_deref(), Some("RU"));
    }

    #[test]
    fn an_appositive_cut_short_by_a_relative_clause_still_places_the_name() {
        // After a preposition, and without a closing comma.
        let doc = run(
            "The Treasury imposed sanctions on Silent Lake Technology, a Beijing security \
             company that it said built the tools.",
        );
        let e = find(&doc, "Silent Lake Technology").expect("the company");
        assert_eq!(e.kind, EntityKind::Company);
        assert_eq!(e.country.as_deref(), Some("CN"));
    }

    #[test]
    fn after_a_preposition_only_a_measure_s_target_is_named_by_its_appositive() {
        // A person after "by" is a source; a sender after "from" is no target.
        let doc = run(
            "A report on Friday by Victor Hale, an ethical hacker and founder of a lab, \
             counted the attacks.",
        );
        assert!(find(&doc, "Victor Hale").is_none());
        let doc = run(
            "The emails seemed to come from Blizzard Entertainment, the game developer, \
             Malwarebytes said.",
        );
        assert!(find(&doc, "Blizzard Entertainment").is_none());
    }

    #[test]
    fn the_bureau_names_the_bureau_named_before() {
        let doc = run(
            "Taiwan's National Security Bureau said Chinese hackers probed government \
             networks. The bureau warned of more attacks.",
        );
        let e = find(&doc, "The bureau").expect("the bureau");
        assert_eq!(e.country.as_deref(), Some("TW"));
    }

    #[test]
    fn a_shared_agency_name_goes_to_the_state_the_article_names() {
        // With no state named, "the NCSC" is the British centre, the usual one in English.
        let doc = run("The NCSC published an advisory on the flaw.");
        let e = find(&doc, "NCSC").expect("NCSC found");
        assert_eq!(e.country.as_deref(), Some("GB"));
        // A Dutch article's NCSC is the Dutch one.
        let doc = run("The Dutch NCSC warned Dutch ministries about the flaw in the Netherlands.");
        let e = find(&doc, "NCSC").expect("NCSC found");
        assert_eq!(e.country.as_deref(), Some("NL"));
    }

    #[test]
    fn a_capital_blamed_is_the_state() {
        let doc = run("Britain attributed the hack of its parliament to Moscow.");
        let e = find(&doc, "Moscow").expect("Moscow found");
        assert_eq!(e.kind, EntityKind::Country);
        let doc = run("The delegation flew to Moscow on Friday.");
        let e = find(&doc, "Moscow").expect("Moscow found");
        assert_eq!(e.kind, EntityKind::Location);
    }

    #[test]
    fn capital_as_a_place_is_a_location() {
        let doc = run("The two leaders met in Moscow on Friday.");
        let e = find(&doc, "Moscow").expect("Moscow found");
        assert_eq!(e.kind, EntityKind::Location);
        assert_eq!(e.country.as_deref(), Some("RU"));
    }

    #[test]
    fn demonym_with_institution_is_a_government_of_that_state() {
        let doc = run("A statement from the Chinese embassy rejected it.");
        let e = find(&doc, "Chinese embassy").expect("embassy found");
        assert_eq!(e.kind, EntityKind::Government);
        assert_eq!(e.country.as_deref(), Some("CN"));
    }

    #[test]
    fn demonym_with_attackers_is_a_state_actor() {
        let doc = run("Officials said Russian state-backed hackers broke in.");
        let e = find(&doc, "Russian state-backed hackers").expect("actor found");
        assert_eq!(e.kind, EntityKind::ThreatActor);
        assert_eq!(e.country.as_deref(), Some("RU"));
    }

    #[test]
    fn attackers_placed_in_or_tied_to_a_state_are_its_actor() {
        for (text, phrase, code) in [
            (
                "Hackers based in Iran tried to break in.",
                "Hackers based in Iran",
                "IR",
            ),
            (
                "It blamed attackers operating out of Russia.",
                "attackers operating out of Russia",
                "RU",
            ),
            (
                "Groups tied to North Korea's intelligence services stole data.",
                "Groups tied to North Korea's intelligence services",
                "KP",
            ),
            (
                "A crew backed by China was named.",
                "crew backed by China",
                "CN",
            ),
        ] {
            let doc = run(text);
            let e = find(&doc, phrase).unwrap_or_else(|| panic!("{phrase} not found in {text}"));
            assert_eq!(e.kind, EntityKind::ThreatActor, "{text}");
            assert_eq!(e.country.as_deref(), Some(code), "{text}");
        }
        // A place after another noun is still a place.
        let doc = run("Banks based in Iran were hit.");
        assert!(find(&doc, "Banks based in Iran").is_none());
    }

    #[test]
    fn names_in_a_tracker_s_scheme_are_threat_actors() {
        let doc = run(
            "Analysts said a group they track as Harbor Wren, also seen as UNC9412 and \
             UAC-0777, worked with Quartz Typhoon and Lantern Tempest.",
        );
        for (name, country) in [
            ("Harbor Wren", None),
            ("UNC9412", None),
            ("UAC-0777", None),
            // The family word of Microsoft's scheme tells the state when it stands for one.
            ("Quartz Typhoon", Some("CN")),
            ("Lantern Tempest", None),
        ] {
            let e = find(&doc, name).unwrap_or_else(|| panic!("{name} not found"));
            assert_eq!(e.kind, EntityKind::ThreatActor, "{name}");
            assert_eq!(e.country.as_deref(), country, "{name}");
        }
        // A weather word alone, or after a function word, names no one.
        let doc = run("The Typhoon season closed ports in the south.");
        assert!(
            doc.entities
                .iter()
                .all(|e| e.kind != EntityKind::ThreatActor)
        );
    }

    #[test]
    fn a_name_a_report_is_sourced_to_is_a_body() {
        for text in [
            "The funds went to Pyongyang, according to Veridane.",
            "The funds went to Pyongyang, according to an analysis published on Monday by \
             Veridane.",
        ] {
            let doc = run(text);
            let e = find(&doc, "Veridane").unwrap_or_else(|| panic!("none in {text}"));
            assert_eq!(e.kind, EntityKind::Company, "{text}");
        }
        // "according to the agency" names no one, nor does a date.
        for text in [
            "The funds went to Pyongyang, according to the agency.",
            "The funds went to Pyongyang, according to March figures.",
        ] {
            let doc = run(text);
            assert!(
                doc.entities.iter().all(|e| e.kind != EntityKind::Company),
                "{text}"
            );
        }
    }

    #[test]
    fn a_crew_named_after_its_code_is_the_crew() {
        let doc = run("The Akira ransomware group encrypted the servers.");
        let e = find(&doc, "Akira ransomware group").expect("crew");
        assert_eq!(e.kind, EntityKind::ThreatActor);
        // The code alone stays the code.
        let doc = run("The servers were encrypted with Akira ransomware.");
        assert!(find(&doc, "Akira ransomware").is_some_and(|e| e.kind == EntityKind::Malware));
    }

    #[test]
    fn suspects_told_by_age_or_home_and_executives_by_title_are_people() {
        for (text, name) in [
            (
                "Police detained Oskar Vill, a Tartu resident, on Monday.",
                "Oskar Vill",
            ),
            (
                "Prosecutors charged Jane Roe, a 20-year-old student, with fraud.",
                "Jane Roe",
            ),
            (
                "The carrier's chief executive Lena Brandt told lawmakers about the outage.",
                "Lena Brandt",
            ),
        ] {
            let doc = run(text);
            let e = find(&doc, name).unwrap_or_else(|| panic!("{name} not found in {text}"));
            assert_eq!(e.kind, EntityKind::Person, "{text}");
        }
        // The surname alone, later, is the person an appositive told.
        let doc = run("Police detained Oskar Vill, a Tartu resident. Prosecutors charged Vill.");
        let e = find(&doc, "Vill").expect("surname");
        assert_eq!(e.name, "Oskar Vill");
        // One capitalised word after a title is no full name.
        let doc = run("The founder Acme said nothing.");
        assert!(find(&doc, "Acme").is_none_or(|e| e.kind != EntityKind::Person));
    }

    #[test]
    fn a_named_gang_is_a_threat_actor() {
        for (text, name) in [
            ("The attack was carried out by the Qilin gang.", "Qilin"),
            (
                "Police arrested members of the Vanilla Tempest hacking group.",
                "Vanilla Tempest",
            ),
        ] {
            let doc = run(text);
            let e = doc.entities.iter().find(|e| e.name == name);
            assert_eq!(e.map(|e| e.kind), Some(EntityKind::ThreatActor), "{text}");
        }
        // Its descriptor names the actor: no hacking operation is read in it.
        let doc = crate::events::testing::run_rules(
            "The dump was released by the ShadowBrokers hacking group.",
        );
        assert!(
            doc.events.iter().all(|e| !e.kind.is_operation()),
            "{:?}",
            doc.events
        );
        let doc = run("Mercenaries of the Wagner group were seen there.");
        assert!(find(&doc, "Wagner").is_none_or(|e| e.kind != EntityKind::ThreatActor));
    }

    #[test]
    fn a_known_leader_speaks_for_the_state_by_surname_alone() {
        let doc = run("Merkel has publicly blamed Russia for the hack.");
        let e = find(&doc, "Merkel").expect("Merkel found");
        assert_eq!(e.kind, EntityKind::Person);
        assert_eq!(e.country.as_deref(), Some("DE"));
    }

    #[test]
    fn titled_person_gets_country_and_surname_coreference() {
        let doc =
            run("Dutch Prime Minister Mark Rutte spoke to reporters. Later, Rutte said more.");
        let e = find(&doc, "Mark Rutte").expect("person found");
        assert_eq!(e.kind, EntityKind::Person);
        assert_eq!(e.country.as_deref(), Some("NL"));
        assert_eq!(e.mentions.len(), 2);
    }

    #[test]
    fn appositive_person_takes_country_from_title() {
        let doc = run("During talks, the Prime Minister of the Netherlands, Mark Rutte, spoke.");
        let e = find(&doc, "Mark Rutte").expect("person found");
        assert_eq!(e.country.as_deref(), Some("NL"));
    }

    #[test]
    fn an_appositive_tells_what_an_unknown_name_is_and_whose() {
        let doc = run("Aiko Tanaka, Japan's deputy cyber minister, spoke on Friday.");
        let e = find(&doc, "Aiko Tanaka").expect("person found");
        assert_eq!(
            (e.kind, e.country.as_deref()),
            (EntityKind::Person, Some("JP"))
        );
        let doc = run("Storm-9999, a Russian influence operation, posted the clips.");
        let e = find(&doc, "Storm-9999").expect("actor found");
        assert_eq!(
            (e.kind, e.country.as_deref()),
            (EntityKind::ThreatActor, Some("RU"))
        );
        let doc = run("Veltro Pay, a crypto payments platform, lost the funds.");
        let e = find(&doc, "Veltro Pay").expect("company found");
        assert_eq!((e.kind, e.country.as_deref()), (EntityKind::Company, None));
        // A place inside the appositive places a name found without a state.
        let doc = run("Nordwind Labs, a Tampere cybersecurity startup, found the flaw.");
        let e = find(&doc, "Nordwind Labs").expect("company found");
        assert_eq!(e.country.as_deref(), Some("FI"));
        // A group that is no hacking group is no threat actor.
        let doc = run("Harlow Partners, a lobbying group, hired him.");
        assert!(find(&doc, "Harlow Partners").is_none());
        // Sentence adverbs and names after a preposition are no names.
        let doc = run("Instead, the company, which makes routers, said nothing.");
        assert!(find(&doc, "Instead").is_none());
        let doc = run("The deal went to Zentrix, a spokesman for the firm, Ana Lopes, said.");
        assert!(find(&doc, "Zentrix").is_none());
        // A gang's name after the article that opens the sentence.
        let doc = run("The Vexor gang leaked the files.");
        let e = find(&doc, "Vexor gang").expect("gang found");
        assert_eq!(e.kind, EntityKind::ThreatActor);
    }

    #[test]
    fn organisation_with_head_word_and_possessive_country() {
        let doc = run("It hit the UK’s Electoral Commission last year.");
        let e = find(&doc, "Electoral Commission").expect("org found");
        assert_eq!(e.country.as_deref(), Some("GB"));
    }

    #[test]
    fn company_by_descriptor_with_demonym() {
        let doc = run("Exports by the Dutch company ASML were restricted.");
        let e = find(&doc, "ASML").expect("company found");
        assert_eq!(e.kind, EntityKind::Company);
        assert_eq!(e.country.as_deref(), Some("NL"));
        for (text, name) in [
            (
                "The outage hit software supplier Norvale Systems.",
                "Norvale Systems",
            ),
            (
                "Hackers drained crypto exchange Bitvanta overnight.",
                "Bitvanta",
            ),
        ] {
            let doc = run(text);
            let e = find(&doc, name).unwrap_or_else(|| panic!("none in {text}"));
            assert_eq!(e.kind, EntityKind::Company, "{text}");
        }
    }

    #[test]
    fn a_definite_description_names_the_nearest_body_of_its_kind_again() {
        let doc = run("The Russian embassy in Oslo spoke first. Later the embassy said more.");
        let e = find(&doc, "the embassy").expect("description resolved");
        assert_eq!(e.country.as_deref(), Some("RU"));
        assert_eq!(e.mentions.len(), 2);
        let doc = run("Microsoft found the flaw. The company said it was patched.");
        let e = find(&doc, "The company").expect("description resolved");
        assert_eq!(e.id, find(&doc, "Microsoft").expect("Microsoft").id);
        // Too far back, or nothing of its kind: no entity.
        let doc = run("Microsoft found it. One. Two. Three. Four. The company said so.");
        assert!(find(&doc, "The company").is_none());
        let doc = run("Dutch police spoke. The ministry said so.");
        assert!(find(&doc, "The ministry").is_none());
    }

    #[test]
    fn cyber_agencies_of_a_state_are_its_bodies() {
        for (text, name, country) in [
            (
                "Brazil's cyber police arrested two men.",
                "Brazil's cyber police",
                "BR",
            ),
            (
                "Chile's cyber agency issued a notice.",
                "Chile's cyber agency",
                "CL",
            ),
            (
                "Canada's signals directorate said so.",
                "Canada's signals directorate",
                "CA",
            ),
            (
                "Slovak counter-intelligence named them.",
                "Slovak counter-intelligence",
                "SK",
            ),
            ("Japan's spy agency said so.", "Japan's spy agency", "JP"),
            ("Finland's spy chief said so.", "Finland's spy chief", "FI"),
        ] {
            let doc = run(text);
            let e = find(&doc, name).unwrap_or_else(|| panic!("{name} not found in {text:?}"));
            assert_eq!(e.kind, EntityKind::Agency, "{text}");
            assert_eq!(e.country.as_deref(), Some(country), "{text}");
        }
    }

    #[test]
    fn a_place_that_opens_a_body_name_is_part_of_the_name() {
        let doc = run("The Quebec Provincial Police said so. The Denver Post reported it.");
        let e = find(&doc, "Quebec Provincial Police").expect("police found");
        assert_eq!(e.kind, EntityKind::Agency);
        assert_eq!(e.country.as_deref(), Some("CA"));
        assert!(find(&doc, "Quebec").is_none());
        assert!(find(&doc, "Denver").is_none());
        // Alone, the place is a place of its state.
        let doc = run("A clinic in Quebec was hit.");
        let e = find(&doc, "Quebec").expect("place found");
        assert_eq!(e.kind, EntityKind::Location);
        assert_eq!(e.country.as_deref(), Some("CA"));
    }

    #[test]
    fn possessive_state_before_a_modifier_gives_the_country() {
        let doc = run("Poland's state-run National Research Institute said so.");
        let e = find(&doc, "National Research Institute").expect("org found");
        assert_eq!(e.country.as_deref(), Some("PL"));
    }

    #[test]
    fn possessive_state_before_lower_case_modifiers_gives_the_body_its_state() {
        for (text, surface, country) in [
            (
                "Norway's security police said so.",
                "Norway's security police",
                "NO",
            ),
            (
                "Australia's signals intelligence agency said so.",
                "Australia's signals intelligence agency",
                "AU",
            ),
        ] {
            let doc = run(text);
            let e = find(&doc, surface).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(e.country.as_deref(), Some(country), "{text}");
        }
        // "Federal prosecutors" are a body of the home state, waiting for its country.
        let doc = run("Federal prosecutors said so.");
        assert!(find(&doc, "prosecutors").is_some());
    }

    #[test]
    fn a_named_threat_group_is_an_actor_with_its_state() {
        let doc =
            run("Analysts tied the campaign to a Vietnam-linked threat activity group BlueKite.");
        let e = find(&doc, "BlueKite").expect("group found");
        assert_eq!(e.kind, EntityKind::ThreatActor);
        assert_eq!(e.country.as_deref(), Some("VN"));
        // A company's group stays a company.
        let doc = run("Shares of the media group Northwind rose.");
        let e = find(&doc, "Northwind").expect("company found");
        assert_eq!(e.kind, EntityKind::Company);
    }

    #[test]
    fn slugs_are_ascii_lowercase() {
        assert_eq!(slug("Ministry of Defence"), "ministry-of-defence");
        assert_eq!(slug("Chargé d’Affaires"), "chargé-d-affaires");
    }

    #[test]
    fn an_official_of_a_state_body_speaks_for_its_state() {
        for (text, name) in [
            (
                "A DICT spokesperson, Renato Paraiso, said the hackers failed.",
                "Renato Paraiso",
            ),
            (
                "FBI Director Jane Roe said the group was behind it.",
                "Jane Roe",
            ),
            (
                "DICT Undersecretary Jeffrey Ian Dy said so on Monday.",
                "Jeffrey Ian Dy",
            ),
            // The body after the title, and a portfolio between title and name.
            (
                "The mailboxes were hit, a spokesperson of the FBI, Jane Roe, stated.",
                "Jane Roe",
            ),
            (
                "FBI Director for cyber, intelligence and outreach John Doe said so.",
                "John Doe",
            ),
        ] {
            let doc = run(text);
            let person = doc
                .entities
                .iter()
                .find(|e| e.name == name)
                .unwrap_or_else(|| panic!("{name} in {:?}", doc.entities));
            assert_eq!(person.kind, EntityKind::Person, "{text}");
            assert!(person.country.is_some(), "{text}: {person:?}");
        }
        // A title with no state body before it gives no state.
        let doc = run("A company spokesperson, Jane Roe, said nothing.");
        assert!(
            doc.entities.iter().all(|e| e.country.is_none()),
            "{:?}",
            doc.entities
        );
    }

    #[test]
    fn quoted_attackers_placed_in_a_state_are_its_actors() {
        let doc = run(
            "The official said the \u{201c}threat actors\u{201d} were operating from Chinese territory.",
        );
        assert!(
            doc.entities
                .iter()
                .any(|e| e.kind == EntityKind::ThreatActor && e.country.as_deref() == Some("CN")),
            "{:?}",
            doc.entities
        );
    }

    /// The kind and country of the entity mentioned as `surface` in `text`.
    fn told(text: &str, surface: &str) -> Option<(EntityKind, Option<String>)> {
        let doc = run(text);
        find(&doc, surface).map(|e| (e.kind, e.country.clone()))
    }

    #[test]
    fn an_appositive_with_a_clause_of_belief_tells_a_group_and_its_state() {
        // The appositive ends where "the lab believes" opens; what the clause says of
        // the group (run by a state's army) makes it a threat group of that state, even
        // after "to".
        assert_eq!(
            told(
                "Analysts traced the lures to Heronfall, a group the lab believes is run by \
                 the Pakistani army, and to no one else.",
                "Heronfall"
            ),
            Some((EntityKind::ThreatActor, Some("PK".into())))
        );
        // A bare "a group" with a tracking code is a threat group; the clause that ties
        // it to a state's unit gives the state.
        assert_eq!(
            told(
                "UAC-0999, a group it ties to Russia's GRU, sent the lures.",
                "UAC-0999"
            ),
            Some((EntityKind::ThreatActor, Some("RU".into())))
        );
        assert_eq!(
            told("UNC9931, a group they track, sent the lures.", "UNC9931"),
            Some((EntityKind::ThreatActor, None))
        );
        // "a group" with neither says nothing.
        assert_eq!(
            told(
                "Blue Meadow, a group they track, met on Monday.",
                "Blue Meadow"
            ),
            None
        );
    }

    #[test]
    fn a_business_or_body_after_a_preposition_is_told_by_its_appositive() {
        assert_eq!(
            told(
                "Funds were taken from wallets at Coinvault, Brazil's biggest crypto exchange, \
                 on Friday.",
                "Coinvault"
            ),
            Some((EntityKind::Company, Some("BR".into())))
        );
        assert_eq!(
            told(
                "NordCERT, a non-profit body funded by Swedish utilities, said so.",
                "NordCERT"
            )
            .map(|(k, _)| k),
            Some(EntityKind::Organization)
        );
        // An employer after an office names a source, not a business in the story.
        assert_eq!(
            told(
                "Attackers use the news as bait, said Ana Ruiz, CEO at Nimbo, a security \
                 startup, on Monday.",
                "Nimbo"
            ),
            None
        );
    }

    #[test]
    fn a_crew_named_by_calling_itself_is_a_threat_actor() {
        assert_eq!(
            told(
                "A hacktivist collective calling itself Red Lantern leaked the files.",
                "Red Lantern"
            ),
            Some((EntityKind::ThreatActor, None))
        );
        assert_eq!(
            told(
                "A Russian group known as Ember Wolf hit the port.",
                "Ember Wolf"
            ),
            Some((EntityKind::ThreatActor, Some("RU".into())))
        );
    }

    #[test]
    fn a_crew_named_at_the_start_of_a_sentence_is_a_threat_actor() {
        assert_eq!(
            told(
                "Hackers calling themselves Blue Heron dumped the ministry's files.",
                "Blue Heron"
            ),
            Some((EntityKind::ThreatActor, None))
        );
    }

    #[test]
    fn the_emirates_cyber_council_is_not_the_un_security_council() {
        assert_eq!(
            told(
                "The UAE Cyber Security Council said OilRig was behind the campaign.",
                "UAE Cyber Security Council"
            ),
            Some((EntityKind::Agency, Some("AE".into())))
        );
    }

    #[test]
    fn a_capital_whose_envoy_follows_is_the_state() {
        assert_eq!(
            told(
                "Warsaw called in Minsk's charge d'affaires over the hack.",
                "Minsk"
            ),
            Some((EntityKind::Country, Some("BY".into())))
        );
        // Still a place where no envoy follows.
        assert_eq!(
            told("The talks were held in Minsk's old town.", "Minsk").map(|(k, _)| k),
            Some(EntityKind::Location)
        );
    }

    #[test]
    fn an_unknown_name_that_reports_is_a_firm_or_the_person_named_before() {
        assert_eq!(
            told(
                "Chainwatch said the thieves were from North Korea.",
                "Chainwatch"
            ),
            Some((EntityKind::Company, None))
        );
        assert_eq!(
            told(
                "The attack was bad, and Veridion found the same.",
                "Veridion"
            ),
            Some((EntityKind::Company, None))
        );
        // Common nouns that open a sentence are no names.
        for text in [
            "Researchers said the thieves were from Iran.",
            "Critics said so.",
        ] {
            let doc = run(text);
            assert!(
                doc.entities.iter().all(|e| e.kind != EntityKind::Company),
                "{text}: {:?}",
                doc.entities
            );
        }
        // A surname after the full name is that person again.
        let doc = run(
            "Prime Minister Jonas Halvorsen spoke in Oslo. Halvorsen said the hackers were \
             from Russia.",
        );
        let full = find(&doc, "Prime Minister Jonas Halvorsen")
            .or_else(|| find(&doc, "Jonas Halvorsen"))
            .expect("the minister");
        let again = find(&doc, "Halvorsen").expect("the surname");
        assert_eq!(full.id, again.id);
    }

    #[test]
    fn the_group_names_the_last_threat_actor_again_unless_described_anew() {
        let doc = run("APT29 broke into the ministry. The group also read diplomatic cables.");
        let e = find(&doc, "The group").expect("the group");
        assert_eq!(e.kind, EntityKind::ThreatActor);
        assert_eq!(e.country.as_deref(), Some("RU"));
        // The name, not the description of a state's hackers after it.
        let doc = run(
            "Seoul imposed sanctions on Kimsuky, a North Korean hacking unit, on Friday. It was \
             the first time a government had designated the group.",
        );
        let e = find(&doc, "the group").expect("the group");
        assert_eq!(e.id, find(&doc, "Kimsuky").expect("Kimsuky").id);
        // "the group tied to ..." is a new description.
        let doc =
            run("APT29 broke into the ministry. The attacks came from the group tied to Locky.");
        assert!(find(&doc, "the group").is_none(), "{:?}", doc.entities);
    }

    #[test]
    fn rights_groups_tied_to_a_state_are_no_attackers() {
        for text in [
            "The campaign against rights groups was linked to Russia.",
            "The campaign against several groups was linked to Russia.",
        ] {
            let doc = run(text);
            assert!(
                doc.entities
                    .iter()
                    .all(|e| e.kind != EntityKind::ThreatActor),
                "{text}: {:?}",
                doc.entities
            );
        }
        // Attackers tied to a state still are.
        let doc = run("Hackers linked to Russia hit the port.");
        assert!(
            doc.entities
                .iter()
                .any(|e| e.kind == EntityKind::ThreatActor),
            "{:?}",
            doc.entities
        );
    }

    #[test]
    fn the_intelligence_service_of_the_story_is_a_home_body() {
        let doc = run("A day later the domestic intelligence service said Turla was behind it.");
        let e = find(&doc, "the domestic intelligence service").expect("the service");
        assert!(e.id.starts_with(HOME_BODY), "{e:?}");
        assert_eq!(e.kind, EntityKind::Agency);
    }

    #[test]
    fn initials_before_a_reporting_verb_make_a_person() {
        let doc = run("Power Minister R.K. Singh said the attempts had failed.");
        let e = doc
            .entities
            .iter()
            .find(|e| e.name == "R.K. Singh")
            .expect("the minister");
        assert_eq!(e.kind, EntityKind::Person);
        // A state's abbreviation is no initial.
        let doc = run("The U.S. Cyber Unit said the attempts had failed.");
        assert!(doc.entities.iter().all(|e| e.kind != EntityKind::Person));
    }

    #[test]
    fn a_national_named_after_a_preposition_is_that_person() {
        let doc = run("Britain froze money held by Ivan Petrov, a Russian national, on Monday.");
        let e = doc
            .entities
            .iter()
            .find(|e| e.name == "Ivan Petrov")
            .expect("the national");
        assert_eq!(
            (e.kind, e.country.as_deref()),
            (EntityKind::Person, Some("RU"))
        );
        // Other people after "by" are sources.
        let doc = run("It was first spotted by Jan Jansen, an ethical hacker, on Monday.");
        assert!(doc.entities.iter().all(|e| e.kind != EntityKind::Person));
    }

    #[test]
    fn the_country_s_intelligence_services_are_the_home_state_s() {
        let doc = run("Prague said the country's intelligence services concluded it.");
        assert!(
            doc.entities
                .iter()
                .any(|e| e.name == "intelligence services" && e.kind == EntityKind::Agency),
            "{:?}",
            doc.entities
        );
        // Not when the state follows, and not the bare plural.
        for text in [
            "Dutch officials said the intelligence services of Russia had hacked it.",
            "Sources in the intelligence services said it was likely.",
        ] {
            let doc = run(text);
            assert!(
                doc.entities
                    .iter()
                    .all(|e| !e.name.contains("intelligence")),
                "{text}"
            );
        }
    }

    #[test]
    fn a_place_may_open_a_firm_s_name() {
        let text = "Sichuan Silence, a Chengdu-based security contractor, exploited a flaw in \
                    Sophos firewalls, and Washington sanctioned the firm.";
        let doc = run(text);
        let firm = find(&doc, "Sichuan Silence").expect("the firm");
        assert_eq!(
            (firm.kind, firm.country.as_deref()),
            (EntityKind::Company, Some("CN"))
        );
        // "the firm" is the contractor, not the vendor named as its product's modifier.
        assert!(
            firm.mentions.iter().any(|m| m.text == "the firm"),
            "{:?}",
            firm.mentions
        );
        // A place before a name told as anything but a firm or group stays a place.
        assert_eq!(
            told(
                "Chengdu Huang Wei, a senior official, said the hack was contained.",
                "Chengdu"
            ),
            Some((EntityKind::Location, Some("CN".into())))
        );
    }

    #[test]
    fn a_given_name_before_an_initial_is_the_person_s() {
        let doc = run("Acting US Attorney Joon H. Kim said the suspect had been extradited.");
        assert!(find(&doc, "Joon H. Kim").is_some(), "{:?}", doc.entities);
    }
}
