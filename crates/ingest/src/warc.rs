//! WARC archives (WARC/1.0 and 1.1, e.g. Common Crawl's CC-NEWS): the HTML pages of
//! their `response` records as raw items, read one record at a time.
//!
//! An archive is either plain or gzip-compressed with one gzip member per record (as
//! Common Crawl writes them; one member for the whole file works too). Records are
//! streamed: a record that is not an HTML response (`warcinfo`, `request`, `metadata`,
//! images, JSON, redirects) is read past without being kept and counted in
//! [`WarcSkips`]; an HTML response is read into memory on its own, its HTTP header
//! parsed and stripped, a chunked transfer-encoding undone and a gzip or deflate
//! content-encoding decompressed. The item is named by `WARC-Target-URI`, carries the
//! HTTP header's charset (decoded later by [`crate::decode_html_with`]) and the
//! `WARC-Date`.
//!
//! Damage costs one error, not the file: a malformed record header is reported and
//! reading resumes at the next `WARC/` version line; a corrupt or truncated gzip member
//! is reported and reading resumes at the next gzip member that starts a record; a
//! record over the per-record cap is read past with an error. Only a file that ends
//! inside a record stops the reader.
//!
//! The parser is our own (the format is a version line, `Name: value` headers, a blank
//! line, `Content-Length` bytes and CRLF CRLF): it needs control over gzip members to
//! resynchronise, and streams past records it does not keep.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

use flate2::bufread::GzDecoder;

use crate::file::DEFAULT_MAX_BYTES;
use crate::format::strip_gz;
use crate::{Format, IngestError, RawItem, gunzip};

/// Longest header line (WARC or HTTP) accepted.
const MAX_LINE: usize = 16 * 1024;
/// Longest WARC or HTTP header block accepted.
const MAX_HEAD: usize = 64 * 1024;

/// How many records the readers passed over without yielding an item, by why
/// (`request`, `warcinfo`, `not HTML`, ...). Cloning shares the counts, so one tally can
/// follow every archive of a run.
#[derive(Debug, Clone, Default)]
pub struct WarcSkips(Arc<Mutex<BTreeMap<&'static str, usize>>>);

impl WarcSkips {
    fn add(&self, reason: &'static str) {
        let mut counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *counts.entry(reason).or_default() += 1;
    }

    /// The counts so far, by reason (sorted by reason).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        let counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        counts.iter().map(|(k, v)| (*k, *v)).collect()
    }

    /// How many records were skipped in all.
    pub fn total(&self) -> usize {
        self.counts().iter().map(|(_, n)| n).sum()
    }
}

/// True when `path` is named like a WARC archive (`.warc`, `.warc.gz`, any case).
pub fn is_warc_name(path: &Path) -> bool {
    strip_gz(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("warc"))
}

/// True when the file at `path` starts like a WARC archive (`WARC/` at the start, or
/// at the start of its first gzip member). Reads at most a few kilobytes.
pub fn looks_like_warc(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut reader = BufReader::with_capacity(8192, file);
    let gz = reader.fill_buf().is_ok_and(crate::is_gzip);
    let mut head = Vec::with_capacity(5);
    let read = if gz {
        GzDecoder::new(reader).take(5).read_to_end(&mut head)
    } else {
        reader.take(5).read_to_end(&mut head)
    };
    read.is_ok() && head == b"WARC/"
}

/// Streams the HTML pages of a WARC archive as raw items; see the module docs.
///
/// Every item is `Ok` (a page) or `Err` (a damaged record or a page that cannot be
/// read); records skipped on purpose are counted in [`WarcReader::skips`].
pub struct WarcReader<R> {
    input: Input<R>,
    name: String,
    max_record: u64,
    skips: WarcSkips,
    done: bool,
    /// Records started so far (the current record's 1-based number).
    record: u64,
    /// Offset in the uncompressed stream of the current record's version line.
    record_offset: u64,
    /// Uncompressed bytes consumed so far.
    offset: u64,
    /// The current record's `Content-Length`, and how much of its block was consumed.
    block_len: u64,
    block_start: u64,
    /// A version line found while resynchronising, to start the next record with.
    pending_version: Option<Vec<u8>>,
    /// True while the current record's header is read (before its block).
    in_header: bool,
}

