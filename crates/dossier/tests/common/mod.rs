//! Helpers shared by the end-to-end tests: run the built binary hermetically and find
//! the shared data that lives beside the repository.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `../shared/<rel>` beside the repository, or `None` with a loud message (the tests
/// that need it then skip).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = repo_root().join("..").join("shared").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: {} not found; place shared/ beside the repository",
            path.display()
        );
        None
    }
}

/// The three example articles, sorted by name.
pub fn example_articles() -> Option<Vec<PathBuf>> {
    let dir = shared("examples/articles")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    Some(files)
}

/// A `dossier` command that ignores the user's own KB and store.
pub fn dossier(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.env_remove("DOSSIER_KB")
        .env_remove("DOSSIER_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .current_dir(home);
    cmd
}

/// Run and demand success, returning stdout.
pub fn run_ok(cmd: &mut Command) -> String {
    let out: Output = cmd.output().expect("run dossier");
    assert!(
        out.status.success(),
        "dossier failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Parse JSON lines.
pub fn jsonl(s: &str) -> Vec<Value> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON record per line"))
        .collect()
}

/// The code points `start..end` of `text`.
pub fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect()
}
