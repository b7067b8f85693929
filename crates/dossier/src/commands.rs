//! One function per subcommand: read inputs, run the pipeline, write outputs.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use dossier_ingest::{FileSource, RawItem, Source};
use dossier_kb::Kb;
use dossier_learn::CasieModel;
use dossier_model::{Document, Pipeline};
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
        Command::Ingest(args) => ingest(g, args),
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

fn load_model(no_model: bool, path: Option<&Path>) -> Result<Option<Arc<CasieModel>>> {
    if no_model {
        return Ok(None);
    }
    match path {
        Some(p) => {
            Ok(Some(Arc::new(CasieModel::load(p).with_context(|| {
                format!("cannot load the model {}", p.display())
            })?)))
        }
        None => Ok(CasieModel::shipped().map(Arc::new)),
    }
}

fn build_pipeline(g: &Global, no_model: bool, model: Option<&Path>) -> Result<Pipeline> {
    let kb = load_kb(g)?;
    let options = dossier_extract::Options {
        model: load_model(no_model, model)?,
    };
    Ok(dossier_extract::pipeline(kb, &options))
}

/// Decode, clean and annotate one raw item.
fn process(item: &RawItem, plain: bool, pipeline: &Pipeline) -> Result<Document> {
    let text = item.text()?;
    let cleaned = if plain {
        dossier_clean::plain_as_is(&text, &item.source)
    } else if item.hint == dossier_ingest::Format::Html {
        dossier_clean::clean_html(&text, &item.source)
    } else {
        dossier_clean::clean_plain(&text, &item.source)
    };
    let mut doc = dossier_clean::into_document(cleaned);
    if doc.text.trim().is_empty() {
        tracing::warn!(source = %item.source, "no article text left after cleaning");
    }
    pipeline.run(&mut doc)?;
    Ok(doc)
}

/// Counts of one run, printed at the end.
#[derive(Default)]
struct Tally {
    ok: usize,
    unchanged: usize,
    failed: usize,
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

fn extract(g: &Global, args: ExtractArgs) -> Result<ExitCode> {
    let pipeline = build_pipeline(g, args.no_model, args.model.as_deref())?;
    let (mut source, count) = source_for(&args.paths);
    let bar = progress(g, count);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut tally = Tally::default();
    let mut all = Vec::new();
    for item in source.items() {
        bar.inc(1);
        let result = item
            .map_err(anyhow::Error::from)
            .and_then(|it| process(&it, args.plain, &pipeline).with_context(|| it.source.clone()));
        match result {
            Ok(doc) => {
                tally.ok += 1;
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
                tally.failed += 1;
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
    if !g.quiet && tally.failed > 0 {
        eprintln!("{} extracted, {} failed", tally.ok, tally.failed);
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

fn open_store(g: &Global) -> Result<SqliteStore> {
    SqliteStore::open(&g.db).with_context(|| format!("cannot open the store {}", g.db.display()))
}

fn ingest(g: &Global, args: IngestArgs) -> Result<ExitCode> {
    let pipeline = build_pipeline(g, args.no_model, None)?;
    let mut store = open_store(g)?;
    let (mut source, count) = source_for(&args.paths);
    let bar = progress(g, count);
    let mut tally = Tally::default();
    for item in source.items() {
        bar.inc(1);
        let result = item.map_err(anyhow::Error::from).and_then(|it| {
            let doc = process(&it, args.plain, &pipeline).with_context(|| it.source.clone())?;
            let outcome = store
                .put_document(&doc)
                .with_context(|| format!("{}: cannot store", it.source))?;
            // Checked against the stored signatures only, not every article again.
            dossier_stories::dedup::index_document(&mut store, &doc, &Default::default())
                .with_context(|| format!("{}: cannot index near-duplicates", it.source))?;
            Ok(outcome)
        });
        match result {
            Ok(dossier_store::PutOutcome::Inserted) => tally.ok += 1,
            Ok(dossier_store::PutOutcome::Unchanged) => tally.unchanged += 1,
            Err(e) => {
                tally.failed += 1;
                bar.suspend(|| eprintln!("error: {e:#}"));
            }
        }
    }
    bar.finish_and_clear();
    if !g.quiet {
        eprintln!(
            "ingested {} new, {} already stored, {} failed → {}",
            tally.ok,
            tally.unchanged,
            tally.failed,
            g.db.display()
        );
    }
    Ok(exit_code(&tally))
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
    let hits = existing_store(g)?.search(&args.query, args.limit)?;
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
        TrainCommand::Casie { data, out, epochs } => {
            let mut config = dossier_learn::TrainConfig::default();
            if let Some(e) = epochs {
                config.epochs = e;
            }
            let model = dossier_learn::train_casie(&data, &data.join("train.txt"), &config)
                .with_context(|| format!("training on {} failed", data.display()))?;
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
