//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn news about state cyber operations into a sourced intelligence record.
///
/// Typical use: `dossier ingest articles/` stores and extracts a folder of articles,
/// then `dossier incidents` shows what they report, merged across sources.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Print nothing but results and errors (no progress bar, no summary).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// More log output on stderr (-v info, -vv debug). DOSSIER_LOG overrides.
    #[arg(long, short, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Knowledge base file written by `dossier kb import` [default: the built-in core KB,
    /// or the imported one at the default path when it exists].
    #[arg(long, env = "DOSSIER_KB", global = true, value_name = "PATH")]
    pub kb: Option<PathBuf>,
    /// The embedded store.
    #[arg(
        long,
        env = "DOSSIER_DB",
        global = true,
        default_value = "dossier.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities, events and indicators from articles and print one record each.
    ///
    /// PATH may be files, directories (read recursively) or `-` for stdin. Records
    /// follow the contract in spec/records.md; offsets are Unicode code points into
    /// the record's `text`.
    Extract(ExtractArgs),
    /// Read articles into the store (idempotent: an article already stored is skipped).
    Ingest(IngestArgs),
    /// Poll RSS, Atom and JSON feeds on their intervals and ingest new items.
    ///
    /// Runs until Ctrl-C (it stops after the item being read), or polls once with
    /// --once. Prints one summary line per round: feeds polled, not modified and
    /// failed; items new, seen before, and failed.
    #[command(after_long_help = WATCH_HELP)]
    Watch(WatchArgs),
    /// Incidents merged across the stored articles, and an analyst's corrections.
    Incidents(IncidentsArgs),
    /// One incident as a readable dossier: timeline, actors, sources, discrepancies.
    Incident {
        /// Incident id or a unique prefix of it.
        id: String,
    },
    /// Story groups and near-duplicate pairs among the stored articles.
    Stories(StoriesArgs),
    /// Full-text search over the stored articles.
    Search(SearchArgs),
    /// Export incidents and their sources as STIX 2.1, MISP, CSV or PLOVER rows.
    ///
    /// STIX ids are UUIDv5 of stable keys, so re-exporting updates objects instead
    /// of duplicating them.
    Export(ExportArgs),
    /// Serve the HTTP API and the web UI over the store.
    ///
    /// Reads are open unless --require-token-for-reads; every write needs
    /// `Authorization: Bearer TOKEN`, and without a configured token writes are refused.
    Serve(ServeArgs),
    /// Knowledge-base tools: import open data, explain a name.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Train statistical models.
    #[command(subcommand)]
    Train(TrainCommand),
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// One JSON record per line (the contract).
    Jsonl,
    /// One JSON array of records.
    Json,
    /// A summary for people: entities and events with their quotes.
    Text,
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, directories or `-` (stdin).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Take the input as already clean: `text` is the input exactly (no line dropped),
    /// so offsets point into the file.
    #[arg(long)]
    pub plain: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "jsonl")]
    pub format: RecordFormat,
    /// Use only the rule-based extractors (no trained model).
    #[arg(long)]
    pub no_model: bool,
    /// Use this trained CASIE model instead of the shipped one.
    #[arg(long, value_name = "PATH", conflicts_with = "no_model")]
    pub model: Option<PathBuf>,
    /// MiniLM encoder folder (from scripts/fetch_minilm.sh): extract with the CASIE model
    /// that reads contextual features (more accurate, about 12x slower).
    #[arg(
        long,
        value_name = "DIR",
        env = "DOSSIER_ENCODER",
        conflicts_with = "no_model"
    )]
    pub encoder: Option<PathBuf>,
}

/// Arguments of `ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories or `-` (stdin).
    #[arg(required_unless_present = "feeds", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read the RSS 2.0, Atom or JSON feed at this URL or file and ingest its items
    /// (repeatable). An item that carries its full text is taken from the feed; for the
    /// others the item's page is fetched. What was taken is remembered in the store, as
    /// `dossier watch` does, so running it again fetches only new items.
    #[arg(long = "feed", value_name = "URL|FILE", conflicts_with_all = ["paths", "plain"])]
    pub feeds: Vec<String>,
    /// How feeds and pages are fetched.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Take the input as already clean text.
    #[arg(long)]
    pub plain: bool,
    /// Use only the rule-based extractors (no trained model).
    #[arg(long)]
    pub no_model: bool,
}

/// How feeds and article pages are fetched (`ingest --feed`, `watch`).
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Also fetch from loopback, private, link-local and other non-public addresses
    /// (an intranet feed, a test server on 127.0.0.1). Off by default, so that a feed
    /// cannot point dossier at machines inside your network.
    #[arg(long)]
    pub allow_private: bool,
    /// Least time between two requests to the same host, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub host_delay: f64,
}

/// Arguments of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The list of feeds to poll (TOML; see the example below).
    #[arg(value_name = "FEEDS.TOML")]
    pub config: PathBuf,
    /// Poll every feed once, then exit (for cron jobs and tests).
    #[arg(long)]
    pub once: bool,
    /// How feeds and pages are fetched.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Use only the rule-based extractors (no trained model).
    #[arg(long)]
    pub no_model: bool,
}

