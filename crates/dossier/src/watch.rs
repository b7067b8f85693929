//! `dossier ingest --feed` and `dossier watch`: read feeds and ingest their new items.
//!
//! Both go through one [`Poller`]: read the feed with the validators remembered from the
//! last poll (a `304` costs nothing more), skip the entries already taken, turn each new
//! entry into a document (its full text from the feed when it carries it, else its page)
//! and store it, then remember the entry and the feed's new validators.
//!
//! What was seen is kept in the store itself (tables `feeds` and `feed_items`, migration
//! 0003) rather than in a state file beside it: it then moves and is backed up with the
//! articles it describes, SQLite's locking covers a watcher and an `ingest --feed` run
//! at the same time, and there is no second file to write atomically. A crash between
//! storing an article and recording its entry costs one refetch, after which the store
//! answers "already stored".
//!
//! When an item fails for a reason that may pass (network, server error, refusal), the
//! feed's validators are not kept, so the next poll reads the feed again (rather than
//! getting `304`) and retries that item; the items taken already are skipped by key.
//! An item that cannot succeed (page gone, not an article, binary) is reported once and
//! then remembered like a taken one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use dossier_ingest::IngestError;
use dossier_ingest::feed::{
    Entry, Feed, FeedError, FeedFetch, FeedItem, FeedOptions, is_url, read_feed,
};
use dossier_ingest::fetch::{FetchConfig, Fetcher, Validators};
use dossier_model::{Document, Metadata, PartialDate, Pipeline};
use dossier_store::{PutOutcome, SqliteStore};
use serde::Deserialize;

use crate::cli::{FetchArgs, Global, IngestArgs, WatchArgs};
use crate::commands::{build_pipeline, open_store};

/// Polling interval of a feed that names none, when feeds.toml sets no default.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30 * 60);

/// Shortest interval accepted: more often than once a minute is not polite.
const MIN_INTERVAL: Duration = Duration::from_secs(60);

/// `dossier ingest --feed URL|FILE ...`: one poll of each feed.
pub fn ingest_feeds(g: &Global, args: IngestArgs) -> Result<ExitCode> {
    let feeds: Vec<String> = args.feeds.iter().map(|f| locate(f, None)).collect();
    let mut poller = Poller::new(g, &args.fetch, args.no_model)?;
    let stop = AtomicBool::new(false);
    let mut tally = Tally::default();
    for feed in &feeds {
        poller.poll(feed, &mut tally, &stop)?;
    }
    if !g.quiet {
        eprintln!("{} → {}", tally.summary(), g.db.display());
    }
    Ok(tally.exit_code())
}

/// `dossier watch feeds.toml`: poll each feed on its interval until Ctrl-C, or once.
pub fn watch(g: &Global, args: WatchArgs) -> Result<ExitCode> {
    let feeds = load_feed_list(&args.config)?;
    let mut poller = Poller::new(g, &args.fetch, args.no_model)?;
    if args.once {
        let stop = AtomicBool::new(false);
        let mut tally = Tally::default();
        for feed in &feeds {
            poller.poll(&feed.location, &mut tally, &stop)?;
        }
        if !g.quiet {
            eprintln!("{} → {}", tally.summary(), g.db.display());
        }
        return Ok(tally.exit_code());
    }

    let stop = stop_on_ctrl_c();
    // Resume each feed's schedule from its last poll, so a restart does not poll early.
    let now = Instant::now();
    let mut due: Vec<Instant> = feeds
        .iter()
        .map(|f| {
            let last = poller
                .store
                .feed_state(&f.location)?
                .and_then(|s| s.last_polled);
            let since = last.map(|t| Duration::from_secs((unix_now() - t).max(0) as u64));
            Ok(match since {
                Some(since) if since < f.interval => now + (f.interval - since),
                _ => now,
            })
        })
        .collect::<Result<_>>()?;
    if !g.quiet {
        eprintln!(
            "watching {} feed{} from {}; Ctrl-C stops",
            feeds.len(),
            if feeds.len() == 1 { "" } else { "s" },
            args.config.display()
        );
    }
    let mut total = Tally::default();
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        let ready: Vec<usize> = (0..feeds.len()).filter(|&i| due[i] <= now).collect();
        if ready.is_empty() {
            let next = due.iter().min().copied().unwrap_or(now + MIN_INTERVAL);
            sleep_until(next, &stop);
            continue;
        }
        let mut round = Tally::default();
        for i in ready {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            poller.poll(&feeds[i].location, &mut round, &stop)?;
            due[i] = Instant::now() + feeds[i].interval;
        }
        if !g.quiet {
            eprintln!("{}", round.summary());
        }
        total.add(&round);
    }
    if !g.quiet {
        eprintln!("stopped; in all: {} → {}", total.summary(), g.db.display());
    }
    Ok(total.exit_code())
}