impl WarcReader<BufReader<File>> {
    /// Open the archive at `path` (plain or gzip, told by its first bytes).
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        let io = |error| IngestError::Io {
            path: path.to_path_buf(),
            error,
        };
        let file = File::open(path).map_err(io)?;
        WarcReader::new(
            BufReader::with_capacity(64 * 1024, file),
            path.display().to_string(),
        )
        .map_err(io)
    }
}

impl<R: BufRead + Seek> WarcReader<R> {
    /// Read the archive in `reader`, naming it `name` in errors. Gzip is told by the
    /// magic bytes. Seeking is used only to resynchronise after a damaged gzip member.
    pub fn new(mut reader: R, name: impl Into<String>) -> io::Result<Self> {
        let input = if reader.fill_buf().map(crate::is_gzip)? {
            Input::Gzip(Box::new(BufReader::with_capacity(
                64 * 1024,
                Members::new(reader)?,
            )))
        } else {
            Input::Plain(reader)
        };
        Ok(WarcReader {
            input,
            name: name.into(),
            max_record: DEFAULT_MAX_BYTES,
            skips: WarcSkips::default(),
            done: false,
            record: 0,
            record_offset: 0,
            offset: 0,
            block_len: 0,
            block_start: 0,
            pending_version: None,
            in_header: false,
        })
    }

    /// Refuse pages whose HTTP payload (compressed or not) is larger than `bytes`; they
    /// are read past and reported as [`IngestError::TooLarge`].
    pub fn max_record_bytes(mut self, bytes: u64) -> Self {
        self.max_record = bytes;
        self
    }

    /// Count skipped records in `skips` (shared with other readers) instead of a tally
    /// of this reader's own.
    pub fn with_skips(mut self, skips: WarcSkips) -> Self {
        self.skips = skips;
        self
    }

    /// The records skipped so far (a handle that stays current).
    pub fn skips(&self) -> WarcSkips {
        self.skips.clone()
    }

    /// Where the current record is, for error messages.
    fn here(&self) -> String {
        format!(
            "{} (record {} at byte {})",
            self.name, self.record, self.record_offset
        )
    }

    fn consume(&mut self, n: usize) {
        self.input.consume(n);
        self.offset += n as u64;
    }

    /// The next buffered bytes, moving on to the next gzip member when one ends; empty
    /// at the end of the file. Inside a record's block, a member that starts a new
    /// record means the current record was short ([`Fault::NewRecord`]).
    fn chunk(&mut self, in_block: bool) -> Result<&[u8], Fault> {
        loop {
            if !self.input.fill_buf()?.is_empty() {
                return Ok(self.input.fill_buf()?);
            }
            if !self.input.next_member()? {
                return Ok(&[]);
            }
            if in_block {
                let head = self.input.fill_buf()?;
                let n = head.len().min(5);
                if n > 0 && head[..n] == b"WARC/"[..n] {
                    return Err(Fault::NewRecord);
                }
            }
        }
    }

    /// One line through its `\n` (kept), at most `MAX_LINE` bytes and, inside a block,
    /// no further than the block's end; `None` at the end of input.
    fn line(&mut self, in_block: bool) -> Result<Option<Vec<u8>>, Fault> {
        let mut line = Vec::new();
        loop {
            let limit = if in_block {
                self.block_left()
            } else {
                u64::MAX
            };
            if limit == 0 {
                break;
            }
            let buf = self.chunk(in_block)?;
            if buf.is_empty() {
                break;
            }
            let avail = &buf[..buf.len().min(usize::try_from(limit).unwrap_or(usize::MAX))];
            let (take, end) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            line.extend_from_slice(&avail[..take]);
            self.consume(take);
            if line.len() > MAX_LINE {
                return Err(Fault::Malformed(format!(
                    "a header line is longer than {MAX_LINE} bytes"
                )));
            }
            if end {
                break;
            }
        }
        Ok((!line.is_empty()).then_some(line))
    }

    fn block_left(&self) -> u64 {
        self.block_len
            .saturating_sub(self.offset.saturating_sub(self.block_start))
    }

    /// Read (into `out`) or skip the rest of the current block.
    fn rest_of_block(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), Fault> {
        while self.block_left() > 0 {
            let left = self.block_left();
            let buf = match self.chunk(true) {
                Err(Fault::NewRecord) => return Err(Fault::Short),
                other => other?,
            };
            if buf.is_empty() {
                return Err(Fault::Truncated);
            }
            let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            if let Some(out) = out.as_deref_mut() {
                out.extend_from_slice(&buf[..n]);
            }
            self.consume(n);
        }
        Ok(())
    }

