//! Bytes to text.

use crate::IngestError;

/// Decode an article's bytes as UTF-8, dropping a leading byte-order mark.
///
/// Refuses binary input (any NUL byte) and invalid UTF-8, naming the byte offset so the
/// user can find the problem. The error names the input `input`; use
/// [`IngestError::at`] or [`crate::RawItem::text`] to name the real source.
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bom = bytes.len() - body.len();
    if let Some(nul) = body.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            path: "input".into(),
            offset: nul + bom,
        });
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(IngestError::InvalidUtf8 {
            path: "input".into(),
            offset: e.valid_up_to() + bom,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_mark_is_dropped() {
        let text = decode_text(b"\xEF\xBB\xBFHello").expect("utf-8");
        assert_eq!(text, "Hello");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode_text(b"caf\xE9 au lait").expect_err("latin-1");
        assert!(matches!(err, IngestError::InvalidUtf8 { offset: 3, .. }));
        let shown = err.at("menu.txt").to_string();
        assert!(
            shown.starts_with("menu.txt: invalid UTF-8 at byte offset 3"),
            "{shown}"
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode_text(b"\xEF\xBB\xBFab\0cd").expect_err("binary");
        assert!(matches!(err, IngestError::Binary { offset: 5, .. }));
        assert!(err.to_string().contains("binary file"));
    }
}
