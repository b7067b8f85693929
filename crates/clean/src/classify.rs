//! Deciding, paragraph by paragraph, what is article text and what is page furniture.
//!
//! Three passes: each paragraph on its own (lexicon, bylines, datelines, credits,
//! breadcrumbs), then the headline, then context (captions repeated by the next line,
//! runs of teaser headlines, the header block before the first sentence of prose, the
//! trailing block after the last one, copyright footers, author bios).

use std::sync::LazyLock;

use dossier_model::date::find_date_mentions;
use regex::Regex;

use crate::lexicon::{self, Scope};
use crate::paragraphs::{Para, ends_sentence, word_count};
use crate::{DropReason, DroppedLine};

/// What becomes of one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// Article text.
    Keep,
    /// Left out, for this reason.
    Drop(DropReason),
    /// Article text with a glued-on fragment cut off.
    Trim {
        /// The text kept.
        keep: String,
        /// The fragments cut.
        cut: Vec<DroppedLine>,
    },
}

impl Verdict {
    fn is_kept(&self) -> bool {
        !matches!(self, Verdict::Drop(_))
    }
}

/// The verdicts, plus what the metadata reader needs to know about the layout.
pub(crate) struct Analysis {
    /// One verdict per paragraph.
    pub verdicts: Vec<Verdict>,
    /// The headline, when one was found.
    pub title: Option<String>,
    /// Index of the first paragraph of prose (end of the header block).
    pub header_end: usize,
}

/// Shape of a paragraph, the inputs of every rule.
#[derive(Debug, Clone)]
pub(crate) struct Features {
    pub words: usize,
    pub chars: usize,
    pub ends_sentence: bool,
    pub ends_ellipsis: bool,
    /// A sentence ends inside the paragraph (". " followed by a capital).
    pub inner_sentence_break: bool,
    /// Share of words of 4+ letters that start with a capital.
    pub capitalised: f32,
    /// Separators typical of menus and share bars (`|`, `»`, `>`, `•`) per word.
    pub link_density: f32,
}

impl Features {
    pub(crate) fn of(text: &str) -> Features {
        let words = word_count(text);
        let long: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        let caps = long
            .iter()
            .filter(|w| {
                w.chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase)
            })
            .count();
        let separators = text
            .split_whitespace()
            .filter(|w| ["|", "»", ">", "›", "•", "·"].contains(w))
            .count();
        Features {
            words,
            chars: text.chars().count(),
            ends_sentence: ends_sentence(text),
            ends_ellipsis: text.trim_end().ends_with('…') || text.trim_end().ends_with("..."),
            inner_sentence_break: INNER_BREAK.is_match(text.trim_end()),
            capitalised: if long.is_empty() {
                0.0
            } else {
                caps as f32 / long.len() as f32
            },
            link_density: separators as f32 / words.max(1) as f32,
        }
    }

    /// Running prose: a sentence of some length, not a teaser cut off with "…".
    pub(crate) fn is_prose(&self) -> bool {
        !self.ends_ellipsis
            && ((self.words >= 8 && self.ends_sentence)
                || (self.words >= 15 && self.capitalised < 0.6))
    }

    /// Shaped like a headline: a few words, no closing full stop, not too long.
    fn is_headline_like(&self) -> bool {
        (3..=25).contains(&self.words)
            && self.chars < 200
            && !self.ends_sentence
            && !self.ends_ellipsis
            && !self.inner_sentence_break
            && (self.capitalised >= 0.6 || self.words <= 20)
    }
}

static INNER_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[a-z0-9)"”’][.!?]["”’]?\s+["“‘]?[A-Z]\S*\s"#).expect("valid regex")
});

/// Where a paragraph sits relative to the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Before the first prose paragraph.
    Head,
    /// Between the first and last prose paragraphs.
    Body,
    /// After the last prose paragraph.
    Tail,
}

