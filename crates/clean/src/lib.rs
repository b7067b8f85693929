//! Plain-text cleaning: from the text of a saved web page to the article and its metadata.
//!
//! Text copied from a news page carries more than the article: the headline, bylines and
//! datelines, photo captions and credits, newsletter and share prompts, comment forms,
//! ads, lists of unrelated headlines and copyright footers. [`clean_plain`] splits the
//! input into paragraphs (rejoining hard-wrapped lines), scores every paragraph for
//! boilerplate (lexicon hits, length, sentence shape, position near the start or end,
//! link-like separators, runs of teaser headlines) and keeps the article paragraphs as
//! [`Cleaned::text`]. Header lines are not thrown away blindly: the title, authors,
//! outlet and publication date are read from them into [`Cleaned::meta`], and every
//! dropped line is listed with its [`DropReason`] so the cleaning can be audited.
//!
//! [`plain_as_is`] reads the same metadata but keeps the input text byte for byte (the
//! CLI's `--plain`), and [`into_document`] starts a [`dossier_model::Document`] from
//! either.
//!
//! ```
//! let raw = "Hackers Hit Port Operator\n\nBy Jane Roe\nPublished: 3 May 2023\n\n\
//!            The port operator said on Tuesday that hackers had disrupted its systems.\n\n\
//!            Subscribe to our newsletter";
//! let cleaned = dossier_clean::clean_plain(raw, "port.txt");
//! assert_eq!(cleaned.text, "The port operator said on Tuesday that hackers had disrupted its systems.");
//! assert_eq!(cleaned.meta.title.as_deref(), Some("Hackers Hit Port Operator"));
//! assert_eq!(cleaned.meta.published.map(|d| d.to_string()).as_deref(), Some("2023-05-03"));
//! ```

mod classify;
pub mod html;
mod language;
mod lexicon;
mod meta;
mod paragraphs;

pub use html::{DateSource, clean_html};
pub use language::{
    FALLBACK_LANGUAGE, detect_language, language_or_fallback, primary_language_code,
};

use dossier_model::{Document, Metadata};
use serde::Serialize;

/// An article after cleaning: the kept text, what was read about it, and what was cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// The article paragraphs, separated by blank lines (`"\n\n"`).
    pub text: String,
    /// Source, title, outlet, authors and publication date read from the input.
    pub meta: Metadata,
    /// Every line (or glued fragment of a line) left out of `text`, in input order.
    pub dropped: Vec<DroppedLine>,
}

/// A line left out of the clean text, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DroppedLine {
    /// The line as it appeared (trimmed; hard-wrapped lines rejoined).
    pub line: String,
    /// Why it was left out.
    pub reason: DropReason,
}

/// Why a line is not part of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// The headline (kept as `meta.title`), or a repeat of it.
    Title,
    /// "By ..." lines, reporting credits, agency footers, "Source: ..." lines.
    Byline,
    /// Publication or update date lines (read into `meta.published`).
    Dateline,
    /// "Subscribe to our newsletter", app download prompts.
    Newsletter,
    /// Share buttons and republishing notes.
    Share,
    /// Comment prompts and comment forms.
    Comment,
    /// Advertisements and promotions.
    Ad,
    /// Teasers for other articles ("Related", runs of headlines ending in "…").
    RelatedHeadline,
    /// Photo or video credits ("... via REUTERS", "Photo: ...", "(Getty Images)").
    PhotoCredit,
    /// Photo or video captions, including a caption repeated by the next line.
    Caption,
    /// Menus, breadcrumbs, tags, reading-time notes, section labels.
    Navigation,
    /// Cookie and privacy notices.
    Cookie,
    /// Copyright notices and syndication terms.
    Copyright,
    /// A short biography of the article's author.
    AuthorBio,
    /// A line with no letters or digits.
    Empty,
}

