//! Building annotated articles by hand for tests: spans are found by their text.

use dossier_model::{
    Arg, Document, Entity, EntityKind, Event, EventType, Mention, Metadata, PartialDate, Realis,
    Role, Span, TimeExpr,
};

/// An article under construction.
pub struct Article {
    pub doc: Document,
}

/// Code-point span of the first occurrence of `needle` at or after code point `from`.
fn find(doc: &Document, needle: &str, from: usize) -> Span {
    let start_byte = doc.byte_of_char(from);
    let b = doc.text[start_byte..]
        .find(needle)
        .map(|b| b + start_byte)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.text));
    doc.span_of_bytes(b, b + needle.len())
}

impl Article {
    /// An article with sentences split after '.', '!' or '?' followed by a space or the end.
    pub fn new(source: &str, published: Option<&str>, text: &str) -> Self {
        let meta = Metadata {
            source: source.into(),
            title: Some(format!("Report {source}")),
            outlet: Some(format!("Outlet {source}")),
            published: published.and_then(PartialDate::parse_iso),
            language: "en".into(),
            ..Metadata::default()
        };
        let mut doc = Document::new(text.into(), meta);
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        for i in 0..chars.len() {
            let ends = matches!(chars[i], '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace());
            if ends {
                doc.sentences.push(Span::new(start, i + 1));
                start = i + 1;
                while start < chars.len() && chars[start].is_whitespace() {
                    start += 1;
                }
            }
        }
        if start < chars.len() {
            doc.sentences.push(Span::new(start, chars.len()));
        }
        Article { doc }
    }

    /// An entity mentioned wherever one of `surfaces` occurs.
    pub fn entity(
        mut self,
        id: &str,
        name: &str,
        kind: EntityKind,
        country: Option<&str>,
        surfaces: &[&str],
    ) -> Self {
        let mut mentions = Vec::new();
        for surface in surfaces {
            let mut from = 0;
            while let Some(b) = self.doc.text[self.doc.byte_of_char(from)..].find(surface) {
                let b = b + self.doc.byte_of_char(from);
                let span = self.doc.span_of_bytes(b, b + surface.len());
                mentions.push(Mention {
                    start: span.start,
                    end: span.end,
                    text: surface.to_string(),
                });
                from = span.end;
            }
        }
        assert!(!mentions.is_empty(), "no mention of {id}");
        mentions.sort_by_key(|m| m.start);
        self.doc.entities.push(Entity {
            id: id.into(),
            name: name.into(),
            kind,
            country: country.map(str::to_string),
            aliases_matched: surfaces.iter().map(|s| s.to_string()).collect(),
            mentions,
        });
        self
    }

    /// An event whose trigger is the first occurrence of `trigger`; arguments are looked
    /// for in the trigger's sentence first. `time` is (text, normalised value).
    pub fn event(
        mut self,
        kind: EventType,
        trigger: &str,
        args: &[(Role, &str, Option<&str>)],
        time: Option<(&str, &str)>,
    ) -> Self {
        let t = find(&self.doc, trigger, 0);
        let sentence = self
            .doc
            .sentence_at(t.start)
            .map(|i| self.doc.sentences[i])
            .expect("trigger in a sentence");
        let locate = |doc: &Document, text: &str| {
            let s = find(doc, text, sentence.start);
            if s.end <= sentence.end {
                s
            } else {
                find(doc, text, 0)
            }
        };
        let args = args
            .iter()
            .map(|(role, text, entity)| {
                let s = locate(&self.doc, text);
                Arg {
                    role: *role,
                    start: s.start,
                    end: s.end,
                    text: text.to_string(),
                    entity: entity.map(str::to_string),
                }
            })
            .collect();
        let time = time.map(|(text, value)| {
            let s = locate(&self.doc, text);
            TimeExpr {
                text: text.into(),
                value: Some(value.into()),
                start: s.start,
                end: s.end,
            }
        });
        self.doc.events.push(Event {
            kind,
            realis: Realis::Actual,
            trigger: Mention {
                start: t.start,
                end: t.end,
                text: trigger.into(),
            },
            args,
            time,
            sentence,
            confidence: 0.9,
            hedge: None,
            extractor: None,
        });
        self
    }

    /// Set the hedge of the last event added.
    pub fn hedged(mut self, hedge: &str) -> Self {
        if let Some(ev) = self.doc.events.last_mut() {
            ev.hedge = Some(hedge.into());
        }
        self
    }
}
