//! The part of the record an export covers, and the dates and links every format needs.

use std::collections::{BTreeSet, HashMap};

use dossier_model::incident::{ArticleRef, Incident};
use dossier_model::{Document, PartialDate};

use crate::{ExportError, ExportOptions};

/// The date used when nothing in the input is dated.
const EPOCH: PartialDate = PartialDate {
    year: 1970,
    month: Some(1),
    day: Some(1),
};

/// Selected incidents and articles, with lookups.
pub(crate) struct Selection<'a> {
    /// Incidents to export, in input order.
    pub incidents: Vec<&'a Incident>,
    /// Articles to export, in input order, each once.
    pub docs: Vec<&'a Document>,
    /// The date of anything undated: the latest date in the input, so exports do not
    /// depend on the clock.
    pub fallback: PartialDate,
    by_id: HashMap<&'a str, &'a Document>,
}

impl<'a> Selection<'a> {
    /// Narrow the input as `opts` asks.
    pub fn new(
        docs: &'a [Document],
        incidents: &'a [Incident],
        opts: &ExportOptions,
    ) -> Result<Self, ExportError> {
        let fallback = latest_date(docs, incidents).unwrap_or(EPOCH);
        let incidents: Vec<&Incident> = match &opts.incident {
            Some(id) => {
                let found: Vec<_> = incidents.iter().filter(|i| &i.id == id).collect();
                if found.is_empty() {
                    return Err(ExportError::UnknownIncident(id.clone()));
                }
                found
            }
            None => incidents
                .iter()
                .filter(|i| on_or_after(parse(i.first_reported.as_deref()), opts.since))
                .collect(),
        };
        let cited: BTreeSet<&str> = incidents
            .iter()
            .flat_map(|i| i.articles.iter().map(|a| a.id.as_str()))
            .collect();
        let mut seen = BTreeSet::new();
        let docs: Vec<&Document> = docs
            .iter()
            .filter(|d| {
                let wanted = cited.contains(d.id.as_str())
                    || (opts.incident.is_none() && on_or_after(d.meta.published, opts.since));
                wanted && seen.insert(d.id.as_str())
            })
            .collect();
        let by_id = docs.iter().map(|d| (d.id.as_str(), *d)).collect();
        Ok(Selection {
            incidents,
            docs,
            fallback,
            by_id,
        })
    }

    /// The selected article with this id.
    pub fn doc(&self, id: &str) -> Option<&'a Document> {
        self.by_id.get(id).copied()
    }

    /// The publication date of an article reference, or of the article it names.
    pub fn date_of_ref(&self, r: &ArticleRef) -> Option<PartialDate> {
        parse(r.published.as_deref()).or_else(|| self.doc(&r.id)?.meta.published)
    }

    /// The first report of an incident, else the fallback date.
    pub fn incident_date(&self, incident: &Incident) -> PartialDate {
        parse(incident.first_reported.as_deref())
            .or_else(|| {
                incident
                    .articles
                    .iter()
                    .filter_map(|a| self.date_of_ref(a))
                    .min()
            })
            .unwrap_or(self.fallback)
    }
}

/// A `YYYY[-MM[-DD]]` string as a date.
pub(crate) fn parse(s: Option<&str>) -> Option<PartialDate> {
    s.and_then(PartialDate::parse_iso)
}

/// True when `date` may lie on or after `since` (a month or year counts when any of its
/// days does); undated items pass only when there is no `since`.
pub(crate) fn on_or_after(date: Option<PartialDate>, since: Option<PartialDate>) -> bool {
    let Some(since) = since else { return true };
    let Some(date) = date else { return false };
    let last = (date.year, date.month.unwrap_or(12), date.day.unwrap_or(31));
    let first = (since.year, since.month.unwrap_or(1), since.day.unwrap_or(1));
    last >= first
}

fn latest_date(docs: &[Document], incidents: &[Incident]) -> Option<PartialDate> {
    let published = docs.iter().filter_map(|d| d.meta.published);
    let reported = incidents
        .iter()
        .filter_map(|i| parse(i.first_reported.as_deref()));
    published.chain(reported).max()
}

/// The full day a partial date starts on (`2024-03` → 2024-03-01).
pub(crate) fn first_day(d: PartialDate) -> (i32, u32, u32) {
    (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// `YYYY-MM-DD` of the first day of a partial date.
pub(crate) fn iso_day(d: PartialDate) -> String {
    let (y, m, day) = first_day(d);
    format!("{y:04}-{m:02}-{day:02}")
}

/// A STIX timestamp (millisecond precision, UTC) at midnight of the date's first day.
pub(crate) fn stix_time(d: PartialDate) -> String {
    format!("{}T00:00:00.000Z", iso_day(d))
}

/// True when the source is a web address rather than a file path.
pub(crate) fn is_url(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The address to cite for an article: its canonical URL, else its source.
pub(crate) fn link_of_doc(doc: &Document) -> &str {
    doc.meta
        .url
        .as_deref()
        .filter(|u| is_url(u))
        .unwrap_or(&doc.meta.source)
}

/// The address to cite for an article reference: the article's canonical URL when it
/// is selected, else the reference's source.
pub(crate) fn link_of_ref<'s>(sel: &'s Selection<'_>, r: &'s ArticleRef) -> &'s str {
    sel.doc(&r.id).map_or(r.source.as_str(), link_of_doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(s)
    }

    #[test]
    fn since_keeps_partial_dates_that_may_fall_after_it() {
        assert!(on_or_after(d("2024-03"), d("2024-03-15")));
        assert!(on_or_after(d("2024"), d("2024-12-31")));
        assert!(!on_or_after(d("2024-02-29"), d("2024-03")));
        assert!(!on_or_after(None, d("2024")));
        assert!(on_or_after(None, None));
    }

    #[test]
    fn stix_time_has_milliseconds() {
        assert_eq!(
            stix_time(PartialDate::year(2023)),
            "2023-01-01T00:00:00.000Z"
        );
        assert!(is_url("HTTPS://example.org/a"));
        assert!(!is_url("examples/a.txt"));
    }
}