    /// Skip CR and LF bytes (the CRLF CRLF that ends a record, stray blank lines);
    /// false at the end of the file.
    fn skip_blank(&mut self) -> Result<bool, Fault> {
        loop {
            let buf = self.chunk(false)?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if n == 0 {
                return Ok(true);
            }
            self.consume(n);
        }
    }

    fn read_record(&mut self) -> Result<Option<Step>, Fault> {
        // Numbered before reading, so that damage between records names the next one.
        self.record += 1;
        self.in_header = true;
        let version = match self.pending_version.take() {
            Some(line) => line,
            None => {
                self.record_offset = self.offset;
                if !self.skip_blank()? {
                    return Ok(None);
                }
                self.record_offset = self.offset;
                self.line(false)?.unwrap_or_default()
            }
        };
        if !is_version_line(&version) {
            return Err(Fault::Malformed(format!(
                "expected a WARC/1.x version line, found {:?}",
                preview(&version)
            )));
        }
        let headers = self.headers(false)?;
        let length = headers
            .get("content-length")
            .ok_or_else(|| Fault::Malformed("no Content-Length header".into()))?;
        let length: u64 = length
            .parse()
            .map_err(|_| Fault::Malformed(format!("bad Content-Length {length:?}")))?;
        self.block_len = length;
        self.block_start = self.offset;
        self.in_header = false;
        let kind = headers
            .get("warc-type")
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        if kind == "response" {
            return self.response(&headers).map(Some);
        }
        self.rest_of_block(None)?;
        Ok(Some(Step::Skip(record_kind(&kind))))
    }

