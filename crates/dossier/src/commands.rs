//! One function per subcommand: read inputs, run the pipeline, write outputs.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use dossier_ingest::{FileSource, RawItem, Source};
use dossier_kb::Kb;
use dossier_learn::CasieModel;
use dossier_model::{Document, Metadata, PartialDate, Pipeline};
use dossier_store::{SqliteStore, Store};
use dossier_stories::Correction;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{
    Cli, Command, ExportArgs, ExtractArgs, Global, IncidentAction, IncidentsArgs, IngestArgs,
    KbCommand, RecordFormat, SearchArgs, ServeArgs, StoriesArgs, TableFormat, TrainCommand,
};
use crate::render;

/// Run the parsed command line; the exit code says whether every input went through.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Extract(args) => extract(g, args),
        Command::Ingest(args) if !args.feeds.is_empty() => crate::watch::ingest_feeds(g, args),
        Command::Ingest(args) => ingest(g, args),
        Command::Watch(args) => crate::watch::watch(g, args),
        Command::Incidents(args) => incidents(g, args),
        Command::Incident { id } => incident(g, &id),
        Command::Stories(args) => stories(g, args),
        Command::Search(args) => search(g, args),
        Command::Export(args) => export(g, args),
        Command::Serve(args) => serve(g, args),
        Command::Kb(cmd) => kb(g, cmd),
        Command::Train(cmd) => train(g, cmd),
    }
}

fn load_kb(g: &Global) -> Result<Arc<Kb>> {
    let kb = match &g.kb {
        Some(path) => Kb::load(path).with_context(|| {
            format!(
                "cannot load the knowledge base {}; run `dossier kb import DIR --out {}` first",
                path.display(),
                path.display()
            )
        })?,
        None => Kb::load_default().context("cannot load the knowledge base")?,
    };
    Ok(Arc::new(kb))
}

/// The CASIE model: `path`, else a shipped one; with an encoder folder (`--encoder` or
/// DOSSIER_ENCODER) the shipped model with MiniLM features.
fn load_model(
    no_model: bool,
    path: Option<&Path>,
    encoder: Option<&Path>,
) -> Result<Option<Arc<CasieModel>>> {
    if no_model {
        return Ok(None);
    }
    let encoder = dossier_learn::encoder::Encoder::dir_from_env(encoder);
    let model = dossier_learn::encoder::load_model(path, encoder.as_deref()).with_context(
        || match path {
            Some(p) => format!("cannot load the model {}", p.display()),
            None => "cannot load the shipped model".to_string(),
        },
    )?;
    Ok(Some(Arc::new(model)))
}

pub(crate) fn build_pipeline(g: &Global, no_model: bool, model: Option<&Path>) -> Result<Pipeline> {
    build_pipeline_with(g, no_model, model, None)
}

/// [`build_pipeline`] with an explicit MiniLM encoder folder.
fn build_pipeline_with(
    g: &Global,
    no_model: bool,
    model: Option<&Path>,
    encoder: Option<&Path>,
) -> Result<Pipeline> {
    let kb = load_kb(g)?;
    let options = dossier_extract::Options {
        model: load_model(no_model, model, encoder)?,
    };
    Ok(dossier_extract::pipeline(kb, &options))
}

/// Decode, clean and annotate one raw item; errors name the item once.
fn process(item: &RawItem, plain: bool, pipeline: &Pipeline) -> Result<Document> {
    // Decoding errors name their input already.
    let text = item.text()?;
    let mut cleaned = if plain {
        dossier_clean::plain_as_is(&text, &item.source)
    } else if item.hint == dossier_ingest::Format::Html {
        dossier_clean::clean_html(&text, &item.source)
    } else {
        dossier_clean::clean_plain(&text, &item.source)
    };
    container_hints(&mut cleaned.meta, item);
    let mut doc = dossier_clean::into_document(cleaned);
    pipeline
        .run(&mut doc)
        .with_context(|| item.source.clone())?;
    Ok(doc)
}

