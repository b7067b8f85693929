//! Reading one document's annotations: which entities an argument names, which sentence
//! and paragraph an event sits in, what year a time value gives.

use dossier_model::incident::{ArticleRef, Evidence};
use dossier_model::{Arg, Document, Entity, EntityKind, Event, Mention, Span};

/// An event of the corpus: index of its document, index in that document's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct EventAt {
    /// Index into [`Corpus::docs`].
    pub doc: usize,
    /// Index into the document's `events`.
    pub idx: usize,
}

/// The documents being merged, deduplicated by id and in a fixed order (publication date,
/// undated last, then id) so that results do not depend on the order of the input.
pub(crate) struct Corpus<'a> {
    /// The documents.
    pub docs: Vec<&'a Document>,
}

impl<'a> Corpus<'a> {
    /// The corpus of `docs`; a repeated id keeps its first document.
    pub fn new(docs: &'a [Document]) -> Self {
        let mut seen = std::collections::HashSet::new();
        let mut docs: Vec<&Document> = docs.iter().filter(|d| seen.insert(&d.id)).collect();
        docs.sort_by(|a, b| {
            let key = |d: &Document| (d.meta.published.is_none(), d.meta.published);
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        Corpus { docs }
    }

    /// The document an event belongs to.
    pub fn doc(&self, at: EventAt) -> &'a Document {
        self.docs[at.doc]
    }

    /// The event itself.
    pub fn event(&self, at: EventAt) -> &'a Event {
        &self.docs[at.doc].events[at.idx]
    }

    /// Every event of the corpus, document by document.
    pub fn events(&self) -> impl Iterator<Item = (EventAt, &'a Event)> + '_ {
        self.docs.iter().enumerate().flat_map(|(d, doc)| {
            doc.events
                .iter()
                .enumerate()
                .map(move |(idx, ev)| (EventAt { doc: d, idx }, ev))
        })
    }
}

/// The entities an argument refers to: its linked entity; else the entities mentioned
/// inside its span; else, when `invent` gives a kind and the text looks like a name, a
/// local entity made from the text.
pub(crate) fn arg_entities(doc: &Document, arg: &Arg, invent: Option<EntityKind>) -> Vec<Entity> {
    if let Some(id) = &arg.entity {
        return vec![
            doc.entity(id)
                .cloned()
                .unwrap_or_else(|| entity_from_text(arg, id.clone(), invent)),
        ];
    }
    let inside = entities_within(doc, arg.span());
    if !inside.is_empty() {
        return inside;
    }
    match invent {
        Some(kind) if looks_like_a_name(&arg.text) => {
            let id = format!("{INVENTED}{}:{}", kind.as_str(), slug(&arg.text));
            vec![entity_from_text(arg, id, Some(kind))]
        }
        _ => Vec::new(),
    }
}

/// Id prefix of entities made from an argument's text rather than found by the entity layer.
const INVENTED: &str = "local:text:";

/// True for an entity made from an argument's text: its kind is a guess.
pub(crate) fn is_invented(entity: &Entity) -> bool {
    entity.id.starts_with(INVENTED)
}

/// Entities with a mention inside `span`, in order of their first such mention.
pub(crate) fn entities_within(doc: &Document, span: Span) -> Vec<Entity> {
    let mut found: Vec<(usize, &Entity)> = doc
        .entities
        .iter()
        .filter_map(|e| {
            e.mentions
                .iter()
                .find(|m| span.contains(m.span()))
                .map(|m| (m.start, e))
        })
        .collect();
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, e)| e.clone()).collect()
}

/// An entity for an argument that names something the entity layer did not list.
fn entity_from_text(arg: &Arg, id: String, kind: Option<EntityKind>) -> Entity {
    let country = id
        .strip_prefix("country:")
        .map(|code| code.to_ascii_uppercase());
    let kind = if country.is_some() {
        EntityKind::Country
    } else {
        kind.unwrap_or(EntityKind::Organization)
    };
    let name = trim_article(arg.text.trim()).to_string();
    Entity {
        id,
        name: name.clone(),
        kind,
        country,
        aliases_matched: vec![arg.text.clone()],
        mentions: vec![Mention {
            start: arg.start,
            end: arg.end,
            text: arg.text.clone(),
        }],
    }
}

/// True when a text names something specific rather than describing it ("the ministry").
fn looks_like_a_name(text: &str) -> bool {
    trim_article(text).chars().any(char::is_uppercase)
}

/// The text without a leading English article.
fn trim_article(text: &str) -> &str {
    ["the ", "The ", "a ", "an "]
        .iter()
        .find_map(|a| text.strip_prefix(a))
        .unwrap_or(text)
}

