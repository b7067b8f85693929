//! Trains the CASIE event model, saves it and prints its dev scores.
//!
//! `train-casie --data CASIE_DIR --out models/casie.bin [--epochs N] [--seed N] [--ensemble N]
//! [--window N] [--no-clusters] [--arg-context N] [--no-other-triggers] [--no-arg-chunks]
//! [--own-arg-labels] [--folds N] [--no-stack] [--pairs-layout] [--args-on-predicted] [--trigger-bias B]
//! [--arg-bias B] [--tune [--keep-trigger-bias]] [--load MODEL]
//! [--context [--layers 4,5,6] [--tree-depth N] [--dense-trigger S] [--dense-arg S]]
//! [--vectors CACHE]... [--encoder DIR]`
//! CASIE_DIR holds `annotation/`, `train.txt` and `dev.txt`. Without flags it trains the
//! shipped configuration (`TrainConfig::default()`); `--tune` picks the `O` biases on dev.
//! `--context` adds MiniLM features ([`dossier_learn::context`]; defaults from
//! `TrainConfig::with_context`); their token vectors come from `--vectors` (a
//! `casie-encode` cache of train and dev) or are computed with `--encoder`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dossier_learn::casie::read_split_docs;
use dossier_learn::context::VectorCache;
use dossier_learn::{
    CasieModel, TrainConfig, evaluate_docs, evaluate_docs_gold_triggers, train_casie, tune_biases,
};

struct Args {
    data: PathBuf,
    out: Option<PathBuf>,
    config: TrainConfig,
    tune: bool,
    load: Option<PathBuf>,
    /// Tune only the argument bias; the trigger bias stays `--trigger-bias` (or default).
    keep_trigger_bias: bool,
    /// Cached token vectors of train and dev (one or more files).
    vectors: Vec<PathBuf>,
    /// The MiniLM encoder folder.
    encoder: Option<PathBuf>,
}

