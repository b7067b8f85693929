//! Serve a store for a demo, screenshots or a load test, until ctrl-c:
//! `cargo run -p dossier-server --example demo -- DB [ARTICLE.txt ...]`.
//! Articles given are cleaned, annotated and stored first. The token, if any, comes
//! from `DOSSIER_TOKEN`; the address from `DOSSIER_ADDR` (default 127.0.0.1:8640).

use std::path::PathBuf;
use std::sync::Arc;

use dossier_kb::Kb;
use dossier_server::{DEFAULT_ADDR, ServeConfig, serve};
use dossier_store::{SqliteStore, Store};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().ok_or("usage: demo DB [ARTICLE.txt ...]")?);
    let kb = Arc::new(Kb::core());
    let articles: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if !articles.is_empty() {
        let mut store = SqliteStore::open(&db)?;
        let options = dossier_extract::Options {
            model: dossier_learn::CasieModel::shipped().map(Arc::new),
        };
        let pipeline = dossier_extract::pipeline(kb.clone(), &options);
        for path in &articles {
            let text = std::fs::read_to_string(path)?;
            let cleaned = dossier_clean::clean_plain(&text, &path.display().to_string());
            let mut doc = dossier_clean::into_document(cleaned);
            pipeline.run(&mut doc)?;
            println!("{:?} {}", store.put_document(&doc)?, path.display());
        }
    }
    let addr = match std::env::var("DOSSIER_ADDR") {
        Ok(a) => a.parse()?,
        Err(_) => DEFAULT_ADDR,
    };
    println!("serving {} on http://{addr}/", db.display());
    serve(ServeConfig {
        addr,
        db,
        token: std::env::var("DOSSIER_TOKEN").ok(),
        require_token_for_reads: false,
        kb,
        fetch: Default::default(),
    })
    .await?;
    Ok(())
}