/// Lower-case words joined by '-', for local ids.
fn slug(text: &str) -> String {
    trim_article(text.trim())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// The ISO code of the state an entity is or acts for.
pub(crate) fn country_of(entity: &Entity) -> Option<String> {
    entity.country.clone().or_else(|| {
        (entity.kind == EntityKind::Country)
            .then(|| entity.id.strip_prefix("country:"))
            .flatten()
            .map(str::to_ascii_uppercase)
    })
}

/// The sentence an event was found in (its trigger when no sentence is known).
pub(crate) fn sentence_of(doc: &Document, ev: &Event) -> Span {
    if !ev.sentence.is_empty() {
        return ev.sentence;
    }
    doc.sentence_at(ev.trigger.start)
        .map(|i| doc.sentences[i])
        .unwrap_or_else(|| ev.trigger.span())
}

/// Byte offset where the paragraph holding code point `at` starts. Paragraphs are
/// separated by blank lines, or by line breaks in a text that has no blank lines.
pub(crate) fn paragraph_start(doc: &Document, at: usize) -> usize {
    let sep = if doc.text.contains("\n\n") {
        "\n\n"
    } else {
        "\n"
    };
    let byte = doc.byte_of_char(at);
    doc.text
        .get(..byte)
        .and_then(|before| before.rfind(sep).map(|i| i + sep.len()))
        .unwrap_or(0)
}

/// The year a normalised time value (`YYYY[-MM[-DD]]`) falls in.
pub(crate) fn year_of(value: &str) -> Option<i32> {
    value.get(..4)?.parse().ok()
}

/// The normalised time of an event, if the text gives one.
pub(crate) fn time_value(ev: &Event) -> Option<&str> {
    ev.time.as_ref()?.value.as_deref()
}

/// A reference to `doc` quoting `evidence` as the support for a fact.
pub(crate) fn article_ref(doc: &Document, evidence: Option<Span>) -> ArticleRef {
    ArticleRef {
        id: doc.id.clone(),
        source: doc.meta.source.clone(),
        title: doc.meta.title.clone(),
        outlet: doc.meta.outlet.clone(),
        published: doc.meta.published.map(|d| d.to_string()),
        evidence: evidence.map(|span| Evidence {
            start: span.start,
            end: span.end,
            text: doc.slice(span).to_string(),
        }),
    }
}

/// A reference to the article of an event, quoting the event's sentence.
pub(crate) fn event_ref(corpus: &Corpus<'_>, at: EventAt) -> ArticleRef {
    let doc = corpus.doc(at);
    article_ref(doc, Some(sentence_of(doc, corpus.event(at))))
}

/// First 16 bytes of the SHA-256 of the lines, in hex: ids that depend only on content.
pub(crate) fn hash_id<I: IntoIterator<Item = S>, S: AsRef<str>>(lines: I) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for line in lines {
        hasher.update(line.as_ref().as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Metadata, Role};

    #[test]
    fn unlinked_argument_falls_back_to_entities_inside_it() {
        let mut doc = Document::new(
            "They hit the Dutch defence ministry network.".into(),
            Metadata::default(),
        );
        doc.entities = vec![Entity {
            id: "gov:nl-mod".into(),
            name: "Ministry of Defence".into(),
            kind: EntityKind::Government,
            country: Some("NL".into()),
            aliases_matched: vec![],
            mentions: vec![Mention {
                start: 13,
                end: 35,
                text: "Dutch defence ministry".into(),
            }],
        }];
        let arg = Arg {
            role: Role::Victim,
            start: 9,
            end: 43,
            text: "the Dutch defence ministry network".into(),
            entity: None,
        };
        let found = arg_entities(&doc, &arg, Some(EntityKind::Organization));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "gov:nl-mod");
        doc.entities.clear();
        let invented = arg_entities(&doc, &arg, Some(EntityKind::Organization));
        assert_eq!(
            invented[0].id,
            "local:text:organization:dutch-defence-ministry-network"
        );
        assert!(arg_entities(&doc, &arg, None).is_empty());
    }

    #[test]
    fn paragraphs_split_on_blank_lines_when_there_are_any() {
        let doc = Document::new("One.\nTwo.\n\nThree.".into(), Metadata::default());
        assert_eq!(paragraph_start(&doc, 6), 0);
        assert_eq!(paragraph_start(&doc, 12), 11);
        let wrapped = Document::new("One.\nTwo.".into(), Metadata::default());
        assert_eq!(paragraph_start(&wrapped, 6), 5);
    }
}
