//! What kind of content a raw item holds.

use std::path::Path;

/// What a raw item's bytes look like, so the caller can pick a cleaner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// Neither could be told (e.g. not UTF-8 and no telling extension).
    Unknown,
}

impl Format {
    /// The format a file extension promises, if it promises one.
    pub fn from_extension(path: &Path) -> Option<Format> {
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