/// What the container of a page knew that the page itself did not say: the date of a
/// WARC record or feed entry (a hint, used only when the page has no date; recorded as
/// `container-date`), and the URL it was captured from.
fn container_hints(meta: &mut Metadata, item: &RawItem) {
    if meta.published.is_none() {
        let date = item.date.as_deref().and_then(|d| {
            // ISO 8601 / RFC 3339: the calendar date is the first ten characters.
            d.get(..10).and_then(PartialDate::parse_iso)
        });
        if let Some(date) = date {
            meta.published = Some(date);
            meta.published_from = Some("container-date".into());
        }
    }
    let web = item.source.starts_with("http://") || item.source.starts_with("https://");
    if meta.url.is_none() && web {
        meta.url = Some(item.source.clone());
    }
}

/// True when cleaning left no article text (an empty page, or only navigation).
fn is_empty(doc: &Document) -> bool {
    doc.text.trim().is_empty()
}

/// Counts of one run, printed at the end.
#[derive(Default)]
struct Tally {
    ok: usize,
    unchanged: usize,
    /// Pages with no article text left after cleaning (warned about).
    empty: usize,
    failed: usize,
    /// Failures by kind (`too large`, `not UTF-8`, ...).
    kinds: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn fail(&mut self, e: &anyhow::Error) {
        self.failed += 1;
        *self.kinds.entry(failure_kind(e)).or_default() += 1;
    }

    /// The parts of the summary after the main count: empty pages, skipped WARC
    /// records, and failures by kind, e.g. `1 empty (warned), 2 failed: 1 binary, 1 too
    /// large`.
    fn rest(&self, skips: &dossier_ingest::WarcSkips, empty_note: &str) -> String {
        let mut parts = Vec::new();
        if self.empty > 0 {
            parts.push(format!("{} empty ({empty_note})", self.empty));
        }
        let skipped = skips.counts();
        if !skipped.is_empty() {
            let total: usize = skipped.iter().map(|(_, n)| n).sum();
            let by: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
            parts.push(format!("{total} WARC records skipped ({})", by.join(", ")));
        }
        let mut failed = format!("{} failed", self.failed);
        if self.failed > 0 {
            let by: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            failed.push_str(&format!(": {}", by.join(", ")));
        }
        parts.push(failed);
        parts.join(", ")
    }
}

/// A short label for why one input failed, for the summary.
fn failure_kind(e: &anyhow::Error) -> &'static str {
    for cause in e.chain() {
        if let Some(ingest) = cause.downcast_ref::<dossier_ingest::IngestError>() {
            return ingest.kind();
        }
        if cause.downcast_ref::<dossier_store::StoreError>().is_some() {
            return "store error";
        }
        if cause
            .downcast_ref::<dossier_model::pipeline::StageError>()
            .is_some()
        {
            return "extraction error";
        }
    }
    "other"
}

/// Tell the user that a page gave no article text, and what became of it.
fn warn_empty(bar: &ProgressBar, source: &str, what_next: &str) {
    bar.suspend(|| {
        eprintln!(
            "warning: {source}: no article text left after cleaning (an empty page, or only \
             navigation and boilerplate); {what_next}"
        )
    });
}

