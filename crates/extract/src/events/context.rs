//! What the event rules need to attach arguments: the entity mentions of a sentence in
//! order, clause boundaries, and the words around a trigger.

use std::sync::LazyLock;

use dossier_model::{Arg, Document, EntityKind, Role, Span};
use regex::Regex;

use crate::lexicon;

/// An entity mention inside a sentence, in code points.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// The mention's span.
    pub span: Span,
    /// Index into `Document::entities`.
    pub entity: usize,
}

/// One sentence with its mentions, ready for argument attachment.
pub struct SentenceView<'d> {
    /// The document.
    pub doc: &'d Document,
    /// The sentence span.
    pub span: Span,
    /// Mentions inside the sentence, by start.
    pub slots: Vec<Slot>,
}

/// Relative pronouns and punctuation that open a new clause.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i);|:|\bwhich\b|\bwho\b|\bwhom\b|\bwhile\b|\bwhereas\b|\bbut\b|\bafter\b|\bbefore\b|\bas\b|\bwhen\b|\bthat\b|—|–")
        .unwrap_or_else(|e| panic!("clause pattern: {e}"))
});

/// An opening participle phrase up to its comma (past a list it includes): "Having blamed
/// Beijing for the hack, ", "After meeting the envoy, ", "Citing a report by Mandiant, "
/// ("According to" and "During" open no clause of their own).
static FRONTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Having\s+[a-z]+|(?:After|Before|While|Since|Upon|On|When)\s+[a-z]+ing|(?:[A-Z][a-z]+ing))\b[^,;:]{0,150},(?:\s+(?:including|such\s+as|among\s+them|notably)\s[^,;:]{0,80},)?\s*")
        .unwrap_or_else(|e| panic!("fronted pattern: {e}"))
});

/// The words between a state's adjective and the firm it describes ("Slovak security firm
/// ESET", "the Russian cybersecurity company Kaspersky").
static FIRM_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[a-z][\w-]*\s+){0,2}?(?:firm|company|vendor|provider|giant|maker)\s+$")
        .unwrap_or_else(|e| panic!("firm noun pattern: {e}"))
});

/// An appositive set off by commas ("TraderTraitor, a North Korean outfit also tracked as
/// Jade Sleet, "), as the start of a cue for [`SentenceView::name_before_cue`]: each use
/// adds the words it allows after the closing comma, and the end of the text.
pub const APPOSITIVE: &str = r",\s+(?:an?|the|another|one)\s+[^,;:]{1,120},\s+";

