//! Article text with parts of it marked: evidence quotes, entity mentions.

use dossier_model::{Document, Span};
use maud::{Markup, html};

/// One marked part of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Highlight {
    /// Code points of the text it covers.
    pub span: Span,
    /// Anchor id, so that facts can link to it.
    pub id: Option<String>,
    /// A link target (entity pages); without one the part is a `<mark>`.
    pub href: Option<String>,
    /// Tooltip.
    pub title: Option<String>,
    /// CSS class.
    pub class: &'static str,
}

/// The document's text with the highlights applied (all text escaped). Highlights that
/// overlap an earlier, longer one or fall outside the text are left out.
pub(crate) fn highlighted(doc: &Document, mut marks: Vec<Highlight>) -> Markup {
    marks.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let len = doc.char_len();
    let mut kept: Vec<Highlight> = Vec::new();
    let mut reached = 0;
    for m in marks {
        if m.span.start >= reached && !m.span.is_empty() && m.span.end <= len {
            reached = m.span.end;
            kept.push(m);
        }
    }
    let mut cursor = 0;
    let mut pieces: Vec<(&str, &Highlight)> = Vec::new();
    for m in &kept {
        pieces.push((doc.slice(Span::new(cursor, m.span.start)), m));
        cursor = m.span.end;
    }
    let tail = doc.slice(Span::new(cursor, len));
    html! {
        div.article-text {
            @for (before, m) in pieces {
                (before)
                @if let Some(href) = &m.href {
                    a class=(m.class) href=(href) id=[m.id.as_deref()] title=[m.title.as_deref()] {
                        (doc.slice(m.span))
                    }
                } @else {
                    mark class=(m.class) id=[m.id.as_deref()] title=[m.title.as_deref()] {
                        (doc.slice(m.span))
                    }
                }
            }
            (tail)
        }
    }
}

/// Overlapping or touching spans merged into regions, in text order.
pub(crate) fn regions(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    let mut out: Vec<Span> = Vec::new();
    for s in spans.into_iter().filter(|s| !s.is_empty()) {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Metadata;

    fn mark(start: usize, end: usize) -> Highlight {
        Highlight {
            span: Span::new(start, end),
            id: Some(format!("q{start}")),
            href: None,
            title: None,
            class: "evidence",
        }
    }

    #[test]
    fn marks_are_escaped_and_placed_by_code_point() {
        let doc = Document::new(
            "Beijing’s <script>alert(1)</script> denial".into(),
            Metadata::default(),
        );
        let html = highlighted(&doc, vec![mark(10, 35), mark(36, 42)]).into_string();
        assert!(html.contains(
            "<mark class=\"evidence\" id=\"q10\">&lt;script&gt;alert(1)&lt;/script&gt;</mark>"
        ));
        assert!(html.contains("<mark class=\"evidence\" id=\"q36\">denial</mark>"));
        assert!(html.starts_with("<div class=\"article-text\">Beijing’s "));
    }

    #[test]
    fn overlapping_and_out_of_range_marks_are_dropped() {
        let doc = Document::new("abcdefgh".into(), Metadata::default());
        let html = highlighted(&doc, vec![mark(0, 4), mark(2, 6), mark(6, 99)]).into_string();
        assert_eq!(
            html,
            "<div class=\"article-text\"><mark class=\"evidence\" id=\"q0\">abcd</mark>efgh</div>"
        );
    }

    #[test]
    fn regions_merge_overlaps() {
        let spans = vec![
            Span::new(5, 9),
            Span::new(0, 3),
            Span::new(2, 4),
            Span::new(9, 9),
        ];
        assert_eq!(regions(spans), vec![Span::new(0, 4), Span::new(5, 9)]);
    }
}