fn progress(g: &Global, len: usize) -> ProgressBar {
    if g.quiet || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn source_for(paths: &[PathBuf]) -> (FileSource, usize) {
    let count = dossier_ingest::expand(paths).len();
    (FileSource::new(paths.to_vec()), count)
}

/// A bar over `count` inputs, or a counting spinner when WARC archives among them make
/// the number of pages unknown.
fn input_progress(g: &Global, paths: &[PathBuf], count: usize) -> ProgressBar {
    let archives = dossier_ingest::expand(paths)
        .iter()
        .flatten()
        .any(|p| dossier_ingest::is_warc(p));
    if !archives || g.quiet {
        return progress(g, count);
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {pos} pages {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}

fn extract(g: &Global, args: ExtractArgs) -> Result<ExitCode> {
    let pipeline = build_pipeline_with(
        g,
        args.no_model,
        args.model.as_deref(),
        args.encoder.as_deref(),
    )?;
    let (mut source, count) = source_for(&args.paths);
    let skips = source.warc_skips();
    let bar = input_progress(g, &args.paths, count);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut tally = Tally::default();
    let mut all = Vec::new();
    for item in source.items() {
        bar.inc(1);
        let result = item
            .map_err(anyhow::Error::from)
            .and_then(|it| process(&it, args.plain, &pipeline));
        match result {
            Ok(doc) => {
                if is_empty(&doc) {
                    tally.empty += 1;
                    warn_empty(&bar, &doc.meta.source, "its record has empty text");
                } else {
                    tally.ok += 1;
                }
                match args.format {
                    RecordFormat::Jsonl => {
                        serde_json::to_writer(&mut out, &doc)?;
                        writeln!(out)?;
                    }
                    RecordFormat::Json => all.push(doc),
                    RecordFormat::Text => render::document_text(&mut out, &doc)?,
                }
            }
            Err(e) => {
                tally.fail(&e);
                bar.suspend(|| eprintln!("error: {e:#}"));
            }
        }
    }
    if args.format == RecordFormat::Json {
        serde_json::to_writer_pretty(&mut out, &all)?;
        writeln!(out)?;
    }
    out.flush()?;
    bar.finish_and_clear();
    if !g.quiet && (tally.failed > 0 || tally.empty > 0 || skips.total() > 0) {
        eprintln!(
            "{} extracted, {}",
            tally.ok,
            tally.rest(&skips, "warned, records with empty text")
        );
    }
    Ok(exit_code(&tally))
}

fn exit_code(t: &Tally) -> ExitCode {
    if t.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

pub(crate) fn open_store(g: &Global) -> Result<SqliteStore> {
    SqliteStore::open(&g.db).with_context(|| format!("cannot open the store {}", g.db.display()))
}

fn ingest(g: &Global, args: IngestArgs) -> Result<ExitCode> {
    let pipeline = build_pipeline(g, args.no_model, None)?;
    let mut store = open_store(g)?;
    let (mut source, count) = source_for(&args.paths);
    let skips = source.warc_skips();
    let bar = input_progress(g, &args.paths, count);
    let mut tally = Tally::default();
    for item in source.items() {
        bar.inc(1);
        let result = item.map_err(anyhow::Error::from).and_then(|it| {
            let doc = process(&it, args.plain, &pipeline)?;
            if is_empty(&doc) {
                warn_empty(&bar, &it.source, "not stored");
                return Ok(None);
            }
            store_document(&mut store, &doc, &it.source).map(Some)
        });
        match result {
            Ok(Some(dossier_store::PutOutcome::Inserted)) => tally.ok += 1,
            Ok(Some(dossier_store::PutOutcome::Unchanged)) => tally.unchanged += 1,
            Ok(None) => tally.empty += 1,
            Err(e) => {
                tally.fail(&e);
                bar.suspend(|| eprintln!("error: {e:#}"));
            }
        }
    }
    bar.finish_and_clear();
    if !g.quiet {
        eprintln!(
            "ingested {} new, {} already stored, {} → {}",
            tally.ok,
            tally.unchanged,
            tally.rest(&skips, "warned, not stored"),
            g.db.display()
        );
    }
    Ok(exit_code(&tally))
}

/// Stores one article and indexes its near-duplicate signature in one transaction, so
/// a failure halfway leaves no article the index does not know.
pub(crate) fn store_document(
    store: &mut SqliteStore,
    doc: &Document,
    source: &str,
) -> Result<dossier_store::PutOutcome> {
    store.atomically(|store| -> Result<_> {
        let outcome = store
            .put_document(doc)
            .with_context(|| format!("{source}: cannot store"))?;
        // Checked against the stored signatures only, not every article again.
        dossier_stories::dedup::index_document(store, doc, &Default::default())
            .with_context(|| format!("{source}: cannot index near-duplicates"))?;
        Ok(outcome)
    })
}

/// The store, which must exist already (reading commands never create one).
fn existing_store(g: &Global) -> Result<SqliteStore> {
    if !g.db.exists() {
        bail!(
            "no store at {}; run `dossier ingest PATH...` first (or pass --db)",
            g.db.display()
        );
    }
    open_store(g)
}

/// The stored documents and the analyst's corrections in force.
fn documents_and_corrections(g: &Global) -> Result<(SqliteStore, Vec<Document>, Vec<Correction>)> {
    let store = existing_store(g)?;
    let docs = store.documents()?;
    let corrections = store
        .corrections()?
        .into_iter()
        .map(|row| dossier_stories::correct::from_payload(row.id, &row.payload))
        .collect::<Result<Vec<_>, _>>()
        .context("a stored correction cannot be read")?;
    Ok((store, docs, corrections))
}

fn incidents(g: &Global, args: IncidentsArgs) -> Result<ExitCode> {
    let (mut store, docs, corrections) = documents_and_corrections(g)?;
    if let Some(action) = args.action {
        return correct(g, &mut store, &docs, &corrections, action);
    }
    if args.explain {
        for e in dossier_stories::explain_incidents(&docs, &corrections) {
            println!("{e}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        TableFormat::Json => {
            let records = dossier_stories::incident_records(&docs, &corrections);
            println!("{}", serde_json::to_string_pretty(&records)?);
        }
        TableFormat::Table => {
            let incidents = dossier_stories::incidents_with(&docs, &corrections);
            print!("{}", dossier_stories::incident_table(&incidents));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn correct(
    g: &Global,
    store: &mut SqliteStore,
    docs: &[Document],
    corrections: &[Correction],
    action: IncidentAction,
) -> Result<ExitCode> {
    let recorded = match action {
        IncidentAction::Merge { a, b } => Some(dossier_stories::merge_correction(
            docs,
            corrections,
            &a,
            &b,
        )?),
        IncidentAction::Split { id, article } => Some(dossier_stories::split_correction(
            docs,
            corrections,
            &id,
            &article,
        )?),
        IncidentAction::Corrections => {
            for row in store.corrections()? {
                println!(
                    "{:>4}  {:<6} {}  {}",
                    row.id, row.kind, row.created_at, row.payload
                );
            }
            None
        }
        IncidentAction::Undo { n } => {
            if !store.undo_correction(n)? {
                bail!("no correction {n} in force; `dossier incidents corrections` lists them");
            }
            if !g.quiet {
                eprintln!("undid correction {n}");
            }
            None
        }
    };
    if let Some(c) = recorded {
        let n = store.add_correction(c.kind(), &dossier_stories::correct::to_payload(&c))?;
        if !g.quiet {
            eprintln!(
                "recorded correction {n} ({}); undo with `dossier incidents undo {n}`",
                c.kind()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn incident(g: &Global, id: &str) -> Result<ExitCode> {
    let (_, docs, corrections) = documents_and_corrections(g)?;
    let incidents = dossier_stories::incidents_with(&docs, &corrections);
    let found: Vec<_> = incidents.iter().filter(|i| i.id.starts_with(id)).collect();
    match found.as_slice() {
        [one] => print!("{}", dossier_stories::incident_dossier(one)),
        [] => bail!("no incident {id:?}; `dossier incidents` lists them"),
        many => bail!("{id:?} names {} incidents; give more of the id", many.len()),
    }
    Ok(ExitCode::SUCCESS)
}

fn stories(g: &Global, args: StoriesArgs) -> Result<ExitCode> {
    let (_, docs, corrections) = documents_and_corrections(g)?;
    let mut options = dossier_stories::StoryOptions::default();
    if let Some(j) = args.threshold {
        if !(0.0..=1.0).contains(&j) {
            bail!("--threshold is a Jaccard similarity between 0 and 1, not {j}");
        }
        options.minhash.threshold = j;
    }
    if args.explain {
        // Written, not printed: a reader that stops early (`| head`) ends us quietly.
        let mut out = BufWriter::new(std::io::stdout().lock());
        for e in dossier_stories::explain_stories(&docs, &corrections, &options) {
            writeln!(out, "{e}")?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let stories = dossier_stories::stories_with(&docs, &corrections, &options);
    match args.format {
        TableFormat::Json => println!("{}", serde_json::to_string_pretty(&stories)?),
        TableFormat::Table => {
            for s in &stories {
                println!(
                    "{}  {} articles  {} duplicate pairs",
                    s.id,
                    s.articles.len(),
                    s.duplicates.len()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn search(g: &Global, args: SearchArgs) -> Result<ExitCode> {
    let found = existing_store(g)?.search_results(&args.query, args.limit)?;
    let hits = found.hits;
    if let Some(n) = found.ranked_newest
        && !g.quiet
    {
        eprintln!(
            "more than {n} articles match; ranked the {n} most recently stored (add words to \
             rank every match)"
        );
    }
    for h in &hits {
        println!("{}", render::search_hit(h));
    }
    if hits.is_empty() && !g.quiet {
        eprintln!("no match for {:?}", args.query);
    }
    Ok(ExitCode::SUCCESS)
}

fn export(g: &Global, args: ExportArgs) -> Result<ExitCode> {
    let (_, docs, corrections) = documents_and_corrections(g)?;
    let incidents = dossier_stories::incidents_with(&docs, &corrections);
    let kb = load_kb(g)?;
    let opts = dossier_export::ExportOptions {
        incident: args.incident,
        since: args.since,
    };
    let format = args.format;
    match &args.out {
        Some(dir)
            if format == dossier_export::Format::Misp
                && (dir.is_dir() || dir.to_string_lossy().ends_with('/')) =>
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let files = dossier_export::export_misp_dir(&docs, &incidents, &kb, &opts, dir)?;
            if !g.quiet {
                eprintln!("wrote {} MISP events to {}", files.len(), dir.display());
            }
        }
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::new(file);
            dossier_export::export(format, &docs, &incidents, &kb, &opts, &mut out)?;
            out.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            dossier_export::export(format, &docs, &incidents, &kb, &opts, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(g: &Global, args: ServeArgs) -> Result<ExitCode> {
    let config = dossier_server::ServeConfig {
        addr: args.addr,
        db: g.db.clone(),
        token: args.token.filter(|t| !t.is_empty()),
        require_token_for_reads: args.require_token_for_reads,
        kb: load_kb(g)?,
        fetch: dossier_server::FetchConfig {
            allow_private: args.allow_private,
            // One page per request: a client waits for the answer, so retry little.
            retries: 1,
            ..Default::default()
        },
    };
    if !g.quiet {
        eprintln!(
            "serving {} on http://{} (writes {})",
            g.db.display(),
            config.addr,
            if config.token.is_some() {
                "need the token"
            } else {
                "disabled: no token set"
            }
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(dossier_server::serve(config))?;
    Ok(ExitCode::SUCCESS)
}

fn kb(g: &Global, cmd: KbCommand) -> Result<ExitCode> {
    match cmd {
        KbCommand::Import { dir, out } => {
            if !dir.is_dir() {
                bail!(
                    "{} is not a folder; pass the folder that holds misp-galaxy/, mitre-attack/, ...",
                    dir.display()
                );
            }
            let (kb, report) = dossier_kb::import::import_dir(&dir, Kb::core())
                .with_context(|| format!("cannot import from {}", dir.display()))?;
            let out = out
                .or_else(|| g.kb.clone())
                .unwrap_or_else(Kb::default_path);
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            kb.save(&out)
                .with_context(|| format!("cannot save the knowledge base to {}", out.display()))?;
            if !g.quiet {
                eprintln!("{report}");
                eprintln!("saved {} entries to {}", kb.entries().len(), out.display());
            }
        }
        KbCommand::Explain { name } => {
            let kb = load_kb(g)?;
            println!("{}", kb.explain(&name));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn train(g: &Global, cmd: TrainCommand) -> Result<ExitCode> {
    match cmd {
        TrainCommand::Casie {
            data,
            out,
            epochs,
            encoder,
        } => {
            let mut config = match encoder {
                Some(_) => dossier_learn::TrainConfig::with_context(),
                None => dossier_learn::TrainConfig::default(),
            };
            if let Some(e) = epochs {
                config.epochs = e;
            }
            let trained = match &encoder {
                Some(dir) => {
                    let enc = dossier_learn::encoder::Encoder::load(dir)?;
                    dossier_learn::encoder::train_casie_encoded(
                        &data,
                        &data.join("train.txt"),
                        &config,
                        Arc::new(enc),
                    )
                }
                None => dossier_learn::train_casie(&data, &data.join("train.txt"), &config, None),
            };
            let model =
                trained.with_context(|| format!("training on {} failed", data.display()))?;
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            model
                .save(&out)
                .with_context(|| format!("cannot save the model to {}", out.display()))?;
            let scores = dossier_learn::evaluate_casie(&model, &data, &data.join("dev.txt"))?;
            if !g.quiet {
                eprintln!("saved {}\ndev scores:\n{scores}", out.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
