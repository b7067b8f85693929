//! The web UI end to end in a real browser: the server on an ephemeral loopback port over
//! a store holding the three example articles of `../shared/examples/articles`, driven by
//! `tests/browser/e2e.cjs` (playwright-core) in Debian's headless Chromium. It writes the
//! screenshots in `docs/screenshots/`.
//!
//! Needs `/usr/bin/chromium` (or `$CHROMIUM`), `node`, and playwright-core installed by
//! `npm ci` in `tests/browser/` (`.ci/run` installs all three). Without them the test
//! prints `SKIPPED` and passes, unless `DOSSIER_REQUIRE_BROWSER=1`, where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dossier_kb::Kb;
use dossier_server::{AppState, ServeConfig, router};
use dossier_store::{SqliteStore, Store};

const TOKEN: &str = "browser-test-token";

/// How long the browser script may run.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(180);

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Skip, or fail when the browser is required.
fn missing(what: &str) {
    let required = std::env::var("DOSSIER_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "DOSSIER_REQUIRE_BROWSER=1 but {what}; run .ci/run (it installs chromium and \
         playwright-core) or install them by hand"
    );
    eprintln!("SKIPPED browser test: {what} (set DOSSIER_REQUIRE_BROWSER=1 to make this fail)");
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The example articles' paths, sorted.
fn shared_examples() -> Option<Vec<PathBuf>> {
    let dir = manifest_dir().join("../../../shared/examples/articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    (!paths.is_empty()).then_some(paths)
}

/// Clean, annotate and store the articles in a new store at `db`.
fn ingest(db: &Path, paths: &[PathBuf], pipeline: &dossier_model::Pipeline) {
    let mut store = SqliteStore::open(db).expect("store");
    for path in paths {
        let text = std::fs::read_to_string(path).expect("read example");
        // Name the source as the README does (`../shared/...`), not by this checkout's path.
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let source = format!("../shared/examples/articles/{}", name.unwrap_or_default());
        let cleaned = dossier_clean::clean_plain(&text, &source);
        let mut doc = dossier_clean::into_document(cleaned);
        pipeline.run(&mut doc).expect("pipeline");
        store.put_document(&doc).expect("put");
    }
}

/// Run `command`, killing it after `timeout`; its output is passed through.
fn run_with_timeout(mut command: Command, timeout: Duration) -> std::process::ExitStatus {
    let mut child = command.spawn().expect("start node");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            return status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            panic!("the browser script ran longer than {timeout:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_ui_works_in_a_real_browser() {
    let Some(articles) = shared_examples() else {
        eprintln!(
            "SKIPPED browser test: ../shared/examples/articles is absent (the three example \
             articles live in the shared folder beside the repository)"
        );
        return;
    };
    let script_dir = manifest_dir().join("tests/browser");
    if !chromium().exists() {
        return missing(&format!(
            "{} is absent (apt-get install chromium)",
            chromium().display()
        ));
    }
    if !has_node() {
        return missing("node is not installed (apt-get install nodejs npm)");
    }
    if !script_dir.join("node_modules/playwright-core").exists() {
        return missing(
            "playwright-core is not installed (cd crates/server/tests/browser && npm ci)",
        );
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("dossier.db");
    let kb = Arc::new(Kb::core());
    let options = dossier_extract::Options {
        model: dossier_learn::CasieModel::shipped().map(Arc::new),
    };
    let pipeline = Arc::new(dossier_extract::pipeline(kb.clone(), &options));
    ingest(&db, &articles, &pipeline);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind an ephemeral port");
    let addr = listener.local_addr().expect("address");
    let config = ServeConfig {
        addr,
        db: db.clone(),
        token: Some(TOKEN.into()),
        require_token_for_reads: false,
        kb,
        fetch: Default::default(),
    };
    let state = AppState::open_with_pipeline(&config, pipeline).expect("state");
    runtime.spawn(async move {
        axum::serve(listener, router(state)).await.expect("serve");
    });

    let screenshots = manifest_dir().join("../../docs/screenshots");
    std::fs::create_dir_all(&screenshots).expect("screenshot dir");
    let mut node = Command::new("node");
    node.arg(script_dir.join("e2e.cjs"))
        .arg(format!("http://{addr}"))
        .arg(&screenshots)
        .arg(TOKEN)
        .env("CHROMIUM", chromium())
        .current_dir(&script_dir);
    let status = run_with_timeout(node, BROWSER_TIMEOUT);
    runtime.shutdown_timeout(Duration::from_secs(2));
    assert!(
        status.success(),
        "the browser check failed ({status}); its output above says what"
    );
}