/// Boilerplate score of a paragraph with a lexicon hit; 0.8 or more means drop.
///
/// A `Short`-scope hit ("share", "newsletter") alone is not enough: it needs a short
/// line, no sentence ending, a place at the edges of the article or menu-like
/// separators to cross the threshold, and long lines pay a penalty.
pub(crate) fn boilerplate_score(f: &Features, scope: Scope, zone: Zone) -> f32 {
    let base = match scope {
        Scope::Anywhere | Scope::Whole => 1.5,
        Scope::Short => 0.5,
    };
    let short = if f.words <= 6 { 0.2 } else { 0.0 };
    let open = if f.ends_sentence { 0.0 } else { 0.2 };
    let edge = if zone == Zone::Body { 0.0 } else { 0.2 };
    let links = (f.link_density * 2.0).min(0.4);
    let long = if f.words > 40 {
        1.5
    } else if f.words >= 13 {
        0.5
    } else {
        0.0
    };
    base + short + open + edge + links - long
}

/// Classify every paragraph.
pub(crate) fn classify(paras: &[Para]) -> Analysis {
    let feats: Vec<Features> = paras.iter().map(|p| Features::of(&p.text)).collect();
    let first_prose = feats.iter().position(Features::is_prose);
    let last_prose = feats.iter().rposition(Features::is_prose);
    let zone = |i: usize| match (first_prose, last_prose) {
        (Some(a), _) if i < a => Zone::Head,
        (_, Some(b)) if i > b => Zone::Tail,
        (None, _) => Zone::Head,
        _ => Zone::Body,
    };
    let mut verdicts: Vec<Verdict> = paras
        .iter()
        .zip(&feats)
        .enumerate()
        .map(|(i, (p, f))| match intrinsic(&p.text, f, zone(i)) {
            Some(reason) => Verdict::Drop(reason),
            None => Verdict::Keep,
        })
        .collect();
    // The article body starts at the first prose paragraph that is not furniture.
    let header_end = (0..paras.len())
        .find(|&i| verdicts[i].is_kept() && feats[i].is_prose())
        .unwrap_or(paras.len());
    let title = mark_title(paras, &feats, &mut verdicts, header_end);
    mark_caption_prefixes(paras, &feats, &mut verdicts);
    mark_header_fragments(paras, &feats, &mut verdicts, header_end);
    mark_teaser_runs(&feats, &mut verdicts);
    mark_copyright_footer(&feats, &mut verdicts);
    mark_trailing_block(paras, &feats, &mut verdicts);
    mark_author_bios(paras, &mut verdicts);
    trim_glued_fragments(paras, &mut verdicts, title.as_deref());
    Analysis {
        verdicts,
        title,
        header_end,
    }
}

/// The reason to drop a paragraph judged on its own, if any.
fn intrinsic(text: &str, f: &Features, zone: Zone) -> Option<DropReason> {
    if !text.chars().any(char::is_alphanumeric) {
        return Some(DropReason::Empty);
    }
    if f.words <= 40 && COPYRIGHT.is_match(text) {
        return Some(DropReason::Copyright);
    }
    if let Some((reason, scope)) = lexicon::lookup(text) {
        let fits = match scope {
            Scope::Anywhere => f.words <= 40,
            Scope::Whole => true,
            Scope::Short => f.words <= 12,
        };
        if fits && boilerplate_score(f, scope, zone) >= 0.8 {
            return Some(reason);
        }
    }
    byline_reason(text, f)
        .or_else(|| dateline_reason(text, f, zone))
        .or_else(|| credit_reason(text, f))
        .or_else(|| navigation_reason(text, f))
}

static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(©|\(c\)\s*\d{4}|copyright\s*(©|\(c\)|\d{4}|the\b|[A-Z]))")
        .expect("valid regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(^|[.!?]\s+|\()(photo|image|picture|photograph|graphic|illustration)s?( credit)?\s*(:|by\b)",
        r"|^\W*(image |photo )?credits?\s*:",
        r"|\((getty images|shutterstock|file photo|photo\b[^)]*|\w+ photo\b[^)]*)\)",
        r"|\b(getty images|shutterstock|istock(photo)?|ap photo|afp photo|reuters photo|file photo|epa-efe)\b",
    ))
    .expect("valid regex")
});

/// Agency credits at the end of a caption: "... via REUTERS", "REUTERS/Jane Doe".
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(\bvia\s+(REUTERS|Reuters|AFP|AP|Getty Images|[A-Z][\w&.-]*(\s+[A-Z][\w&.-]*){0,3})",
        r"|\b(REUTERS|AFP|AP|EPA|XINHUA|Reuters)\s*/\s*[A-Z][\w.-]*(\s+[A-Z][\w.-]*){0,3})\s*$",
    ))
    .expect("valid regex")
});