/// The example shown by `dossier watch --help`.
const WATCH_HELP: &str = "\
feeds.toml lists the feeds; each may set its own polling interval (s, m, h or d;
at least 1m), and `interval` at the top sets the default (30m when absent):

    interval = \"30m\"

    [[feed]]
    url = \"https://news.example.org/security/rss.xml\"
    interval = \"2h\"

    [[feed]]
    url = \"https://example.org/news/atom.xml\"

    [[feed]]
    url = \"saved/feed.json\"      # a local file, relative to feeds.toml

Each poll sends the ETag / Last-Modified the server gave last time, so an unchanged
feed costs one `304 Not Modified`. Items are recognised by their id (or link) and
taken once: their full text from the feed when it carries it, else their page.
Requests to one host go one at a time, --host-delay apart; failures are retried with
backoff. What was seen survives restarts (it is kept in the store, --db).

Examples:
    dossier watch feeds.toml              # poll until Ctrl-C
    dossier watch feeds.toml --once       # one round, then exit (cron)";

/// Output formats of `incidents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// JSON (the contract).
    Json,
    /// A table for people.
    Table,
}

/// Arguments of `incidents`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct IncidentsArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value = "table")]
    pub format: TableFormat,
    /// Print every grouping decision (which features joined two events, with scores)
    /// instead of the incidents.
    #[arg(long)]
    pub explain: bool,
    /// Record or undo an analyst's decision.
    #[command(subcommand)]
    pub action: Option<IncidentAction>,
}

/// Corrections to the automatic grouping. They are stored, survive re-ingestion,
/// and automatic merging respects them.
#[derive(Debug, Subcommand)]
pub enum IncidentAction {
    /// Merge two incidents into one.
    Merge {
        /// First incident (id or unique prefix).
        a: String,
        /// Second incident.
        b: String,
    },
    /// Take one article out of an incident.
    Split {
        /// Incident (id or unique prefix).
        id: String,
        /// Article to take out (id or unique prefix).
        #[arg(long)]
        article: String,
    },
    /// List the corrections in force.
    Corrections,
    /// Undo a correction by its number (see `corrections`).
    Undo {
        /// Correction number.
        n: i64,
    },
}

/// Arguments of `stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value = "json")]
    pub format: TableFormat,
    /// Estimated Jaccard similarity of word shingles from which two articles are
    /// near-duplicate copies.
    #[arg(long, value_name = "J")]
    pub threshold: Option<f64>,
    /// Print every story and near-duplicate decision (which features joined two
    /// articles: TF-IDF and entity cosines, shared parties by role, event types, date
    /// distance, MinHash Jaccard, with the deciding test and its threshold) instead of
    /// the stories.
    #[arg(long)]
    pub explain: bool,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// stix (a STIX 2.1 bundle), misp (MISP event JSON), csv (one row per incident),
    /// plover (one row per event, PLOVER-style codes).
    #[arg(long, short, value_parser = parse_export_format)]
    pub format: dossier_export::Format,
    /// Only this incident (id or unique id prefix).
    #[arg(long, value_name = "ID")]
    pub incident: Option<String>,
    /// Only incidents first reported (and articles published) on or after this date
    /// (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<dossier_model::PartialDate>,
    /// Write here instead of stdout; with `--format misp`, a directory (or a path
    /// ending in `/`) gets one event file per incident.
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

fn parse_export_format(s: &str) -> Result<dossier_export::Format, String> {
    s.parse::<dossier_export::Format>()
        .map_err(|e| e.to_string())
}

fn parse_date(s: &str) -> Result<dossier_model::PartialDate, String> {
    dossier_model::PartialDate::parse_iso(s)
        .ok_or_else(|| format!("{s:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"))
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value_t = dossier_server::DEFAULT_ADDR)]
    pub addr: std::net::SocketAddr,
    /// Token that authorises writes (and reads with --require-token-for-reads).
    #[arg(long, env = "DOSSIER_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Require the token for reads too.
    #[arg(long)]
    pub require_token_for_reads: bool,
    /// Let `POST /api/articles {"url": ...}` fetch from loopback, private and link-local
    /// addresses (an intranet, a test server); refused by default so that a client
    /// cannot make the server probe its own network.
    #[arg(long)]
    pub allow_private: bool,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query (FTS5 syntax: words, "phrases", OR, NOT, prefix*).
    pub query: String,
    /// Most results to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
}

/// `kb` subcommands.
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Import MISP galaxy, ATT&CK, countries and CISA KEV files laid out as in
    /// shared/kb/ and save the merged knowledge base.
    Import {
        /// Folder holding misp-galaxy/, mitre-attack/, mledoze-countries/, cisa-kev/.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Where to save [default: --kb, DOSSIER_KB, or the user data folder].
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Show which entries a name links to, and why.
    Explain {
        /// A name, alias, demonym or acronym ("APT31", "Chinese", "NCSC").
        name: String,
    },
}

/// `train` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the cyber-event model on CASIE's train split and score it on dev.
    Casie {
        /// CASIE folder with annotation/, train.txt and dev.txt.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, value_name = "PATH", default_value = "models/casie.bin")]
        out: PathBuf,
        /// Training epochs.
        #[arg(long)]
        epochs: Option<usize>,
        /// MiniLM encoder folder (from scripts/fetch_minilm.sh): train the model with
        /// contextual features (`TrainConfig::with_context`, shipped as
        /// models/casie-minilm.bin).
        #[arg(long, value_name = "DIR")]
        encoder: Option<PathBuf>,
    },
}