fn parse() -> Result<Args, String> {
    let mut data = None;
    let mut out = None;
    let mut config = TrainConfig::default();
    let mut tune = false;
    let mut load = None;
    let mut keep_trigger_bias = false;
    let mut vectors = Vec::new();
    let mut encoder = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        let real = |v: String| v.parse::<f32>().map_err(|e| format!("{flag}: {e}"));
        let ctx = |c: &mut TrainConfig| {
            if c.model.context.is_none() {
                *c = TrainConfig::with_context();
            }
        };
        match flag.as_str() {
            "--data" => data = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--epochs" => config.epochs = number(value()?)?,
            "--seed" => config.seed = number(value()?)? as u64,
            "--ensemble" => config.ensemble = number(value()?)?,
            "--window" => config.model.features.window = number(value()?)?,
            "--arg-context" => config.model.arg_context = number(value()?)?,
            "--trigger-bits" => config.trigger_bits = number(value()?)? as u32,
            "--arg-bits" => config.arg_bits = number(value()?)? as u32,
            "--tune" => tune = true,
            "--keep-trigger-bias" => keep_trigger_bias = true,
            "--load" => load = Some(PathBuf::from(value()?)),
            "--no-directional" => config.model.directional = false,
            "--no-context" => config.model.features.context = false,
            "--no-doc-topic" => config.model.features.doc_topic = false,
            "--no-clusters" => config.model.features.clusters = false,
            "--no-other-triggers" => config.model.other_triggers = false,
            "--folds" => config.folds = number(value()?)?,
            "--no-stack" => config.stack = false,
            "--pairs-layout" => config.layout = dossier_learn::Layout::Pairs,
            "--args-on-predicted" => config.args_on_predicted = true,
            "--no-arg-chunks" => config.model.arg_chunks = false,
            "--own-arg-labels" => config.arg_labels = dossier_learn::ArgLabels::Own,
            "--trigger-bias" => config.trigger_o_bias = number(value()?)? as f32,
            "--arg-bias" => config.arg_o_bias = number(value()?)? as f32,
            "--context" => ctx(&mut config),
            "--vectors" => vectors.push(PathBuf::from(value()?)),
            "--encoder" => encoder = Some(PathBuf::from(value()?)),
            "--layers" | "--tree-depth" | "--dense-trigger" | "--dense-arg" => {
                ctx(&mut config);
                let v = value()?;
                if let Some(c) = config.model.context.as_mut() {
                    match flag.as_str() {
                        "--layers" => {
                            c.layer_mask = 0;
                            for l in v.split(',') {
                                let l = number(l.trim().to_string())?;
                                c.layer_mask |= 1u8.checked_shl(l as u32).unwrap_or(0);
                            }
                        }
                        "--tree-depth" => c.tree_depth = number(v)? as u8,
                        "--dense-trigger" => c.dense_trigger = real(v)?,
                        _ => c.dense_arg = real(v)?,
                    }
                }
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    let data = data.ok_or("--data CASIE_DIR is required")?;
    Ok(Args {
        data,
        out,
        config,
        tune,
        load,
        keep_trigger_bias,
        vectors,
        encoder,
    })
}

/// The token vectors of train and dev: the cache, or computed with the encoder.
fn vectors(args: &Args) -> Result<Option<VectorCache>, dossier_learn::LearnError> {
    if !args.vectors.is_empty() {
        let started = Instant::now();
        let mut cache = VectorCache::default();
        for path in &args.vectors {
            let part = VectorCache::load(path)?;
            cache.layers = part.layers;
            cache.hidden = part.hidden;
            cache.docs.extend(part.docs);
        }
        println!(
            "read {} documents' vectors in {:.1}s",
            cache.docs.len(),
            started.elapsed().as_secs_f64()
        );
        return Ok(Some(cache));
    }
    let Some(context) = args.config.model.context else {
        return Ok(None);
    };
    encode(args, &context.layers())
}

#[cfg(feature = "encoder")]
fn encode(args: &Args, layers: &[usize]) -> Result<Option<VectorCache>, dossier_learn::LearnError> {
    use dossier_learn::encoder::Encoder;
    let dir = Encoder::dir_from_env(args.encoder.as_deref()).ok_or_else(|| {
        dossier_learn::LearnError::Encoder("--context needs --vectors or --encoder DIR".into())
    })?;
    let enc = Encoder::load(&dir)?;
    let annotation = args.data.join("annotation");
    let mut docs = read_split_docs(&annotation, &args.data.join("train.txt"))?;
    docs.extend(read_split_docs(&annotation, &args.data.join("dev.txt"))?);
    let started = Instant::now();
    let cache = enc.encode_docs(&docs, layers)?;
    println!(
        "encoded {} documents in {:.1}s",
        docs.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Some(cache))
}

#[cfg(not(feature = "encoder"))]
fn encode(
    args: &Args,
    _layers: &[usize],
) -> Result<Option<VectorCache>, dossier_learn::LearnError> {
    let _ = &args.encoder;
    Err(dossier_learn::LearnError::Encoder(
        "--context needs --vectors CACHE in a build without the `encoder` feature".into(),
    ))
}

fn run(args: &Args) -> Result<(), dossier_learn::LearnError> {
    let annotation = args.data.join("annotation");
    let cache = vectors(args)?;
    let cache = cache.as_ref();
    let started = Instant::now();
    let mut model = match &args.load {
        Some(path) => CasieModel::load(path)?,
        None => train_casie(
            &annotation,
            &args.data.join("train.txt"),
            &args.config,
            cache,
        )?,
    };
    println!(
        "trained in {:.1}s ({:?})",
        started.elapsed().as_secs_f64(),
        args.config
    );
    let dev = read_split_docs(&annotation, &args.data.join("dev.txt"))?;
    if args.tune {
        let grid = [0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0, 80.0];
        let trigger_grid = if args.keep_trigger_bias {
            vec![args.config.trigger_o_bias]
        } else {
            grid.to_vec()
        };
        for (what, bias, f1) in tune_biases(&mut model, &dev, cache, &trigger_grid, &grid)? {
            println!("tune {what} O-bias {bias:>5.1}: F1 {f1:.3}");
        }
        println!(
            "chosen O-biases: trigger {} argument {}",
            model.trigger_o_bias, model.arg_o_bias
        );
    }
    if let Some(out) = &args.out {
        model.save(out)?;
        let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
        println!("saved {} ({:.1} MB)", out.display(), size as f64 / 1e6);
    }
    let started = Instant::now();
    let scores = evaluate_docs(&model, &dev, cache)?;
    println!(
        "dev scores ({:.2}s):\n{scores}",
        started.elapsed().as_secs_f64()
    );
    let oracle = evaluate_docs_gold_triggers(&model, &dev, cache)?;
    println!(
        "with gold triggers: argument-I F1 {:.3} argument-C F1 {:.3}",
        oracle.argument_i.f1(),
        oracle.argument_c.f1()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("train-casie: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train-casie: {e}");
            ExitCode::FAILURE
        }
    }
}