static VIDEO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(news )?(video|watch|listen)\s*:|\s\d{1,2}:\d{2}$").expect("valid regex")
});

/// Photo and video credits and captions.
fn credit_reason(text: &str, f: &Features) -> Option<DropReason> {
    if f.words > 60 {
        return None;
    }
    if CREDIT.is_match(text) || (!f.ends_sentence && TRAILING_CREDIT.is_match(text)) {
        // A bare credit, or a caption that carries one.
        return Some(if f.words <= 5 {
            DropReason::PhotoCredit
        } else {
            DropReason::Caption
        });
    }
    (f.words <= 30 && !f.ends_sentence && VIDEO.is_match(text)).then_some(DropReason::Caption)
}

static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(By|BY)\b:?\s*(.*)$").expect("valid regex"));

/// Credits that are bylines whatever their length: "(Reporting by ...)", "With reporting by".
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\(?\s*((additional )?(reporting|writing|editing|compiled|translated)( and \w+)? by\b",
        r"|with (additional )?(reporting|inputs?)( by| from)?\b",
        r"|(written|words|story|text|report) by\b)",
    ))
    .expect("valid regex")
});

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(source|sources|via|courtesy|agency|author|authors)\s*:")
        .expect("valid regex")
});

static INITIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(\s*[A-Za-z]{1,4}(/[A-Za-z]{1,4})?\s*\)$").expect("valid regex")
});

static HANDLE_AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(@\w+|\b\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b)")
        .expect("valid regex")
});

/// "Agence X is an international news agency."
pub(crate) static AGENCY_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^((?:[A-Z][\w&.'’-]*\s){0,5}[A-Z][\w&.'’-]*) is an? (?:\w+ ){0,3}",
        r"(news agency|news organi[sz]ation|wire service|newspaper|news website|news outlet|publication|news service)\.?$",
    ))
    .expect("valid regex")
});

static GLUED_DATE_KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(published|updated|posted)\s*:").expect("valid regex"));

/// Bylines, reporting credits, source lines and agency footers.
fn byline_reason(text: &str, f: &Features) -> Option<DropReason> {
    if let Some(c) = BYLINE.captures(text) {
        let rest = c.get(2).map_or("", |m| m.as_str());
        let name_part = GLUED_DATE_KEYWORD
            .find(rest)
            .map_or(rest, |m| &rest[..m.start()]);
        let glued_date = name_part.len() < rest.len();
        if word_count(name_part) <= 8 && (glued_date || !f.ends_sentence || f.words <= 4) {
            return Some(DropReason::Byline);
        }
    }
    let short = f.words <= 12;
    let credit = CREDIT_LINE.is_match(text) && f.words <= 40;
    let source = SOURCE_LINE.is_match(text) && f.words <= 8;
    let initials = INITIALS.is_match(text);
    let social = short && HANDLE_AGO.is_match(text) && !f.ends_sentence;
    let footer = AGENCY_FOOTER.is_match(text);
    (credit || source || initials || social || footer).then_some(DropReason::Byline)
}

static DATELINE_KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^((and )?(last |first )?(published|updated|posted|modified)\b",
        r"|this (\w+ )?(was|has been) (last |first )?(updated|published|modified)",
        r"|date\s*:)",
    ))
    .expect("valid regex")
});

/// Words that may stand beside a date on a date line.
const DATELINE_WORDS: [&str; 24] = [
    "published",
    "updated",
    "posted",
    "last",
    "first",
    "modified",
    "on",
    "at",
    "date",
    "time",
    "am",
    "pm",
    "gmt",
    "utc",
    "est",
    "edt",
    "ist",
    "cet",
    "bst",
    "et",
    "this",
    "article",
    "was",
    "by",
];

/// Publication and update lines, and lines in the header that are mostly a date (a date
/// line in the body, e.g. under an "Incident date" label, is content).
fn dateline_reason(text: &str, f: &Features, zone: Zone) -> Option<DropReason> {
    if DATELINE_KEYWORD.is_match(text) && f.words <= 20 {
        return Some(DropReason::Dateline);
    }
    if f.words > 12 || zone != Zone::Head {
        return None;
    }
    let dates = find_date_mentions(text);
    if dates.is_empty() {
        return None;
    }
    let mut rest = String::new();
    let mut at = 0;
    for d in &dates {
        rest.push_str(&text[at..d.range.start]);
        rest.push(' ');
        at = d.range.end;
    }
    rest.push_str(&text[at..]);
    let leftover = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| {
            let lower = w.to_lowercase();
            !DATELINE_WORDS.contains(&lower.as_str()) && !is_weekday(&lower)
        })
        .count();
    (leftover <= 3).then_some(DropReason::Dateline)
}