/// One feed of feeds.toml, resolved.
#[derive(Debug, Clone, PartialEq)]
struct WatchedFeed {
    /// URL, or absolute path of a local file.
    location: String,
    interval: Duration,
}

/// feeds.toml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedsFile {
    /// Default interval.
    interval: Option<IntervalSpec>,
    /// The feeds (`[[feed]]` tables).
    #[serde(default)]
    feed: Vec<FeedSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedSpec {
    url: String,
    interval: Option<IntervalSpec>,
    /// A label for people reading the file; not used.
    #[allow(dead_code)]
    name: Option<String>,
}

/// An interval as seconds or as text ("90s", "15m", "2h", "1d").
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IntervalSpec {
    Seconds(u64),
    Text(String),
}

fn load_feed_list(path: &Path) -> Result<Vec<WatchedFeed>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the feed list {}", path.display()))?;
    parse_feed_list(&text, path.parent()).with_context(|| {
        format!(
            "{}: not a valid feed list (see `dossier watch --help`)",
            path.display()
        )
    })
}

fn parse_feed_list(text: &str, base: Option<&Path>) -> Result<Vec<WatchedFeed>> {
    let file: FeedsFile = toml::from_str(text)?;
    let default = match &file.interval {
        Some(spec) => interval(spec).context("top-level interval")?,
        None => DEFAULT_INTERVAL,
    };
    if file.feed.is_empty() {
        bail!("no feeds: add a [[feed]] table with a url for each feed");
    }
    file.feed
        .iter()
        .map(|f| {
            let interval = match &f.interval {
                Some(spec) => interval(spec).with_context(|| format!("interval of {}", f.url))?,
                None => default,
            };
            if f.url.trim().is_empty() {
                bail!("a [[feed]] has an empty url");
            }
            Ok(WatchedFeed {
                location: locate(f.url.trim(), base),
                interval,
            })
        })
        .collect()
}

fn interval(spec: &IntervalSpec) -> Result<Duration> {
    let d = match spec {
        IntervalSpec::Seconds(s) => Duration::from_secs(*s),
        IntervalSpec::Text(t) => parse_interval(t)?,
    };
    if d < MIN_INTERVAL {
        bail!(
            "{} s is too often: poll at most once a minute (interval = \"1m\" or more)",
            d.as_secs()
        );
    }
    Ok(d)
}

/// "90s", "15m", "2h", "1d" (a bare number is seconds).
fn parse_interval(text: &str) -> Result<Duration> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().with_context(|| {
        format!("{text:?} is not an interval: write e.g. \"90s\", \"15m\", \"2h\" or \"1d\"")
    })?;
    let unit_secs = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => bail!("{text:?}: unknown unit {other:?}; use s, m, h or d"),
    };
    Ok(Duration::from_secs(n.saturating_mul(unit_secs)))
}

