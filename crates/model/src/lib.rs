//! The document model of dossier.
//!
//! Every stage of the pipeline works on one [`Document`]: the clean article text plus
//! layers of annotation (sentences, entities, events, indicators) whose offsets all point
//! into that one text, the way spaCy's `Doc` carries its spans. Stages only add to a
//! document; none rewrites the text once cleaning has produced it.
//!
//! Offsets are **Unicode code points** (not bytes), end exclusive, because that is what the
//! record contract (`shared/spec/records.md`) promises. [`Document::char_of_byte`] and
//! [`Document::byte_of_char`] convert for code that matches with byte-oriented engines
//! (regex, aho-corasick).
//!
//! The serialised form of a [`Document`] *is* the article record of the contract; the
//! incident and story records live in [`incident`].

pub mod date;
pub mod document;
pub mod entity;
pub mod event;
pub mod incident;
pub mod pipeline;

pub use date::PartialDate;
pub use document::{Document, Indicator, IndicatorKind, Metadata, Span};
pub use entity::{Entity, EntityKind, Mention};
pub use event::{Arg, Event, EventType, Realis, Role, TimeExpr};
pub use pipeline::{Pipeline, Stage, StageError};