impl<'d> SentenceView<'d> {
    /// The view of sentence `span` of `doc`.
    pub fn new(doc: &'d Document, span: Span) -> Self {
        let mut slots: Vec<Slot> = doc
            .entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.mentions
                    .iter()
                    .filter(|m| span.contains(m.span()))
                    .map(move |m| Slot {
                        span: m.span(),
                        entity: i,
                    })
            })
            .collect();
        slots.sort_by_key(|s| s.span.start);
        SentenceView { doc, span, slots }
    }

    /// The entity kind of a slot.
    pub fn kind(&self, slot: &Slot) -> EntityKind {
        self.doc.entities[slot.entity].kind
    }

    /// The country of a slot's entity.
    pub fn country(&self, slot: &Slot) -> Option<&str> {
        self.doc.entities[slot.entity].country.as_deref()
    }

    /// The text between two code points of the document.
    pub fn between(&self, a: usize, b: usize) -> &str {
        self.doc.slice(Span::new(a, b.max(a)))
    }

    /// Start of the clause that holds the trigger: the last clause break before it, or
    /// the end of an opening participle phrase.
    pub fn clause_start(&self, trigger: Span) -> usize {
        let before = self.between(self.span.start, trigger.start);
        let start = CLAUSE_BREAK
            .find_iter(before)
            .last()
            .map_or(self.span.start, |m| {
                self.span.start + before[..m.end()].chars().count()
            });
        match self.fronted_end() {
            Some(end) if end <= trigger.start => start.max(end),
            _ => start,
        }
    }

    /// The subject an opening participle phrase shares with the clause after it, for a
    /// trigger inside the phrase: "Having blamed Beijing for the hack, Washington raised".
    pub fn fronted_subject(&self, trigger: Span, ok: impl Fn(EntityKind) -> bool) -> Option<Slot> {
        let end = self.fronted_end().filter(|e| *e >= trigger.end)?;
        self.slots
            .iter()
            .find(|s| s.span.start >= end)
            .filter(|s| {
                ok(self.kind(s)) && self.between(end, s.span.start).split_whitespace().count() <= 2
            })
            .copied()
    }

    /// Where an opening participle phrase ends ("Having blamed Beijing for the hack, "),
    /// after its comma: the phrase shares the subject of the clause that follows it.
    pub fn fronted_end(&self) -> Option<usize> {
        let text = self.between(self.span.start, self.span.end);
        let m = FRONTED.find(text)?;
        let first = text.split_whitespace().next().unwrap_or("");
        // "Beijing, ..." is a name, not a participle.
        if matches!(
            first,
            "According" | "During" | "Nothing" | "Something" | "Everything"
        ) || self
            .slots
            .first()
            .is_some_and(|s| s.span.start == self.span.start)
        {
            return None;
        }
        Some(self.span.start + text[..m.end()].chars().count())
    }

    /// Slots left of the trigger within its clause, nearest last.
    pub fn left(&self, trigger: Span) -> Vec<Slot> {
        let from = self.clause_start(trigger);
        self.slots
            .iter()
            .filter(|s| s.span.start >= from && s.span.end <= trigger.start)
            .copied()
            .collect()
    }

    /// Slots right of the trigger up to the end of the sentence.
    pub fn right(&self, trigger: Span) -> Vec<Slot> {
        self.slots
            .iter()
            .filter(|s| s.span.start >= trigger.end)
            .copied()
            .collect()
    }

    /// The word right before a slot, lower-cased ("to", "by", "in").
    pub fn word_before(&self, at: usize) -> String {
        let before = self.between(self.span.start, at).trim_end();
        // "by pro-Russian hackers": the prefix belongs to the name, not before it.
        let before = ["pro-", "Pro-", "anti-", "Anti-"]
            .iter()
            .find_map(|p| before.strip_suffix(p))
            .unwrap_or(before);
        let before = strip_determiner(before.trim_end());
        before
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase()
    }

    /// First slot after the first occurrence of `word` after `from` (e.g. "to", "on", "by").
    pub fn after_word(&self, from: usize, words: &[&str]) -> Option<Slot> {
        self.slots
            .iter()
            .filter(|s| s.span.start >= from)
            .find(|s| words.contains(&self.preposition_before(s.span.start).as_str()))
            .copied()
    }

    /// The slot right before the text that `cue` matches at the end of the words before
    /// the trigger (", which", ", a North Korean outfit,"), if `ok` accepts it.
    pub fn name_before_cue(
        &self,
        t: Span,
        cue: &Regex,
        ok: impl Fn(EntityKind) -> bool,
    ) -> Option<Slot> {
        let before = self.between(self.span.start, t.start);
        let m = cue.find(before)?;
        let at = self.span.start + before[..m.start()].chars().count();
        self.slots
            .iter()
            .rfind(|s| s.span.end <= at)
            .filter(|s| self.between(s.span.end, at).trim().is_empty() && ok(self.kind(s)))
            .copied()
    }

    /// First slot after `from` that `ok` accepts and whose last `reach` code points
    /// before it (not before `from`) end in `cue` ("launched by", "by researchers at").
    pub fn after_cue(
        &self,
        from: usize,
        cue: &Regex,
        reach: usize,
        ok: impl Fn(EntityKind) -> bool,
    ) -> Option<Slot> {
        self.slots
            .iter()
            .filter(|s| s.span.start >= from && ok(self.kind(s)))
            .find(|s| {
                let lead = s.span.start.saturating_sub(reach).max(from);
                cue.is_match(self.between(lead, s.span.start))
            })
            .copied()
    }

    /// The word that governs a slot: the word right before it or, across a naming
    /// phrase, the preposition before that phrase ("to the group called APT40", "on a
    /// unit known as Sandworm" → "to", "on").
    pub fn preposition_before(&self, at: usize) -> String {
        let word = self.word_before(at);
        if word == "of"
            && let Some(p) = self.preposition_before_part(at)
        {
            return p;
        }
        // Only a naming word or a descriptor needs the look further back (this runs for
        // every slot).
        let descriptor = DESCRIPTORS.contains(&word.as_str());
        if !descriptor && !matches!(word.as_str(), "called" | "named" | "dubbed" | "as") {
            return word;
        }
        let before = self.between(self.span.start, at).to_lowercase();
        let words: Vec<&str> = before
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        let naming = match words.as_slice() {
            [.., "called" | "named" | "dubbed"] => 1,
            [.., "known" | "tracked" | "identified", "as"] => 2,
            // "by the Dutch intelligence service MIVD": a name after its description.
            _ if descriptor => 0,
            _ => return word,
        };
        let end = words.len() - naming;
        (end.saturating_sub(5)..end)
            .rev()
            .map(|i| words[i])
            .find(|w| PREPOSITIONS.contains(w))
            .map_or(word, str::to_string)
    }

    /// "linked to a unit of Russia's GRU": the owner of a part takes the preposition
    /// that governs the part.
    fn preposition_before_part(&self, at: usize) -> Option<String> {
        // Four words back is enough; this runs for every slot after "of". A word cut by
        // the window is left out.
        let from = self.span.start.max(at.saturating_sub(48));
        let before = self.between(from, at).to_lowercase();
        let words: Vec<&str> = before
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .skip(usize::from(from > self.span.start))
            .collect();
        let part = |w: &str| PARTS.contains(&w) || DESCRIPTORS.contains(&w);
        match words.as_slice() {
            [.., p, "a" | "an" | "the" | "one", head, "of"] | [.., p, head, "of"]
                if part(head) && PREPOSITIONS.contains(p) =>
            {
                Some((*p).to_string())
            }
            _ => None,
        }
    }

    /// The subject of a clause: its leftmost slot that is not inside a place or
    /// object phrase ("in the Netherlands", "against X"), of an acceptable kind; but the
    /// name right before the verb after ", and" ("..., and Prague summoned"), and the
    /// firm a state's adjective describes ("Slovak security firm ESET").
    pub fn subject(&self, trigger: Span, ok: impl Fn(EntityKind) -> bool) -> Option<Slot> {
        let left = self.left(trigger);
        // "..., and Prague summoned the ambassador": a name after ", and" right before the
        // verb opens a clause of its own (unless it ends a list of names).
        let last = left.iter().rev().find(|s| ok(self.kind(s)));
        if let Some(last) = last {
            let lead = self.between(self.span.start, last.span.start).trim_end();
            let close = self
                .between(last.span.end, trigger.start)
                .split_whitespace()
                .count()
                <= 3
                && !self.between(last.span.end, trigger.start).contains(',');
            if let Some(rest) = lead.strip_suffix(", and")
                && close
            {
                let cut = self.span.start + rest.chars().count();
                if self
                    .slots
                    .iter()
                    .all(|s| s.span.end != cut || !ok(self.kind(s)))
                {
                    return Some(*last);
                }
            }
        }
        let first = left
            .iter()
            .filter(|s| ok(self.kind(s)))
            .find(|s| self.can_be_subject(s))?;
        // "Slovak security firm ESET": the state's adjective describes the firm named
        // after the noun, which is the subject.
        let firm = (self.kind(first) == EntityKind::Country)
            .then(|| {
                left.iter()
                    .find(|s| s.span.start >= first.span.end)
                    .filter(|s| {
                        ok(self.kind(s))
                            && FIRM_NOUN.is_match(self.between(first.span.end, s.span.start))
                    })
            })
            .flatten();
        Some(*firm.unwrap_or(first))
    }

    /// False for a slot inside a place or object phrase ("in the Netherlands"), true
    /// for one that heads the clause or names whom a person speaks for ("the head of
    /// the FBI", "a spokesperson for the Russian embassy").
    pub fn can_be_subject(&self, s: &Slot) -> bool {
        let before = self.word_before(s.span.start);
        if !NON_SUBJECT_PREPOSITIONS.contains(&before.as_str()) {
            return true;
        }
        match before.as_str() {
            "of" | "for" => {
                let head = self.word_before_word(s.span.start);
                // "the government of Qatar denied": the state speaks through it.
                lexicon::is_role_noun(&head)
                    // "hackers working for the FSB were": the employer acts through them.
                    || (before == "for" && matches!(head.as_str(), "working" | "work" | "works"))
                    || (before == "of"
                        && (matches!(
                            head.as_str(),
                            "government" | "authorities" | "regime" | "leadership"
                        ) || is_system_noun(&head)))
            }
            // "the actors, sponsored by the RGB, were behind it": the backer stands for
            // the actors it backs.
            "by" => matches!(
                self.word_before_word(s.span.start).as_str(),
                "sponsored"
                    | "backed"
                    | "directed"
                    | "controlled"
                    | "run"
                    | "funded"
                    | "supported"
                    | "employed"
                    | "commissioned"
                    | "tasked"
                    | "operated"
            ),
            _ => false,
        }
    }

    /// The word before the word right before `at` ("head" in "head of the FBI").
    pub fn word_before_word(&self, at: usize) -> String {
        let before = self.between(self.span.start, at).trim_end();
        let before = strip_determiner(before);
        let cut = before
            .trim_end_matches(|c: char| c.is_alphanumeric())
            .trim_end();
        let cut = strip_determiner(cut);
        cut.rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase()
    }

    /// Every state-like slot coordinated in the subject ("the US and UK", "U.S. and British officials").
    pub fn subjects(&self, trigger: Span, ok: impl Fn(EntityKind) -> bool) -> Vec<Slot> {
        let Some(first) = self.subject(trigger, &ok) else {
            return Vec::new();
        };
        let mut out = vec![first];
        let left = self.left(trigger);
        for s in left.iter().filter(|s| s.span.start > first.span.start) {
            let prev = out.last().map_or(first.span.end, |p| p.span.end);
            let gap = self.between(prev, s.span.start).trim().to_lowercase();
            if !ok(self.kind(s)) {
                continue;
            }
            if matches!(gap.as_str(), "'s" | "’s") {
                // "Britain's NCSC": the body stands for the member.
                out.pop();
                out.push(*s);
            } else if list_gap(&gap) {
                out.push(*s);
            }
        }
        out
    }

    /// An argument for a slot.
    pub fn arg(&self, role: Role, slot: &Slot) -> Arg {
        let e = &self.doc.entities[slot.entity];
        Arg {
            role,
            start: slot.span.start,
            end: slot.span.end,
            text: self.doc.slice(slot.span).to_string(),
            entity: Some(e.id.clone()),
        }
    }

    /// An argument for a plain span (no entity).
    pub fn span_arg(&self, role: Role, span: Span) -> Arg {
        Arg {
            role,
            start: span.start,
            end: span.end,
            text: self.doc.slice(span).to_string(),
            entity: None,
        }
    }
}