/// A feed's identity in the store: the URL as given, or the file's absolute path
/// (relative paths are taken from `base`, feeds.toml's folder, or the working folder).
fn locate(feed: &str, base: Option<&Path>) -> String {
    if is_url(feed) {
        return feed.to_string();
    }
    let path = PathBuf::from(feed);
    let path = match base {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    };
    std::fs::canonicalize(&path)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Counts of one round (or a whole run).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally {
    feeds: usize,
    not_modified: usize,
    feeds_failed: usize,
    new: usize,
    seen: usize,
    already_stored: usize,
    empty: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.feeds += o.feeds;
        self.not_modified += o.not_modified;
        self.feeds_failed += o.feeds_failed;
        self.new += o.new;
        self.seen += o.seen;
        self.already_stored += o.already_stored;
        self.empty += o.empty;
        self.failed += o.failed;
    }

    fn summary(&self) -> String {
        let mut line = format!(
            "polled {} feed{} ({} not modified, {} failed); items: {} new, {} seen, {} failed",
            self.feeds,
            if self.feeds == 1 { "" } else { "s" },
            self.not_modified,
            self.feeds_failed,
            self.new,
            self.seen,
            self.failed
        );
        if self.already_stored > 0 {
            line.push_str(&format!(", {} already stored", self.already_stored));
        }
        if self.empty > 0 {
            line.push_str(&format!(", {} without article text", self.empty));
        }
        line
    }

    fn exit_code(&self) -> ExitCode {
        if self.failed > 0 || self.feeds_failed > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// What became of one new entry.
enum Taken {
    Stored(PutOutcome, String),
    Empty,
}

/// Reads feeds into the store.
struct Poller {
    store: SqliteStore,
    pipeline: Pipeline,
    fetcher: Fetcher,
    options: FeedOptions,
}

impl Poller {
    fn new(g: &Global, fetch: &FetchArgs, no_model: bool) -> Result<Self> {
        if !fetch.host_delay.is_finite() || fetch.host_delay < 0.0 {
            bail!(
                "--host-delay {} is not a number of seconds (0 or more)",
                fetch.host_delay
            );
        }
        let config = FetchConfig {
            allow_private: fetch.allow_private,
            host_delay: Duration::from_secs_f64(fetch.host_delay),
            ..FetchConfig::default()
        };
        Ok(Poller {
            pipeline: build_pipeline(g, no_model, None)?,
            store: open_store(g)?,
            fetcher: Fetcher::new(config),
            options: FeedOptions::default(),
        })
    }

    /// Poll one feed and take its new entries. Per-feed and per-item failures are
    /// reported and counted; only a store failure ends the run.
    fn poll(&mut self, location: &str, tally: &mut Tally, stop: &AtomicBool) -> Result<()> {
        tally.feeds += 1;
        let state = self.store.feed_state(location)?.unwrap_or_default();
        let validators = Validators {
            etag: state.etag,
            last_modified: state.last_modified,
        };
        let polled = unix_now();
        let (feed, fresh) = match read_feed(location, &self.fetcher, &validators, &self.options) {
            Ok(FeedFetch::NotModified) => {
                tally.not_modified += 1;
                self.store.record_feed_poll(
                    location,
                    validators.etag.as_deref(),
                    validators.last_modified.as_deref(),
                    polled,
                )?;
                return Ok(());
            }
            Ok(FeedFetch::Fresh { feed, validators }) => (feed, validators),
            Err(e) => {
                tally.feeds_failed += 1;
                eprintln!("error: {e}");
                return Ok(());
            }
        };
        let mut all_done = true;
        for entry in &feed.entries {
            if stop.load(Ordering::SeqCst) {
                all_done = false;
                break;
            }
            if entry.key.is_empty() {
                tally.failed += 1;
                eprintln!(
                    "error: {location}: an entry has no id, link or title; it cannot be tracked"
                );
                continue;
            }
            if self.store.feed_item_seen(location, &entry.key)? {
                tally.seen += 1;
                continue;
            }
            match self.take(&feed, entry) {
                Ok(taken) => {
                    let article = match taken {
                        Taken::Stored(PutOutcome::Inserted, id) => {
                            tally.new += 1;
                            Some(id)
                        }
                        Taken::Stored(PutOutcome::Unchanged, id) => {
                            tally.already_stored += 1;
                            Some(id)
                        }
                        Taken::Empty => {
                            tally.empty += 1;
                            None
                        }
                    };
                    self.store
                        .mark_feed_item_seen(location, &entry.key, article.as_deref())?;
                }
                Err(e) => {
                    tally.failed += 1;
                    eprintln!("error: {e:#}");
                    if is_permanent(&e) {
                        // Retrying cannot help: remember the entry so it is not
                        // fetched on every poll.
                        self.store.mark_feed_item_seen(location, &entry.key, None)?;
                    } else {
                        all_done = false;
                    }
                }
            }
        }
        // Keep the validators only when every entry was dealt with; otherwise the next
        // poll must read the feed again to retry what failed.
        let keep = all_done.then_some(&fresh);
        self.store.record_feed_poll(
            location,
            keep.and_then(|v| v.etag.as_deref()),
            keep.and_then(|v| v.last_modified.as_deref()),
            polled,
        )?;
        Ok(())
    }

    /// Read, clean, annotate and store one entry's article.
    fn take(&mut self, feed: &Feed, entry: &Entry) -> Result<Taken> {
        let item = entry.fetch(&self.fetcher, feed)?;
        let source = item.item.source.clone();
        let mut doc = document_of(&item).with_context(|| source.clone())?;
        if doc.text.trim().is_empty() {
            tracing::warn!(%source, "no article text left after cleaning; not stored");
            eprintln!(
                "warning: {source}: no article text found (the page may need JavaScript or a login); not stored"
            );
            return Ok(Taken::Empty);
        }
        self.pipeline
            .run(&mut doc)
            .with_context(|| source.clone())?;
        let outcome = crate::commands::store_document(&mut self.store, &doc, &source)?;
        Ok(Taken::Stored(outcome, doc.id))
    }
}

/// True for item failures that a later poll cannot fix (gone, not an article, binary).
fn is_permanent(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<FeedError>()
            .is_some_and(FeedError::is_permanent)
            || cause.downcast_ref::<IngestError>().is_some_and(|i| {
                matches!(
                    i,
                    IngestError::Binary { .. } | IngestError::InvalidUtf8 { .. }
                )
            })
    })
}

