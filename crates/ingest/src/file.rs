//! The file source: paths, directories and standard input. WARC archives among them
//! are streamed record by record ([`crate::warc`]) instead of being read whole.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::format::strip_gz;
use crate::warc::{WarcReader, WarcSkips, is_warc_name, looks_like_warc};
use crate::{Format, IngestError, RawItem, Source, gunzip, is_gzip};

/// Files larger than this (50 MiB) are refused unless the cap is raised.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// File extensions read when walking a directory (besides extensionless files).
const ARTICLE_EXTENSIONS: [&str; 6] = ["txt", "text", "md", "html", "htm", "warc"];

/// Reads articles from a list of paths.
///
/// A file path is always read, whatever its name. A directory is walked recursively in
/// sorted order, reading only `.txt`, `.text`, `.md`, `.html`, `.htm`, `.warc` (each
/// also with `.gz` added) and extensionless files and skipping hidden entries (names
/// starting with `.`); symbolic links to directories are not followed, so a link loop
/// cannot hang the walk. `-` reads standard input.
///
/// A file named `.warc` or `.warc.gz`, or one without a telling extension whose content
/// starts like a WARC archive, yields one item per HTML page in it, streamed, with the
/// size cap applying to each page rather than to the archive; records skipped on
/// purpose are counted in [`FileSource::warc_skips`].
pub struct FileSource {
    paths: Vec<PathBuf>,
    max_bytes: u64,
    stdin: Option<Box<dyn Read>>,
    skips: WarcSkips,
}

impl FileSource {
    /// A source over `paths`, with the default size cap.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        FileSource {
            paths,
            max_bytes: DEFAULT_MAX_BYTES,
            stdin: None,
            skips: WarcSkips::default(),
        }
    }

    /// Records of WARC archives passed over on purpose (requests, metadata, non-HTML
    /// responses), by reason; it stays current while the items are read.
    pub fn warc_skips(&self) -> WarcSkips {
        self.skips.clone()
    }

    /// Refuse inputs (and pages inside WARC archives) larger than `bytes`.
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// Read `-` from `reader` instead of the process's standard input (for tests and
    /// embedding).
    pub fn stdin_from(mut self, reader: impl Read + 'static) -> Self {
        self.stdin = Some(Box::new(reader));
        self
    }

    /// The items of one expanded path: a WARC archive's pages, else the file itself.
    fn path_items(
        &mut self,
        path: PathBuf,
    ) -> Box<dyn Iterator<Item = Result<RawItem, IngestError>>> {
        if path.as_os_str() != "-" && is_warc(&path) {
            return match WarcReader::open(&path) {
                Ok(reader) => Box::new(
                    reader
                        .max_record_bytes(self.max_bytes)
                        .with_skips(self.skips.clone()),
                ),
                Err(e) => Box::new(std::iter::once(Err(e))),
            };
        }
        Box::new(std::iter::once(self.read_item(path)))
    }

    fn read_item(&mut self, path: PathBuf) -> Result<RawItem, IngestError> {
        if path.as_os_str() == "-" {
            return self.read_stdin();
        }
        let io = |error| IngestError::Io {
            path: path.clone(),
            error,
        };
        let size = fs::metadata(&path).map_err(io)?.len();
        if size > self.max_bytes {
            return Err(IngestError::TooLarge {
                path: path.display().to_string(),
                size,
                limit: self.max_bytes,
            });
        }
        let bytes = fs::read(&path).map_err(io)?;
        let source = path.display().to_string();
        let bytes = self.gunzip_if_needed(bytes, &source)?;
        Ok(RawItem {
            source,
            hint: Format::detect(Some(&path), &bytes),
            bytes,
            ..RawItem::default()
        })
    }

    /// The bytes themselves, or their decompression when they are gzip.
    fn gunzip_if_needed(&self, bytes: Vec<u8>, source: &str) -> Result<Vec<u8>, IngestError> {
        if is_gzip(&bytes) {
            gunzip(&bytes, source, self.max_bytes)
        } else {
            Ok(bytes)
        }
    }

    fn read_stdin(&mut self) -> Result<RawItem, IngestError> {
        let limit = self.max_bytes;
        let mut bytes = Vec::new();
        // Read one byte past the cap so an oversized stream is noticed without reading it all.
        let read = match self.stdin.as_mut() {
            Some(reader) => reader.take(limit + 1).read_to_end(&mut bytes),
            None => std::io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut bytes),
        };
        read.map_err(|error| IngestError::Io {
            path: "-".into(),
            error,
        })?;
        if bytes.len() as u64 > limit {
            return Err(IngestError::TooLarge {
                path: "-".into(),
                size: bytes.len() as u64,
                limit,
            });
        }
        let bytes = self.gunzip_if_needed(bytes, "-")?;
        if bytes.starts_with(b"WARC/") {
            // Streaming needs a file (resynchronising seeks); do not clean it as text.
            return Err(IngestError::Warc {
                path: "-".into(),
                message: "a WARC archive cannot be read from standard input; pass its path".into(),
            });
        }
        Ok(RawItem {
            source: "-".into(),
            hint: Format::sniff(&bytes),
            bytes,
            ..RawItem::default()
        })
    }
}