/// Whether the words between two names join them in a list of subjects: "and", a comma,
/// also after the first one's head noun ("US agencies, Britain's NCSC and Polish cyber
/// officials").
fn list_gap(gap: &str) -> bool {
    const JOINS: [&str; 7] = ["and", ",", ", and", "&", "and the", ", the", "or"];
    if JOINS.contains(&gap) {
        return true;
    }
    // "agencies," "cyber officials and": up to two lower-case words of the first name's
    // head, then the join.
    let Some(cut) = gap.find(',').or_else(|| gap.find(" and")) else {
        return false;
    };
    let (head, join) = gap.split_at(cut);
    let words: Vec<&str> = head.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().all(char::is_alphabetic)
                && !matches!(*w, "said" | "says" | "the" | "and" | "or")
        })
        && JOINS.contains(&join.trim())
}

/// `text` without a trailing determiner or possessive ("with her" → "with").
fn strip_determiner(text: &str) -> &str {
    for d in ["the", "her", "his", "their", "its", "a", "an"] {
        if let Some(rest) = text.strip_suffix(d)
            && rest
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        {
            return rest.trim_end();
        }
    }
    text
}

/// Prepositions after which an entity is not the clause's subject.
const NON_SUBJECT_PREPOSITIONS: &[&str] = &[
    // An agent after "by" heads no clause ("After indictments by the FBI, Moscow denied").
    "by",
    "in",
    "at",
    "against",
    "on",
    "to",
    "into",
    "of",
    "with",
    "about",
    "over",
    "toward",
    "towards",
    "targeting",
    "for",
    "throughout",
    "across",
    "within",
    "inside",
];

