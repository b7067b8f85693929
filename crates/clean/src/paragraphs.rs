//! Raw text to paragraphs: line endings, the store's date prefix, hard-wrap joining.

use std::sync::LazyLock;

use dossier_model::PartialDate;
use regex::Regex;

/// One paragraph: a run of raw lines judged to belong together.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// The lines joined with single spaces, trimmed.
    pub text: String,
}

/// The raw text split into paragraphs, with the store's prefix date if there was one.
pub(crate) struct Prepared {
    pub prefix_date: Option<PartialDate>,
    pub paras: Vec<Para>,
}

/// Some archives store a page as `" date YYYY-MM-DD "` followed by the page text on the
/// same line.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|$)").expect("valid regex")
});

/// Words after which a line cannot end a sentence or a heading.
const OPEN_ENDINGS: [&str; 34] = [
    "of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from",
    "that", "which", "who", "as", "than", "into", "about", "between", "its", "their", "his", "her",
    "our", "is", "are", "was", "were", "has", "have", "had",
];

/// The store's date prefix (if any), and the text that follows it.
pub(crate) fn split_prefix(raw: &str) -> (Option<PartialDate>, &str) {
    match PREFIX.captures(raw) {
        Some(c) => {
            let date = c.get(1).and_then(|m| PartialDate::parse_iso(m.as_str()));
            let end = c.get(0).map_or(0, |m| m.end());
            match date {
                Some(d) => (Some(d), &raw[end..]),
                None => (None, raw),
            }
        }
        None => (None, raw),
    }
}

/// Split raw text into paragraphs, joining lines that were wrapped inside a sentence.
pub(crate) fn prepare(raw: &str) -> Prepared {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
    let (prefix_date, body) = split_prefix(&normalised);
    // Each non-empty line, and whether a blank line came before it.
    let mut lines: Vec<(String, bool)> = Vec::new();
    let mut blank = false;
    for line in body.split('\n') {
        let t = clean_line(line);
        if t.is_empty() {
            blank = true;
        } else {
            lines.push((t, blank));
            blank = false;
        }
    }
    let wrapped = is_hard_wrapped(lines.iter().map(|(l, _)| l.as_str()));
    let mut paras: Vec<Para> = Vec::new();
    for (line, blank_before) in lines {
        match paras.last_mut() {
            Some(prev) if can_join(&prev.text, &line, blank_before, wrapped) => {
                join_into(&mut prev.text, &line);
            }
            _ => paras.push(Para { text: line }),
        }
    }
    Prepared { prefix_date, paras }
}

/// Trim a line and drop a leading list bullet.
fn clean_line(line: &str) -> String {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}');
    let t = ["• ", "· ", "▪ ", "● ", "* ", "- "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .unwrap_or(t);
    t.trim().to_string()
}

fn join_into(prev: &mut String, next: &str) {
    // A word split by a hyphen at a wrap point stays split ("cyber-" + "attack").
    if !prev.ends_with('-') {
        prev.push(' ');
    }
    prev.push_str(next);
}

/// True when a text was hard-wrapped at a fixed width: many lines of similar length,
/// most ending mid-sentence, and many continuing in lower case.
fn is_hard_wrapped<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let lines: Vec<&str> = lines.collect();
    if lines.len() < 6 {
        return false;
    }
    let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let width = lens.iter().copied().max().unwrap_or(0);
    if !(30..=100).contains(&width) {
        return false;
    }
    let near_width = lens.iter().filter(|&&n| n * 10 >= width * 6).count();
    let open = lines.iter().filter(|l| !ends_sentence(l)).count();
    let lower_next = lines.iter().skip(1).filter(|l| starts_lower(l)).count();
    near_width * 10 >= lines.len() * 6
        && open * 2 >= lines.len()
        && lower_next * 10 >= (lines.len() - 1) * 3
}

/// Whether `next` continues the sentence that `prev` left open.
fn can_join(prev: &str, next: &str, blank_between: bool, wrapped: bool) -> bool {
    if ends_sentence(prev) || prev.ends_with(':') || prev.ends_with('|') {
        return false;
    }
    if wrapped && !blank_between {
        return true;
    }
    if word_count(prev) < 6 {
        return false;
    }
    starts_lower(next) || ends_open(prev)
}

/// True when the text ends like a sentence: `.`, `!`, `?`, `…`, possibly inside closing
/// quotes or brackets.
pub(crate) fn ends_sentence(s: &str) -> bool {
    let trimmed = s.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

fn ends_open(s: &str) -> bool {
    let last = s.split_whitespace().last().unwrap_or("").to_lowercase();
    s.ends_with([',', '-', '–', '—']) || OPEN_ENDINGS.contains(&last.as_str())
}

/// Number of whitespace-separated tokens holding a letter or digit.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(raw: &str) -> Vec<String> {
        prepare(raw).paras.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn store_prefix_gives_the_date_and_keeps_the_rest_of_the_line() {
        let p =
            prepare(" date 2021-06-02 Officials said on Tuesday that the breach was contained.\n");
        assert_eq!(p.prefix_date, PartialDate::parse_iso("2021-06-02"));
        assert_eq!(
            p.paras[0].text,
            "Officials said on Tuesday that the breach was contained."
        );
    }

    #[test]
    fn hard_wrapped_text_is_rejoined_into_paragraphs() {
        let raw = "Investigators at the national agency said the intruders had\n\
                   used a stolen password to enter the network of a regional\n\
                   utility in the spring, an official said.\n\
                   The utility said no customer data was taken and that its\n\
                   systems were restored within two days of the discovery.\n\
                   Officials in the capital did not name a suspect but said the\n\
                   tools resembled those seen in earlier attacks.\n";
        let paras = texts(raw);
        assert_eq!(paras.len(), 3, "{paras:#?}");
        assert!(paras[0].ends_with("in the spring, an official said."));
        assert!(
            paras[2]
                .starts_with("Officials in the capital did not name a suspect but said the tools")
        );
    }

    #[test]
    fn a_sentence_broken_across_a_blank_line_is_rejoined() {
        let raw = "The minister said the attack came from a group based in the territory of\n\n\
                   Ruritania, and that the group had been watched for years by analysts\n\n\
                   who track it.\n\nSeparate Heading\n\nNext paragraph.";
        assert_eq!(
            texts(raw),
            [
                "The minister said the attack came from a group based in the territory of Ruritania, and that the group had been watched for years by analysts who track it.",
                "Separate Heading",
                "Next paragraph."
            ]
        );
    }

    #[test]
    fn headlines_and_short_lines_are_not_joined() {
        let raw = "Ministry Says Hackers Hit Port Systems\nThe ministry said on Monday that port systems were hit.\nA caption line without a stop\nThe next paragraph starts here.";
        assert_eq!(texts(raw).len(), 4);
    }
}
