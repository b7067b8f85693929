//! Fine-tunes MiniLM layers 5–6 with CASIE task heads ([`dossier_learn::finetune`]),
//! printing dev scores after every epoch, and saves the model.
//!
//! `casie-finetune --data CASIE_DIR --encoder DIR [--vectors CACHE]... [--out FILE]
//! [--epochs N] [--seed N] [--lr-encoder X] [--lr-head X] [--window N] [--arg-hidden N] [--arg-weight X]
//! [--load FILE] [--score-train N]`
//! The token vectors of layer 4 come from `--vectors` (`casie-encode --layers 4` over
//! train and dev) or are computed with the encoder. `--load` only scores a saved model.
//! Threads: `RAYON_NUM_THREADS`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dossier_learn::casie::read_split_docs;
use dossier_learn::context::VectorCache;
use dossier_learn::encoder::Encoder;
use dossier_learn::finetune::{
    BASE_LAYER, FineTuned, FtConfig, evaluate_finetuned, train_finetune,
};

fn run() -> Result<(), String> {
    let mut data = None;
    let mut encoder = None;
    let mut vectors = Vec::new();
    let mut out = None;
    let mut load = None;
    let mut score_train = 0usize;
    let mut config = FtConfig::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        let real = |v: String| v.parse::<f64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--data" => data = Some(PathBuf::from(value()?)),
            "--encoder" => encoder = Some(PathBuf::from(value()?)),
            "--vectors" => vectors.push(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--load" => load = Some(PathBuf::from(value()?)),
            "--score-train" => score_train = number(value()?)?,
            "--epochs" => config.epochs = number(value()?)?,
            "--seed" => config.seed = number(value()?)? as u64,
            "--lr-encoder" => config.lr_encoder = real(value()?)?,
            "--lr-head" => config.lr_head = real(value()?)?,
            "--window" => config.window = number(value()?)?,
            "--arg-hidden" => config.arg_hidden = number(value()?)?,
            "--arg-weight" => config.arg_weight = real(value()?)?,
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    let data = data.ok_or("--data CASIE_DIR is required")?;
    let dir = Encoder::dir_from_env(encoder.as_deref()).ok_or("--encoder DIR is required")?;
    let annotation = data.join("annotation");
    let train = read_split_docs(&annotation, &data.join("train.txt")).map_err(|e| e.to_string())?;
    let dev = read_split_docs(&annotation, &data.join("dev.txt")).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let cache = if vectors.is_empty() {
        let enc = Encoder::load(&dir).map_err(|e| e.to_string())?;
        let mut all = train.clone();
        all.extend(dev.iter().cloned());
        let c = enc
            .encode_docs(&all, &[BASE_LAYER])
            .map_err(|e| e.to_string())?;
        println!(
            "encoded {} documents in {:.1}s",
            all.len(),
            started.elapsed().as_secs_f64()
        );
        c
    } else {
        let mut cache = VectorCache::default();
        for path in &vectors {
            let part = VectorCache::load(path).map_err(|e| e.to_string())?;
            cache.layers = part.layers;
            cache.hidden = part.hidden;
            cache.docs.extend(part.docs);
        }
        cache
    };
    let started = Instant::now();
    let mut model = match &load {
        Some(path) => FineTuned::load(path).map_err(|e| e.to_string())?,
        None => {
            let mut report = |line: &str| println!("{line}");
            let m = train_finetune(&train, Some(&dev), &cache, &dir, &config, &mut report)
                .map_err(|e| e.to_string())?;
            println!(
                "trained in {:.1}s ({:?})",
                started.elapsed().as_secs_f64(),
                config
            );
            m
        }
    };
    if score_train > 0 {
        let part = &train[..score_train.min(train.len())];
        let (s, g, _) =
            evaluate_finetuned(&mut model, part, &cache, false).map_err(|e| e.to_string())?;
        println!(
            "first {} train documents: trigger-C {:.3} argument-C {:.3}; gold triggers {:.3}",
            part.len(),
            s.trigger_c.f1(),
            s.argument_c.f1(),
            g.argument_c.f1()
        );
    }
    let tune = load.is_none();
    let (s, g, lines) =
        evaluate_finetuned(&mut model, &dev, &cache, tune).map_err(|e| e.to_string())?;
    for l in lines {
        println!("tune {l}");
    }
    if let Some(out) = &out {
        model.save(out).map_err(|e| e.to_string())?;
        let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
        println!("saved {} ({:.1} MB)", out.display(), size as f64 / 1e6);
    }
    println!(
        "dev scores (biases {}/{}):\n{s}",
        model.config.trigger_bias, model.config.arg_bias
    );
    println!(
        "with gold triggers: argument-I F1 {:.3} argument-C F1 {:.3}",
        g.argument_i.f1(),
        g.argument_c.f1()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casie-finetune: {e}");
            ExitCode::FAILURE
        }
    }
}
