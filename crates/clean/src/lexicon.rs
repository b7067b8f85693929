//! Phrases that mark a line as page furniture rather than article text.
//!
//! Each entry says how much of the line the phrase must cover to count: `Anywhere`
//! phrases are so specific to page furniture ("your email address will not be
//! published") that they mark any line of moderate length; `Whole` phrases ("Related",
//! "Comments") only count as the entire line; `Short` phrases ("newsletter", "share")
//! are evidence to weigh with the line's length and position, since articles use
//! those words too.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::DropReason;

/// How much of a line a phrase must cover to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Marks any line of up to 40 words.
    Anywhere,
    /// Must be the whole line (apart from punctuation and a count).
    Whole,
    /// Evidence only; weighed by [`crate::classify`] with length and position.
    Short,
}

struct Entry {
    re: Regex,
    reason: DropReason,
    scope: Scope,
}

fn entry(pattern: &str, reason: DropReason, scope: Scope) -> Entry {
    let pattern = match scope {
        Scope::Whole => format!(r"^[\W\d]*(?:{pattern})(?:\s*\(?\d+\)?)?[\W]*$"),
        _ => pattern.to_string(),
    };
    let re = RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .expect("valid lexicon regex");
    Entry { re, reason, scope }
}

static LEXICON: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    use DropReason::*;
    use Scope::*;
    vec![
        // Specific furniture, any moderate line.
        entry(
            r"\b(subscribe|sign up|signup|register)\b.{0,30}\bnewsletters?\b",
            Newsletter,
            Anywhere,
        ),
        entry(
            r"\b(delivered|straight) to your inbox\b",
            Newsletter,
            Anywhere,
        ),
        entry(
            r"\bget it on google play\b|\bdownload on the app store\b",
            Newsletter,
            Anywhere,
        ),
        entry(r"\bstay tuned with\b.{0,40}\bapp\b", Newsletter, Anywhere),
        entry(
            r"\bshare (this|the) (article|story|post|page)\b|\bshare with (your )?friends\b",
            Share,
            Anywhere,
        ),
        entry(
            r"\b(you can|you may|feel free to) (re)?publish this (article|story)\b",
            Share,
            Anywhere,
        ),
        entry(r"\bfollow us on\b", Share, Anywhere),
        entry(
            r"\bshare your (story|thoughts|views)\b.{0,20}\b(with us|below)\b",
            Share,
            Anywhere,
        ),
        entry(
            r"\bbe the first to comment\b|\bleave an? (reply|comment)\b",
            Comment,
            Anywhere,
        ),
        entry(
            r"\byour email address will not be published\b|\brequired fields are marked\b",
            Comment,
            Anywhere,
        ),
        entry(
            r"\bcomments? (are|is) (now )?closed\b|\bcomments powered by\b|\blogged in to (post|leave) a comment\b",
            Comment,
            Anywhere,
        ),
        entry(r"\bjoin the (conversation|discussion)\b", Comment, Anywhere),
        entry(
            r"\bto spend on amazon\b|\bfree \$\d+\b.{0,40}\b(get|spend|readers)\b|\bscroll to continue\b",
            Ad,
            Anywhere,
        ),
        entry(
            r"\bwe use cookies\b|\b(site|website) uses cookies\b|\baccept (all )?cookies\b|\bcookie (policy|settings|preferences)\b",
            Cookie,
            Anywhere,
        ),
        entry(
            r"\bby continuing to (use|browse) (this|our) (site|website)\b",
            Cookie,
            Anywhere,
        ),
        entry(
            r"\ball rights reserved\b|\bmay not be (re)?published, broadcast\b",
            Copyright,
            Anywhere,
        ),
        // Whole-line labels.
        entry(
            r"home|menu|search|skip to (main )?content|back to top|close|log ?in|sign ?in|register",
            Navigation,
            Whole,
        ),
        entry(
            r"tags?|tagged|topics?|categories|trending( now| stories)?|top stories|latest( news| stories)?",
            Navigation,
            Whole,
        ),
        entry(
            r"most (read|popular|viewed|shared)|popular( now| stories)?|popular in the community|what'?’?s hot",
            Navigation,
            Whole,
        ),
        entry(
            r"before you go|expanded coverage|editor'?’?s picks|don'?’?t miss|print|email|listen|watch|video|photos?|gallery",
            Navigation,
            Whole,
        ),
        entry(
            r"related( news| articles?| stories| posts| content| coverage| topics)?|read more|read also|also read|see also",
            RelatedHeadline,
            Whole,
        ),
        entry(
            r"(more|latest) (from|on|in) .{1,40}|more on this( story)?|more stories|further reading|you may (also )?like|recommended( for you)?",
            RelatedHeadline,
            Whole,
        ),
        entry(
            r"(previous|next|prev) (story|article|post)|continue reading|keep reading",
            RelatedHeadline,
            Whole,
        ),
        entry(
            r"comments?|add (a )?comment|post a comment|view comments|show comments|discussion",
            Comment,
            Whole,
        ),
        entry(
            r"share( this)?( on \w+)?|tweet|facebook|twitter|linkedin|whatsapp|reddit|telegram|pinterest|copy link",
            Share,
            Whole,
        ),
        entry(
            r"advertisement|advertising|sponsored|promoted|paid content|partner content|ad",
            Ad,
            Whole,
        ),
        entry(r"subscribe( now)?|newsletters?|sign up", Newsletter, Whole),
        // Evidence to weigh.
        entry(
            r"\bnewsletters?\b|\bsubscribe\b|\bsign up\b|\b(android|ios|iphone) app\b|\bapp store\b|\bgoogle play\b|\bstay tuned\b",
            Newsletter,
            Short,
        ),
        entry(
            r"\bshare\b|\bfollow us\b|\bsocial media platforms?\b|\bfacebook page\b|\bembed\b",
            Share,
            Short,
        ),
        entry(r"\bcomments?\b", Comment, Short),
        entry(r"\badvertisements?\b|\bsponsored\b", Ad, Short),
        entry(
            r"^(posted|filed) (in|under)\s*:|^(tags?|tagged|topics?|categor(y|ies)|sections?)\s*:|\b\d+\s*min(ute)?s? read\b",
            Navigation,
            Short,
        ),
    ]
});

/// The first lexicon entry that matches `line`, with its reason and scope.
pub(crate) fn lookup(line: &str) -> Option<(DropReason, Scope)> {
    LEXICON
        .iter()
        .find(|e| e.re.is_match(line))
        .map(|e| (e.reason, e.scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_phrases_match_with_their_scope() {
        let cases = [
            (
                "Sign up for our weekly newsletter!",
                DropReason::Newsletter,
                Scope::Anywhere,
            ),
            (
                "Related Articles",
                DropReason::RelatedHeadline,
                Scope::Whole,
            ),
            ("Comments (12)", DropReason::Comment, Scope::Whole),
            ("Posted in: WORLD", DropReason::Navigation, Scope::Short),
            ("3 min read", DropReason::Navigation, Scope::Short),
            (
                "Required fields are marked *",
                DropReason::Comment,
                Scope::Anywhere,
            ),
        ];
        for (line, reason, scope) in cases {
            assert_eq!(lookup(line), Some((reason, scope)), "{line}");
        }
    }

    #[test]
    fn article_sentences_with_furniture_words_are_only_weak_hits() {
        assert_eq!(
            lookup("The agency shared the findings in its newsletter to members on Friday."),
            Some((DropReason::Newsletter, Scope::Short))
        );
        assert_eq!(
            lookup("Officials said the homes of three suspects were searched."),
            None
        );
        assert_eq!(lookup("Related groups were also named."), None);
    }
}
