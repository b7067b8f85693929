//! Feature extraction: hashed string features for tokens, triggers and arguments.
//!
//! Every feature is a 64-bit hash of a template id and its parts (the hashing trick), so
//! no feature dictionary has to be stored; the weight table maps (feature, label) pairs to
//! a fixed number of slots.

use crate::tokenize::Token;

/// A feature: the hash of its template and values.
pub type Feat = u64;

/// FNV-1a over a template id and string parts, finished with a mixer.
#[derive(Clone, Copy)]
pub struct Hasher(u64);

impl Hasher {
    /// Starts a feature of template `t`.
    pub fn new(t: u8) -> Self {
        Hasher(0xcbf2_9ce4_8422_2325 ^ u64::from(t).wrapping_mul(0x0100_0000_01b3))
    }

    /// Adds a string part (with a separator, so ("ab","c") != ("a","bc")).
    pub fn s(mut self, s: &str) -> Self {
        for b in s.bytes().chain(std::iter::once(0xff)) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Adds an integer part.
    pub fn n(mut self, n: u64) -> Self {
        for b in n.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// The finished feature.
    pub fn f(self) -> Feat {
        mix(self.0)
    }
}

/// A strong 64-bit mixer (splitmix64's finaliser).
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A feature conjoined with a small integer (a subtype, a direction).
pub fn conj(f: Feat, k: u64) -> Feat {
    mix(f ^ (k.wrapping_add(1)).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Word classes from hand-written lexicons (matched on lower-case prefixes).
const LEXICON: &[(&str, &[&str])] = &[
    (
        "breach",
        &[
            "breach",
            "hack",
            "steal",
            "stole",
            "theft",
            "thief",
            "compromis",
            "leak",
            "expos",
            "intrusion",
            "infiltrat",
            "accessed",
            "access",
            "exfiltrat",
            "dump",
        ],
    ),
    (
        "attack",
        &[
            "attack",
            "cyberattack",
            "assault",
            "target",
            "hit",
            "struck",
            "strike",
            "campaign",
            "infect",
        ],
    ),
    (
        "phish",
        &[
            "phish",
            "spear",
            "scam",
            "lure",
            "trick",
            "impersonat",
            "spoof",
            "pose",
            "posing",
            "pretend",
            "masquerad",
            "disguis",
            "fake",
            "fraud",
            "bait",
        ],
    ),
    (
        "ransom",
        &[
            "ransom", "extort", "encrypt", "decrypt", "lock", "demand", "pay", "paid", "bitcoin",
            "btc",
        ],
    ),
    (
        "vuln",
        &[
            "vulnerab", "flaw", "bug", "exploit", "weakness", "zero-day", "0day", "hole",
            "backdoor", "cve-", "issue", "defect",
        ],
    ),
    (
        "patch",
        &[
            "patch", "fix", "update", "upgrad", "address", "resolv", "remediat", "mitigat",
            "releas", "issu", "roll", "plug",
        ],
    ),
    (
        "discover",
        &[
            "discover", "found", "find", "identif", "detect", "spot", "uncover", "disclos",
            "reveal", "report", "research", "notic", "observ", "warn", "alert", "publish",
        ],
    ),
    (
        "say",
        &[
            "said",
            "say",
            "told",
            "tell",
            "announc",
            "stat",
            "confirm",
            "claim",
            "explain",
            "according",
            "wrote",
            "note",
            "added",
        ],
    ),
    (
        "modal",
        &[
            "may",
            "might",
            "could",
            "would",
            "should",
            "can",
            "will",
            "if",
            "whether",
            "potential",
            "possibl",
            "likely",
            "allow",
            "enabl",
            "let",
        ],
    ),
    (
        "negation",
        &["not", "n't", "never", "no", "without", "none"],
    ),
    (
        "data",
        &[
            "data",
            "record",
            "information",
            "detail",
            "password",
            "credential",
            "email",
            "e-mail",
            "account",
            "address",
            "number",
            "card",
            "file",
            "name",
            "login",
            "username",
            "ssn",
            "social",
        ],
    ),
    (
        "org",
        &[
            "inc",
            "corp",
            "company",
            "firm",
            "group",
            "organi",
            "agency",
            "department",
            "bank",
            "hospital",
            "universit",
            "ltd",
            "llc",
            "vendor",
            "provider",
            "team",
        ],
    ),
    (
        "person",
        &[
            "researcher",
            "analyst",
            "expert",
            "official",
            "spokes",
            "ceo",
            "director",
            "mr",
            "ms",
            "dr",
            "hacker",
            "criminal",
            "attacker",
            "actor",
            "cybercriminal",
            "crook",
            "gang",
        ],
    ),
    (
        "time",
        &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "year",
            "month",
            "week",
            "day",
            "yesterday",
            "today",
            "ago",
            "earlier",
            "last",
            "recent",
        ],
    ),
    (
        "money",
        &[
            "$", "dollar", "usd", "euro", "€", "£", "million", "billion", "thousand", "monero",
            "ether",
        ],
    ),
    (
        "system",
        &[
            "software",
            "system",
            "server",
            "device",
            "app",
            "application",
            "browser",
            "windows",
            "android",
            "ios",
            "router",
            "firmware",
            "version",
            "platform",
            "plugin",
            "plug-in",
            "website",
            "site",
            "network",
            "product",
            "library",
            "kernel",
            "driver",
        ],
    ),
    (
        "malware",
        &[
            "malware",
            "trojan",
            "virus",
            "worm",
            "botnet",
            "ransomware",
            "spyware",
            "keylogger",
            "rat",
            "payload",
            "attachment",
            "link",
            "macro",
            "document",
        ],
    ),
];

/// The lexicon classes a lower-case word belongs to (by prefix).
pub fn lexicon_classes(lower: &str) -> impl Iterator<Item = &'static str> + '_ {
    LEXICON.iter().filter_map(move |(class, stems)| {
        stems.iter().any(|s| lower.starts_with(s)).then_some(*class)
    })
}

/// Per-token strings every template reads.
#[derive(Debug, Clone)]
pub struct TokInfo {
    /// Lower-case form, with digits collapsed to '0' in long numbers.
    pub lower: String,
    /// A crude lemma (suffix-stripped lower form).
    pub lemma: String,
    /// Word shape with runs collapsed ("Xx", "X-0", "0").
    pub shape: String,
    /// Lexicon classes joined by '+', or empty.
    pub lex: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

fn shape_of(text: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in text.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            '0'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
    }
    out
}

/// A crude English lemma: strips common inflections.
pub fn lemma_of(lower: &str) -> String {
    let n = lower.chars().count();
    for (suffix, keep) in [
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ] {
        if n > suffix.len() + 3 && lower.ends_with(suffix) && !lower.ends_with("ss") {
            let stem = &lower[..lower.len() - suffix.len()];
            return format!("{stem}{keep}");
        }
    }
    lower.to_string()
}

fn normal_lower(text: &str) -> String {
    let lower = text.to_lowercase();
    // Years and long numbers carry no lexical information beyond their shape.
    if lower.chars().filter(|c| c.is_ascii_digit()).count() >= 5 && !lower.starts_with("cve") {
        return shape_of(&lower);
    }
    lower
}

/// The per-token strings of a token sequence.
pub fn token_infos(tokens: &[Token]) -> Vec<TokInfo> {
    tokens
        .iter()
        .map(|t| {
            let lower = normal_lower(&t.text);
            let lemma = lemma_of(&lower);
            let lex = lexicon_classes(&lower).collect::<Vec<_>>().join("+");
            TokInfo {
                shape: shape_of(&t.text),
                cap: t.text.chars().next().is_some_and(char::is_uppercase),
                lemma,
                lex,
                lower,
            }
        })
        .collect()
}

/// Which feature templates to use (variants compared in docs/extraction.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Word window either side of a token.
    pub window: usize,
    /// Whether to add word-cluster features.
    pub clusters: bool,
    /// Whether to add features of the document's dominant topic.
    pub doc_topic: bool,
    /// Whether to add sentence-content, document-position and first-mention features.
    pub context: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            window: 3,
            clusters: true,
            doc_topic: true,
            context: true,
        }
    }
}