/// Clean a plain-text article: drop boilerplate, read metadata.
///
/// `source` (a path or URL) is recorded in `meta.source`. The text is the kept paragraphs
/// joined by `"\n\n"`; the title, byline and date lines are metadata, not text.
pub fn clean_plain(raw: &str, source: &str) -> Cleaned {
    let prepared = paragraphs::prepare(raw);
    let analysis = classify::classify(&prepared.paras);
    let meta = meta::read(&prepared, &analysis, source);
    let mut kept: Vec<String> = Vec::new();
    let mut dropped: Vec<DroppedLine> = Vec::new();
    for (para, verdict) in prepared.paras.iter().zip(&analysis.verdicts) {
        match verdict {
            classify::Verdict::Drop(reason) => dropped.push(DroppedLine {
                line: para.text.clone(),
                reason: *reason,
            }),
            classify::Verdict::Keep => kept.push(para.text.clone()),
            classify::Verdict::Trim { keep, cut } => {
                kept.push(keep.clone());
                dropped.extend(cut.iter().cloned());
            }
        }
    }
    let text = kept.join("\n\n");
    let meta = Metadata {
        language: language_or_fallback(&text),
        ..meta
    };
    Cleaned {
        text,
        meta,
        dropped,
    }
}

/// Take the input as clean text (`--plain`): `text` is `raw` exactly and nothing is
/// dropped, but the title, outlet, authors and date are still read from header lines.
pub fn plain_as_is(raw: &str, source: &str) -> Cleaned {
    let prepared = paragraphs::prepare(raw);
    let analysis = classify::classify(&prepared.paras);
    Cleaned {
        text: raw.to_string(),
        meta: Metadata {
            language: language_or_fallback(raw),
            ..meta::read(&prepared, &analysis, source)
        },
        dropped: Vec::new(),
    }
}