/// Decode and clean a feed item, then fill what the page lacks from the feed.
fn document_of(item: &FeedItem) -> Result<Document> {
    let raw = &item.item;
    let text = raw.text()?;
    let cleaned = if raw.hint == dossier_ingest::Format::Html {
        dossier_clean::clean_html(&text, &raw.source)
    } else {
        dossier_clean::clean_plain(&text, &raw.source)
    };
    let mut doc = dossier_clean::into_document(cleaned);
    fill_from_feed(&mut doc.meta, item);
    Ok(doc)
}

/// The feed's title, link and date where the page gave none. The feed's date also
/// replaces one read only from the URL path or the text, which are guesses next to a
/// date the publisher wrote for machines; meta tags, JSON-LD and `<time>` stay.
fn fill_from_feed(meta: &mut Metadata, item: &FeedItem) {
    if meta.title.is_none() {
        meta.title = item.title.clone();
    }
    if meta.url.is_none() {
        meta.url = item.link.clone();
    }
    let weak = matches!(meta.published_from.as_deref(), None | Some("url" | "text"));
    if let Some(at) = item.published
        && (meta.published.is_none() || weak)
        && let Some(date) = PartialDate::day(at.year(), at.month(), at.day())
    {
        meta.published = Some(date);
        meta.published_from = Some("feed".into());
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Sleep until `when`, waking early when `stop` is set.
fn sleep_until(when: Instant, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= when {
            return;
        }
        std::thread::sleep((when - now).min(Duration::from_millis(250)));
    }
}

/// A flag set by the first Ctrl-C (the watcher then stops after the current item); a
/// second Ctrl-C quits at once.
fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                flag.store(true, Ordering::SeqCst);
                eprintln!("stopping after the current item (Ctrl-C again quits now)");
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
    });
    stop
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_lists_parse_with_intervals() {
        let text = r#"
            interval = "45m"

            [[feed]]
            url = "https://news.example/rss.xml"
            interval = "2h"

            [[feed]]
            url = "https://cert.example/atom.xml"
            name = "Northern CERT"

            [[feed]]
            url = "saved/feed.json"
            interval = 600
        "#;
        let feeds = parse_feed_list(text, Some(Path::new("/srv/dossier"))).expect("valid");
        assert_eq!(feeds.len(), 3);
        assert_eq!(feeds[0].interval, Duration::from_secs(7200));
        assert_eq!(feeds[1].interval, Duration::from_secs(45 * 60));
        assert_eq!(feeds[2].interval, Duration::from_secs(600));
        assert_eq!(feeds[2].location, "/srv/dossier/saved/feed.json");
    }

    #[test]
    fn bad_feed_lists_say_what_to_fix() {
        let too_often = "[[feed]]\nurl = \"https://a.example/\"\ninterval = \"10s\"";
        let err = parse_feed_list(too_often, None).expect_err("too often");
        assert!(
            format!("{err:#}").contains("at most once a minute"),
            "{err:#}"
        );
        let unit = "[[feed]]\nurl = \"https://a.example/\"\ninterval = \"3w\"";
        let err = parse_feed_list(unit, None).expect_err("unit");
        assert!(format!("{err:#}").contains("unknown unit"), "{err:#}");
        let typo = "[[feeds]]\nurl = \"https://a.example/\"";
        assert!(parse_feed_list(typo, None).is_err());
        let err = parse_feed_list("interval = \"1h\"", None).expect_err("empty");
        assert!(err.to_string().contains("add a [[feed]]"), "{err}");
    }

    #[test]
    fn feed_dates_fill_gaps_and_replace_guesses() {
        let at = chrono::DateTime::parse_from_rfc3339("2024-03-05T08:30:00Z")
            .expect("date")
            .with_timezone(&chrono::Utc);
        let item = FeedItem {
            item: Default::default(),
            title: Some("Feed title".into()),
            published: Some(at),
            link: Some("https://wire.example/a".into()),
            from_feed: false,
        };
        let mut bare = Metadata::default();
        fill_from_feed(&mut bare, &item);
        assert_eq!(bare.title.as_deref(), Some("Feed title"));
        assert_eq!(bare.url.as_deref(), Some("https://wire.example/a"));
        assert_eq!(
            bare.published.map(|d| d.to_string()).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(bare.published_from.as_deref(), Some("feed"));

        let mut from_meta = Metadata {
            title: Some("Page title".into()),
            published: PartialDate::parse_iso("2024-03-04"),
            published_from: Some("meta".into()),
            ..Metadata::default()
        };
        fill_from_feed(&mut from_meta, &item);
        assert_eq!(from_meta.title.as_deref(), Some("Page title"));
        assert_eq!(from_meta.published_from.as_deref(), Some("meta"));

        let mut from_url = Metadata {
            published: PartialDate::parse_iso("2024-03"),
            published_from: Some("url".into()),
            ..Metadata::default()
        };
        fill_from_feed(&mut from_url, &item);
        assert_eq!(from_url.published_from.as_deref(), Some("feed"));
    }
}
