//! Finding KB names in text.
//!
//! [`Gazetteer::find`] runs one Aho-Corasick automaton (ASCII case-insensitive) over the text
//! and keeps the leftmost-longest of the matches that pass two checks:
//!
//! * **Word boundaries.** The characters on both sides must not be letters, digits or `_`, so
//!   "Iran" never fires inside "Iranian". A dot or `@` joining the match to more letters
//!   ("fbi.gov", "plugx.dll") is not a boundary either; a dot that ends the alias ("U.S.") or a
//!   hyphen ("Russia-linked") is. A possessive "'s"/"’s" is left outside the match.
//! * **Case rules**, chosen per alias from its shape, its kind and the word lists in `data/`:
//!   - *acronyms* (no lower-case letter: "NCSC", "APT31", "U.S.") match only as written;
//!     upper-case names of the core KB of six or more letters ("STRONTIUM") or several words
//!     ("GOLD SOUTHFIELD") also match in Title Case ("Strontium", "Gold Southfield");
//!   - *names* with lower-case letters ("Fancy Bear", "FortiGate") match as written, in
//!     Title Case ("Fortigate") or in UPPER CASE, word by word; a name's first word must
//!     start with a capital, so "fancy bear" does not match. A later word may be lower case
//!     when it is an ordinary word and the first word is not ("Lazarus group");
//!   - *very common words* (`data/stopwords.txt`: "Will", "Patch", "Update") are dropped when
//!     they are a whole alias, whatever its case; the KB keeps them for lookups;
//!   - *ordinary words* used as names (`data/ordinary_words.txt`: "Winter", "Exchange",
//!     "Reaper") match only in their exact capitalised form, never at the start of a sentence
//!     and never next to another capitalised word ("Royal Navy" is no "Royal");
//!     upper-case ones ("LEAD", "US") match only as written and not beside an upper-case
//!     common word (an all-caps headline);
//!   - *country names and capitals* that are ordinary words ("Turkey", "Jersey") and every
//!     one-word capital or seat ("Washington", "Kremlin") keep the name rule but must not sit
//!     next to another capitalised word ("New Jersey", "Washington Post"); weekday and month
//!     names do not count ("in Washington Thursday");
//!   - *sector* nouns of the core KB ("energy sector", "hospitals") match in any case; a
//!     sector's bare one-word name ("government", "energy") and imported sectors do not;
//!   - *imported one-word names spelled like plain words* ("Global", "Netflix", "Deputy")
//!     are treated as ordinary words, and unless they are the entry's own name and two
//!     sources agree on them they are *weak*: they never make a match on their own but join
//!     a match another alias makes, so "Andariel" still lists both the group and the
//!     umbrella cluster a source files it under. Imported all-lower-case forms ("telegram")
//!     and codes of up to three characters ("UPS", "TSB") are weak too. Imported malware
//!     names made only of plain words ("Donald Trump") must not sit next to another
//!     capitalised word.
//!
//! A match lists every entry its alias names (`ids`): candidates written exactly as the text
//! first ("iOS" before "IOS"), then the entry whose canonical name it is, then the alias more
//! sources agree on, then KB order. An ambiguous alias such as "NCSC" stays ambiguous for the
//! linker to resolve in context.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use dossier_model::EntityKind;
use serde::{Deserialize, Serialize};

use crate::Kb;
use crate::entry::{Alias, AliasForm};
use crate::normalize::key;
use crate::words::{is_calendar_word, is_ordinary, is_stopword};

/// One place where the text names KB entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazMatch {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The entries the alias names, best candidate first; more than one when ambiguous.
    pub ids: Vec<String>,
    /// How the alias refers to the (first) entry.
    pub form: AliasForm,
    /// The KB alias that matched, as the KB writes it.
    pub alias: String,
}

/// A compiled matcher over every alias of a KB; see the module documentation for its rules.
/// Build it once with [`Kb::gazetteer`] and share it: it is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Vec<Target>>,
    ids: Vec<String>,
}

