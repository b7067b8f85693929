//! Character-set decoding for HTML pages: a byte-order mark, then the charset of the
//! HTTP header when the page came with one (WARC responses, fetched pages), then the
//! page's own `<meta charset>` or `http-equiv` declaration, then UTF-8 if the bytes are
//! valid UTF-8, else windows-1252 (what browsers assume for undeclared Western pages).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::IngestError;

/// How far into a page the charset declaration is looked for. The HTML standard's
/// prescan reads 1024 bytes; saved pages often put long scripts first, so look further.
const PRESCAN_BYTES: usize = 8192;

/// Decode an HTML page's bytes to text, choosing the encoding as a browser would
/// without an HTTP header: BOM, declared charset, UTF-8 if valid, else windows-1252.
/// Undecodable bytes become U+FFFD. Refuses NUL bytes outside UTF-16 (binary data).
pub fn decode_html(bytes: &[u8]) -> Result<String, IngestError> {
    decode_html_with(bytes, None)
}

/// Decode an HTML page's bytes to text as a browser would, given the charset label of
/// the HTTP `Content-Type` header if there was one: a byte-order mark wins, then the
/// header's charset (when it names an encoding), then the page's own `<meta>`
/// declaration, then UTF-8 if the bytes are valid UTF-8, else windows-1252.
/// Undecodable bytes become U+FFFD. Refuses NUL bytes outside UTF-16 (binary data).
pub fn decode_html_with(bytes: &[u8], header_charset: Option<&str>) -> Result<String, IngestError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, &bytes[bom..]));
    }
    let from_header = header_charset.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    // NUL bytes are normal only in UTF-16, which only a header can declare without a BOM.
    if let Some(encoding) = from_header.filter(|e| *e == UTF_16LE || *e == UTF_16BE) {
        return Ok(decode_with(encoding, bytes));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            path: "input".into(),
            offset: nul,
        });
    }
    let encoding = from_header
        .or_else(|| declared_charset(bytes))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                WINDOWS_1252
            }
        });
    Ok(decode_with(encoding, bytes))
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` near the start declares. A UTF-16 declaration in a page
/// that is readable as ASCII is wrong by definition and read as UTF-8 (as browsers do).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..tag_end];
        let encoding = charset_in_tag(tag).and_then(|l| Encoding::for_label(l.as_bytes()));
        if let Some(encoding) = encoding {
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                UTF_8
            } else {
                encoding
            });
        }
        rest = &rest[tag_end..];
    }
    None
}

/// The label after `charset=` in one lower-cased meta tag, without quotes.
fn charset_in_tag(tag: &str) -> Option<&str> {
    let at = tag.find("charset")?;
    let after = tag[at + "charset".len()..].trim_start();
    let value = after.strip_prefix('=')?.trim_start();
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
        .unwrap_or(value.len());
    let label = &value[..end];
    (!label.is_empty()).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_page_declared_by_meta_charset() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93quoted\x94</p></body></html>";
        let text = decode_html(page).expect("decodes");
        assert!(text.contains("Café “quoted”"), "{text}");
    }

    #[test]
    fn http_equiv_declaration_is_read() {
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p>na\xefve</p>";
        assert_eq!(declared_charset(page), Some(WINDOWS_1252));
        assert!(decode_html(page).expect("decodes").contains("naïve"));
    }

    #[test]
    fn undeclared_invalid_utf8_is_read_as_windows_1252() {
        let text = decode_html(b"<p>Z\xfcrich</p>").expect("decodes");
        assert_eq!(text, "<p>Zürich</p>");
    }

    #[test]
    fn undeclared_utf8_and_bom_pages_are_utf8() {
        assert_eq!(
            decode_html("<p>Zürich</p>".as_bytes()).expect("ok"),
            "<p>Zürich</p>"
        );
        assert_eq!(
            decode_html(b"\xEF\xBB\xBF<p>x</p>").expect("ok"),
            "<p>x</p>"
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>é</p>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_html(&utf16).expect("utf-16"), "<p>é</p>");
    }

    #[test]
    fn utf16_declaration_in_ascii_page_means_utf8() {
        let page = "<meta charset=utf-16><p>Zürich</p>".as_bytes();
        assert_eq!(declared_charset(page), Some(UTF_8));
        assert!(decode_html(page).expect("ok").contains("Zürich"));
    }

    #[test]
    fn header_charset_beats_meta_and_sniffing() {
        // Valid UTF-8 bytes too, but the header says Latin-1: the header wins.
        let page = "<meta charset=utf-8><p>Café</p>".as_bytes();
        let text = decode_html_with(page, Some("ISO-8859-1")).expect("decodes");
        assert!(text.contains("<p>CafÃ©</p>"), "{text}");
        assert!(decode_html(page).expect("ok").contains("<p>Café</p>"));
        // Undeclared in the page, declared only by the header.
        let latin = b"<p>Gr\xfc\xdfe aus K\xf6ln</p>";
        let text = decode_html_with(latin, Some(" windows-1252 ")).expect("decodes");
        assert_eq!(text, "<p>Grüße aus Köln</p>");
    }

    #[test]
    fn unknown_header_charset_falls_back_to_the_page() {
        let page = b"<meta charset=windows-1252><p>na\xefve</p>";
        let text = decode_html_with(page, Some("x-no-such-charset")).expect("decodes");
        assert!(text.contains("naïve"), "{text}");
    }

    #[test]
    fn utf16_header_allows_nul_bytes() {
        let bytes: Vec<u8> = "<p>é</p>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(
            decode_html_with(&bytes, Some("utf-16le")).expect("ok"),
            "<p>é</p>"
        );
        assert!(decode_html(&bytes).is_err());
    }

    #[test]
    fn nul_bytes_in_html_mean_binary() {
        let err = decode_html(b"<p>a\0b</p>").expect_err("binary");
        assert!(matches!(err, IngestError::Binary { offset: 4, .. }));
    }
}