impl Source for FileSource {
    fn name(&self) -> &'static str {
        "file"
    }

    fn items(&mut self) -> Box<dyn Iterator<Item = Result<RawItem, IngestError>> + '_> {
        let expanded = expand(&self.paths);
        Box::new(expanded.into_iter().flat_map(move |path| match path {
            Ok(p) => self.path_items(p),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }))
    }
}

/// True when `path` is a WARC archive: by its name, or, when its extension does not
/// promise an article format, by its first bytes.
pub fn is_warc(path: &Path) -> bool {
    is_warc_name(path) || (Format::from_extension(path).is_none() && looks_like_warc(path))
}

/// The files that `paths` name, in order: file paths and `-` as given, directories
/// walked (sorted, hidden entries and non-article extensions skipped). A path that does
/// not exist or a directory that cannot be listed becomes an `Err` in its place.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, IngestError>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(path.clone()));
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(_) => out.push(Ok(path.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.push(Err(IngestError::NotFound { path: path.clone() }))
            }
            Err(error) => out.push(Err(IngestError::Io {
                path: path.clone(),
                error,
            })),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, IngestError>>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            out.push(Err(IngestError::Io {
                path: dir.to_path_buf(),
                error,
            }));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) if !is_hidden(&entry.path()) => children.push(entry.path()),
            Ok(_) => {}
            Err(error) => out.push(Err(IngestError::Io {
                path: dir.to_path_buf(),
                error,
            })),
        }
    }
    children.sort();
    for child in children {
        // symlink_metadata: a link to a directory is not walked into.
        match fs::symlink_metadata(&child) {
            Ok(meta) if meta.is_dir() => walk(&child, out),
            Ok(meta) if meta.file_type().is_symlink() => {
                if child.is_file() && is_article_name(&child) {
                    out.push(Ok(child));
                }
            }
            Ok(_) if is_article_name(&child) => out.push(Ok(child)),
            Ok(_) => {}
            Err(error) => out.push(Err(IngestError::Io { path: child, error })),
        }
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// True for names a directory walk reads: article extensions (also under `.gz`) or no
/// extension.
fn is_article_name(path: &Path) -> bool {
    let gz = strip_gz(path);
    if gz != path {
        return gz.extension().is_some_and(|e| {
            ARTICLE_EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
        });
    }
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => ARTICLE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &[u8]) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&path, body).expect("write");
        path
    }

    fn names(items: &[Result<RawItem, IngestError>], root: &Path) -> Vec<String> {
        items
            .iter()
            .map(|r| match r {
                Ok(item) => item
                    .source
                    .strip_prefix(&root.display().to_string())
                    .unwrap_or(&item.source)
                    .trim_start_matches('/')
                    .to_string(),
                Err(e) => format!("ERR {e}"),
            })
            .collect()
    }

    #[test]
    fn directory_walk_is_sorted_recursive_and_skips_non_articles() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        write(root, "b.txt", b"two");
        write(root, "a.html", b"<html><body>one</body></html>");
        write(root, "sub/c", b"three");
        write(root, "sub/data.json", b"{}");
        write(root, ".hidden.txt", b"secret");
        write(root, ".git/x.txt", b"object");
        write(root, "photo.jpg", b"\xFF\xD8");
        let mut source = FileSource::new(vec![root.to_path_buf()]);
        let items: Vec<_> = source.items().collect();
        assert_eq!(names(&items, root), ["a.html", "b.txt", "sub/c"]);
        let hints: Vec<Format> = items.iter().flatten().map(|i| i.hint).collect();
        assert_eq!(hints, [Format::Html, Format::Text, Format::Text]);
    }

    #[test]
    fn explicit_file_paths_are_always_read() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let json = write(tmp.path(), "story.json", b"An article saved oddly.");
        let mut source = FileSource::new(vec![json]);
        let items: Vec<_> = source.items().collect();
        assert_eq!(items.len(), 1);
        let item = items[0].as_ref().expect("read");
        assert_eq!(item.text().expect("utf-8"), "An article saved oddly.");
    }

    #[test]
    fn one_bad_path_does_not_stop_the_others() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let good = write(tmp.path(), "good.txt", b"fine");
        let missing = tmp.path().join("missing.txt");
        let mut source = FileSource::new(vec![missing, good]);
        let items: Vec<_> = source.items().collect();
        assert_eq!(items.len(), 2);
        let err = items[0].as_ref().expect_err("missing");
        assert!(matches!(err, IngestError::NotFound { .. }));
        assert!(err.to_string().contains("missing.txt"));
        assert_eq!(items[1].as_ref().expect("good").bytes, b"fine");
    }

    #[test]
    fn files_over_the_cap_are_refused_with_the_sizes() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let big = write(tmp.path(), "big.txt", &[b'a'; 100]);
        let mut source = FileSource::new(vec![big]).max_bytes(64);
        let items: Vec<_> = source.items().collect();
        let err = items[0].as_ref().expect_err("too large");
        assert!(matches!(
            err,
            IngestError::TooLarge {
                size: 100,
                limit: 64,
                ..
            }
        ));
        assert!(err.to_string().contains("raise the limit"));
    }

    #[test]
    fn dash_reads_stdin_with_the_cap() {
        let mut ok = FileSource::new(vec!["-".into()]).stdin_from(&b"from a pipe"[..]);
        let item = ok.items().next().expect("one item").expect("read");
        assert_eq!((item.source.as_str(), item.hint), ("-", Format::Text));
        let mut big = FileSource::new(vec!["-".into()])
            .max_bytes(4)
            .stdin_from(&b"too long"[..]);
        let err = big.items().next().expect("one item").expect_err("capped");
        assert!(matches!(err, IngestError::TooLarge { path, .. } if path == "-"));
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).expect("write");
        enc.finish().expect("finish")
    }

    #[test]
    fn gzipped_html_is_walked_decompressed_and_decoded() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let page =
            b"<html><head><meta charset=windows-1252></head><body><p>Caf\xe9</p></body></html>";
        write(tmp.path(), "story.html.gz", &gz(page));
        write(tmp.path(), "archive.tar.gz", &gz(b"not an article"));
        let mut source = FileSource::new(vec![tmp.path().to_path_buf()]);
        let items: Vec<_> = source.items().collect();
        assert_eq!(names(&items, tmp.path()), ["story.html.gz"]);
        let item = items[0].as_ref().expect("read");
        assert_eq!(
            (item.hint, item.bytes.as_slice()),
            (Format::Html, &page[..])
        );
        assert!(item.text().expect("decodes").contains("<p>Café</p>"));
    }

    #[test]
    fn warc_on_stdin_is_refused_with_advice() {
        let archive = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
        let mut source = FileSource::new(vec!["-".into()]).stdin_from(&archive[..]);
        let err = source.items().next().expect("item").expect_err("refused");
        assert!(err.to_string().contains("pass its path"), "{err}");
    }

    #[test]
    fn truncated_gzip_is_one_item_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let packed =
            gz(b"<html><body><p>An article body long enough to compress.</p></body></html>");
        let cut = write(tmp.path(), "cut.html.gz", &packed[..packed.len() / 2]);
        let good = write(tmp.path(), "good.txt", b"fine");
        let mut source = FileSource::new(vec![cut, good]);
        let items: Vec<_> = source.items().collect();
        let err = items[0].as_ref().expect_err("truncated");
        assert!(matches!(err, IngestError::Gzip { path, .. } if path.ends_with("cut.html.gz")));
        assert!(items[1].is_ok());
    }

    #[test]
    fn non_utf8_html_decodes_but_non_utf8_text_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let html = write(tmp.path(), "page.html", b"<p>Z\xfcrich</p>");
        let txt = write(tmp.path(), "page.txt", b"Z\xfcrich");
        let mut source = FileSource::new(vec![html, txt]);
        let items: Vec<_> = source.items().flatten().collect();
        assert_eq!(items[0].text().expect("html"), "<p>Zürich</p>");
        assert!(matches!(
            items[1].text(),
            Err(IngestError::InvalidUtf8 { offset: 1, .. })
        ));
    }

    #[test]
    fn decode_errors_name_the_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let bad = write(tmp.path(), "latin.txt", b"na\xEFve");
        let mut source = FileSource::new(vec![bad]);
        let item = source.items().next().expect("item").expect("read");
        let err = item.text().expect_err("not utf-8").to_string();
        assert!(
            err.contains("latin.txt") && err.contains("offset 2"),
            "{err}"
        );
    }
}