/// One alias surface form a pattern stands for.
#[derive(Debug, Clone)]
struct Target {
    entry: u32,
    surface: Box<str>,
    alias: Box<str>,
    form: AliasForm,
    rule: CaseRule,
    /// A weak target never makes a match on its own; it only adds its entry as a candidate
    /// where another target of the same surface matches.
    weak: bool,
}

/// How the text's case must relate to the alias (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    Exact,
    UpperOrTitle,
    Proper { lower_tail: bool },
    Guarded,
    Strict,
    StrictUpper,
    AnyCase,
}

impl Gazetteer {
    /// The gazetteer over every alias of `kb`.
    pub fn new(kb: &Kb) -> Gazetteer {
        let mut slots: HashMap<String, usize> = HashMap::new();
        let mut surfaces: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<(Target, (bool, usize))>> = Vec::new();
        for (i, entry) in kb.entries().iter().enumerate() {
            let name_key = key(&entry.name);
            for alias in &entry.aliases {
                let canonical = key(&alias.text) == name_key;
                let Some((rule, weak)) = case_rule(alias, entry.kind, canonical) else {
                    continue;
                };
                let rank = (canonical, alias.sources().count());
                for surface in surface_variants(&alias.text) {
                    let slot = *slots
                        .entry(surface.to_ascii_lowercase())
                        .or_insert_with(|| {
                            surfaces.push(surface.clone());
                            patterns.push(Vec::new());
                            patterns.len() - 1
                        });
                    let targets = &mut patterns[slot];
                    if targets
                        .iter()
                        .any(|(t, _)| t.entry as usize == i && *t.surface == *surface)
                    {
                        continue;
                    }
                    let target = Target {
                        entry: i as u32,
                        surface: surface.into_boxed_str(),
                        alias: alias.text.clone().into_boxed_str(),
                        form: alias.form,
                        rule,
                        weak,
                    };
                    targets.push((target, rank));
                }
            }
        }
        let patterns = patterns
            .into_iter()
            .map(|mut targets| {
                // Best candidate first: the entry whose canonical name this is, then the alias
                // more sources agree on, then KB order (core entries first).
                targets.sort_by(|(a, ra), (b, rb)| {
                    rb.0.cmp(&ra.0)
                        .then(rb.1.cmp(&ra.1))
                        .then(a.entry.cmp(&b.entry))
                });
                targets.into_iter().map(|(t, _)| t).collect()
            })
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&surfaces)
            .ok();
        Gazetteer {
            automaton,
            patterns,
            ids: kb.entries().iter().map(|e| e.id.clone()).collect(),
        }
    }

    /// Number of distinct surface patterns compiled.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every KB name in the text, in text order, leftmost-longest, none overlapping.
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
                || !bounded(text, start, end)
            {
                continue;
            }
            let pattern = m.pattern().as_usize();
            if self.patterns[pattern]
                .iter()
                .any(|t| !t.weak && t.accepts(text, start, end))
            {
                found.push((start, end, pattern));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut covered = 0;
        for (start, end, pattern) in found {
            if start < covered {
                continue;
            }
            covered = end;
            out.push(self.gaz_match(text, start, end, pattern));
        }
        out
    }

    fn gaz_match(&self, text: &str, start: usize, end: usize, pattern: usize) -> GazMatch {
        let seen = &text[start..end];
        let accepted: Vec<&Target> = self.patterns[pattern]
            .iter()
            .filter(|t| t.accepts(text, start, end))
            .collect();
        // Targets written exactly as the text come first ("iOS" before "IOS"); the build order
        // (canonical names, agreement of sources, KB order) decides the rest.
        let exact = accepted.iter().filter(|t| *t.surface == *seen);
        let inexact = accepted.iter().filter(|t| *t.surface != *seen);
        let mut ids: Vec<String> = Vec::new();
        let mut first: Option<&Target> = None;
        for t in exact.chain(inexact) {
            first.get_or_insert(t);
            let id = &self.ids[t.entry as usize];
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        let (form, alias) = first.map_or((AliasForm::Name, String::new()), |t| {
            (t.form, t.alias.to_string())
        });
        GazMatch {
            start,
            end,
            ids,
            form,
            alias,
        }
    }
}

