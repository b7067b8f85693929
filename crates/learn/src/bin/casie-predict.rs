//! Runs a CASIE model over text files and prints one JSON line per file.
//!
//! `casie-predict [--model FILE] [--encoder DIR] FILE_OR_DIR...` prints
//! `{"source": PATH, "events": [...]}` for every `.txt` file (directories are read in
//! sorted order) and the speed on stderr. Without `--model`, the shipped model is used; a
//! model with MiniLM features needs `--encoder DIR` (or `DOSSIER_ENCODER`) and a build
//! with the `encoder` feature.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dossier_learn::CasieModel;

fn inputs(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn run(model_path: Option<&Path>, encoder: Option<&Path>, paths: &[PathBuf]) -> Result<(), String> {
    let model = match model_path {
        Some(p) => CasieModel::load(p).map_err(|e| e.to_string())?,
        None => CasieModel::shipped().ok_or("no shipped model")?,
    };
    #[cfg(feature = "encoder")]
    let model = match dossier_learn::encoder::Encoder::dir_from_env(encoder) {
        Some(dir) if model.needs_encoder() => {
            let enc = dossier_learn::encoder::Encoder::load(&dir).map_err(|e| e.to_string())?;
            model.with_encoder(std::sync::Arc::new(enc))
        }
        _ => model,
    };
    #[cfg(not(feature = "encoder"))]
    let _ = encoder;
    let files = inputs(paths).map_err(|e| e.to_string())?;
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| {
            std::fs::read_to_string(&f)
                .map(|t| (f.clone(), t))
                .map_err(|e| format!("{}: {e}", f.display()))
        })
        .collect::<Result<_, _>>()?;
    let started = Instant::now();
    let mut lines = Vec::with_capacity(texts.len());
    for (path, text) in &texts {
        let events = model.extract(text).map_err(|e| e.to_string())?;
        let record = serde_json::json!({"source": path.display().to_string(), "events": events});
        lines.push(record.to_string());
    }
    let secs = started.elapsed().as_secs_f64();
    println!("{}", lines.join("\n"));
    eprintln!(
        "{} articles in {secs:.2}s: {:.1} articles/s",
        texts.len(),
        texts.len() as f64 / secs.max(1e-9)
    );
    Ok(())
}

fn main() -> ExitCode {
    let mut model = None;
    let mut encoder = None;
    let mut paths = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if a == "--model" {
            model = it.next().map(PathBuf::from);
        } else if a == "--encoder" {
            encoder = it.next().map(PathBuf::from);
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    match run(model.as_deref(), encoder.as_deref(), &paths) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casie-predict: {e}");
            ExitCode::FAILURE
        }
    }
}
