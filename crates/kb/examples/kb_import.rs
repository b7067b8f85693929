//! Imports the open KB files, saves the merged KB and measures the steps.
//!
//! ```text
//! cargo run --release -p dossier-kb --example kb_import -- ../shared/kb /tmp/kb.json [TEXT_DIR]
//! ```
//!
//! Prints the import report, the import time, the size of the saved JSON, the time
//! `Kb::load` takes on it, the gazetteer build time and, given a directory of `.txt` files,
//! the gazetteer's throughput on them.

use std::path::PathBuf;
use std::time::Instant;

use dossier_kb::{Kb, import_dir};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "../shared/kb".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "kb.json".into()));
    let texts = args.next().map(PathBuf::from);

    let t = Instant::now();
    let core = Kb::core();
    let core_time = t.elapsed();
    let t = Instant::now();
    let core_gaz = core.gazetteer();
    println!(
        "core: {} entries parsed in {:.1} ms; gazetteer of {} patterns built in {:.1} ms",
        core.entries().len(),
        core_time.as_secs_f64() * 1000.0,
        core_gaz.pattern_count(),
        t.elapsed().as_secs_f64() * 1000.0
    );

    let t = Instant::now();
    let (kb, report) = import_dir(&dir, core)?;
    let import = t.elapsed();
    print!("{report}");

    let t = Instant::now();
    kb.save(&out)?;
    let save = t.elapsed();
    let size = std::fs::metadata(&out)?.len();

    let t = Instant::now();
    let loaded = Kb::load(&out)?;
    let load = t.elapsed();

    let t = Instant::now();
    let gaz = loaded.gazetteer();
    let build = t.elapsed();
    let aliases: usize = loaded.entries().iter().map(|e| e.aliases.len()).sum();
    println!(
        "import {:.3} s; save {:.3} s; saved JSON {:.1} MiB; load {:.3} s; {} entries, {} aliases",
        import.as_secs_f64(),
        save.as_secs_f64(),
        size as f64 / (1024.0 * 1024.0),
        load.as_secs_f64(),
        loaded.entries().len(),
        aliases
    );
    println!(
        "gazetteer: {} patterns built in {:.3} s",
        gaz.pattern_count(),
        build.as_secs_f64()
    );

    if let Some(dir) = texts {
        let mut docs = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                docs.push(std::fs::read_to_string(&path)?);
            }
        }
        let bytes: usize = docs.iter().map(String::len).sum();
        let t = Instant::now();
        let mut matches = 0;
        for _ in 0..5 {
            for d in &docs {
                matches += gaz.find(d).len();
            }
        }
        let secs = t.elapsed().as_secs_f64() / 5.0;
        println!(
            "find: {} docs, {:.1} KiB, {} matches per pass, {:.1} ms per pass, {:.1} MiB/s",
            docs.len(),
            bytes as f64 / 1024.0,
            matches / 5,
            secs * 1000.0,
            bytes as f64 / secs / (1024.0 * 1024.0)
        );
    }
    Ok(())
}
