//! Gzip-compressed inputs (`.html.gz`, saved crawls): recognised by their magic bytes.

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::IngestError;

/// True when `bytes` start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompress a gzip stream, refusing output over `limit` bytes so a small bomb cannot
/// fill memory. A truncated or corrupt stream is an error naming `source`.
pub fn gunzip(bytes: &[u8], source: &str, limit: u64) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|error| IngestError::Gzip {
            path: source.into(),
            error,
        })?;
    if out.len() as u64 > limit {
        return Err(IngestError::TooLarge {
            path: source.into(),
            size: out.len() as u64,
            limit,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    pub(crate) fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(data).expect("write");
        enc.finish().expect("finish")
    }

    #[test]
    fn gzip_round_trips() {
        let packed = gz(b"<p>Hello</p>");
        assert!(is_gzip(&packed));
        assert_eq!(gunzip(&packed, "a.gz", 100).expect("ok"), b"<p>Hello</p>");
    }

    #[test]
    fn truncated_gzip_is_a_clear_error() {
        let packed = gz(b"<html><body><p>Some article text that compresses.</p></body></html>");
        let cut = &packed[..packed.len() - 12];
        let err = gunzip(cut, "page.html.gz", 1 << 20).expect_err("truncated");
        assert!(matches!(err, IngestError::Gzip { .. }));
        let shown = err.to_string();
        assert!(
            shown.starts_with("page.html.gz: corrupt or truncated gzip"),
            "{shown}"
        );
    }

    #[test]
    fn decompressed_size_is_capped() {
        let packed = gz(&[b'a'; 10_000]);
        let err = gunzip(&packed, "bomb.gz", 1000).expect_err("capped");
        assert!(matches!(err, IngestError::TooLarge { limit: 1000, .. }));
    }
}