/// Prepositions that can govern an argument across a naming phrase.
/// Nouns that describe the name right after them ("the Dutch intelligence service MIVD",
/// "the hacking group APT28").
const DESCRIPTORS: &[&str] = &[
    "service",
    "agency",
    "group",
    "unit",
    "bureau",
    "directorate",
    "ministry",
    "office",
    "centre",
    "center",
    "police",
    "firm",
    "company",
    "outfit",
    "gang",
    "actor",
];

const PREPOSITIONS: &[&str] = &["to", "on", "by", "against", "with", "from"];

/// Nouns for a part of an organisation ("a unit of", "an arm of").
const PARTS: &[&str] = &[
    "arm", "branch", "division", "part", "parts", "team", "front", "section",
];

/// Whether `word` names a computer system an organisation owns ("the websites of the
/// parliament", "servers at a port operator"): what was hit is its owner.
pub fn is_system_noun(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "website"
            | "websites"
            | "site"
            | "sites"
            | "portal"
            | "portals"
            | "network"
            | "networks"
            | "system"
            | "systems"
            | "server"
            | "servers"
            | "computer"
            | "computers"
            | "router"
            | "routers"
            | "database"
            | "databases"
            | "mailboxes"
            | "infrastructure"
            | "device"
            | "devices"
            | "workstations"
            | "laptop"
            | "laptops"
            | "account"
            | "accounts"
            | "phone"
            | "phones"
            | "smartphone"
            | "smartphones"
            | "handsets"
            | "inboxes"
            | "environment"
    )
}