/// A token of a sentence with padding for out-of-range positions.
fn at<'a>(infos: &'a [TokInfo], sent: &std::ops::Range<usize>, i: isize) -> Option<&'a TokInfo> {
    if i < sent.start as isize || i >= sent.end as isize {
        None
    } else {
        infos.get(i as usize)
    }
}

fn lower_or_pad(t: Option<&TokInfo>, off: isize) -> &str {
    match t {
        Some(t) => &t.lower,
        None if off < 0 => "<s>",
        None => "</s>",
    }
}

/// Word-cluster ids (bit-string prefixes) for a lower-case word.
pub trait ClusterLookup {
    /// The cluster path of `lower` as bits (MSB first) and its length, if known.
    fn cluster(&self, lower: &str) -> Option<(u64, u8)>;
}

/// The base features of token `i` (an absolute index) within sentence `sent`.
pub fn token_features(
    infos: &[TokInfo],
    sent: &std::ops::Range<usize>,
    i: usize,
    cfg: &FeatureConfig,
    clusters: &dyn ClusterLookup,
    topic: &str,
    out: &mut Vec<Feat>,
) {
    let ii = i as isize;
    let me = &infos[i];
    out.push(Hasher::new(0).f());
    out.push(Hasher::new(1).s(&me.lower).f());
    out.push(Hasher::new(2).s(&me.lemma).f());
    out.push(Hasher::new(3).s(&me.shape).f());
    let w = cfg.window as isize;
    for off in (-w..=w).filter(|o| *o != 0) {
        let t = at(infos, sent, ii + off);
        out.push(Hasher::new(4).n(off as u64).s(lower_or_pad(t, off)).f());
        if off.abs() <= 2 {
            let lemma = t.map_or(lower_or_pad(t, off), |t| &t.lemma);
            out.push(Hasher::new(5).n(off as u64).s(lemma).f());
        }
        if off.abs() <= 1 {
            let shape = t.map_or("<pad>", |t| &t.shape);
            out.push(Hasher::new(6).n(off as u64).s(shape).f());
            let lex = t.map_or("<pad>", |t| &t.lex);
            out.push(Hasher::new(7).n(off as u64).s(lex).f());
        }
    }
    let prev = lower_or_pad(at(infos, sent, ii - 1), -1);
    let next = lower_or_pad(at(infos, sent, ii + 1), 1);
    let next2 = lower_or_pad(at(infos, sent, ii + 2), 2);
    let prev2 = lower_or_pad(at(infos, sent, ii - 2), -2);
    out.push(Hasher::new(8).s(prev).s(&me.lower).f());
    out.push(Hasher::new(9).s(&me.lower).s(next).f());
    out.push(Hasher::new(10).s(prev2).s(prev).f());
    out.push(Hasher::new(11).s(next).s(next2).f());
    out.push(Hasher::new(12).s(prev).s(next).f());
    let chars: Vec<char> = me.lower.chars().collect();
    for k in 2..=4 {
        if chars.len() > k {
            let suf: String = chars[chars.len() - k..].iter().collect();
            out.push(Hasher::new(13).n(k as u64).s(&suf).f());
            let pre: String = chars[..k].iter().collect();
            out.push(Hasher::new(14).n(k as u64).s(&pre).f());
        }
    }
    if !me.lex.is_empty() {
        out.push(Hasher::new(15).s(&me.lex).f());
    }
    let pos = i - sent.start;
    out.push(
        Hasher::new(16)
            .n(pos.min(3) as u64)
            .n(u64::from(me.cap))
            .f(),
    );
    let prev_cap = at(infos, sent, ii - 1).is_some_and(|t| t.cap);
    let next_cap = at(infos, sent, ii + 1).is_some_and(|t| t.cap);
    out.push(
        Hasher::new(17)
            .n(u64::from(prev_cap))
            .n(u64::from(me.cap))
            .n(u64::from(next_cap))
            .f(),
    );
    if cfg.doc_topic {
        out.push(Hasher::new(19).s(topic).f());
        out.push(Hasher::new(20).s(topic).s(&me.lower).f());
        out.push(Hasher::new(21).s(topic).s(&me.lex).f());
        out.push(Hasher::new(22).s(topic).s(prev).s(&me.lemma).f());
    }
    if cfg.clusters {
        for off in -1isize..=1 {
            let Some(t) = at(infos, sent, ii + off) else {
                continue;
            };
            if let Some((bits, len)) = clusters.cluster(&t.lower) {
                for plen in [4u8, 8, 12, 16, 64] {
                    let l = plen.min(len);
                    let prefix = if l == 0 {
                        0
                    } else {
                        bits >> (64 - u32::from(l))
                    };
                    out.push(Hasher::new(18).n(off as u64).n(u64::from(l)).n(prefix).f());
                    if l == len {
                        break;
                    }
                }
            }
        }
    }
}