impl Target {
    /// Whether the matched text `text[start..end]` satisfies this target's case rule.
    fn accepts(&self, text: &str, start: usize, end: usize) -> bool {
        let seen = &text[start..end];
        let surface = &*self.surface;
        match self.rule {
            CaseRule::Exact => seen == surface,
            CaseRule::UpperOrTitle => {
                seen == surface || words_match(surface, seen, |a, w, _| is_title(a, w))
            }
            CaseRule::Proper { lower_tail } => {
                words_match(surface, seen, |a, w, i| proper_word(a, w, i, lower_tail))
            }
            CaseRule::Guarded => {
                words_match(surface, seen, |a, w, i| proper_word(a, w, i, false))
                    && !capitalised_neighbour(text, start, end)
            }
            CaseRule::Strict => {
                is_capitalised_form(surface, seen)
                    && !at_sentence_start(text, start)
                    && !capitalised_neighbour(text, start, end)
            }
            CaseRule::StrictUpper => seen == surface && !upper_common_neighbour(text, start, end),
            CaseRule::AnyCase => true,
        }
    }
}

/// The case rule of an alias and whether it is weak (see [`Target`]), or None when the
/// gazetteer should not match it at all. `canonical` tells whether the alias is its entry's
/// canonical name.
fn case_rule(alias: &Alias, kind: EntityKind, canonical: bool) -> Option<(CaseRule, bool)> {
    let rule = plain_case_rule(alias, kind, canonical)?;
    if matches!(kind, EntityKind::Country | EntityKind::Location)
        || alias.sources().next() == Some(crate::core::CORE)
    {
        return Some((rule, false));
    }
    // Imported names that look like plain words or brands ("Soldier", "Netflix") need two
    // sources and must be the entry's own name to match on their own; imported all-lower-case
    // forms ("telegram", "0day") and short upper-case codes ("UPS", "TSB") only join matches.
    let text = alias.text.as_str();
    let single = !text.contains(char::is_whitespace);
    let plain_word = single && looks_like_a_word(text);
    let corroborated = canonical && alias.sources().count() >= 2;
    let lower_only = !text.chars().any(char::is_uppercase);
    let short_code = single
        && !text.chars().any(char::is_lowercase)
        && text.chars().filter(|c| c.is_alphanumeric()).count() <= 3;
    let weak = (plain_word && !corroborated) || lower_only || short_code;
    Some((rule, weak))
}

/// The case rule of an alias, or None when the gazetteer should not match it at all.
fn plain_case_rule(alias: &Alias, kind: EntityKind, canonical: bool) -> Option<CaseRule> {
    let text = alias.text.as_str();
    let alnum = text.chars().filter(|c| c.is_alphanumeric()).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let from_core = alias.sources().next() == Some(crate::core::CORE);
    if letters == 0 || alnum < 2 || (!from_core && alnum < 3) || text.len() > 100 {
        return None;
    }
    let mut words = text.split_whitespace();
    let first_word = words.next().unwrap_or("");
    let single = words.next().is_none();
    if kind == EntityKind::Sector {
        // Sector names are common nouns: only the core's phrases are reliable, and a bare
        // "government" or "energy" is no victim sector.
        return (from_core && !(single && canonical)).then_some(CaseRule::AnyCase);
    }
    let lower = text.to_lowercase();
    if !text.chars().any(char::is_lowercase) {
        let plain_word = text.chars().all(char::is_alphabetic);
        return Some(if single && is_ordinary(&lower) {
            CaseRule::StrictUpper
        } else if from_core && (!single || (plain_word && letters >= 6)) {
            CaseRule::UpperOrTitle
        } else {
            CaseRule::Exact
        });
    }
    if single && is_stopword(&lower) {
        return None;
    }
    let place = matches!(kind, EntityKind::Country | EntityKind::Location);
    // Imported one-word names that could be English words ("Deputy", "Global") get the
    // ordinary-word treatment: the word lists cannot know every word the sources use.
    let word_like = !from_core && single && looks_like_a_word(text);
    if single && (is_ordinary(&lower) || word_like) {
        return Some(match (kind, alias.form) {
            (_, AliasForm::Demonym) => CaseRule::Proper { lower_tail: false },
            _ if place => CaseRule::Guarded,
            (_, AliasForm::Capital) => CaseRule::Guarded,
            _ => CaseRule::Strict,
        });
    }
    if single && alias.form == AliasForm::Capital {
        return Some(CaseRule::Guarded);
    }
    // Imported malware names made of plain words are often phrases or people's names
    // ("Donald Trump"): they must not be part of a longer capitalised run ("President ...").
    if !from_core
        && matches!(kind, EntityKind::Malware | EntityKind::Tool)
        && text.split_whitespace().all(looks_like_a_word)
    {
        return Some(CaseRule::Guarded);
    }
    let lower_tail = !is_ordinary(&first_word.to_lowercase());
    Some(CaseRule::Proper { lower_tail })
}