    /// `Name: value` lines up to a blank line; names lower-cased, folded lines joined.
    fn headers(&mut self, in_block: bool) -> Result<BTreeMap<String, String>, Fault> {
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        let mut last: Option<String> = None;
        let mut size = 0;
        loop {
            let Some(line) = self.line(in_block)? else {
                return Err(if in_block {
                    Fault::Malformed("the HTTP header has no end".into())
                } else {
                    Fault::Truncated
                });
            };
            size += line.len();
            if size > MAX_HEAD {
                return Err(Fault::Malformed(format!(
                    "the header block is longer than {MAX_HEAD} bytes"
                )));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(headers);
            }
            // A folded line continues the previous header.
            if text.starts_with([' ', '\t'])
                && let Some(value) = last.as_ref().and_then(|n| headers.get_mut(n))
            {
                value.push(' ');
                value.push_str(text.trim());
                continue;
            }
            let Some((name, value)) = text.split_once(':') else {
                return Err(Fault::Malformed(format!(
                    "header line without a colon: {:?}",
                    preview(text.as_bytes())
                )));
            };
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim();
            // A repeated HTTP header is one comma-separated list.
            headers
                .entry(name.clone())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(value);
                })
                .or_insert_with(|| value.to_string());
            last = Some(name);
        }
    }

    /// A `response` record: its page when it is an HTML 2xx response.
    fn response(&mut self, warc: &BTreeMap<String, String>) -> Result<Step, Fault> {
        let content_type = warc.get("content-type").map(|c| c.to_ascii_lowercase());
        if content_type.is_some_and(|c| !c.starts_with("application/http")) {
            self.rest_of_block(None)?;
            return Ok(Step::Skip("not HTTP"));
        }
        let uri = warc
            .get("warc-target-uri")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
            .unwrap_or_else(|| "(no WARC-Target-URI)".to_string());
        let page_name = format!("{uri} (record {} of {})", self.record, self.name);
        let fail = |this: &mut Self, message: String| -> Result<Step, Fault> {
            this.rest_of_block(None)?;
            Ok(Step::Fail(IngestError::Warc {
                path: page_name.clone(),
                message,
            }))
        };
        let status_line = self.line(true)?.unwrap_or_default();
        let status = String::from_utf8_lossy(&status_line);
        let mut parts = status.split_whitespace();
        let code = match (parts.next(), parts.next().map(str::parse::<u16>)) {
            (Some(v), Some(Ok(code))) if v.starts_with("HTTP/") => code,
            _ => {
                let message = format!(
                    "response without an HTTP status line (found {:?}); page skipped",
                    preview(&status_line)
                );
                return fail(self, message);
            }
        };
        let http = match self.headers(true) {
            Ok(h) => h,
            Err(Fault::Malformed(m)) => return fail(self, format!("bad HTTP header: {m}")),
            Err(other) => return Err(other),
        };
        if !(200..300).contains(&code) {
            self.rest_of_block(None)?;
            return Ok(Step::Skip("not 2xx"));
        }
        let (mime, charset) = media_type(http.get("content-type").map(String::as_str));
        let declared_html = matches!(mime.as_str(), "text/html" | "application/xhtml+xml");
        let unlabelled = matches!(
            mime.as_str(),
            "" | "application/octet-stream" | "binary/octet-stream" | "unknown/unknown"
        );
        if !declared_html && !unlabelled {
            self.rest_of_block(None)?;
            return Ok(Step::Skip("not HTML"));
        }
        let size = self.block_left();
        if size > self.max_record {
            self.rest_of_block(None)?;
            return Ok(Step::Fail(IngestError::TooLarge {
                path: page_name,
                size,
                limit: self.max_record,
            }));
        }
        let mut body = Vec::with_capacity(usize::try_from(size.min(1 << 20)).unwrap_or(0));
        self.rest_of_block(Some(&mut body))?;
        let chunked = http
            .get("transfer-encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
        if chunked {
            match dechunk(&body) {
                Ok(b) => body = b,
                Err(m) => {
                    return Ok(Step::Fail(IngestError::Warc {
                        path: page_name,
                        message: format!("bad chunked transfer-encoding: {m}; page skipped"),
                    }));
                }
            }
        }
        let encoding = http
            .get("content-encoding")
            .map(|e| e.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let body = match encoding.as_str() {
            "" | "identity" => body,
            "gzip" | "x-gzip" => match gunzip(&body, &page_name, self.max_record) {
                Ok(b) => b,
                Err(e) => return Ok(Step::Fail(e)),
            },
            "deflate" => match inflate(&body, self.max_record) {
                Ok(b) => b,
                Err(e) => {
                    return Ok(Step::Fail(IngestError::Gzip {
                        path: page_name,
                        error: e,
                    }));
                }
            },
            other => {
                return Ok(Step::Fail(IngestError::Warc {
                    path: page_name,
                    message: format!(
                        "content-encoding {other:?} is not supported (gzip and deflate are); page skipped"
                    ),
                }));
            }
        };
        if !declared_html && Format::sniff(&body) != Format::Html {
            return Ok(Step::Skip("not HTML"));
        }
        Ok(Step::Item(RawItem {
            source: uri,
            bytes: body,
            hint: Format::Html,
            charset,
            date: warc.get("warc-date").cloned(),
        }))
    }

    /// Report `fault` as an error and move to where reading can go on (or stop).
    fn recover(&mut self, fault: Fault) -> IngestError {
        let here = self.here();
        match fault {
            Fault::Gzip(error) => {
                self.done = !self.input.resync_gzip().unwrap_or(false);
                let resumed = if self.done {
                    "no further record found"
                } else {
                    "resumed at the next record"
                };
                IngestError::Gzip {
                    path: format!("{here}, {resumed}"),
                    error,
                }
            }
            Fault::Malformed(message) => {
                let resumed = match self.scan_to_record() {
                    Ok(true) => "skipped to the next record",
                    // Damaged compression can decode to garbage before it is noticed:
                    // the gzip damage is the cause to report.
                    Err(Fault::Gzip(error)) => return self.recover(Fault::Gzip(error)),
                    _ => {
                        self.done = true;
                        "no further record found"
                    }
                };
                IngestError::Warc {
                    path: here,
                    message: format!("malformed WARC record: {message}; {resumed}"),
                }
            }
            Fault::Short | Fault::NewRecord => IngestError::Warc {
                path: here,
                message: format!(
                    "the record ends after {} of its {} Content-Length bytes (the next \
                     gzip member starts a new record); record skipped",
                    self.block_len - self.block_left(),
                    self.block_len
                ),
            },
            Fault::Truncated => {
                self.done = true;
                let at = if self.in_header {
                    "this record's header".to_string()
                } else {
                    format!(
                        "this record ({} of {} Content-Length bytes)",
                        self.block_len - self.block_left(),
                        self.block_len
                    )
                };
                IngestError::Warc {
                    path: here,
                    message: format!(
                        "the file ends inside {at}; the archive is cut short: re-download it"
                    ),
                }
            }
            Fault::Io(error) => {
                self.done = true;
                IngestError::Io {
                    path: self.name.clone().into(),
                    error,
                }
            }
        }
    }

    /// Read lines until one is a WARC version line (kept for the next record); false
    /// when the file ends first.
    fn scan_to_record(&mut self) -> Result<bool, Fault> {
        loop {
            let start = self.offset;
            let line = match self.line(false) {
                Ok(Some(line)) => line,
                Ok(None) => return Ok(false),
                // An overlong line is not a version line: keep scanning.
                Err(Fault::Malformed(_)) => continue,
                Err(other) => return Err(other),
            };
            if is_version_line(&line) {
                self.record_offset = start;
                self.pending_version = Some(line);
                return Ok(true);
            }
        }
    }
}

impl<R: BufRead + Seek> Iterator for WarcReader<R> {
    type Item = Result<RawItem, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.read_record() {
                Ok(None) => self.done = true,
                Ok(Some(Step::Item(item))) => return Some(Ok(item)),
                Ok(Some(Step::Skip(reason))) => self.skips.add(reason),
                Ok(Some(Step::Fail(error))) => return Some(Err(error)),
                Err(fault) => return Some(Err(self.recover(fault))),
            }
        }
        None
    }
}

