//! Runs the MiniLM encoder over the documents of CASIE splits and caches the per-token
//! vectors of the chosen layers (bfloat16), so training can iterate without re-encoding.
//!
//! `casie-encode --encoder DIR --data CASIE_DIR --out FILE [--split train.txt]...
//! [--layers 1,2,3,4,5,6]` (threads: `RAYON_NUM_THREADS`). Prints the speed on stderr.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dossier_learn::casie::read_split_docs;
use dossier_learn::context::VectorCache;
use dossier_learn::encoder::Encoder;

fn run() -> Result<(), String> {
    let mut encoder = None;
    let mut data = None;
    let mut out = None;
    let mut splits = Vec::new();
    let mut layers = vec![1, 2, 3, 4, 5, 6];
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--encoder" => encoder = Some(PathBuf::from(value()?)),
            "--data" => data = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--split" => splits.push(value()?),
            "--layers" => {
                layers = value()?
                    .split(',')
                    .map(|l| {
                        l.trim()
                            .parse::<usize>()
                            .map_err(|e| format!("--layers: {e}"))
                    })
                    .collect::<Result<_, _>>()?
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    let dir = Encoder::dir_from_env(encoder.as_deref()).ok_or("--encoder DIR is required")?;
    let data = data.ok_or("--data CASIE_DIR is required")?;
    let out = out.ok_or("--out FILE is required")?;
    if splits.is_empty() {
        splits = vec!["train.txt".into(), "dev.txt".into()];
    }
    let enc = Encoder::load(&dir).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut cache = VectorCache::default();
    for split in &splits {
        let docs = read_split_docs(&data.join("annotation"), &data.join(split))
            .map_err(|e| e.to_string())?;
        let part = enc.encode_docs(&docs, &layers).map_err(|e| e.to_string())?;
        cache.layers = part.layers;
        cache.hidden = part.hidden;
        cache.docs.extend(part.docs);
    }
    let n_docs = cache.docs.len();
    let n_tokens: usize = cache.docs.values().map(|(n, _)| n).sum();
    let secs = started.elapsed().as_secs_f64();
    cache.save(&out).map_err(|e| e.to_string())?;
    eprintln!(
        "{n_docs} documents, {n_tokens} tokens in {secs:.1}s: {:.2} articles/s, {:.0} tokens/s",
        n_docs as f64 / secs,
        n_tokens as f64 / secs
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casie-encode: {e}");
            ExitCode::FAILURE
        }
    }
}