/// True for a word spelled like an English word: letters only, no capital after the first
/// ("Global", "deputy"; not "RedEcho", "Emotet2").
fn looks_like_a_word(text: &str) -> bool {
    text.chars().all(char::is_alphabetic) && !text.chars().skip(1).any(char::is_uppercase)
}

/// The surface forms to compile for an alias: as written, with the other apostrophe, and for
/// "APT31"-style designations with and without a space or hyphen before the number.
fn surface_variants(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    if text.contains('\'') {
        out.push(text.replace('\'', "’"));
    }
    if text.contains('’') {
        out.push(text.replace('’', "'"));
    }
    if let Some((prefix, number)) = designation(text) {
        for sep in ["", " ", "-"] {
            let v = format!("{prefix}{sep}{number}");
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// Splits designations like "APT31", "APT 31", "TA-505" into prefix and number.
fn designation(text: &str) -> Option<(&str, &str)> {
    const PREFIXES: [&str; 7] = ["APT", "TA", "UNC", "FIN", "DEV", "UAC", "TAG"];
    let digits_at = text.find(|c: char| c.is_ascii_digit())?;
    let number = &text[digits_at..];
    let prefix = text[..digits_at].trim_end_matches([' ', '-']);
    let ok = PREFIXES.contains(&prefix) && number.bytes().all(|b| b.is_ascii_digit());
    ok.then_some((prefix, number))
}

/// Compares alias and seen text word by word (their whitespace is identical because the
/// automaton only folds ASCII letters).
fn words_match(alias: &str, seen: &str, word_ok: impl Fn(&str, &str, usize) -> bool) -> bool {
    let mut a = alias.split_whitespace();
    let mut s = seen.split_whitespace();
    let mut i = 0;
    loop {
        match (a.next(), s.next()) {
            (Some(x), Some(y)) => {
                if !word_ok(x, y, i) {
                    return false;
                }
            }
            (None, None) => return true,
            _ => return false,
        }
        i += 1;
    }
}

/// One word of a name: as written (when the alias word has a capital or is not the first),
/// UPPER, Title, or lower case for a later ordinary word when `lower_tail` allows it.
fn proper_word(alias: &str, seen: &str, index: usize, lower_tail: bool) -> bool {
    let alias_has_capital = alias.chars().any(char::is_uppercase);
    if seen == alias && (index > 0 || alias_has_capital || !alias.starts_with(char::is_alphabetic))
    {
        return true;
    }
    if mapped_eq(alias, seen, |_, b| b.to_ascii_uppercase()) || is_title(alias, seen) {
        return true;
    }
    index > 0
        && lower_tail
        && alias_has_capital
        && mapped_eq(alias, seen, |_, b| b.to_ascii_lowercase())
        && is_ordinary(&alias.to_ascii_lowercase())
}

/// True when `seen` is `alias` in Title Case (first letter upper, the rest lower).
fn is_title(alias: &str, seen: &str) -> bool {
    mapped_eq(alias, seen, |i, b| {
        if i == 0 {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        }
    })
}

/// True when `seen` is the alias as written if it has a capital, else the alias with its
/// first letter capitalised ("patcher" → "Patcher").
fn is_capitalised_form(alias: &str, seen: &str) -> bool {
    if alias.chars().any(char::is_uppercase) {
        seen == alias
    } else {
        mapped_eq(
            alias,
            seen,
            |i, b| if i == 0 { b.to_ascii_uppercase() } else { b },
        )
    }
}

/// Byte-wise equality after mapping each alias byte (ASCII mappings leave UTF-8 intact).
fn mapped_eq(alias: &str, seen: &str, map: impl Fn(usize, u8) -> u8) -> bool {
    alias.len() == seen.len()
        && alias
            .bytes()
            .zip(seen.bytes())
            .enumerate()
            .all(|(i, (a, s))| map(i, a) == s)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when the match is a whole word: see the module documentation.
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let left = match before.next() {
        None => true,
        Some(c) if is_word_char(c) || c == '@' => false,
        Some('.') => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    };
    let mut after = text[end..].chars();
    let right = match after.next() {
        None => true,
        Some(c) if is_word_char(c) || c == '@' => false,
        Some('.') => !after.next().is_some_and(is_word_char),
        Some(_) => true,
    };
    left && right
}

/// True when only spaces, opening quotes or brackets stand between the match and the start
/// of the text, a line break, or a sentence-ending mark.
fn at_sentence_start(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '\u{a0}' | '"' | '\'' | '“' | '‘' | '(' | '[' | '«' => continue,
            '\n' | '\r' | '.' | '!' | '?' | ':' => return true,
            _ => return false,
        }
    }
    true
}

/// The word directly before `start`, separated from it by spaces only, with its offset.
fn word_before(text: &str, start: usize) -> Option<(usize, &str)> {
    let head = text[..start].trim_end_matches([' ', '\t', '\u{a0}']);
    if head.len() == start {
        return None;
    }
    let word_start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i)?;
    Some((word_start, &head[word_start..]))
}

