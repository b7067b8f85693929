//! What kind of content a raw item holds.

use std::path::Path;

/// What a raw item's bytes look like, so the caller can pick a cleaner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// Neither could be told (e.g. not UTF-8 and no telling extension).
    #[default]
    Unknown,
}

impl Format {
    /// The format a file extension promises, if it promises one; a `.gz` suffix is
    /// looked through (`story.html.gz` is HTML).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let path = strip_gz(path);
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "md" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format the content itself suggests: HTML markup near the start, else text if
    /// it is NUL-free UTF-8 (a multi-byte character cut at the end of the sample is fine).
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(2048)];
        let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
        let start = lower.trim_start_matches('\u{feff}').trim_start();
        let markup = ["<!doctype html", "<html", "<head", "<body", "<?xml"]
            .iter()
            .any(|tag| start.starts_with(tag))
            || ["<html", "<body", "<p>", "<div", "<meta "]
                .iter()
                .filter(|tag| lower.contains(**tag))
                .count()
                >= 2;
        if markup {
            return Format::Html;
        }
        let utf8 = match std::str::from_utf8(head) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        if utf8 && !head.contains(&0) {
            Format::Text
        } else {
            Format::Unknown
        }
    }

    /// The extension's promise when there is one, else what the content suggests.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Format {
        path.and_then(Format::from_extension)
            .unwrap_or_else(|| Format::sniff(bytes))
    }
}

/// The file name of `path` without a trailing `.gz` (`path` itself when it has none),
/// for reading the extension underneath.
pub(crate) fn strip_gz(path: &Path) -> &Path {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("gz") => path.file_stem().map_or(path, Path::new),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_when_it_is_known() {
        assert_eq!(
            Format::detect(Some(Path::new("a/Story.HTM")), b"plain words"),
            Format::Html
        );
        assert_eq!(
            Format::detect(Some(Path::new("notes.md")), b"<html>"),
            Format::Text
        );
        assert_eq!(
            Format::from_extension(Path::new("dir/page.HTML.gz")),
            Some(Format::Html)
        );
        assert_eq!(Format::from_extension(Path::new("crawl.gz")), None);
    }

    #[test]
    fn content_decides_without_extension() {
        assert_eq!(
            Format::detect(Some(Path::new("story")), b"\n  <!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(Format::sniff(b"<div class=x><p>Hi</p></div>"), Format::Html);
        assert_eq!(Format::sniff("Plain “text”.".as_bytes()), Format::Text);
        assert_eq!(Format::sniff(b"\x89PNG\r\n\x1a\n\0\0"), Format::Unknown);
    }
}