fn is_weekday(lower: &str) -> bool {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
    .contains(&lower)
}

/// Breadcrumbs ("News > World > Story") and separator-heavy menu bars.
fn navigation_reason(text: &str, f: &Features) -> Option<DropReason> {
    let segments = breadcrumb_segments(text);
    if segments.len() >= 3 && segments.iter().all(|s| word_count(s) <= 14) {
        return Some(DropReason::Navigation);
    }
    (f.words <= 20 && f.link_density >= 0.25 && !f.ends_sentence).then_some(DropReason::Navigation)
}

/// The parts of a breadcrumb trail, or nothing if `text` is not one.
pub(crate) fn breadcrumb_segments(text: &str) -> Vec<&str> {
    [" > ", " » ", " › ", " | ", " / "]
        .iter()
        .map(|sep| text.split(sep).map(str::trim).collect::<Vec<_>>())
        .find(|parts| parts.len() >= 3 && parts.iter().all(|p| !p.is_empty()))
        .unwrap_or_default()
}

/// Find the headline among the first paragraphs, mark it and its repeats.
fn mark_title(
    paras: &[Para],
    feats: &[Features],
    verdicts: &mut [Verdict],
    header_end: usize,
) -> Option<String> {
    let mut seen = 0;
    let mut found: Option<(usize, String)> = None;
    for i in 0..header_end.min(paras.len()) {
        let text = paras[i].text.as_str();
        if verdicts[i] == Verdict::Drop(DropReason::Navigation) {
            // The last step of a breadcrumb trail is the page's own title.
            let trail = [" > ", " » ", " › "].iter().any(|sep| text.contains(sep));
            if let Some(last) = breadcrumb_segments(text).last()
                && trail
                && Features::of(last).is_headline_like()
            {
                found = Some((usize::MAX, last.to_string()));
                break;
            }
            continue;
        }
        if !verdicts[i].is_kept() {
            continue;
        }
        seen += 1;
        if seen > 6 {
            break;
        }
        if feats[i].is_headline_like() {
            found = Some((i, text.to_string()));
            break;
        }
    }
    let (at, title) = found?;
    if at != usize::MAX {
        verdicts[at] = Verdict::Drop(DropReason::Title);
    }
    let key = normalise(&title);
    for (i, p) in paras.iter().enumerate() {
        if i != at && verdicts[i].is_kept() && normalise(&p.text) == key {
            verdicts[i] = Verdict::Drop(DropReason::Title);
        }
    }
    Some(title)
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A short line that the next line repeats and continues is a caption (or alt text)
/// printed twice; drop the short copy.
fn mark_caption_prefixes(paras: &[Para], feats: &[Features], verdicts: &mut [Verdict]) {
    for i in 0..paras.len().saturating_sub(1) {
        let (line, next) = (&paras[i].text, &paras[i + 1].text);
        if verdicts[i].is_kept()
            && feats[i].words >= 3
            && feats[i].words <= 30
            && !feats[i].ends_sentence
            && next.len() > line.len()
            && next.starts_with(line.as_str())
        {
            verdicts[i] = Verdict::Drop(DropReason::Caption);
        }
    }
}

/// Before the first prose paragraph, one- or two-word labels above the headline are
/// section names, and short lower-case fragments are image alt text. (Short title-case
/// lines after the headline are subheadings and stay.)
fn mark_header_fragments(
    paras: &[Para],
    feats: &[Features],
    verdicts: &mut [Verdict],
    header_end: usize,
) {
    let title_at = verdicts
        .iter()
        .position(|v| *v == Verdict::Drop(DropReason::Title));
    for i in 0..header_end.min(8).min(paras.len()) {
        let f = &feats[i];
        if !verdicts[i].is_kept() || f.ends_sentence {
            continue;
        }
        let above_title = title_at.is_none_or(|t| i < t);
        if f.words <= 2 && above_title {
            verdicts[i] = Verdict::Drop(DropReason::Navigation);
        } else if f.words <= 6 && f.capitalised < 0.6 && !paras[i].text.ends_with(':') {
            verdicts[i] = Verdict::Drop(DropReason::Caption);
        }
    }
}

/// A teaser: one headline-length sentence cut off with "…".
fn is_teaser(f: &Features, max_words: usize) -> bool {
    f.ends_ellipsis && f.words <= max_words && f.chars <= 200
}

/// Two or more teasers in a row (ignoring lines already dropped) are a list of
/// headlines from elsewhere on the site.
fn mark_teaser_runs(feats: &[Features], verdicts: &mut [Verdict]) {
    let kept: Vec<usize> = (0..feats.len())
        .filter(|&i| verdicts[i].is_kept())
        .collect();
    let mut start = 0;
    while start < kept.len() {
        let mut end = start;
        while end < kept.len() && is_teaser(&feats[kept[end]], 25) {
            end += 1;
        }
        if end - start >= 2 {
            for &i in &kept[start..end] {
                verdicts[i] = Verdict::Drop(DropReason::RelatedHeadline);
            }
        }
        start = end.max(start + 1);
    }
}

/// Everything short after a copyright notice near the end is the same footer.
fn mark_copyright_footer(feats: &[Features], verdicts: &mut [Verdict]) {
    let n = feats.len();
    let Some(first) = (0..n).find(|&i| {
        verdicts[i] == Verdict::Drop(DropReason::Copyright) && (n - i <= 4 || i * 10 >= n * 7)
    }) else {
        return;
    };
    for i in first + 1..n {
        if verdicts[i].is_kept() && feats[i].words <= 20 {
            verdicts[i] = Verdict::Drop(DropReason::Copyright);
        }
    }
}

/// After the last paragraph of prose, short labels and headlines are links to other
/// pages ("Jiji Press", "Latest from News", a teaser headline): walk back from the end
/// and drop them until real text is reached.
fn mark_trailing_block(paras: &[Para], feats: &[Features], verdicts: &mut [Verdict]) {
    for i in (0..paras.len()).rev() {
        if !verdicts[i].is_kept() {
            continue;
        }
        let f = &feats[i];
        let reason = if is_teaser(f, 20) {
            DropReason::RelatedHeadline
        } else if f.words <= 4 && !f.ends_sentence {
            DropReason::Navigation
        } else if f.words <= 15 && !f.ends_sentence && follows_marker(verdicts, i) {
            DropReason::RelatedHeadline
        } else {
            break;
        };
        verdicts[i] = Verdict::Drop(reason);
    }
}

/// True when a "Related"/"Next story"-style label comes before paragraph `i` with only
/// dropped lines or headlines between.
fn follows_marker(verdicts: &[Verdict], i: usize) -> bool {
    verdicts[..i].iter().rev().take(3).any(|v| {
        matches!(
            v,
            Verdict::Drop(DropReason::RelatedHeadline | DropReason::Navigation)
        )
    })
}

static BIO_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[A-Z][\w.'’-]+\s){1,3}?[A-Z][\w.'’-]+(?:,| is)\s+(?:an?|the|(?:[A-Z][\w.-]*\s){0,3}[\w.-]+['’]s)\s+",
        r"(?:[\w-]+\s){0,4}?(reporter|correspondent|journalist|writer|editor|contributor|columnist)\b",
    ))
    .expect("valid regex")
});