/// What one record gave.
enum Step {
    Item(RawItem),
    Skip(&'static str),
    Fail(IngestError),
}

/// Why reading a record stopped, and so how to go on.
#[derive(Debug)]
enum Fault {
    /// The gzip data is damaged: resume at the next gzip member.
    Gzip(io::Error),
    /// The record's framing is wrong: resume at the next version line.
    Malformed(String),
    /// A gzip member starting a new record began inside a block (internal to
    /// [`WarcReader::chunk`]).
    NewRecord,
    /// The record ended before its `Content-Length`: the reader is at the next record.
    Short,
    /// The file ends inside the record: stop.
    Truncated,
    /// Reading failed: stop.
    Io(io::Error),
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Gzip(e) => write!(f, "corrupt or truncated gzip member: {e}"),
            Fault::Malformed(m) => f.write_str(m),
            Fault::NewRecord | Fault::Short => f.write_str("record shorter than its length"),
            Fault::Truncated => f.write_str("file ends inside a record"),
            Fault::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Fault {}

impl From<io::Error> for Fault {
    /// Gzip damage travels through `Read` as an `io::Error` wrapping a `Fault`.
    fn from(e: io::Error) -> Self {
        if e.get_ref().is_some_and(|inner| inner.is::<Fault>()) {
            if let Some(Ok(fault)) = e.into_inner().map(|inner| inner.downcast::<Fault>()) {
                return *fault;
            }
            return Fault::Io(io::Error::other("damaged gzip member"));
        }
        Fault::Io(e)
    }
}

/// The uncompressed stream, with gzip member boundaries visible.
enum Input<R> {
    Plain(R),
    Gzip(Box<BufReader<Members<R>>>),
}

impl<R: BufRead + Seek> Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Input::Plain(r) => r.fill_buf(),
            Input::Gzip(r) => r.fill_buf(),
        }
    }

    fn consume(&mut self, n: usize) {
        match self {
            Input::Plain(r) => r.consume(n),
            Input::Gzip(r) => r.consume(n),
        }
    }

    /// Start the next gzip member once the current one is used up; false at the end.
    fn next_member(&mut self) -> io::Result<bool> {
        match self {
            Input::Plain(_) => Ok(false),
            Input::Gzip(r) => r.get_mut().next_member(),
        }
    }

    /// Drop what is buffered of a damaged member and find the next member that starts
    /// a record; false when there is none.
    fn resync_gzip(&mut self) -> io::Result<bool> {
        match self {
            Input::Plain(_) => Ok(false),
            Input::Gzip(r) => {
                let buffered = r.buffer().len();
                r.consume(buffered);
                r.get_mut().resync()
            }
        }
    }
}