/// The lexicon classes that name CASIE's event kinds, for a document's topic.
const TOPIC_CLASSES: [&str; 5] = ["breach", "phish", "ransom", "vuln", "patch"];

/// A document's topic: its most frequent event-kind lexicon class and, when another class
/// has at least half as many hits, that runner-up ("ransom", "vuln/patch"), or "none".
pub fn doc_topic(infos: &[TokInfo]) -> String {
    let mut counts = [0usize; TOPIC_CLASSES.len()];
    for t in infos {
        for class in t.lex.split('+') {
            if let Some(i) = TOPIC_CLASSES.iter().position(|c| *c == class) {
                counts[i] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|a, b| counts[*b].cmp(&counts[*a]).then(a.cmp(b)));
    let (first, second) = (order[0], order[1]);
    if counts[first] == 0 {
        return "none".to_string();
    }
    if counts[second] * 2 >= counts[first] {
        format!("{}/{}", TOPIC_CLASSES[first], TOPIC_CLASSES[second])
    } else {
        TOPIC_CLASSES[first].to_string()
    }
}

/// Distance bins for token distances.
pub fn dist_bin(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        11..=15 => 7,
        16..=25 => 8,
        _ => 9,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_of("CVE-2017-0144"), "X-0-0");
        assert_eq!(shape_of("Microsoft"), "Xx");
        assert_eq!(shape_of("iOS"), "xX");
    }

    #[test]
    fn lemma_strips_inflections() {
        assert_eq!(lemma_of("attacks"), "attack");
        assert_eq!(lemma_of("patched"), "patch");
        assert_eq!(lemma_of("stealing"), "steal");
        assert_eq!(lemma_of("companies"), "company");
        assert_eq!(lemma_of("access"), "access");
    }

    #[test]
    fn lexicon_marks_attack_words() {
        let classes: Vec<_> = lexicon_classes("ransomware").collect();
        assert!(classes.contains(&"ransom"));
        assert!(lexicon_classes("table").next().is_none());
    }

    #[test]
    fn hasher_separates_parts() {
        assert_ne!(
            Hasher::new(1).s("ab").s("c").f(),
            Hasher::new(1).s("a").s("bc").f()
        );
        assert_ne!(Hasher::new(1).s("x").f(), Hasher::new(2).s("x").f());
    }
}