/// The word directly after `end`, separated from it by spaces only.
fn word_after(text: &str, end: usize) -> Option<&str> {
    let tail = text[end..].trim_start_matches([' ', '\t', '\u{a0}']);
    if tail.len() == text.len() - end {
        return None;
    }
    let len = tail
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(tail.len(), |(i, _)| i);
    (len > 0).then(|| &tail[..len])
}

/// True when a capitalised word sits right before or after the match, making it part of a
/// longer name ("New Jersey", "Washington Post"). A capitalised common word that starts the
/// sentence ("In Turkey, ...") and weekday or month names do not count.
fn capitalised_neighbour(text: &str, start: usize, end: usize) -> bool {
    let capitalised = |w: &str| w.starts_with(char::is_uppercase) && !is_calendar_word(w);
    let before = word_before(text, start).is_some_and(|(at, w)| {
        capitalised(w) && !(is_stopword(&w.to_lowercase()) && at_sentence_start(text, at))
    });
    before || word_after(text, end).is_some_and(capitalised)
}

/// True when an all-caps common word sits right before or after the match, as in an
/// all-caps headline ("JOIN US", "HACKERS HIT US GRID"). A one-letter word is no sign of
/// one: "A US grand jury" is ordinary prose.
fn upper_common_neighbour(text: &str, start: usize, end: usize) -> bool {
    let upper_common = |w: &str| {
        w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
            && w.chars().filter(|c| c.is_alphabetic()).count() > 1
            && is_stopword(&w.to_lowercase())
    };
    word_before(text, start).is_some_and(|(_, w)| upper_common(w))
        || word_after(text, end).is_some_and(upper_common)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core_gaz() -> Gazetteer {
        Kb::core().gazetteer()
    }

    /// (matched text, first id) of every match.
    fn hits(gaz: &Gazetteer, text: &str) -> Vec<(String, String)> {
        gaz.find(text)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.ids[0].clone()))
            .collect()
    }

    #[test]
    fn fancy_alone_is_not_an_actor() {
        let gaz = core_gaz();
        assert!(hits(&gaz, "Fancy dress parties are fancy.").is_empty());
        assert!(hits(&gaz, "a fancy bear costume").is_empty());
    }

    #[test]
    fn fancy_bear_is_apt28() {
        let gaz = core_gaz();
        let found = gaz.find("Researchers tied Fancy Bear to the attack.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ids, ["actor:apt28"]);
        assert_eq!(found[0].alias, "Fancy Bear");
        assert_eq!(found[0].form, AliasForm::Name);
        assert_eq!(hits(&gaz, "FANCY BEAR STRIKES AGAIN")[0].1, "actor:apt28");
    }

    #[test]
    fn beijing_is_a_capital_of_cn() {
        let gaz = core_gaz();
        let text = "Beijing denies the accusation.";
        let found = gaz.find(text);
        assert_eq!(found[0].ids, ["country:CN"]);
        assert_eq!(found[0].form, AliasForm::Capital);
        assert_eq!(&text[found[0].start..found[0].end], "Beijing");
    }

    #[test]
    fn ncsc_is_ambiguous_between_gb_and_nl() {
        let gaz = core_gaz();
        let found = gaz.find("The NCSC published an advisory.");
        assert_eq!(found.len(), 1);
        let mut ids = found[0].ids.clone();
        ids.sort();
        assert_eq!(ids, ["agency:gb-ncsc", "agency:nl-ncsc"]);
        assert_eq!(found[0].form, AliasForm::Acronym);
    }

    #[test]
    fn word_inside_word_never_matches() {
        let gaz = core_gaz();
        assert!(hits(&gaz, "Iranianness and Chinesey and APT310").is_empty());
        assert_eq!(
            hits(&gaz, "Iranian hackers")[0],
            ("Iranian".into(), "country:IR".into())
        );
        assert!(hits(&gaz, "see www.fbi.gov or plugx.dll").is_empty());
    }

    #[test]
    fn possessive_is_not_part_of_the_match() {
        let gaz = core_gaz();
        assert_eq!(
            hits(&gaz, "China's ministry"),
            [("China".into(), "country:CN".into())]
        );
        assert_eq!(
            hits(&gaz, "Russia’s GRU"),
            [
                ("Russia".into(), "country:RU".into()),
                ("GRU".into(), "military:ru-gru".into())
            ]
        );
    }

    #[test]
    fn dotted_acronym_keeps_its_dot() {
        let gaz = core_gaz();
        assert_eq!(
            hits(&gaz, "the U.S. said"),
            [("U.S.".into(), "country:US".into())]
        );
        assert_eq!(hits(&gaz, "the U.S.-China talks")[0].0, "U.S.");
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        let gaz = core_gaz();
        assert!(hits(&gaz, "tell us about the gru and the fbi").is_empty());
        assert_eq!(hits(&gaz, "the FBI said")[0].1, "agency:us-fbi");
    }

    #[test]
    fn longest_name_wins() {
        let gaz = core_gaz();
        assert_eq!(
            hits(&gaz, "North Korean hackers"),
            [("North Korean".into(), "country:KP".into())]
        );
        assert_eq!(
            hits(&gaz, "across Latin America")[0].1,
            "location:latin-america"
        );
        assert_eq!(
            hits(&gaz, "the Dutch Ministry of Defence")[0].1,
            "gov:nl-defence"
        );
    }

    #[test]
    fn ordinary_word_names_need_exact_case_and_mid_sentence() {
        let gaz = core_gaz();
        assert_eq!(
            hits(&gaz, "attackers exploited Exchange servers")[0].1,
            "product:microsoft-exchange"
        );
        assert!(
            hits(&gaz, "Exchange rates rose.").is_empty(),
            "sentence start"
        );
        assert!(hits(&gaz, "a currency exchange").is_empty(), "lower case");
        assert!(
            hits(&gaz, "the Stock Exchange said").is_empty(),
            "capitalised neighbour"
        );
    }

    #[test]
    fn stopword_aliases_never_match() {
        let mut kb_entries = Kb::core().into_entries();
        let apt = kb_entries
            .iter_mut()
            .find(|e| e.id == "actor:apt28")
            .unwrap();
        apt.add_alias("Will", AliasForm::Name, "test");
        let gaz = Kb::from_entries(kb_entries).gazetteer();
        assert!(hits(&gaz, "They said Will would come.").is_empty());
    }

    #[test]
    fn capitals_inside_longer_names_do_not_count() {
        let gaz = core_gaz();
        // The newspaper (a company of the victims file), never the capital.
        let found = hits(&gaz, "a report in the Washington Post");
        assert!(found.iter().all(|h| h.1 != "country:US"), "{found:?}");
        assert_eq!(
            hits(&gaz, "officials in Washington Thursday said")[0].1,
            "country:US"
        );
        assert_eq!(hits(&gaz, "the Kremlin denied it")[0].1, "country:RU");
        assert_eq!(hits(&gaz, "In Turkey, officials")[0].1, "country:TR");
        // The state of New Jersey, never the island of Jersey.
        assert_eq!(
            hits(&gaz, "a New Jersey firm"),
            [("New Jersey".into(), "location:new-jersey".into())]
        );
    }

    #[test]
    fn places_inside_a_state_carry_that_state() {
        let kb = Kb::core();
        let gaz = kb.gazetteer();
        for (text, place, id, state) in [
            (
                "a hospital group in Bavaria",
                "Bavaria",
                "location:bavaria",
                "DE",
            ),
            (
                "a utility in Kharkiv was hit",
                "Kharkiv",
                "location:kharkiv",
                "UA",
            ),
            (
                "a school district in Texas",
                "Texas",
                "location:texas",
                "US",
            ),
            (
                "a bank in São Paulo",
                "São Paulo",
                "location:sao-paulo",
                "BR",
            ),
        ] {
            assert_eq!(hits(&gaz, text), [(place.into(), id.into())], "{text}");
            assert_eq!(kb.get(id).and_then(|e| e.country.as_deref()), Some(state));
        }
        // A place name inside a longer KB name stays part of that name.
        assert_eq!(
            hits(&gaz, "a report in the New York Times")[0].1,
            "company:nyt"
        );
    }

    #[test]
    fn upper_case_pronoun_in_headline_is_not_the_us() {
        let gaz = core_gaz();
        assert!(hits(&gaz, "CONTACT US FOR MORE").is_empty());
        assert_eq!(hits(&gaz, "US officials said")[0].1, "country:US");
        assert_eq!(
            hits(&gaz, "A US grand jury indicted them.")[0].1,
            "country:US"
        );
    }

    #[test]
    fn designations_match_with_or_without_space() {
        let gaz = core_gaz();
        assert_eq!(hits(&gaz, "APT 31 and APT-28")[0].1, "actor:apt31");
        assert_eq!(hits(&gaz, "APT 31 and APT-28")[1].1, "actor:apt28");
    }

    #[test]
    fn curly_apostrophe_matches_straight_alias() {
        let gaz = core_gaz();
        assert_eq!(hits(&gaz, "Côte d’Ivoire")[0].1, "country:CI");
    }

    #[test]
    fn sectors_match_in_any_case() {
        let gaz = core_gaz();
        assert_eq!(
            hits(&gaz, "attacks on the Energy Sector")[0].1,
            "sector:energy"
        );
        assert_eq!(hits(&gaz, "hospitals were hit")[0].1, "sector:health");
    }

    #[test]
    fn offsets_are_bytes() {
        let gaz = core_gaz();
        let text = "Über-report: Moscow blamed.";
        let m = &gaz.find(text)[0];
        assert_eq!(&text[m.start..m.end], "Moscow");
        assert_eq!(m.start, "Über-report: ".len());
    }

    #[test]
    fn gazetteer_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Gazetteer>();
    }

    #[test]
    fn designation_splits_prefix_and_number() {
        assert_eq!(designation("APT31"), Some(("APT", "31")));
        assert_eq!(designation("TA-505"), Some(("TA", "505")));
        assert_eq!(designation("Storm-0558"), None);
        assert_eq!(designation("Fancy Bear"), None);
    }
}
