//! Sources that read articles into raw items, the first stage of dossier.
//!
//! A [`Source`] yields [`RawItem`]s: the bytes of one article, where they came from, and a
//! [`Format`] hint. Sources never fail a whole run for one bad input: every item is a
//! `Result`, so a missing file, an oversized file or an unreadable directory becomes one
//! [`IngestError`] that says what to do, and the rest of the inputs are still read.
//! Gzip-compressed files (`story.html.gz`, or any input starting with the gzip magic
//! bytes) are decompressed on reading; a truncated stream is one [`IngestError::Gzip`].
//! [`RawItem::text`] turns an item's bytes into a `String`: plain text must be UTF-8
//! ([`decode_text`]), while HTML is decoded by its byte-order mark, the charset of the
//! HTTP header it came with ([`RawItem::charset`]), its own `<meta charset>`
//! declaration, else UTF-8, else windows-1252 ([`decode_html_with`]).
//!
//! Each kind of input lives in its own module behind the one trait, the way Vector lays out
//! its sources: [`file`] reads paths, directories and stdin, handing WARC archives to
//! [`warc`], which streams their HTML responses one record at a time. A new source is a
//! sibling module plus one `pub use` line here. [`feed`]
//! reads RSS, Atom and JSON feeds and their items' pages through [`fetch`], the HTTP(S)
//! client that refuses non-public addresses, caps size and time, and is polite per host.
//!
//! ```no_run
//! use dossier_ingest::{FileSource, Source};
//! let mut source = FileSource::new(vec!["articles/".into(), "-".into()]);
//! for item in source.items() {
//!     match item.and_then(|it| it.text().map(|t| (it.source, t))) {
//!         Ok((name, text)) => println!("{name}: {} chars", text.chars().count()),
//!         Err(e) => eprintln!("skipped: {e}"),
//!     }
//! }
//! ```

pub mod feed;
pub mod fetch;
pub mod file;
pub mod warc;

mod charset;
mod decode;
mod format;
mod gzip;
#[cfg(test)]
mod testserver;

pub use charset::{declared_charset, decode_html, decode_html_with};
pub use decode::decode_text;
pub use file::{DEFAULT_MAX_BYTES, FileSource, expand, is_warc};
pub use format::Format;
pub use gzip::{gunzip, is_gzip};
pub use warc::{WarcReader, WarcSkips};

use std::path::PathBuf;

/// One article as read, before decoding and cleaning.
///
/// Build one with `..Default::default()` for the optional fields, so that adding a hint
/// later does not break every source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawItem {
    /// Where it was read from: a path, a URL, or `-` for standard input.
    pub source: String,
    /// The bytes as read (decompressed when the input was gzip).
    pub bytes: Vec<u8>,
    /// What the bytes look like, from the file extension and the content.
    pub hint: Format,
    /// The character set a transport header declared (an HTTP `Content-Type:
    /// ...; charset=` from a WARC response or a fetch); trusted over the page's own
    /// `<meta>` declaration, as browsers do.
    pub charset: Option<String>,
    /// When the item was captured or published, as the container says (a WARC record's
    /// `WARC-Date`, ISO 8601): a date hint for pages that carry no date of their own.
    pub date: Option<String>,
}

impl RawItem {
    /// The item's bytes as text; errors name the item's source. HTML is decoded by the
    /// transport's charset, else its declared or sniffed one ([`decode_html_with`]);
    /// anything else must be UTF-8 ([`decode_text`]).
    pub fn text(&self) -> Result<String, IngestError> {
        let decoded = match self.hint {
            Format::Html => decode_html_with(&self.bytes, self.charset.as_deref()),
            Format::Text | Format::Unknown => decode_text(&self.bytes),
        };
        decoded.map_err(|e| e.at(&self.source))
    }
}

/// Why one input could not be read. Each variant names the input and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path does not exist.
    #[error("{path}: no such file or directory; check the path")]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// Reading failed at the operating-system level.
    #[error("{path}: cannot read: {error}")]
    Io {
        /// The path that could not be read.
        path: PathBuf,
        /// The underlying error (shown in the message, so not chained as a source too).
        error: std::io::Error,
    },
    /// The input is larger than the configured cap.
    #[error(
        "{path}: {size} bytes is over the {limit}-byte limit; split the file or raise the limit"
    )]
    TooLarge {
        /// The oversized input.
        path: String,
        /// Its size in bytes (at least `limit + 1` when read from a stream).
        size: u64,
        /// The cap in force.
        limit: u64,
    },
    /// The input starts like gzip but does not decompress (cut short or corrupt).
    #[error(
        "{path}: corrupt or truncated gzip data ({error}); re-download or re-compress the file"
    )]
    Gzip {
        /// The compressed input.
        path: String,
        /// What the decompressor reported (shown in the message, so not chained as a
        /// source too).
        error: std::io::Error,
    },
    /// The input contains NUL bytes, so it is not text.
    #[error("{path}: binary file (NUL byte at offset {offset}); pass a text or HTML article")]
    Binary {
        /// The input (`input` when decoded without a name).
        path: String,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The input is not valid UTF-8.
    #[error(
        "{path}: invalid UTF-8 at byte offset {offset}; convert the file to UTF-8 (e.g. with iconv)"
    )]
    InvalidUtf8 {
        /// The input (`input` when decoded without a name).
        path: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A WARC archive or one of its records cannot be read (bad header, cut short, bad
    /// HTTP framing, archive on stdin); the message says what was wrong and whether
    /// reading went on.
    #[error("{path}: {message}")]
    Warc {
        /// The archive and the record (number and byte offset in the uncompressed stream).
        path: String,
        /// What is wrong and what happened next.
        message: String,
    },
}

impl IngestError {
    /// A short label for the kind of failure, for run summaries (`too large`,
    /// `not UTF-8`, `binary`, `corrupt gzip`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::NotFound { .. } => "not found",
            IngestError::Io { .. } => "unreadable",
            IngestError::TooLarge { .. } => "too large",
            IngestError::Gzip { .. } => "corrupt gzip",
            IngestError::Binary { .. } => "binary",
            IngestError::InvalidUtf8 { .. } => "not UTF-8",
            IngestError::Warc { .. } => "bad WARC record",
        }
    }

    /// The same error, naming `source` as the input it is about (for decode errors,
    /// which are raised before the caller's name for the input is known).
    pub fn at(self, source: &str) -> Self {
        match self {
            IngestError::Binary { offset, .. } => IngestError::Binary {
                path: source.into(),
                offset,
            },
            IngestError::InvalidUtf8 { offset, .. } => IngestError::InvalidUtf8 {
                path: source.into(),
                offset,
            },
            other => other,
        }
    }
}

/// A kind of input that yields raw items.
pub trait Source {
    /// Short name of the source kind (`file`, later `html`, `feed`, `warc`).
    fn name(&self) -> &'static str;

    /// The items, in a stable order; one bad input is one `Err` and iteration goes on.
    fn items(&mut self) -> Box<dyn Iterator<Item = Result<RawItem, IngestError>> + '_>;
}