/// Start a document from a cleaned article; an unknown language is taken as English.
pub fn into_document(c: Cleaned) -> Document {
    let mut meta = c.meta;
    if meta.language.is_empty() {
        meta.language = FALLBACK_LANGUAGE.into();
    }
    Document::new(c.text, meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<dossier_model::PartialDate> {
        dossier_model::PartialDate::parse_iso(s)
    }

    fn reasons(c: &Cleaned) -> Vec<DropReason> {
        c.dropped.iter().map(|d| d.reason).collect()
    }

    #[test]
    fn glued_byline_dateline_takes_its_year_from_a_caption() {
        let raw = "Ruritania Summons Envoy Over Hacking Claims\n\n\
                   By Harbour Business WirePUBLISHED: June 3, 09:12\n\
                   Ruritanian Foreign Minister Ana Voss speaks to reporters\n\
                   Ruritanian Foreign Minister Ana Voss speaks to reporters in Velm, Ruritania June 1, 2023. Velm Daily via REUTERS\n\n\
                   Ruritania summoned the envoy of a neighbouring state on Friday after its spy agency linked a breach of the tax office to that state.\n\n\
                   The agency said the intruders had been active since late last year.\n\n\
                   Subscribe to our Newsletter";
        let c = clean_plain(raw, "r.txt");
        assert_eq!(c.meta.published, date("2023-06-03"));
        assert_eq!(c.meta.published_from.as_deref(), Some("caption-year"));
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Ruritania Summons Envoy Over Hacking Claims")
        );
        assert_eq!(c.meta.outlet.as_deref(), Some("Harbour Business Wire"));
        assert!(c.text.starts_with("Ruritania summoned the envoy"));
        assert!(c.text.ends_with("since late last year."));
        assert!(!c.text.contains("Subscribe") && !c.text.contains("REUTERS"));
        assert_eq!(
            reasons(&c),
            [
                DropReason::Title,
                DropReason::Byline,
                DropReason::Caption,
                DropReason::Caption,
                DropReason::Newsletter
            ]
        );
    }

    #[test]
    fn year_is_not_guessed_without_a_nearby_full_date() {
        let raw = "Port Systems Hit by Ransomware\n\nPUBLISHED: June 3, 09:12\n\n\
                   The port authority said on Monday that ransomware had stopped its cranes, the third such attack since 2019.";
        let c = clean_plain(raw, "p.txt");
        assert_eq!(c.meta.published, None);
        assert!(c.dropped.iter().any(|d| d.reason == DropReason::Dateline));
    }

    #[test]
    fn updated_line_ads_share_and_comment_forms() {
        let raw = "Embassy Rejects Claims of Espionage\n\n\
                   embassy hacking claims\n\n\
                   This article was last updated on March 4, 2022\n\n\
                   Europe: Free $20 Daily Planet readers Get FREE $20 to spend on Amazon, Walmart…\n\n\
                   Firm Denials\n\n\
                   The embassy said in a statement on its website that the accusations were groundless and politically motivated.\n\n\
                   Share with friends\n\
                   You can publish this article on your website as long as you provide a link back to this page.\n\n\
                   Be the first to comment\n\nLeave a Reply\n\nYour email address will not be published.";
        let c = clean_plain(raw, "e.txt");
        assert_eq!(c.meta.published, date("2022-03-04"));
        assert_eq!(c.meta.published_from.as_deref(), Some("updated-line"));
        assert_eq!(
            c.text,
            "Firm Denials\n\nThe embassy said in a statement on its website that the accusations were groundless and politically motivated."
        );
        assert_eq!(
            reasons(&c),
            [
                DropReason::Title,
                DropReason::Caption,
                DropReason::Dateline,
                DropReason::Ad,
                DropReason::Share,
                DropReason::Share,
                DropReason::Comment,
                DropReason::Comment,
                DropReason::Comment
            ]
        );
    }

    #[test]
    fn trailing_run_of_teaser_headlines_is_dropped() {
        let raw = "The regulator said the outage at the exchange was caused by an intrusion into a supplier's network.\n\
                   Investigators found the same tools on two other systems, the regulator added.\n\
                   Chip maker posts record quarter as demand for servers keeps…\n\
                   Streaming service raises prices again in three markets, says…\n\
                   Court blocks merger of two airlines after a year-long review of…";
        let c = clean_plain(raw, "t.txt");
        assert_eq!(c.text.split("\n\n").count(), 2);
        assert!(c.text.ends_with("the regulator added."));
        assert!(
            c.dropped
                .iter()
                .all(|d| d.reason == DropReason::RelatedHeadline)
        );
        assert_eq!(c.dropped.len(), 3);
    }

    #[test]
    fn a_single_long_teaser_sentence_in_the_body_stays() {
        let raw = "Officials blamed a foreign intelligence service for the attack on the ministry's mail servers.\n\n\
                   Ministry blames foreign spies for mail outage\n\n\
                   The ministry and two allies said on Monday that the intrusion had been planned for months and that thousands of accounts were read...\n\n\
                   Newswire";
        let c = clean_plain(raw, "s.txt");
        assert!(c.text.contains("thousands of accounts were read..."));
        assert!(!c.text.ends_with("Newswire"));
    }

    #[test]
    fn store_prefix_breadcrumb_title_and_footer_credits() {
        let raw = " date 2019-08-14 Home > World > Ministry Confirms Breach of Payroll System\n\
                   LISBON (Example Wire) - The ministry confirmed on Tuesday that its payroll system had been breached by intruders.\n\
                   It said salaries would be paid on time.\n\
                   (Reporting by Ana Lima and Rui Sousa; Editing by Tom Wells)\n\
                   Related\n\
                   Ministry opens inquiry into contractor\n\
                   Tags";
        let c = clean_plain(raw, "b.txt");
        assert_eq!(c.meta.published, date("2019-08-14"));
        assert_eq!(c.meta.published_from.as_deref(), Some("prefix-line"));
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Ministry Confirms Breach of Payroll System")
        );
        assert_eq!(c.meta.authors, ["Ana Lima", "Rui Sousa"]);
        assert_eq!(c.meta.outlet.as_deref(), Some("Example Wire"));
        assert_eq!(c.text.split("\n\n").count(), 2, "{}", c.text);
        assert!(c.text.ends_with("paid on time."));
    }

    #[test]
    fn author_bio_and_copyright_footer_are_dropped() {
        let raw = "The agency said the breach affected about 40,000 patients and that no ransom had been paid.\n\n\
                   It did not say who was behind the intrusion.\n\n\
                   Sam Ortiz is Example Post's senior technology reporter covering security and privacy. Reach him at the newsroom.\n\n\
                   © 2021 Example Post Media. All rights reserved.\n\n\
                   Example Post is solely responsible for this content.";
        let c = clean_plain(raw, "f.txt");
        assert!(c.text.ends_with("behind the intrusion."), "{}", c.text);
        assert_eq!(
            reasons(&c),
            [
                DropReason::AuthorBio,
                DropReason::Copyright,
                DropReason::Copyright
            ]
        );
        assert_eq!(c.meta.outlet.as_deref(), Some("Example Post Media"));
    }

    #[test]
    fn glued_headline_repeat_and_continue_reading_are_cut() {
        let raw = "Hospital Chain Hit by Ransomware Attack\n\n\
                   A hospital chain was hit by ransomware on Sunday, officials said.Hospital Chain Hit by Ransomware Attack\n\n\
                   Patients were diverted to other sites while systems were restored. Continue reading\n\n\
                   Share your story with us:";
        let c = clean_plain(raw, "g.txt");
        assert_eq!(
            c.text,
            "A hospital chain was hit by ransomware on Sunday, officials said.\n\n\
             Patients were diverted to other sites while systems were restored."
        );
        assert_eq!(c.dropped.len(), 4);
    }

    #[test]
    fn article_sentences_with_boilerplate_words_stay() {
        let raw = "The group posted the stolen files on a leak site and said it would share more unless paid.\n\n\
                   Researchers said the group's newsletter to affiliates described the attack in detail.\n\n\
                   By Wednesday, the company had restored most of its services, a spokesperson said.";
        let c = clean_plain(raw, "k.txt");
        assert!(c.dropped.is_empty(), "{:?}", c.dropped);
        assert_eq!(c.text.split("\n\n").count(), 3);
    }

    #[test]
    fn plain_as_is_keeps_the_input_but_reads_metadata() {
        let raw = "Power Grid Operator Reports Intrusion\nPublished: 10:02 AM, 5 Jan, 2022\nThe operator said no outage resulted.\n";
        let c = plain_as_is(raw, "-");
        assert_eq!(c.text, raw);
        assert!(c.dropped.is_empty());
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Power Grid Operator Reports Intrusion")
        );
        assert_eq!(c.meta.published, date("2022-01-05"));
        assert_eq!(c.meta.published_from.as_deref(), Some("dateline"));
    }

    #[test]
    fn into_document_sets_language_source_and_id() {
        let doc = into_document(clean_plain("The ministry said the attack failed.", "m.txt"));
        assert_eq!(doc.meta.language, "en");
        assert_eq!(doc.meta.source, "m.txt");
        assert_eq!(doc.text, "The ministry said the attack failed.");
        assert_eq!(doc.id, dossier_model::document::content_id(&doc.text));
    }

    #[test]
    fn empty_crlf_and_bom_inputs() {
        assert_eq!(clean_plain("", "e.txt").text, "");
        assert_eq!(clean_plain(" \n\n\t\n", "e.txt").text, "");
        let c = clean_plain(
            "\u{feff}Grid Operator Reports Intrusion\r\n\r\nThe operator said the intrusion was contained.\r\n",
            "w.txt",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Grid Operator Reports Intrusion")
        );
        assert_eq!(c.text, "The operator said the intrusion was contained.");
    }
}