/// Gzip members read one at a time: `read` gives 0 at the end of each member, and
/// [`Members::next_member`] starts the next.
struct Members<R> {
    state: MemberState<R>,
    /// Where the current member starts in the compressed file.
    start: u64,
    /// Decompressed bytes read ahead while checking a resynchronisation point.
    pending: Vec<u8>,
}

enum MemberState<R> {
    Between(R),
    Decoding(Box<GzDecoder<R>>),
    Gone,
}

impl<R: BufRead + Seek> Members<R> {
    fn new(mut raw: R) -> io::Result<Self> {
        let start = raw.stream_position()?;
        Ok(Members {
            state: MemberState::Decoding(Box::new(GzDecoder::new(raw))),
            start,
            pending: Vec::new(),
        })
    }

    fn take_raw(&mut self) -> Option<R> {
        match std::mem::replace(&mut self.state, MemberState::Gone) {
            MemberState::Between(r) => Some(r),
            MemberState::Decoding(d) => Some(d.into_inner()),
            MemberState::Gone => None,
        }
    }

    fn next_member(&mut self) -> io::Result<bool> {
        if !self.pending.is_empty() || matches!(self.state, MemberState::Decoding(_)) {
            return Ok(true);
        }
        let Some(mut raw) = self.take_raw() else {
            return Ok(false);
        };
        if raw.fill_buf()?.is_empty() {
            self.state = MemberState::Between(raw);
            return Ok(false);
        }
        self.start = raw.stream_position()?;
        self.state = MemberState::Decoding(Box::new(GzDecoder::new(raw)));
        Ok(true)
    }

    /// Find the next gzip member after the start of the current one whose data begins
    /// with `WARC/`, and continue there.
    fn resync(&mut self) -> io::Result<bool> {
        self.pending.clear();
        let Some(mut raw) = self.take_raw() else {
            return Ok(false);
        };
        let mut from = self.start + 1;
        loop {
            let Some(at) = find_gzip_header(&mut raw, from)? else {
                self.state = MemberState::Between(raw);
                return Ok(false);
            };
            raw.seek(SeekFrom::Start(at))?;
            let mut decoder = GzDecoder::new(raw);
            let mut head = Vec::with_capacity(5);
            let ok = (&mut decoder).take(5).read_to_end(&mut head).is_ok();
            if ok && head == b"WARC/" {
                self.start = at;
                self.pending = head;
                self.state = MemberState::Decoding(Box::new(decoder));
                return Ok(true);
            }
            raw = decoder.into_inner();
            from = at + 1;
        }
    }
}

impl<R: BufRead + Seek> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.pending.is_empty() {
            let n = buf.len().min(self.pending.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            return Ok(n);
        }
        let MemberState::Decoding(decoder) = &mut self.state else {
            return Ok(0);
        };
        match decoder.read(buf) {
            Ok(0) if !buf.is_empty() => {
                // The member is complete (trailer and CRC checked): stop here.
                if let Some(raw) = self.take_raw() {
                    self.state = MemberState::Between(raw);
                }
                Ok(0)
            }
            Ok(n) => Ok(n),
            Err(e) => {
                if let Some(raw) = self.take_raw() {
                    self.state = MemberState::Between(raw);
                }
                Err(io::Error::new(io::ErrorKind::InvalidData, Fault::Gzip(e)))
            }
        }
    }
}

/// The offset of the next plausible gzip member header (magic, deflate, no reserved
/// flags) at or after `from`.
fn find_gzip_header<R: BufRead + Seek>(raw: &mut R, from: u64) -> io::Result<Option<u64>> {
    raw.seek(SeekFrom::Start(from))?;
    let mut offset = from;
    let mut window = [0u8; 4];
    let mut seen = 0u64;
    loop {
        let buf = raw.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        for (i, &b) in buf.iter().enumerate() {
            window = [window[1], window[2], window[3], b];
            seen += 1;
            if seen >= 4 && window[..3] == [0x1f, 0x8b, 0x08] && window[3] & 0xe0 == 0 {
                return Ok(Some(offset + i as u64 - 3));
            }
        }
        let n = buf.len();
        raw.consume(n);
        offset += n as u64;
    }
}

fn is_version_line(line: &[u8]) -> bool {
    line.starts_with(b"WARC/") && line.get(5).is_some_and(u8::is_ascii_digit)
}

/// The start of a line, for messages.
fn preview(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(&line[..line.len().min(60)]);
    text.trim_end_matches(['\r', '\n']).to_string()
}