static BIO_TRAIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(covering|covers|has (previously )?written|writes about|reach (him|her|them) at",
        r"|follow (him|her|them) on|(his|her|their) work has|covered the article|have a tip\?)",
    ))
    .expect("valid regex")
});

/// A short author biography among the last paragraphs.
fn mark_author_bios(paras: &[Para], verdicts: &mut [Verdict]) {
    let kept: Vec<usize> = (0..paras.len())
        .filter(|&i| verdicts[i].is_kept())
        .collect();
    for &i in kept.iter().rev().take(3) {
        let text = &paras[i].text;
        if BIO_START.is_match(text) && BIO_TRAIT.is_match(text) {
            verdicts[i] = Verdict::Drop(DropReason::AuthorBio);
        }
    }
}

static TRAILING_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([.!?…]['’”\x22]?)\s*(continue reading|read more|read the full (story|article))\s*[»›>…]*\s*$")
        .expect("valid regex")
});

/// Cut a "Continue reading" prompt or a repeat of the headline glued to the end of a
/// kept paragraph.
fn trim_glued_fragments(paras: &[Para], verdicts: &mut [Verdict], title: Option<&str>) {
    for (i, p) in paras.iter().enumerate() {
        if verdicts[i] != Verdict::Keep {
            continue;
        }
        let mut keep = p.text.clone();
        let mut cut = Vec::new();
        if let Some(c) = TRAILING_PROMPT.captures(&keep) {
            let at = c.get(1).map_or(keep.len(), |m| m.end());
            cut.push(DroppedLine {
                line: keep[at..].trim().to_string(),
                reason: DropReason::RelatedHeadline,
            });
            keep.truncate(at);
        }
        if let Some(t) = title.filter(|t| word_count(t) >= 4)
            && keep.len() > t.len()
            && keep.ends_with(t)
        {
            let at = keep.len() - t.len();
            let head = keep[..at].trim_end();
            if ends_sentence(head) {
                cut.push(DroppedLine {
                    line: t.to_string(),
                    reason: DropReason::Title,
                });
                keep = head.to_string();
            }
        }
        if !cut.is_empty() {
            verdicts[i] = Verdict::Trim { keep, cut };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_needs_more_than_a_weak_word_in_a_long_sentence() {
        let long = Features::of(
            "The ministry said it would share the findings with allies after the review ends.",
        );
        let short = Features::of("Share this");
        assert!(boilerplate_score(&long, Scope::Short, Zone::Body) < 0.8);
        assert!(boilerplate_score(&short, Scope::Short, Zone::Tail) >= 0.8);
    }

    #[test]
    fn prose_and_headline_shapes() {
        let prose = Features::of("The agency said the intrusion began in March and lasted weeks.");
        let head = Features::of("Ministry Blames Foreign Hackers for Outage");
        let teaser = Features::of("Regulator fines bank over outage that left customers…");
        assert!(prose.is_prose() && !prose.is_headline_like());
        assert!(head.is_headline_like() && !head.is_prose());
        assert!(!teaser.is_prose() && is_teaser(&teaser, 20));
    }

    #[test]
    fn datelines_are_mostly_a_date() {
        for line in [
            "Published: 09:15 AM, 3 Apr, 2021",
            "POSTED ON: June 3, 11:40",
            "Newswire Tuesday, 4 May 2021 ()",
            "2021-04-03 10:11:12",
            "Posted at",
            "This story was last updated on May 2, 2021",
        ] {
            assert_eq!(
                dateline_reason(line, &Features::of(line), Zone::Head),
                Some(DropReason::Dateline),
                "{line}"
            );
        }
        let sentence = "The attack began on May 2, 2021 and hit three ministries.";
        assert_eq!(
            dateline_reason(sentence, &Features::of(sentence), Zone::Head),
            None
        );
        let body_date = "June 3, 2021";
        assert_eq!(
            dateline_reason(body_date, &Features::of(body_date), Zone::Body),
            None
        );
    }

    #[test]
    fn bylines_and_credits() {
        for line in [
            "By Jane Roe",
            "By: AFP",
            "By Daily NewswirePUBLISHED: June 3, 11:40",
            "(Reporting by Ann Lee; Editing by Bo Chan)",
            "With reporting by AP",
            "Source: Example Times",
            "(ab)",
            "Jane Roe (@janeroe) 5 minutes ago",
            "Example Presse is an international news agency.",
        ] {
            assert_eq!(
                byline_reason(line, &Features::of(line)),
                Some(DropReason::Byline),
                "{line}"
            );
        }
        let sentence =
            "By Tuesday the ministry had restored most of the affected systems, officials said.";
        assert_eq!(byline_reason(sentence, &Features::of(sentence)), None);
    }

    #[test]
    fn captions_with_agency_credits() {
        for line in [
            "Officials inspect the damaged server room in Tallinn, May 3, 2021. Example Daily via REUTERS",
            "A screenshot of the ministry's notice. Photo: ministry website",
            "Smoke rises over the port (Getty Images)",
            "Credit: Clipfeed - Published < > Embed",
        ] {
            assert!(credit_reason(line, &Features::of(line)).is_some(), "{line}");
        }
        let sentence = "The group said it obtained the files via Telegram.";
        assert_eq!(credit_reason(sentence, &Features::of(sentence)), None);
    }
}