/// The span of the regex match `m` in `text`, a slice of the document that starts at code
/// point `base` (regex offsets are bytes, spans code points).
pub fn match_span(base: usize, text: &str, m: regex::Match) -> Span {
    let start = base + text[..m.start()].chars().count();
    Span::new(start, start + m.as_str().chars().count())
}

/// Whether `gap` (already trimmed) is a possessive mark between an owner and what it owns
/// ("Britain's NCSC", "the Philippines' Department").
pub fn is_possessive_mark(gap: &str) -> bool {
    matches!(gap, "'s" | "’s" | "'" | "’")
}

/// Kinds that can speak or act for a state or organisation.
pub fn is_actor_of_statement(kind: EntityKind) -> bool {
    kind.is_state_organ()
        || matches!(
            kind,
            EntityKind::Person | EntityKind::Company | EntityKind::Organization
        )
}

/// Kinds that can carry out a cyber operation.
pub fn is_attacker(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::ThreatActor
            | EntityKind::Country
            | EntityKind::Military
            | EntityKind::Agency
            | EntityKind::Government
            | EntityKind::Person
            | EntityKind::Organization
    )
}

/// Kinds that can be blamed.
pub fn is_accusable(kind: EntityKind) -> bool {
    is_attacker(kind) || matches!(kind, EntityKind::Company)
}

/// Kinds that can suffer an operation.
pub fn is_victim(kind: EntityKind) -> bool {
    !matches!(
        kind,
        EntityKind::ThreatActor
            | EntityKind::Malware
            | EntityKind::Tool
            | EntityKind::Vulnerability
            | EntityKind::Product
    )
}