/// The skip reason for a record type other than `response`.
fn record_kind(kind: &str) -> &'static str {
    match kind {
        "warcinfo" => "warcinfo",
        "request" => "request",
        "metadata" => "metadata",
        "revisit" => "revisit",
        "resource" => "resource",
        "conversion" => "conversion",
        "continuation" => "continuation",
        "" => "no WARC-Type",
        _ => "other record type",
    }
}

/// The lower-cased media type of a `Content-Type` value and its charset parameter.
fn media_type(value: Option<&str>) -> (String, Option<String>) {
    let Some(value) = value else {
        return (String::new(), None);
    };
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    });
    (mime, charset)
}

/// Undo HTTP chunked transfer-encoding: hex size lines (extensions ignored), data,
/// CRLF, ending with a zero-size chunk (trailers ignored).
fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("a chunk size line has no end")?;
        let line = String::from_utf8_lossy(&rest[..eol]);
        let hex = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(hex, 16)
            .map_err(|_| format!("bad chunk size {:?}", preview(hex.as_bytes())))?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let data = rest
            .get(..size)
            .ok_or_else(|| format!("a {size}-byte chunk is cut short"))?;
        out.extend_from_slice(data);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Undo a `deflate` content-encoding: zlib-wrapped as the standard says, or raw
/// deflate as some servers send it; at most `limit` bytes.
fn inflate(body: &[u8], limit: u64) -> io::Result<Vec<u8>> {
    let capped = |mut r: Box<dyn Read + '_>| -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        (&mut r).take(limit + 1).read_to_end(&mut out)?;
        if out.len() as u64 > limit {
            return Err(io::Error::other(format!("inflates to over {limit} bytes")));
        }
        Ok(out)
    };
    capped(Box::new(flate2::read::ZlibDecoder::new(body)))
        .or_else(|_| capped(Box::new(flate2::read::DeflateDecoder::new(body))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    use flate2::Compression;
    use flate2::write::GzEncoder;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2024-02-03T04:05:06Z\r\nContent-Type: application/http; msgtype={kind}\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(data).expect("write");
        enc.finish().expect("finish")
    }

    type Items = Vec<Result<RawItem, IngestError>>;

    fn read_all(bytes: Vec<u8>) -> (Items, Vec<(&'static str, usize)>) {
        let reader = WarcReader::new(Cursor::new(bytes), "t.warc").expect("reader");
        let skips = reader.skips();
        let items = reader.collect();
        (items, skips.counts())
    }

    const PAGE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Hi</p></html>";

    #[test]
    fn plain_archive_yields_pages_and_counts_the_rest() {
        let mut warc = record("request", "http://a.test/", b"GET / HTTP/1.1\r\n\r\n");
        warc.extend(record("response", "<http://a.test/>", PAGE));
        warc.extend(record("metadata", "http://a.test/", b"fetchTimeMs: 3\r\n"));
        let (items, skips) = read_all(warc);
        assert_eq!(items.len(), 1);
        let item = items[0].as_ref().expect("page");
        assert_eq!(item.source, "http://a.test/");
        assert_eq!(item.bytes, b"<html><p>Hi</p></html>");
        assert_eq!(item.date.as_deref(), Some("2024-02-03T04:05:06Z"));
        assert_eq!(skips, [("metadata", 1), ("request", 1)]);
    }

    #[test]
    fn content_length_beyond_the_end_stops_with_one_error() {
        let mut warc = record("response", "http://a.test/", PAGE);
        let mut cut = record("response", "http://b.test/", PAGE);
        cut.truncate(cut.len() - 20);
        warc.extend(cut);
        let (items, _) = read_all(warc);
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        let err = items[1].as_ref().expect_err("cut").to_string();
        assert!(
            err.contains("record 2") && err.contains("cut short"),
            "{err}"
        );
    }

    #[test]
    fn file_ending_inside_a_header_says_so() {
        let mut warc = record("response", "http://a.test/", PAGE);
        warc.extend_from_slice(b"WARC/1.1\r\nWARC-Type: resp");
        let (items, _) = read_all(warc);
        assert_eq!(items.len(), 2);
        let err = items[1].as_ref().expect_err("cut").to_string();
        assert!(
            err.contains("record 2") && err.contains("ends inside this record's header"),
            "{err}"
        );
    }

    #[test]
    fn malformed_header_resyncs_at_the_next_version_line() {
        let mut warc = b"WARC/1.0\r\nWARC-Type response\r\n\r\njunk\r\n\r\n".to_vec();
        warc.extend(record("response", "http://b.test/", PAGE));
        let (items, _) = read_all(warc);
        assert_eq!(items.len(), 2, "{items:?}");
        let err = items[0].as_ref().expect_err("bad").to_string();
        assert!(err.contains("without a colon"), "{err}");
        assert_eq!(items[1].as_ref().expect("next").source, "http://b.test/");
    }

    #[test]
    fn damaged_gzip_member_resyncs_at_the_next_member() {
        let first = gz(&record("response", "http://a.test/", PAGE));
        let mut broken = gz(&record("response", "http://b.test/", PAGE));
        let mid = broken.len() / 2;
        broken.truncate(mid);
        let third = gz(&record("response", "http://c.test/", PAGE));
        let archive = [first, broken, third].concat();
        let (items, _) = read_all(archive);
        let shown: Vec<String> = items
            .iter()
            .map(|r| match r {
                Ok(i) => i.source.clone(),
                Err(e) => format!("ERR {}", e.kind()),
            })
            .collect();
        assert_eq!(
            shown,
            ["http://a.test/", "ERR corrupt gzip", "http://c.test/"],
            "{items:?}"
        );
    }

    #[test]
    fn short_record_in_its_own_member_is_skipped() {
        let mut short = record("response", "http://a.test/", PAGE);
        // Claim more bytes than the member holds.
        let claimed = format!("Content-Length: {}", PAGE.len());
        let text = String::from_utf8(short).expect("ascii");
        short = text
            .replace(&claimed, &format!("Content-Length: {}", PAGE.len() + 50))
            .into_bytes();
        let archive = [gz(&short), gz(&record("response", "http://b.test/", PAGE))].concat();
        let (items, _) = read_all(archive);
        assert_eq!(items.len(), 2, "{items:?}");
        let err = items[0].as_ref().expect_err("short").to_string();
        assert!(err.contains("ends after"), "{err}");
        assert_eq!(items[1].as_ref().expect("next").source, "http://b.test/");
    }

    #[test]
    fn oversized_page_is_read_past_with_an_error() {
        let big = [PAGE, &[b'x'; 200][..]].concat();
        let mut warc = record("response", "http://big.test/", &big);
        warc.extend(record("response", "http://b.test/", PAGE));
        let reader = WarcReader::new(Cursor::new(warc), "t.warc")
            .expect("reader")
            .max_record_bytes(100);
        let items: Vec<_> = reader.collect();
        assert!(
            matches!(&items[0], Err(IngestError::TooLarge { size: 222, limit: 100, path }) if path.starts_with("http://big.test/")),
            "{items:?}"
        );
        assert_eq!(items[1].as_ref().expect("small").source, "http://b.test/");
    }

    #[test]
    fn dechunk_and_media_type() {
        assert_eq!(
            dechunk(b"4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").expect("ok"),
            b"Wikipedia"
        );
        assert!(dechunk(b"zz\r\n").is_err());
        assert!(dechunk(b"9\r\nshort").is_err());
        assert_eq!(
            media_type(Some("Text/HTML; Charset=\"ISO-8859-1\"")),
            ("text/html".to_string(), Some("ISO-8859-1".to_string()))
        );
    }

    #[test]
    fn names_and_sniffing() {
        assert!(is_warc_name(Path::new("CC-NEWS-2024.warc.gz")));
        assert!(is_warc_name(Path::new("a.WARC")));
        assert!(!is_warc_name(Path::new("a.html.gz")));
        let tmp = tempfile::tempdir().expect("tmp");
        let plain = tmp.path().join("crawl");
        std::fs::write(&plain, record("warcinfo", "x", b"")).expect("write");
        let packed = tmp.path().join("crawl.gz");
        std::fs::write(&packed, gz(&record("warcinfo", "x", b""))).expect("write");
        let other = tmp.path().join("page.gz");
        std::fs::write(&other, gz(b"<html></html>")).expect("write");
        assert!(looks_like_warc(&plain) && looks_like_warc(&packed));
        assert!(!looks_like_warc(&other));
    }
}
